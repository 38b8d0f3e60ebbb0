"""The "Discharges to set up" worklist: what a nurse finishes after the hospital's feed (services and reads)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from calls.holds.services import call_release_hold
from calls.models import CallScheduleItem, CallStatus
from calls.scheduler import plan_calls, save_planned_calls
from calls.services import CallActionError, call_cancel
from orders.models import DischargeOrder
from patients.adt.models import CallHold, HoldStatus, HospitalEncounter, SetupStatus

logger = logging.getLogger("patients.adt")


# --- reads -----------------------------------------------------------------------------------------


def encounters_to_set_up() -> QuerySet[HospitalEncounter]:
    return (
        HospitalEncounter.objects.filter(setup_status=SetupStatus.TO_SET_UP)
        .select_related("discharge", "patient")
        .order_by("discharge__discharged_at", "id")
    )


def open_holds() -> QuerySet[CallHold]:
    held_calls = CallScheduleItem.objects.filter(status=CallStatus.ON_HOLD).select_related("order")
    return (
        CallHold.objects.filter(status=HoldStatus.HELD)
        .select_related("patient")
        .prefetch_related(Prefetch("calls", queryset=held_calls, to_attr="held_calls"))
        .order_by("created_at", "id")
    )


@dataclass
class HoldRow:
    hold: CallHold
    calls: list[CallScheduleItem]
    # The A03 that ended the stay, when it has come: then resuming or replacing is the nurse's call.
    discharged_again: HospitalEncounter | None = None


@dataclass
class Worklist:
    to_set_up: list[HospitalEncounter] = field(default_factory=list)
    holds: list[HoldRow] = field(default_factory=list)
    recently_auto_scheduled: list[HospitalEncounter] = field(default_factory=list)


def worklist(*, auto_limit: int = 20) -> Worklist:
    holds = list(open_holds())
    later = {}
    if holds:
        patients = {hold.patient_id for hold in holds}
        for encounter in HospitalEncounter.objects.filter(patient_id__in=patients).select_related("discharge"):
            for hold in holds:
                if encounter.patient_id == hold.patient_id and encounter.created_at > hold.created_at:
                    later[hold.pk] = encounter
    return Worklist(
        to_set_up=list(encounters_to_set_up()),
        holds=[HoldRow(hold=h, calls=list(h.held_calls), discharged_again=later.get(h.pk)) for h in holds],
        recently_auto_scheduled=list(
            HospitalEncounter.objects.filter(setup_status=SetupStatus.AUTO_SCHEDULED)
            .select_related("discharge", "patient", "rule")
            .order_by("-created_at", "-id")[:auto_limit]
        ),
    )


# --- writes ----------------------------------------------------------------------------------------


def encounter_set_up(
    *,
    encounter: HospitalEncounter,
    orders: Iterable[DischargeOrder | str],
    order_params: Mapping[str, Any] | None,
    by: Any,
) -> list[CallScheduleItem]:
    """The nurse picked the orders of a discharge from the feed: schedule its calls, all or nothing."""
    orders = list(orders)
    if not orders:
        raise ValidationError({"orders": ["Pick at least one discharge order."]})
    discharge = encounter.discharge
    plan = plan_calls(
        patient=discharge.patient,
        discharged_at=discharge.discharged_at,
        orders=orders,
        order_params=order_params,
        procedure=discharge.procedure,
        discharge=discharge,
    )
    with transaction.atomic():
        current = HospitalEncounter.objects.select_for_update().get(pk=encounter.pk)
        if current.setup_status != SetupStatus.TO_SET_UP:
            raise ValidationError(
                f"This discharge is already {current.get_setup_status_display().lower()}; reload the worklist."
            )
        discharge.orders.set(plan.orders)
        discharge.order_params = plan.order_params
        discharge.save(update_fields=["order_params"])
        calls = save_planned_calls(discharge=discharge, calls=list(plan))
        current.setup_status = SetupStatus.SET_UP
        current.set_up_by = by
        current.set_up_at = timezone.now()
        current.setup_note = " ".join(plan.notes)[:500]
        current.save()
    encounter.refresh_from_db()
    logger.info("adt_setup encounter=%s discharge=%s calls=%d", encounter.pk, discharge.pk, len(calls))
    return calls


def _close_hold(hold: CallHold, *, status: str, by: Any) -> CallHold:
    current = CallHold.objects.select_for_update().get(pk=hold.pk)
    if current.status != HoldStatus.HELD:
        raise ValidationError(f"These calls were already {current.get_status_display().lower()}; reload the page.")
    current.status = status
    current.resolved_by = by
    current.resolved_at = timezone.now()
    current.save(update_fields=["status", "resolved_by", "resolved_at"])
    return current


def hold_resume(*, hold: CallHold, by: Any) -> list[CallScheduleItem]:
    """The held calls go ahead as planned (or now, if their time passed during the stay)."""
    with transaction.atomic():
        _close_hold(hold, status=HoldStatus.RESUMED, by=by)
        resumed = call_release_hold(calls=hold.calls.all(), by=by)
    hold.refresh_from_db()
    return resumed


def hold_replace(*, hold: CallHold, by: Any) -> int:
    """The held calls are cancelled; the nurse sets up the new discharge's calls instead."""
    cancelled = 0
    with transaction.atomic():
        _close_hold(hold, status=HoldStatus.REPLACED, by=by)
        for call in hold.calls.filter(status=CallStatus.ON_HOLD):
            try:
                call_cancel(call=call, by=by, reason="Replaced after the patient's hospital stay.")
            except CallActionError:
                continue
            cancelled += 1
    hold.refresh_from_db()
    return cancelled
