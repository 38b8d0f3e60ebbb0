"""Order templates are checked when saved, and order parameters when a discharge is previewed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from calls.scheduler import preview_calls
from tests.factories import DischargeOrderFactory, PatientFactory

pytestmark = pytest.mark.django_db

DISCHARGED = datetime(2025, 6, 10, 14, 0, tzinfo=UTC)


def _template(**overrides: object) -> dict:
    template = {
        "timing": "24_hours_after_discharge",
        "call_type": "discharge_reminder",
        "priority": 2,
        "prompt_template": "Hi {patient_first_name}. {order_instructions} Any questions?",
    }
    template.update(overrides)
    return template


def _preview(orders: list, params: dict | None = None, patient=None) -> list:
    return preview_calls(
        patient=patient or PatientFactory(),
        discharged_at=DISCHARGED,
        orders=orders,
        order_params=params,
        procedure="Knee arthroscopy",
    )


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        (_template(timing="tomorrow-ish"), "'tomorrow-ish' is not a timing spec"),
        (_template(prompt_template="Hi {patient_nickname}"), "unknown placeholder"),
        (_template(prompt_template="Hi {patient_first_name"), "stray brace"),
        (_template(priority=9), "priority"),
        (_template(timing="day_before_date:{return_date}"), "not parameters"),
        ({"timing": "24_hours_after_discharge"}, "missing 'call_type'"),
    ],
)
def test_a_bad_template_is_refused_when_saved(template, problem):
    order = DischargeOrderFactory.build(key="bad_order", call_template=template)
    with pytest.raises(ValidationError) as exc:
        order.full_clean()
    assert problem in " ".join(exc.value.message_dict["call_template"])


def test_a_template_may_use_its_date_parameter_in_the_timing():
    order = DischargeOrderFactory.build(
        key="school",
        parameters=[{"name": "return_date", "label": "Return date", "type": "date", "required": True}],
        call_template=_template(timing="day_before_date:{return_date}", prompt_template="Back on {return_date}?"),
    )
    order.full_clean()


def test_missing_and_malformed_parameters_are_keyed_by_order(catalog):
    with pytest.raises(ValidationError) as exc:
        _preview(["vm_school", "vm_followup_appointment"], {"vm_followup_appointment": {"appointment_date": "soon"}})
    errors = exc.value.message_dict
    assert errors["vm_school"][0] == "Return to school or daycare: enter the return date."
    assert "must be a date like 2025-06-23" in errors["vm_followup_appointment"][0]


def test_dates_are_accepted_in_us_form_and_stored_as_iso(catalog):
    plan = _preview(["vm_school"], {"vm_school": {"return_date": "06/23/2025"}})
    assert plan.order_params == {"vm_school": {"return_date": "2025-06-23"}}
    assert "on June 23, 2025" in plan[0].llm_prompt


def test_a_return_date_before_the_discharge_makes_no_call_and_says_so(catalog):
    plan = _preview(["vm_school", "vm_compression"], {"vm_school": {"return_date": "2025-06-01"}})
    assert [c.order.key for c in plan] == ["vm_compression"]
    assert "Return to school or daycare: no call" in plan.notes[0]


def test_an_inactive_order_cannot_be_picked_for_a_new_discharge(catalog):
    catalog["vm_activity"].active = False
    catalog["vm_activity"].save()
    with pytest.raises(ValidationError) as exc:
        _preview(["vm_activity"])
    assert "no longer offered" in exc.value.message_dict["orders"][0]


def test_an_order_saved_with_an_unknown_call_type_is_reported_not_called():
    order = DischargeOrderFactory(key="odd", call_template=_template(call_type="telepathy"))
    with pytest.raises(ValidationError) as exc:
        _preview([order])
    assert "unknown call type 'telepathy'" in exc.value.message_dict["odd"][0]


def test_order_params_must_be_objects(catalog):
    with pytest.raises(ValidationError) as exc:
        _preview(["vm_school"], {"vm_school": "2025-06-23"})
    assert "parameters must be an object" in exc.value.message_dict["vm_school"][0]
    with pytest.raises(ValidationError) as exc:
        _preview(["vm_school"], ["2025-06-23"])  # type: ignore[list-item]
    assert "order_params" in exc.value.message_dict


def test_a_do_not_call_patient_previews_no_calls_with_the_reason(catalog):
    plan = _preview(["vm_compression"], patient=PatientFactory(do_not_call=True))
    assert list(plan) == []
    assert "do not call" in plan.notes[0]


def test_preview_saves_nothing(catalog):
    from calls.models import CallScheduleItem

    plan = _preview(["vm_compression", "vm_activity"])
    assert len(plan) == 3 and all(c.pk is None for c in plan)
    assert not CallScheduleItem.objects.exists()
