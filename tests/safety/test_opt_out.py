"""Opt-out: the agent's opt_out sets do-not-call at once and cancels every waiting call; the dispatcher never
dials a do-not-call patient; only a nurse lifts it, with a note, and the change is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from calls.models import CallStatus
from calls.services import call_dispatch_due
from patients.models import Patient
from patients.services import patient_opt_out
from tests.factories import CallScheduleItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_opt_out_sets_do_not_call_and_cancels_every_waiting_call(agent, record):
    patient = record.call.patient
    later = [CallScheduleItemFactory(patient=patient, scheduled_for=timezone.now() + timedelta(days=d)) for d in (1, 3)]
    queued = CallScheduleItemFactory(patient=patient, status=CallStatus.QUEUED)
    done = CallScheduleItemFactory(patient=patient, status=CallStatus.COMPLETED)
    other = CallScheduleItemFactory()

    response = agent.post_to("opt-out", {"reason": "Asked us to stop calling"})

    assert response.status_code == 200 and response.json() == {"do_not_call": True, "cancelled_calls": 3}
    patient.refresh_from_db()
    assert patient.do_not_call and patient.do_not_call_at is not None
    assert (
        "Asked us to stop calling" in patient.do_not_call_reason
        and f"call {record.call_id}" in patient.do_not_call_reason
    )
    for call in [*later, queued]:
        call.refresh_from_db()
        assert call.status == CallStatus.CANCELLED and "Do not call" in call.status_reason
    for call, status in (
        (done, CallStatus.COMPLETED),
        (other, CallStatus.PENDING),
        (record.call, CallStatus.IN_PROGRESS),
    ):
        call.refresh_from_db()
        assert call.status == status
    entry = LogEntry.objects.get_for_object(patient).latest("timestamp")
    assert entry.changes_dict["do_not_call"] == ["False", "True"]


def test_opting_out_twice_is_harmless(record):
    patient = record.call.patient
    assert patient_opt_out(patient=patient, reason="first") == 0
    assert patient_opt_out(patient=patient, reason="second") == 0
    patient.refresh_from_db()
    assert patient.do_not_call_reason == "first"


def test_the_dispatcher_never_dials_a_do_not_call_patient(record):
    patient = record.call.patient
    due = CallScheduleItemFactory(patient=patient, next_attempt_at=timezone.now() - timedelta(minutes=5))
    Patient.objects.filter(pk=patient.pk).update(do_not_call=True, do_not_call_reason="Asked")
    assert due.pk not in call_dispatch_due(now=timezone.now())
    due.refresh_from_db()
    assert due.status == CallStatus.CANCELLED


def test_the_patient_page_shows_do_not_call(record, nurse_client):
    patient_opt_out(patient=record.call.patient, reason="Stop calling me")
    page = nurse_client.get(f"/patients/{record.call.patient_id}/").content.decode()
    assert "Do not call." in page and "Stop calling me" in page and "Lift do-not-call" in page


def test_only_a_nurse_lifts_it_and_only_with_a_note(record, nurse, nurse_client):
    patient = record.call.patient
    patient_opt_out(patient=patient, reason="Stop calling me")
    url = f"/patients/{patient.pk}/do-not-call/lift/"

    clerk = Client()
    clerk.force_login(UserFactory(username="clerk", is_staff=True))
    assert clerk.post(url, {"note": "ok"}).status_code == 403

    missing = nurse_client.post(url, {"note": "  "})
    assert missing.status_code == 400 and "Write why calls may resume" in missing.content.decode()
    patient.refresh_from_db()
    assert patient.do_not_call

    assert nurse_client.get(url).status_code == 200
    response = nurse_client.post(url, {"note": "Patient called and agreed to calls again on 3 June."})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert not patient.do_not_call and "agreed to calls again on 3 June" in patient.do_not_call_reason
    assert "Lifted by Jackie Peyton" in patient.do_not_call_reason
    entry = LogEntry.objects.get_for_object(patient).latest("timestamp")
    assert entry.actor == nurse and entry.changes_dict["do_not_call"] == ["True", "False"]
