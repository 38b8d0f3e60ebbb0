"""The call page follows a live call: new transcript turns appear without a reload, and polling stops at the end."""

from __future__ import annotations

import pytest
from django.utils import timezone

from calls.models import CallStatus
from tests.factories import (
    TEST_PASSWORD,
    CallRecordFactory,
    CallScheduleItemFactory,
    NurseFactory,
    PatientFactory,
    PatientResponseFactory,
    TranscriptTurnFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_transcript_updates_live_and_stops_when_the_call_ends(page, artifacts):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.live")
    patient = PatientFactory(first_name="Sam", last_name="Rivera", time_zone="America/Denver")
    call = CallScheduleItemFactory(patient=patient, status=CallStatus.IN_PROGRESS, attempts=1, call_type="wound_check")
    record = CallRecordFactory(call=call, attempt=1, answered_at=timezone.now())
    TranscriptTurnFactory(record=record, sequence=1, text="Hi Sam, this is PostOp AI calling about your wound.")

    page.goto("/login/")
    page.get_by_label("Username").fill(nurse.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/calls/{call.pk}/")
    expect(page.get_by_text("Live — updating every")).to_be_visible()

    TranscriptTurnFactory(record=record, sequence=2, speaker="patient", text="It looks fine, a little sore.")
    expect(page.get_by_text("It looks fine, a little sore.")).to_be_visible(timeout=20_000)

    PatientResponseFactory(record=record, question="Any redness or swelling?", response="No")
    record.outcome, record.ended_at, record.summary = "completed", timezone.now(), "Wound healing; mild soreness."
    record.save()
    call.status = CallStatus.COMPLETED
    call.save()
    expect(page.locator("#call-status .status")).to_have_text("Completed", timeout=20_000)
    expect(page.get_by_text("Wound healing; mild soreness.")).to_be_visible()
    expect(page.get_by_text("Live — updating every")).to_have_count(0)
    page.screenshot(path=artifacts / "call-completed.png", full_page=True)

    page.set_viewport_size({"width": 800, "height": 1000})  # tablet, portrait
    page.goto("/patients/discharge/")
    page.screenshot(path=artifacts / "discharge-tablet.png", full_page=False)
