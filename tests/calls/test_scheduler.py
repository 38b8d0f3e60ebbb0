"""The guide's CallScheduler example on the ORM, idempotency, and every bad input saving nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from calls.models import CallScheduleItem, CallStatus, CallType, CreatedBy
from calls.scheduler import CallScheduler, generate_calls_for_discharge
from patients.models import Discharge, Patient
from tests.factories import DischargeFactory, PatientFactory

pytestmark = pytest.mark.django_db


def _guide_calls(scheduler: CallScheduler, **overrides: object) -> list[CallScheduleItem]:
    kwargs = {
        "patient_id": "patient-123",
        "patient_phone": "+1 (212) 555-0123",
        "patient_name": "John Doe",
        "discharge_time": datetime(2025, 1, 15, 10, 0, 0),
        "selected_order_ids": ["vm_compression", "vm_activity", "vm_school"],
        "order_params": {"vm_school": {"return_date": "2025-01-21"}},
    }
    kwargs.update(overrides)
    return scheduler.generate_calls_for_patient(**kwargs)


def _nothing_saved() -> bool:
    return not (Patient.objects.exists() or Discharge.objects.exists() or CallScheduleItem.objects.exists())


def test_the_guides_example_produces_the_calls_the_orders_describe(catalog):
    scheduler = CallScheduler()
    calls = _guide_calls(scheduler)
    assert all(call.pk is None for call in calls)
    for call in calls:
        scheduler.schedule_call(call)

    patient = Patient.objects.get(external_id="patient-123")
    assert (patient.first_name, patient.last_name, patient.phone) == ("John", "Doe", "+12125550123")
    # Naive 10:00 is New York time (15:00 UTC); times below are UTC.
    got = [(c.order.key, c.scheduled_for) for c in CallScheduleItem.objects.order_by("scheduled_for", "id")]
    assert got == [
        ("vm_activity", datetime(2025, 1, 16, 14, 0, tzinfo=UTC)),  # +12 h = 22:00 local -> 09:00 next day
        ("vm_compression", datetime(2025, 1, 16, 15, 0, tzinfo=UTC)),  # +24 h
        ("vm_activity", datetime(2025, 1, 17, 14, 0, tzinfo=UTC)),  # the next day, moved the same way
        ("vm_school", datetime(2025, 1, 20, 15, 0, tzinfo=UTC)),  # day before, 10:00 local
    ]
    compression = CallScheduleItem.objects.get(order__key="vm_compression")
    assert compression.llm_prompt.count("Hi John, this is PostOp AI calling to remind you about your compression")
    assert "You were instructed: Leave the compression bandage on for 24 hours" in compression.llm_prompt
    assert "after their procedure on January 15, 2025" in compression.llm_prompt
    assert compression.llm_prompt.rstrip().endswith("rest of the week.")
    assert "{" not in compression.llm_prompt
    school = CallScheduleItem.objects.get(order__key="vm_school")
    assert "may return to school or daycare on January 21, 2025. Tomorrow is the day" in school.llm_prompt
    assert school.call_type == CallType.SCHOOL_RETURN
    assert school.deadline == datetime(2025, 1, 21, 0, 0, tzinfo=UTC)  # 19:00 local the day before
    assert {c.created_by for c in CallScheduleItem.objects.all()} == {CreatedBy.ORDER}
    assert {c.max_attempts for c in CallScheduleItem.objects.all()} == {3}
    assert all(c.next_attempt_at == c.scheduled_for for c in CallScheduleItem.objects.all())

    scheduler.update_call_status(calls[0].id, CallStatus.COMPLETED, "Success")
    pending = scheduler.get_pending_calls()
    assert [c.id for c in pending] == [c.id for c in calls[1:]]
    assert CallScheduleItem.objects.get(pk=calls[0].id).status_reason == "Success"


def test_running_the_example_twice_makes_one_set_of_calls(catalog):
    scheduler = CallScheduler()
    first = [scheduler.schedule_call(c) for c in _guide_calls(scheduler)]
    second = [scheduler.schedule_call(c) for c in _guide_calls(scheduler, patient_name="Johnny Doe")]
    assert [c.pk for c in first] == [c.pk for c in second]
    assert CallScheduleItem.objects.count() == 4
    assert Discharge.objects.count() == 1
    assert Patient.objects.get().first_name == "Johnny"


def test_pending_calls_are_ordered_by_time_then_priority(catalog):
    scheduler = CallScheduler()
    calls = _guide_calls(scheduler, selected_order_ids=["vm_compression", "vm_warning_signs", "vm_pain_medication"])
    for call in calls:
        scheduler.schedule_call(call)
    CallScheduleItem.objects.update(scheduled_for=datetime(2025, 1, 16, 15, 0, tzinfo=UTC))
    assert [c.priority for c in scheduler.get_pending_calls()] == [1, 2, 2]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"selected_order_ids": ["vm_compression", "vm_teleport"]}, "orders"),
        ({"order_params": None}, "vm_school"),
        ({"order_params": {"vm_school": {"return_date": "next-ish"}}}, "vm_school"),
        ({"order_params": {"vm_school": {"return_date": "2025-01-21", "colour": "red"}}}, "vm_school"),
        ({"patient_phone": "+1 555"}, "patient_phone"),
        ({"patient_name": "John"}, "patient_name"),
        ({"patient_id": "  "}, "patient_id"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ],
)
def test_bad_input_is_a_clear_error_and_saves_nothing(catalog, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _guide_calls(CallScheduler(), **overrides)
    assert field in exc.value.message_dict
    assert _nothing_saved()


def test_unknown_order_error_names_the_key(catalog):
    with pytest.raises(ValidationError) as exc:
        _guide_calls(CallScheduler(), selected_order_ids=["vm_teleport"])
    assert "vm_teleport" in exc.value.message_dict["orders"][0]


def test_do_not_call_patient_gets_no_calls(catalog):
    PatientFactory(external_id="patient-123", do_not_call=True)
    with pytest.raises(ValidationError) as exc:
        _guide_calls(CallScheduler())
    assert "do not call" in exc.value.message_dict["patient"][0]
    assert not CallScheduleItem.objects.exists()


def test_an_order_with_no_call_template_makes_no_call(catalog):
    from tests.factories import DischargeOrderFactory

    DischargeOrderFactory(key="diet_only", call_template={})
    calls = _guide_calls(CallScheduler(), selected_order_ids=["diet_only", "vm_compression"])
    assert [c.order.key for c in calls] == ["vm_compression"]


def test_generate_calls_for_discharge_is_idempotent(catalog, django_assert_max_num_queries):
    discharge = DischargeFactory(order_params={"vm_school": {"return_date": "2025-01-21"}})
    discharge.orders.set([catalog["vm_compression"], catalog["vm_activity"], catalog["vm_school"]])
    first = generate_calls_for_discharge(discharge)
    assert len(first) == 4 and all(c.pk for c in first)
    with django_assert_max_num_queries(6):
        again = generate_calls_for_discharge(discharge)
    assert [c.pk for c in again] == [c.pk for c in first]
    assert CallScheduleItem.objects.count() == 4


def test_generate_calls_for_discharge_skips_do_not_call_patients(catalog):
    discharge = DischargeFactory(patient=PatientFactory(do_not_call=True))
    discharge.orders.set([catalog["vm_compression"]])
    assert generate_calls_for_discharge(discharge) == []
    assert not CallScheduleItem.objects.exists()


def test_update_call_status_refuses_an_unknown_status(catalog):
    with pytest.raises(ValidationError):
        CallScheduler().update_call_status(1, "exploded", "")
