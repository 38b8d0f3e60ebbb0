"""call_agent_context: what the voice agent is told about one attempt, and nothing more."""

from __future__ import annotations

import json

import pytest

from calls.selectors import call_agent_context
from calls.tokens import read_agent_token
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory, livekit_call_attempt

pytestmark = pytest.mark.django_db


def test_it_holds_the_call_the_order_and_the_first_name(settings) -> None:
    settings.PORTAL_URL = "https://portal.clinic.example"
    settings.CLINIC_NAME, settings.CLINIC_CALLBACK_NUMBER = "Lakeside Vascular", "+12125550100"
    record = livekit_call_attempt(attempt=2)

    context = call_agent_context(record=record)

    assert context == {
        "call_id": record.call_id,
        "attempt": 2,
        "portal_url": "https://portal.clinic.example",
        "token": context["token"],
        "patient": {"first_name": "Maria", "language": "es", "time_zone": "America/Chicago"},
        # The language the agent speaks, and the order's and questions' words in each language it may switch
        # to: this order has no reviewed Spanish (the discharge form refuses it for a Spanish-speaking patient).
        "language": "es",
        "texts": {
            "en": {
                "order": {"instructions": "Keep the compression bandage on until your return date."},
                "questions": {},
            }
        },
        "call_type": "discharge_reminder",
        "llm_prompt": "You are calling Maria about her compression bandage.",
        "purpose": "Bandage reminder",
        "order": {
            "key": "vm_compression",
            "title": "Compression bandage",
            "instructions": "Keep the compression bandage on until your return date.",
            # Only this order's parameters, not the whole discharge's.
            "params": {"return_date": "2025-01-20"},
        },
        "procedure": "Sclerotherapy of a venous malformation",
        "clinic": {"name": "Lakeside Vascular", "callback_number": "+12125550100"},
        "simulated": False,
        # Which identifier the agent must ask for; never the identifier itself.
        "identity_check": "dob",
        # The order declares no questions (calls/capture/): nothing to ask and record as typed answers.
        "questions": [],
        # The agent reads the patient's words with the portal's red-flag rules, for the order's set, and with
        # the learned stage at the portal's threshold for each language it is on for (English and Spanish by default);
        # `speaker` None: an adult patient, so the words alone say who is meant ("caregiver" for a child).
        "triage": {
            "order_sets": [record.call.order.procedure_group],
            "learned": {"en": 0.0, "es": 0.0},
            "speaker": None,
        },
    }
    grant = read_agent_token(context["token"])
    assert (grant.call_id, grant.attempt) == (record.call_id, 2)


def test_it_leaves_out_every_other_identifier() -> None:
    record = livekit_call_attempt()
    text = json.dumps(call_agent_context(record=record))
    for phi in ("Quintanilla", "+12125550147", "MRN-778812", "1961-03-09", "other_order"):
        assert phi not in text


def test_a_call_without_an_order_has_no_order_details() -> None:
    call = CallScheduleItemFactory(patient=PatientFactory(first_name="Ana"), purpose="Call back about pain")
    record = CallRecordFactory(call=call)

    context = call_agent_context(record=record)

    assert context["order"] is None
    assert context["procedure"] == ""
    assert context["purpose"] == "Call back about pain"
    assert context["patient"]["first_name"] == "Ana"


def test_a_child_patients_call_tells_the_agent_a_caregiver_speaks() -> None:
    """A parent or guardian answers for a patient under 18: the agent's own reading hears them as the caregiver."""
    from datetime import date

    today = date.today()
    child = PatientFactory(first_name="Leo", date_of_birth=date(today.year - 7, 1, 1))
    record = CallRecordFactory(call=CallScheduleItemFactory(patient=child))

    assert call_agent_context(record=record)["triage"]["speaker"] == "caregiver"
    assert "date_of_birth" not in json.dumps(call_agent_context(record=record))
