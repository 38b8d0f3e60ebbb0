"""One clock: no template prints a time except through postop/templatetags/clock.py, and no page a
nurse reads shows a naive or UTC time, or a raw tool call, whatever the data."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from calls.models import CallStatus, Escalation, Speaker
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    DischargeFactory,
    DischargeOrderFactory,
    PatientFactory,
    PatientResponseFactory,
    TranscriptTurnFactory,
    UserFactory,
)

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts and ".tools" not in p.parts)
# Django's own time output (unlabelled, in whatever zone is active) and raw datetime fields.
RAW_TIME = re.compile(
    r"\|\s*(date|time|naturaltime|timesince)\b|\{%\s*(now|timezone|load tz)\b|\{%\s*load[^%]*\btz\b"
    r"|\{\{\s*[\w.]+(_at|scheduled_for|deadline|due_by|timestamp)\s*\}\}"
)
TOOL_CALL = re.compile(r"\b[a-z_]+\(\{.*?\}\)\s*->|\{\s*\"(verified|tier|scheduled|found)\"")
UTC_TIME = re.compile(
    r"\bUTC\b|\bGMT\b|\+00:00|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?(?![:\d])(?!\s*(?:[ECMP][SD]T)\b)"
    r"(?!\u2013\d{2}:\d{2} [ECMP][SD]T\b)(?! [AP]M \(patient's time, [ECMP][SD]T\))"
)


class _Text(HTMLParser):
    """The text a nurse reads: no attributes (a <time datetime=...> is for machines), no scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_prints_a_time_itself(path):
    found = [m.group(0) for m in RAW_TIME.finditer(path.read_text())]
    assert not found, f"{path.relative_to(ROOT)} prints times without the clock filters: {found}"


@pytest.fixture
def busy_clinic(db, admin_user):
    """A patient in another zone with a live call, a finished one with tool events, and an escalation."""
    patient = PatientFactory(
        first_name="Rosa", last_name="Diaz", time_zone="America/Denver", date_of_birth="2015-03-02"
    )
    order = DischargeOrderFactory(title="Compression bandage")
    discharge = DischargeFactory(patient=patient, procedure="Sclerotherapy")
    discharge.orders.add(order)
    done = CallScheduleItemFactory(patient=patient, discharge=discharge, order=order, status=CallStatus.COMPLETED)
    record = CallRecordFactory(call=done, outcome="completed", answered_at=timezone.now(), ended_at=timezone.now())
    for n, (speaker, text) in enumerate(
        [
            (Speaker.AGENT, "Hello Rosa."),
            (Speaker.TOOL, 'verify_identity({"first_name": "Rosa", "identifier": "March 2"}) -> {"verified": true}'),
            (Speaker.TOOL, 'lookup_symptom_guidance({"symptom": "swelling"}) -> {"found": true, "urgency": "routine"}'),
            (
                Speaker.TOOL,
                'schedule_reminder_call({"when": "tomorrow"}) -> '
                '{"scheduled": true, "local_time": "Tuesday at 9:00 AM"}',
            ),
            (Speaker.PATIENT, "My leg is more swollen."),
        ]
    ):
        TranscriptTurnFactory(record=record, sequence=n + 1, speaker=speaker, text=text)
    PatientResponseFactory(record=record, question="Bandage removed?", response="Yes")
    live = CallScheduleItemFactory(patient=patient, status=CallStatus.IN_PROGRESS, attempts=1, needs_attention=True)
    CallRecordFactory(call=live, attempt=1)
    CallScheduleItemFactory(patient=patient, scheduled_for=timezone.now() + timedelta(days=1))
    escalation = Escalation.objects.create(
        call=done, record=record, patient=patient, tier="urgent", reason="Swelling", source="rule",
        rule_key="swelling", due_by=timezone.now() + timedelta(hours=4),
    )  # fmt: skip
    return {"patient": patient, "done": done, "live": live, "escalation": escalation}


def test_every_page_shows_clinic_times_labelled_and_no_raw_tool_calls(admin_user, busy_clinic):
    client = Client()
    client.force_login(admin_user)
    patient, done, live, esc = (busy_clinic[k] for k in ("patient", "done", "live", "escalation"))
    pages = [
        "/", "/patients/", "/patients/discharge/", f"/patients/{patient.pk}/", f"/patients/{patient.pk}/contact/",
        "/calls/", f"/calls/{done.pk}/", f"/calls/{live.pk}/", "/calls/escalations/", f"/calls/escalations/{esc.pk}/",
        "/calls/escalations/panel/", "/calls/review/", "/discharges/", "/knowledge/", "/admin/calls/callrecord/",
        "/admin/calls/callscheduleitem/",
    ]  # fmt: skip
    rendered: set[str] = set()
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        rendered.update(t.name for t in response.templates if t.name)
        text = visible_text(response.content.decode())
        assert not TOOL_CALL.search(text), (path, TOOL_CALL.search(text).group(0))
        # Every clock time carries its zone: EST/EDT for the clinic, MST/MDT for the patient.
        bad = [m.group(0) for m in UTC_TIME.finditer(text)]
        assert not bad, (path, bad[:5])
    picker = client.post("/patients/", {"picker": "1", "q": "Diaz"}, headers={"HX-Request": "true"})
    rendered.update(t.name for t in picker.templates if t.name)
    assert "age 1" in visible_text(picker.content.decode())  # born 2015: age in years beside the birthday
    no_role = Client()
    no_role.force_login(UserFactory(username="new.staff", is_staff=True))
    refused = no_role.get("/")
    assert refused.status_code == 403
    rendered.update(t.name for t in refused.templates if t.name)
    live_html = visible_text(client.get(f"/calls/{live.pk}/", headers={"HX-Request": "true"}).content.decode())
    assert "Live" in live_html
    # The last poll of a call the nurse started with "Call now" replaces the "Calling ... now" banner.
    ended = client.get(
        f"/calls/{done.pk}/", {"shown": "in_progress", "banner": "call-now"}, headers={"HX-Request": "true"}
    )
    rendered.update(t.name for t in ended.templates if t.name)
    ended_text = visible_text(ended.content.decode())
    assert re.search(r"The call you started has ended: completed at .*\d{2}:\d{2} (MST|MDT)", ended_text), ended_text
    page = visible_text(client.get(f"/calls/{done.pk}/").content.decode())
    for event in (
        "Identity confirmed",
        "Looked up: swelling",
        "Reminder scheduled for Tuesday at 9:00 AM (patient's time, M",
    ):
        assert event in page
    assert re.search(r"\d{2}:\d{2} (EST|EDT) · \d{2}:\d{2} (MST|MDT) patient's time", page)
    ours = {"/".join(p.parts[p.parts.index("templates") + 1 :]) for p in TEMPLATES if "admin" not in p.parts}
    unrendered = {t for t in ours if t not in rendered} - {
        "registration/login.html", "knowledge/ask.html", "knowledge/document_detail.html",
        "knowledge/document_form.html", "patients/lift_do_not_call.html", "knowledge/_field.html",
        "patients/_tcm_share.html",
        # Pages that need state this clinic does not have (an ADT encounter to set up, a numeric answer
        # to chart, a knowledge document, an SSO login, a lockout, an MFA enrolment); the template grep
        # above still checks that none of them prints a time itself.
        "adt/set_up.html", "capture/_answer_chart.html", "knowledge/_status.html", "idp_login.html",
        "registration/locked_out.html", "registration/mfa_setup.html", "registration/mfa_verify.html",
    }  # fmt: skip
    assert not unrendered, f"pages not covered by this test: {sorted(unrendered)}"
