"""Identity before detail: the portal compares the first name and identifier; the agent never holds them."""

from __future__ import annotations

from datetime import date

import pytest

from calls.agent_api.services import IDENTITY_FAILED_REASON
from calls.models import CallStatus
from calls.selectors import call_agent_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(record):
    patient = record.call.patient
    patient.date_of_birth, patient.phone = date(2015, 3, 4), "+12125550147"
    patient.save()
    return patient


def check(agent, first_name: str, identifier: str) -> dict:
    return agent.post_to("identity", {"first_name": first_name, "identifier": identifier}).json()


@pytest.mark.parametrize("said", ["March 4, 2015", "3/4/2015", "March 4th, 2015", "4 March 2015", "2015-03-04"])
def test_the_date_of_birth_confirms_in_the_ways_people_say_it(agent, record, patient, said):
    assert check(agent, "maya", said)["verified"] is True
    record.refresh_from_db()
    assert record.identity_verified_at is not None


def test_a_wrong_first_name_or_date_does_not_confirm(agent, patient):
    assert check(agent, "Jordan", "March 4, 2015") == {"verified": False, "attempts_left": 1, "method": "dob"}


def test_phone_last4_when_configured_or_when_no_date_of_birth_is_on_file(agent, record, patient, settings):
    settings.IDENTITY_CHECK = "phone_last4"
    assert check(agent, "Maya", "zero one four seven")["verified"] is True
    settings.IDENTITY_CHECK = "dob"
    patient.date_of_birth = None
    patient.save()
    assert call_agent_context(record=record)["identity_check"] == "phone_last4"


def test_after_the_last_failure_the_call_is_flagged_and_must_end(agent, record, patient, settings):
    settings.IDENTITY_MAX_ATTEMPTS = 2
    check(agent, "Maya", "January 1, 1990")
    last = check(agent, "Maya", "February 2, 1991")
    assert last == {"verified": False, "attempts_left": 0, "method": "dob", "end_call": True}
    # Further guesses are refused, even the right one.
    assert check(agent, "Maya", "March 4, 2015")["verified"] is False
    record.call.refresh_from_db()
    assert record.call.needs_attention and record.call.status_reason == IDENTITY_FAILED_REASON

    agent.post_to("complete", {"event_id": "done-1", "outcome": "declined", "summary": "Identity not confirmed."})
    record.call.refresh_from_db()
    assert record.call.status == CallStatus.FAILED
    assert record.call.needs_attention and record.call.status_reason == IDENTITY_FAILED_REASON


def test_the_agent_context_names_the_method_but_holds_no_identifier(record, patient):
    context = call_agent_context(record=record)
    assert context["identity_check"] == "dob"
    flat = repr(context)
    for secret in ("2015", "0147", patient.phone, patient.last_name, patient.external_id or "MRN"):
        assert secret not in flat
