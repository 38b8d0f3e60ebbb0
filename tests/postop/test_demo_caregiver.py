"""`make demo` has an adult patient whose wife answers: the call page shows who answered and the escalation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from calls import services
from calls.models import AnsweredBy, CallScheduleItem, CallStatus
from calls.tasks import process_pending_calls

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(portal, monkeypatch):
    """The shared live portal (tests/conftest.py), with the dispatcher left to the test."""
    monkeypatch.setattr(services, "_kick_dispatcher", lambda: None)
    return portal


@pytest.mark.parametrize(("language", "name", "words"), [("en", "Robert", "face"), ("es", "Roberto", "sangre")])
def test_the_caregiver_demo_call_shows_who_answered_and_the_patients_escalation(
    catalog, portal, nurse, language, name, words
):
    out = StringIO()
    call_command("demo_patients", "--caregiver", "--language", language, stdout=out)
    call = CallScheduleItem.objects.get()
    assert call.patient.first_name == name and call.patient.caregiver_relationship == "wife"
    assert "(his wife answers)" in out.getvalue()

    services.call_now(call=call, by=nurse)
    assert process_pending_calls() == 1
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    record = call.records.get()
    assert record.answered_by == AnsweredBy.CAREGIVER
    [escalation] = call.escalations.all()
    assert escalation.tier == "emergent" and escalation.reason.endswith("(said by a caregiver)")
    assert words in escalation.patient_words

    client = Client()
    client.force_login(nurse)
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "Answered by: a caregiver" in page and f"Caregiver (for {name})" in page
