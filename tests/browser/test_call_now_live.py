"""Call now from the call page: the transcript appears and the call completes without a reload;
a Call now the daily limit defers says its new time and the reason at once."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_q.conf import Conf

from calls.models import CallScheduleItem, CallStatus, CallType
from calls.tasks import process_pending_calls
from tests.browser.test_discharge_flow import log_in
from tests.calls.test_simulated_end_to_end import daytime_zone
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    DischargeOrderFactory,
    NurseFactory,
    PatientFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every status the page shows, in order, and marks the document so a reload would be seen.
WATCH_STATUS = """() => {
  window.__noReload = true;
  window.__statuses = [document.querySelector('#call-status .status').textContent.trim()];
  new MutationObserver(() => {
    const el = document.querySelector('#call-status .status');
    const text = el && el.textContent.trim();
    if (text && window.__statuses[window.__statuses.length - 1] !== text) window.__statuses.push(text);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture
def portal(live_server, settings):
    settings.PORTAL_URL = live_server.url
    settings.DIALER_BACKEND = "simulated"
    settings.OPENAI_API_KEY = ""  # the offline scripted model
    return live_server


def test_call_now_shows_the_transcript_and_the_end_without_a_reload(page, portal, artifacts, monkeypatch):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.callnow")
    patient = PatientFactory(first_name="Maya", last_name="Okafor", time_zone=daytime_zone())
    order = DischargeOrderFactory(title="Return to school", instructions="Maya may return to school on Monday.")
    call = CallScheduleItemFactory(
        patient=patient,
        order=order,
        call_type=CallType.SCHOOL_RETURN,
        llm_prompt="You are calling about school. Is Maya ready to go back on Monday?",
        scheduled_for=timezone.now() + timedelta(days=2),
    )
    log_in(page, nurse.username)
    page.goto(f"/calls/{call.pk}/")
    expect(page.locator("#call-status .status")).to_have_text("Pending")
    page.evaluate(WATCH_STATUS)

    page.get_by_text("Call now…").click()
    page.get_by_role("button", name="Yes, call now").click()
    expect(page.get_by_text("Calling Maya now")).to_be_visible()
    page.evaluate(WATCH_STATUS)  # the form posted and redirected: watch this page from here on

    # The job cluster's part, run here: dispatch claims the call and the simulated agent talks to
    # the portal over HTTP while the browser keeps polling on its own.
    monkeypatch.setattr(Conf, "SYNC", True)
    assert process_pending_calls() == 1
    assert CallScheduleItem.objects.get(pk=call.pk).status == CallStatus.COMPLETED

    expect(page.locator("#call-status .status")).to_have_text("Completed", timeout=30_000)
    transcript = page.locator("ol.transcript")
    expect(transcript.get_by_text("Identity confirmed")).to_be_visible()
    expect(transcript.locator(".turn-patient").first).to_be_visible()
    assert "verify_identity" not in transcript.inner_text() and '{"' not in transcript.inner_text()
    expect(page.get_by_text("Live — updating every")).to_have_count(0)  # polling stopped at the end
    # The banner from the click no longer says "Calling Maya now" above a finished call.
    expect(page.locator("#call-now-message")).to_contain_text("The call you started has ended: completed")
    expect(page.get_by_text("Calling Maya now")).to_have_count(0)
    assert page.evaluate("window.__noReload") is True
    statuses = page.evaluate("window.__statuses")
    assert statuses[0] == "Pending" and statuses[-1] == "Completed", statuses
    page.screenshot(path=artifacts / "call-now-completed.png", full_page=True)


def test_a_deferred_call_now_says_its_new_time_and_why_at_once(page, portal, artifacts):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.deferred")
    zone = daytime_zone()
    patient = PatientFactory(first_name="Leo", last_name="Grant", time_zone=zone)
    earlier = CallScheduleItemFactory(patient=patient, status=CallStatus.COMPLETED, attempts=1)
    CallRecordFactory(call=earlier, attempt=1, outcome="completed", started_at=timezone.now() - timedelta(minutes=20))
    call = CallScheduleItemFactory(patient=patient, scheduled_for=timezone.now() + timedelta(days=3))

    log_in(page, nurse.username)
    page.goto(f"/calls/{call.pk}/")
    page.get_by_text("Call now…").click()
    page.get_by_role("button", name="Yes, call now").click()

    message = page.locator(".message-warning").filter(has_text="Not dialled now")
    expect(message).to_be_visible()
    expect(message).to_contain_text("already had a call today (limit 1 a day)")
    call.refresh_from_db()
    local = call.next_attempt_at.astimezone(ZoneInfo(zone))
    assert local.date() > timezone.now().astimezone(ZoneInfo(zone)).date()  # tomorrow, the patient's day
    expect(message).to_contain_text(f"{local:%H:%M} {local.tzname()}")
    expect(page.locator("#call-status .status")).to_have_text("Pending")
    page.screenshot(path=artifacts / "call-now-deferred.png", full_page=True)
