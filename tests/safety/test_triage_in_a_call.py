"""A simulated call end to end: red-flag words the scripted model does not know still get the tier's
wording as the agent's next line, and the nurse's dashboard shows the escalation titled with the
concept while the call is still going on.
"""

from __future__ import annotations

import httpx
import pytest
from django.conf import settings as django_settings
from django.test import Client

from agent_worker import scripted
from calls.models import CallStatus, CallType
from calls.tasks import process_pending_calls
from tests.calls.test_simulated_end_to_end import due_call
from tests.factories import NurseFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dashboard_during_call(portal, monkeypatch):
    """The dashboard's HTML (or the page at seen["path"]), fetched over HTTP just before the patient answers the
    agent's line after `words`."""
    nurse = Client()
    nurse.force_login(NurseFactory())
    cookie = {django_settings.SESSION_COOKIE_NAME: nurse.cookies[django_settings.SESSION_COOKIE_NAME].value}
    seen: dict[str, str] = {}
    original = scripted.ScriptedPatient.reply

    def reply(self: scripted.ScriptedPatient) -> str | None:
        if seen.get("said") and "page" not in seen:
            seen["page"] = httpx.get(f"{portal.url}{seen.get('path', '/')}", cookies=cookie, timeout=30).text
        line = original(self)
        if line and seen.get("words") and seen["words"] in line:
            seen["said"] = line
        return line

    monkeypatch.setattr(scripted.ScriptedPatient, "reply", reply)
    return seen


def agent_line_after(record, words: str) -> str:
    turns = list(record.turns.order_by("sequence"))
    index = next(i for i, t in enumerate(turns) if t.speaker == "patient" and words in t.text)
    return next(t.text for t in turns[index + 1 :] if t.speaker == "agent")


def test_lay_stroke_words_get_911_first_and_the_dashboard_shows_it_during_the_call(
    portal, dashboard_during_call, monkeypatch
):
    monkeypatch.setitem(scripted.SCENARIO_FOR_CALL_TYPE, "warning_signs", "red_flag_lay")
    dashboard_during_call["words"] = "face is drooping"
    call = due_call(CallType.WARNING_SIGNS, "You are checking for warning signs. How are you feeling today?")
    process_pending_calls()
    call.refresh_from_db()
    record = call.records.get()
    assert call.status == CallStatus.COMPLETED
    assert agent_line_after(record, "face is drooping").startswith("Please hang up and call 911 now.")
    [escalation] = call.escalations.all()
    assert (escalation.tier, escalation.rule_key) == ("emergent", "stroke")
    assert escalation.reason.startswith("Possible stroke") and "face is drooping" in escalation.patient_words
    assert escalation.created_at < record.ended_at
    assert "Possible stroke" in dashboard_during_call["page"]  # seen before the call ended


def test_lay_infection_words_get_the_clinic_instruction_as_the_next_line(portal, monkeypatch):
    monkeypatch.setitem(scripted.SCENARIO_FOR_CALL_TYPE, "wound_check", "urgent_lay")
    call = due_call(CallType.WOUND_CHECK, "You are checking on the wound. How does the incision look?")
    process_pending_calls()
    call.refresh_from_db()
    record = call.records.get()
    line = agent_line_after(record, "yellow stuff")
    assert line.startswith("Those can be signs of a wound infection") and "call the clinic now" in line
    assert "911" not in line.split(";")[0]
    [escalation] = call.escalations.all()
    assert (escalation.tier, escalation.rule_key, escalation.reason) == (
        "urgent",
        "wound_infection",
        "Possible wound infection",
    )


def test_an_urgent_red_flag_shows_on_the_call_page_while_the_call_goes_on(portal, dashboard_during_call, monkeypatch):
    # The agent reads the turn with the red-flag rules itself (no awaited triage request); the portal triages
    # the turn it receives and raises the escalation, which the nurse sees on the call's page within the call.
    monkeypatch.setitem(scripted.SCENARIO_FOR_CALL_TYPE, "wound_check", "urgent_lay")
    dashboard_during_call["words"] = "yellow stuff"
    call = due_call(CallType.WOUND_CHECK, "You are checking on the wound. How does the incision look?")
    dashboard_during_call["path"] = f"/calls/{call.pk}/"
    process_pending_calls()
    call.refresh_from_db()
    record = call.records.get()
    assert call.status == CallStatus.COMPLETED
    [escalation] = call.escalations.all()
    assert escalation.created_at < record.ended_at
    page = dashboard_during_call["page"]  # fetched before the patient's next words: the call was still going on
    assert "Possible wound infection" in page and "yellow stuff" in page
