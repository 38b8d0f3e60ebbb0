"""Row `generation`: discharges/s through generate_calls_for_discharge, 5 orders each."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.db import transaction

from bench.harness import Report, Row, clear_calls, make_patients, median, timed

DISCHARGES = 300
ORDERS = ["vm_compression", "vm_activity", "vm_school", "vm_pain_medication", "vm_wound_care"]
REPEATS = 3


def run(report: Report) -> None:
    from calls.models import CallScheduleItem
    from calls.scheduler import generate_calls_for_discharge
    from orders.models import DischargeOrder
    from patients.models import Discharge

    call_command("load_order_catalog", verbosity=0)
    orders = list(DischargeOrder.objects.filter(key__in=ORDERS))
    patients = make_patients(DISCHARGES, zone="America/New_York")
    start = datetime(2030, 3, 4, 15, 0, tzinfo=UTC)
    discharges = []
    for i, patient_id in enumerate(patients):
        discharged_at = start + timedelta(minutes=i)
        d = Discharge.objects.create(
            patient_id=patient_id,
            discharged_at=discharged_at,
            procedure="Sclerotherapy of a venous malformation",
            order_params={"vm_school": {"return_date": (discharged_at + timedelta(days=7)).date().isoformat()}},
        )
        d.orders.set(orders)
        discharges.append(d)
    discharges = list(Discharge.objects.filter(pk__in=[d.pk for d in discharges]).select_related("patient"))

    def generate() -> int:
        return sum(len(generate_calls_for_discharge(d)) for d in discharges)

    from auditlog.context import disable_auditlog

    unaudited_times = []
    for _ in range(REPEATS):
        clear_calls()
        with disable_auditlog():
            seconds, count = timed(generate)
        unaudited_times.append(seconds)
    generated_times, rows = [], []
    for _ in range(REPEATS):
        clear_calls()
        seconds, count = timed(generate)
        generated_times.append(seconds)
    rows = list(CallScheduleItem.objects.order_by("discharge_id", "id"))
    per_discharge: dict[int, list[CallScheduleItem]] = {}
    for row in rows:
        row.pk = None
        per_discharge.setdefault(row.discharge_id, []).append(row)

    def bulk() -> int:
        total = 0
        for batch in per_discharge.values():
            with transaction.atomic():
                total += len(CallScheduleItem.objects.bulk_create(copy.deepcopy(batch)))
        return total

    bulk_times = []
    for _ in range(REPEATS):
        clear_calls()
        seconds, bulk_count = timed(bulk)
        bulk_times.append(seconds)
    clear_calls()
    assert bulk_count == count, (bulk_count, count)
    rate, base = DISCHARGES / median(generated_times), DISCHARGES / median(bulk_times)
    report.add(
        Row(
            "generation",
            f"generate_calls_for_discharge, {DISCHARGES} discharges x 5 orders ({count // DISCHARGES} calls each)",
            f"{rate:,.0f} discharges/s",
            f"bulk_create of the same rows {base:,.0f} discharges/s",
            f"{rate / base:.2f}",
            ">= 0.3",
            rate / base >= 0.3,
            f"includes one audit-log entry per call, which the baseline does not write; without the audit "
            f"entries {DISCHARGES / median(unaudited_times):,.0f} discharges/s = "
            f"{DISCHARGES / median(unaudited_times) / base:.2f} of the baseline",
        )
    )
