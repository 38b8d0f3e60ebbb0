"""Logs are JSON lines with a request id and a call reference, and never hold the patient's
name, phone number or date of birth: a patient with known details is discharged in the portal,
called (simulated agent, scripted patient, over HTTP to a live portal), and the nurse reads the
pages; every line written at DEBUG level is then searched."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from django_q.conf import Conf

from calls.models import CallScheduleItem, CallStatus
from calls.tasks import process_pending_calls
from patients.models import Patient
from postop.telemetry.logging import ContextFilter, JsonLineFormatter
from tests.factories import NurseFactory

pytestmark = pytest.mark.django_db(transaction=True)  # live_server in the first test

FIRST, LAST = "Philomena", "Thistlewood"
PHONE_FORMS = ["+12125550143", "2125550143", "(212) 555-0143", "212-555-0143", "555-0143", "5550143"]
DOB_FORMS = ["1961-07-04", "07/04/1961", "7/4/1961", "July 4, 1961", "04.07.1961"]
ZONES = ["Pacific/Honolulu", "America/Los_Angeles", "America/New_York", "Europe/London", "Asia/Kolkata", "Asia/Tokyo"]


def daytime_zone() -> str:
    now = timezone.now()
    return next(z for z in ZONES if 10 <= now.astimezone(ZoneInfo(z)).hour < 16)


@pytest.fixture
def captured_logs():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(ContextFilter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def test_a_call_leaves_json_lines_without_phi(live_server, settings, monkeypatch, catalog, captured_logs):
    settings.PORTAL_URL = live_server.url
    settings.DIALER_BACKEND = "simulated"
    settings.OPENAI_API_KEY = ""
    monkeypatch.setattr(Conf, "SYNC", True)
    nurse = Client()
    nurse.force_login(NurseFactory(username="nurse.logs"))

    discharged = timezone.localtime(timezone.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = nurse.post(
        "/patients/discharge/",
        {
            "submission_key": "log-test",
            "patient_mode": "new",
            "new-first_name": FIRST,
            "new-last_name": LAST,
            "new-external_id": "MRN-LOG-1",
            "new-phone": PHONE_FORMS[2],
            "new-date_of_birth": DOB_FORMS[0],
            "new-time_zone": daytime_zone(),
            "new-preferred_language": "en",
            "discharged_at": discharged,
            "procedure": "Sclerotherapy of a venous malformation",
            "orders": ["post_wellness_check"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    patient = Patient.objects.get(last_name=LAST)
    assert str(patient.date_of_birth) == DOB_FORMS[0]
    call = CallScheduleItem.objects.filter(patient=patient).get()
    CallScheduleItem.objects.filter(pk=call.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=1))

    process_pending_calls()
    call.refresh_from_db()
    assert call.status in (CallStatus.COMPLETED, CallStatus.VOICEMAIL)
    for url in (f"/patients/{patient.pk}/", f"/calls/{call.pk}/", "/calls/", "/patients/?q=Thistle"):
        assert nurse.get(url).status_code == 200

    lines = captured_logs.getvalue().splitlines()
    assert len(lines) > 10
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message", "request_id", "call_ref"} <= set(r) for r in records)
    # The call's lines carry its reference; web requests carry an id.
    assert any(r["call_ref"] == f"call-{call.pk}" for r in records)
    assert any(r["request_id"] not in ("-", "") for r in records)

    searched = [FIRST, LAST, *PHONE_FORMS, *DOB_FORMS]
    leaks = [(term, line) for line in lines for term in searched if term.lower() in line.lower()]
    assert leaks == [], f"log lines hold patient details: {leaks[:5]}"


@pytest.mark.logs_phi_on_purpose
def test_the_search_would_find_a_leak(captured_logs):
    """The same search on a line that does hold a name: it is found (the test above can fail)."""
    logging.getLogger("calls.services").warning("calling %s %s", FIRST, PHONE_FORMS[0])
    lines = captured_logs.getvalue().splitlines()
    assert any(FIRST in line and PHONE_FORMS[0] in line for line in lines)


@pytest.mark.logs_phi_on_purpose
def test_extra_fields_from_libraries_are_not_written(captured_logs):
    """livekit-agents attaches what the patient said as extra fields ("lk.pii.text"): dropped."""
    logging.getLogger("livekit.agents").debug("conversation_item_added", extra={"lk.pii.text": f"I am {FIRST}"})
    [line] = [json.loads(x) for x in captured_logs.getvalue().splitlines() if "conversation_item_added" in x]
    assert set(line) == {"time", "level", "logger", "message", "request_id", "call_ref"}


@pytest.mark.logs_phi_on_purpose
def test_the_suite_wide_log_check_recognises_a_patients_details(db):
    """tests/conftest.py checks every test's log lines with these patterns."""
    from datetime import date

    from tests.conftest import _phi_patterns
    from tests.factories import PatientFactory

    patient = PatientFactory(first_name="Zenobia", last_name="Marchetti", phone="+12125550177")
    patient.date_of_birth = date(1949, 2, 3)
    patterns = dict(_phi_patterns(patient))
    assert patterns["first name"].search("calling Zenobia now")
    assert not patterns["first name"].search("calling ZenobiaX now")
    assert patterns["last name"].search('"message": "Marchetti"')
    assert patterns["phone"].search("dialled 2125550177") and patterns["phone"].search("number 555-0177")
    assert patterns["date of birth"].search("dob 1949-02-03") and patterns["date of birth"].search("02/03/1949")
    assert not any(p.search("call_state call=call-12 attempt=1 status=queued") for p in patterns.values())


def test_requests_about_a_call_carry_its_reference(nurse_client, captured_logs):
    from tests.factories import CallScheduleItemFactory

    call = CallScheduleItemFactory()
    response = nurse_client.get(f"/calls/{call.pk}/", headers={"X-Request-ID": "lb-trace-0001"})
    assert response["X-Request-ID"] == "lb-trace-0001"
    records = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    access = [r for r in records if r["logger"] == "postop.audit"]
    assert access and all(r["call_ref"] == f"call-{call.pk}" and r["request_id"] == "lb-trace-0001" for r in access)
    # An id that is not an id (spaces, markup) is replaced, never written into the logs.
    assert nurse_client.get("/", headers={"X-Request-ID": "<script> x"})["X-Request-ID"] != "<script> x"
