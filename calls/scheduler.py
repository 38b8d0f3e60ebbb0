"""Discharge orders -> scheduled calls (the guide's CallScheduler, on the ORM).

`plan_calls` does all the checking and rendering without touching the database, so a bad
order, parameter or timing is reported before anything is saved.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.language import interpreter_note, order_language_problem
from calls.models import ACTIVE_STATUSES, CallScheduleItem, CallStatus, CallType, CreatedBy
from calls.timing import TimingSpecError, get_zone, parse_timing, spec_deadline
from orders.models import BASE_PLACEHOLDERS, DischargeOrder, template_placeholders
from patients.models import Discharge, Patient, normalize_phone
from postop.audit import audit_bulk_created
from postop.datetimes import check_call_date, check_instant

logger = logging.getLogger(__name__)

DEFAULT_PROCEDURE = "procedure"
DNC_MESSAGE = "This patient asked not to be called (do not call), so no follow-up calls will be scheduled."


class CallPlan(list[CallScheduleItem]):
    """Unsaved calls, sorted by time, plus notes for the nurse and the cleaned order parameters."""

    def __init__(
        self,
        calls: Iterable[CallScheduleItem] = (),
        *,
        notes: list[str] | None = None,
        order_params: dict[str, dict[str, str]] | None = None,
        orders: list[DischargeOrder] | None = None,
    ) -> None:
        super().__init__(calls)
        self.notes = notes or []
        self.order_params = order_params or {}
        self.orders = orders or []


def natural_date(value: date) -> str:
    """January 15, 2025 (no leading zero, any platform)."""
    return f"{value:%B} {value.day}, {value.year}"


def plain_timing(timing: str) -> str:
    """A timing spec in words for a nurse ("the day before November 20, 2026"), never the internal code."""
    kind, _, value = timing.partition(":")
    try:
        day = date.fromisoformat(value.strip()) if value else None
    except ValueError:
        day = None
    if day is not None and kind == "day_before_date":
        return f"the day before {natural_date(day)}"
    if day is not None and kind == "on_date":
        return natural_date(day)
    return "its time (" + timing.replace("_", " ") + ")"


def _natural_procedure(text: str) -> str:
    # "Sclerotherapy of ..." reads mid-sentence as "sclerotherapy of ..."; "MRI ..." stays.
    text = " ".join(str(text or "").split()) or DEFAULT_PROCEDURE
    if text[:1].isupper() and text[1:2].islower():
        return text[0].lower() + text[1:]
    return text


def parse_param_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for parse in (date.fromisoformat, lambda s: datetime.strptime(s, "%m/%d/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(text)


def resolve_orders(
    orders: Iterable[DischargeOrder | str], *, require_active: bool = True
) -> tuple[list[DischargeOrder], dict[str, list[str]]]:
    """Orders (or their keys) as DischargeOrder objects, in selection order, with errors under 'orders'."""
    picked: list[DischargeOrder | str] = []
    for item in orders or ():
        if item not in picked:
            picked.append(item)
    keys = [item for item in picked if isinstance(item, str)]
    by_key = {order.key: order for order in DischargeOrder.objects.filter(key__in=keys)} if keys else {}
    resolved: list[DischargeOrder] = []
    problems: list[str] = []
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        problems.append(f"Unknown order(s): {', '.join(sorted(unknown))}. Pick orders from the catalog.")
    for item in picked:
        order = by_key.get(item) if isinstance(item, str) else item
        if order is None:
            continue
        if require_active and not order.active:
            problems.append(f"The order {order.key!r} ({order.title}) is no longer offered; pick another.")
            continue
        if order not in resolved:
            resolved.append(order)
    return resolved, ({"orders": problems} if problems else {})


def _clean_params(
    order: DischargeOrder, given: Any, *, from_day: date | None = None
) -> tuple[dict[str, str], dict[str, date], list[str]]:
    """The order's parameters as stored (ISO dates), the dates themselves, and problems.

    Dates may lie at most two years after `from_day` (the discharge day, or today if later).
    """
    if given in (None, ""):
        given = {}
    if not isinstance(given, Mapping):
        return {}, {}, [f"{order.title}: parameters must be an object such as {{'name': 'value'}}."]
    problems: list[str] = []
    declared = {p["name"]: p for p in order.parameters or []}
    extra = sorted(set(given) - set(declared))
    if extra:
        problems.append(f"{order.title} takes no parameter(s) {', '.join(extra)}.")
    cleaned: dict[str, str] = {}
    dates: dict[str, date] = {}
    for name, param in declared.items():
        label = param.get("label") or name.replace("_", " ")
        value = given.get(name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            if param.get("required", True):
                problems.append(f"{order.title}: enter the {label[:1].lower() + label[1:]}.")
            continue
        if param.get("type", "text") == "date":
            try:
                dates[name] = check_call_date(parse_param_date(value), today=from_day, what=f"The {label.lower()}")
            except ValueError:
                problems.append(f"{order.title}: {label.lower()} must be a date like 2025-06-23.")
                continue
            except ValidationError as exc:
                problems.extend(f"{order.title}: {message}" for message in exc.messages)
                continue
            cleaned[name] = dates[name].isoformat()
        else:
            cleaned[name] = " ".join(str(value).split())
    return cleaned, dates, problems


def normalized_order_params(orders: Iterable[DischargeOrder], given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Order parameters as a discharge stores them (ISO dates, single spaces), to compare two requests."""
    given = given if isinstance(given, Mapping) else {}
    return {order.key: _clean_params(order, given.get(order.key))[0] for order in orders}


def _template_problems(order: DischargeOrder) -> list[str]:
    template = order.call_template
    if not isinstance(template, dict) or not all(
        k in template for k in ("timing", "call_type", "priority", "prompt_template")
    ):
        return [f"{order.title}: its call template is incomplete; an administrator must fix the order."]
    problems = []
    if template["call_type"] not in CallType.values:
        problems.append(f"{order.title}: unknown call type {template['call_type']!r}.")
    if not isinstance(template["priority"], int) or not 1 <= template["priority"] <= 5:
        problems.append(f"{order.title}: the priority must be a whole number from 1 to 5.")
    try:
        used = template_placeholders(str(template["prompt_template"]))
    except ValidationError as exc:
        return [*problems, *(f"{order.title}: {m}" for m in exc.messages)]
    unknown = used - BASE_PLACEHOLDERS - set(order.parameter_names)
    if unknown:
        problems.append(f"{order.title}: its prompt uses unknown placeholder(s) {', '.join(sorted(unknown))}.")
    return problems


def _no_call_note(order: DischargeOrder, timing: str, dates: dict[str, date], local_discharge: datetime) -> str:
    """Why an order makes no call, in plain words: the date it is about has passed."""
    if dates:
        named = ", ".join(f"{name.replace('_', ' ')} {natural_date(value)}" for name, value in dates.items())
        today = timezone.localdate()
        when = (
            "has already passed"
            if min(dates.values()) < today
            else f"is before the discharge on {natural_date(local_discharge.date())}"
        )
        return (
            f"{order.title}: no call will be made, because the {named} {when} "
            f"({plain_timing(timing)} is before the discharge). Check the date if the patient still needs this call."
        )
    return f"{order.title}: no call, because {plain_timing(timing)} is before the discharge."


def plan_calls(
    *,
    patient: Patient,
    discharged_at: datetime | None,
    orders: Iterable[DischargeOrder | str],
    order_params: Mapping[str, Any] | None,
    procedure: str,
    discharge: Discharge | None = None,
    require_active: bool = True,
    now: datetime | None = None,
) -> CallPlan:
    """Check everything and render each order's calls, unsaved. Raises ValidationError keyed by field/order.

    With `now`, an order whose date-bound call could only come after its deadline (a return date
    that has passed) makes no call, and a note says so in plain words.
    """
    errors: dict[str, list[str]] = {}
    resolved, order_errors = resolve_orders(orders, require_active=require_active)
    errors.update(order_errors)
    try:
        zone = get_zone(patient.time_zone)
    except TimingSpecError as exc:
        errors.setdefault("time_zone", []).append(str(exc))
        zone = None
    if not isinstance(discharged_at, datetime):
        errors.setdefault("discharged_at", []).append("Enter the discharge date and time.")
    if order_params is not None and not isinstance(order_params, Mapping):
        errors.setdefault("order_params", []).append("Order parameters must be an object keyed by order key.")
        order_params = {}
    order_params = order_params or {}
    if errors.get("time_zone") or errors.get("discharged_at"):
        raise ValidationError(errors)
    assert zone is not None and isinstance(discharged_at, datetime)
    if discharged_at.tzinfo is None:
        discharged_at = discharged_at.replace(tzinfo=zone)

    window = patient.calling_window()
    local_discharge = discharged_at.astimezone(zone)
    base_context = {
        # The prompt travels to the voice agent and through LiveKit's dispatch metadata: minimum
        # necessary, so {patient_name} is the first name too, never the last name.
        "patient_name": patient.first_name.strip(),
        "patient_first_name": patient.first_name.strip(),
        "procedure": _natural_procedure(procedure),
        "discharge_date": natural_date(local_discharge.date()),
    }
    calls: list[CallScheduleItem] = []
    notes: list[str] = []
    stored: dict[str, dict[str, str]] = {}
    for order in resolved:
        cleaned, dates, problems = _clean_params(
            order, order_params.get(order.key), from_day=max(local_discharge.date(), timezone.localdate())
        )
        stored[order.key] = cleaned
        if order.makes_call:
            problems += _template_problems(order)
            # Never an English call to a patient whose language PostOp AI speaks (no call at all when do-not-call).
            unspoken = (
                "" if patient.do_not_call else order_language_problem(order, preferred=patient.preferred_language)
            )
            if unspoken:
                problems.append(unspoken)
        if problems:
            errors.setdefault(order.key, []).extend(problems)
            continue
        if not order.makes_call:
            continue
        template = order.call_template
        try:
            timing = str(template["timing"]).format(**cleaned)
            times = parse_timing(timing, discharged_at, zone, window)
            deadline = spec_deadline(timing, zone, window)
            if now is not None and deadline is not None and deadline < now:
                times = []  # the day it was about has passed: a call now would say the wrong thing
        except (KeyError, IndexError):
            errors.setdefault(order.key, []).append(
                f"{order.title}: its timing {template['timing']!r} needs a parameter the order does not declare."
            )
            continue
        except TimingSpecError as exc:
            errors.setdefault(order.key, []).append(f"{order.title}: {exc}")
            continue
        if not times:
            notes.append(_no_call_note(order, timing, dates, local_discharge))
            continue
        context = {
            **base_context,
            **cleaned,
            **{name: natural_date(value) for name, value in dates.items()},
            "order_instructions": order.instructions.strip(),
        }
        prompt = string.Formatter().vformat(str(template["prompt_template"]), (), context)
        for when in times:
            calls.append(
                CallScheduleItem(
                    patient=patient,
                    discharge=discharge,
                    order=order,
                    call_type=template["call_type"],
                    priority=template["priority"],
                    llm_prompt=prompt,
                    purpose=str(template.get("purpose") or order.title)[:300],
                    scheduled_for=when,
                    next_attempt_at=when,
                    deadline=deadline,
                    status=CallStatus.PENDING,
                    max_attempts=settings.CALL_MAX_ATTEMPTS,
                    created_by=CreatedBy.ORDER,
                )
            )
    if errors:
        raise ValidationError(errors)
    if patient.do_not_call:
        return CallPlan(notes=[DNC_MESSAGE], order_params=stored, orders=resolved)
    calls.sort(key=lambda c: (c.scheduled_for, c.priority, c.order.sort_order if c.order else 0))
    interpreter = interpreter_note(patient) if calls else ""
    if interpreter:
        # Language access: English calls to a patient who speaks another language are never silent.
        notes.append(interpreter)
    return CallPlan(calls, notes=notes, order_params=stored, orders=resolved)


def preview_calls(
    *,
    patient: Patient,
    discharged_at: datetime,
    orders: Iterable[DischargeOrder | str],
    order_params: Mapping[str, Any] | None,
    procedure: str,
    now: datetime | None = None,
) -> CallPlan:
    """The calls a discharge would create, unsaved; `.notes` says what will not be called and why.

    With `now` (the portal's live preview), date-bound calls whose day has passed are left out, as
    discharge_create will leave them out.
    """
    return plan_calls(
        patient=patient,
        discharged_at=discharged_at,
        orders=orders,
        order_params=order_params,
        procedure=procedure,
        now=now,
    )


def save_planned_calls(*, discharge: Discharge, calls: list[CallScheduleItem]) -> list[CallScheduleItem]:
    """Insert the calls the discharge does not have yet; return all its order calls. Idempotent.

    No savepoint on the common path (it costs two round trips per discharge): if another
    worker inserts the same calls between our read and our write, the unique constraint
    rolls our transaction (or, inside an outer one, our savepoint) back and we read again.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                existing = set(
                    CallScheduleItem.objects.filter(discharge=discharge, order__isnull=False).values_list(
                        "order_id", "scheduled_for"
                    )
                )
                new = [call for call in calls if (call.order.pk, call.scheduled_for) not in existing]
                for call in new:
                    call.discharge = discharge
                    call.patient = discharge.patient
                if new:
                    CallScheduleItem.objects.bulk_create(new)
                    # bulk_create sends no signals: audit the new calls ourselves.
                    audit_bulk_created(instances=new)
                if len(new) == len(calls):
                    return sorted(new, key=lambda c: (c.scheduled_for, c.priority, c.pk))
                return list(
                    CallScheduleItem.objects.filter(discharge=discharge, order__isnull=False).order_by(
                        "scheduled_for", "priority", "id"
                    )
                )
        except IntegrityError:
            if attempt:
                raise
            for call in calls:
                call.pk = None
    raise AssertionError("unreachable")


def generate_calls_for_discharge(discharge: Discharge) -> list[CallScheduleItem]:
    """Create the calls of a saved discharge in one transaction; running it again creates nothing."""
    if discharge.patient.do_not_call:
        logger.info("No calls generated for discharge %s: %s is do-not-call", discharge.pk, discharge.patient.ref)
        return []
    plan = plan_calls(
        patient=discharge.patient,
        discharged_at=discharge.discharged_at,
        orders=list(discharge.orders.all()),
        order_params=discharge.order_params,
        procedure=discharge.procedure,
        discharge=discharge,
        require_active=False,
    )
    calls = save_planned_calls(discharge=discharge, calls=list(plan))
    logger.info("Discharge %s has %d order calls for %s", discharge.pk, len(calls), discharge.patient.ref)
    return calls


def _split_name(full_name: str) -> tuple[str, str]:
    parts = " ".join(str(full_name or "").split()).split(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


class CallScheduler:
    """The guide's scheduler API: generate, schedule, update status, list pending calls."""

    def generate_calls_for_patient(
        self,
        patient_id: str,
        patient_phone: str,
        patient_name: str,
        discharge_time: datetime,
        selected_order_ids: list[str],
        order_params: Mapping[str, Any] | None = None,
        *,
        procedure: str | None = None,
        time_zone: str | None = None,
    ) -> list[CallScheduleItem]:
        """Create/update the patient (by external id) and the discharge; return its calls, unsaved.

        Everything is checked first: on any error nothing is saved.
        """
        errors: dict[str, list[str]] = {}
        external_id = str(patient_id or "").strip()
        if not external_id:
            errors["patient_id"] = ["Give the patient's external id (MRN)."]
        try:
            phone = normalize_phone(patient_phone)
        except ValidationError as exc:
            errors["patient_phone"] = exc.messages
            phone = ""
        first_name, last_name = _split_name(patient_name)
        if not first_name or not last_name:
            errors["patient_name"] = ["Give the patient's first and last name, e.g. 'John Doe'."]
        patient = Patient.objects.filter(external_id=external_id).first() if external_id else None
        if patient is None:
            patient = Patient(external_id=external_id or None)
        elif patient.do_not_call:
            errors["patient"] = [DNC_MESSAGE]
        patient.first_name, patient.last_name, patient.phone = first_name, last_name, phone
        if time_zone:
            patient.time_zone = time_zone
        procedure = (procedure or "").strip() or DEFAULT_PROCEDURE
        if isinstance(discharge_time, datetime):
            # The guide's API plans any past discharge (DISCHARGE_MAX_PAST_DAYS is the portal's and
            # the REST API's rule), but never one the timing arithmetic cannot hold.
            try:
                check_instant(discharge_time, what="The discharge time")
            except ValidationError as exc:
                errors["discharge_time"] = exc.messages
        if errors.get("discharge_time"):
            raise ValidationError(errors)
        try:
            plan = plan_calls(
                patient=patient,
                discharged_at=discharge_time,
                orders=list(selected_order_ids or []),
                order_params=order_params,
                procedure=procedure,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            plan = CallPlan()
        if errors:
            raise ValidationError(errors)
        discharged_at = discharge_time if discharge_time.tzinfo else discharge_time.replace(tzinfo=patient.zone)
        with transaction.atomic():
            patient.full_clean()
            patient.save()
            discharge = Discharge.objects.filter(patient=patient, discharged_at=discharged_at).first()
            if discharge is None:
                discharge = Discharge.objects.create(
                    patient=patient, discharged_at=discharged_at, procedure=procedure, order_params=plan.order_params
                )
            else:
                discharge.order_params = {**discharge.order_params, **plan.order_params}
                discharge.save(update_fields=["order_params"])
            discharge.orders.add(*plan.orders)
        for call in plan:
            call.patient = patient
            call.discharge = discharge
        return list(plan)

    def schedule_call(self, call: CallScheduleItem) -> CallScheduleItem:
        """Save a generated call; the same discharge, order and time is always one call."""
        if call.patient.do_not_call:
            raise ValidationError({"patient": [DNC_MESSAGE]})
        if call.pk is None and call.discharge_id and call.order_id:
            lookup = {"discharge_id": call.discharge_id, "order_id": call.order_id, "scheduled_for": call.scheduled_for}
            existing = CallScheduleItem.objects.filter(**lookup).first()
            if existing is not None:
                call.pk = existing.pk
                return existing
            try:
                with transaction.atomic():
                    call.save()
            except IntegrityError:
                existing = CallScheduleItem.objects.get(**lookup)
                call.pk = existing.pk
                return existing
            return call
        call.save()
        return call

    def update_call_status(self, call_id: int, status: str, message: str = "") -> CallScheduleItem:
        if status not in CallStatus.values:
            choices = ", ".join(CallStatus.values)
            raise ValidationError({"status": [f"Unknown status {status!r}; use one of {choices}."]})
        call = CallScheduleItem.objects.get(pk=call_id)
        call.status = status
        call.status_reason = (message or "")[:300]
        fields = ["status", "status_reason", "updated_at", "claimed_at", "lease_expires_at"]
        if status in ACTIVE_STATUSES:
            # Queued or in progress means a worker holds the call: give it the same lease the
            # services give, so call_recover_stale brings it back if nobody finishes it.
            now = timezone.now()
            call.claimed_at = now
            call.lease_expires_at = now + timedelta(minutes=settings.CALL_LEASE_MINUTES)
        else:
            call.lease_expires_at = None
        if status == CallStatus.FAILED:
            call.last_error = message or ""
            fields.append("last_error")
        call.save(update_fields=fields)
        return call

    def get_pending_calls(self) -> list[CallScheduleItem]:
        """Pending calls, earliest first, then most urgent."""
        return list(CallScheduleItem.objects.pending().select_related("patient", "order"))
