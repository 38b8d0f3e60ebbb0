"""Resolving an escalation can clear the call's "Needs attention"; history reads as sentences; a call
flagged for a nurse can be cleared with what was done; the dashboard counts what happened today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallStatus
from calls.triage import escalation_raise
from tests.factories import CallRecordFactory, CallScheduleItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(db):
    call = CallScheduleItemFactory(status=CallStatus.COMPLETED, attempts=1)
    record = CallRecordFactory(call=call, outcome="completed", ended_at=timezone.now())
    escalation, _ = escalation_raise(
        record=record, tier="urgent", reason="Fever over 38.5", source="rule", rule_key="fever"
    )
    call.refresh_from_db()
    assert call.needs_attention
    # Later news on the call replaced the escalation's wording, as happens when the patient leaves a message.
    call.status_reason = "The patient left a message for the nurse; see the call's responses."
    call.save()
    return call, escalation


def test_resolving_with_the_box_ticked_clears_needs_attention(admin_client_, flagged):
    call, escalation = flagged
    page = admin_client_.get(f"/calls/escalations/{escalation.pk}/").content.decode()
    assert 'name="clear_attention" value="1" checked' in page  # no other open escalation: ticked by default
    response = admin_client_.post(
        f"/calls/escalations/{escalation.pk}/resolve/",
        {"note": "Called back, advised paracetamol", "clear_attention": "1"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert not call.needs_attention and call.status_reason.startswith("Looked at by")


def test_resolving_without_it_says_the_call_still_needs_attention(admin_client_, flagged):
    call, escalation = flagged
    response = admin_client_.post(f"/calls/escalations/{escalation.pk}/resolve/", {"note": "Called back"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert f"Call {call.pk} still shows “Needs attention”; clear it on the call's page" in text


def test_history_reads_as_sentences(admin_client_, flagged):
    _, escalation = flagged
    admin_client_.post(f"/calls/escalations/{escalation.pk}/acknowledge/")
    admin_client_.post(f"/calls/escalations/{escalation.pk}/resolve/", {"note": "Done"})
    html = admin_client_.get(f"/calls/escalations/{escalation.pk}/").content.decode()
    history = html.split('id="esc-history"')[1]
    assert "None" not in history and "status" not in history
    assert history.index("Raised") < history.index("Acknowledged") < history.index("Resolved")


def test_the_resolve_note_has_its_label_above_a_full_width_box(admin_client_, flagged):
    _, escalation = flagged
    html = admin_client_.get(f"/calls/escalations/{escalation.pk}/").content.decode()
    assert '<div class="field field-inline">' in html and '<label for="resolve-note">What did you do?</label>' in html


def test_a_flagged_call_can_be_cleared_with_what_was_done(nurse_client, flagged):
    call, _ = flagged
    assert "Clear “Needs attention”" in nurse_client.get(f"/calls/{call.pk}/").content.decode()
    refused = nurse_client.post(f"/calls/{call.pk}/clear-attention/", {"attention-note": " "})
    assert refused.status_code == 400 and "Say what you did" in refused.content.decode()
    nurse_client.post(f"/calls/{call.pk}/clear-attention/", {"attention-note": "Spoke with the patient"})
    call.refresh_from_db()
    assert not call.needs_attention and "Spoke with the patient" in call.status_reason


def test_todays_calls_count_what_happened_today(nurse_client):
    now = timezone.now()
    CallScheduleItemFactory(status=CallStatus.COMPLETED, scheduled_for=now - timedelta(days=3))
    CallScheduleItemFactory(status=CallStatus.PENDING, scheduled_for=now - timedelta(days=2))  # overdue, due today
    CallScheduleItemFactory(status=CallStatus.PENDING, scheduled_for=now + timedelta(days=3))  # not today
    CallScheduleItemFactory(status=CallStatus.IN_PROGRESS)
    old = CallScheduleItemFactory(status=CallStatus.FAILED)
    type(old).objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=3))  # failed days ago
    rows = {row["status"]: row["count"] for row in nurse_client.get("/").context["today"]}
    assert rows["completed"] == 1 and rows["pending"] == 1 and rows["in_progress"] == 1 and rows["failed"] == 0
