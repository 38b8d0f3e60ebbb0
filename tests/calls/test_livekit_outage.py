"""LiveKit unreachable is not a placed call: no calling-limit use, the call flagged, an outage on the dashboard."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from calls import rules, services
from calls.models import CallRecord, CallStatus
from calls.tasks import execute_followup_call
from tests.calls.livekit_peer import DISPATCH, SIP_CALL
from tests.calls.scripted_dialer import zone_at_local_hour
from tests.factories import livekit_call

pytestmark = pytest.mark.django_db


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture
def queued(settings):
    settings.CALL_RETRY_BASE_MINUTES, settings.CALL_RETRY_FACTOR = 10, 2
    call = livekit_call()
    call.patient.time_zone = zone_at_local_hour(12)
    call.patient.save()
    assert services.call_dispatch_due() == [call.pk]
    return call


def attempt(call) -> CallRecord:
    execute_followup_call(call.pk)
    call.refresh_from_db()
    return CallRecord.objects.get(call=call, attempt=call.attempts)


def test_a_refused_connection_is_flagged_and_the_retry_stays_today(livekit, queued, settings):
    live_url = settings.LIVEKIT_URL
    settings.LIVEKIT_URL = closed_port_url()
    record = attempt(queued)
    assert record.transport_failure is True and record.configuration_problem is False
    assert queued.status == CallStatus.PENDING and queued.needs_attention is True
    assert "LiveKit could not be reached" in queued.status_reason and "does not count" in queued.status_reason
    assert not rules.counted_records().filter(pk=record.pk).exists()

    # The retry comes due in ~10 minutes: the dispatcher must not defer it to tomorrow for the daily limit.
    retry_at = queued.next_attempt_at + timedelta(seconds=1)
    assert retry_at - timezone.now() < timedelta(minutes=12)
    assert services.call_dispatch_due(now=retry_at) == [queued.pk]
    settings.LIVEKIT_URL = live_url
    second = attempt(queued)
    assert second.attempt == 2 and second.transport_failure is False and second.answered_at is not None
    assert len(livekit.of(SIP_CALL)) == 1


def test_a_sip_request_with_no_answer_before_the_time_out_is_a_transport_failure(livekit, queued, settings):
    settings.LIVEKIT_REQUEST_TIMEOUT = 1
    settings.LIVEKIT_RINGING_TIMEOUT = 1  # the client waits ring time + 2 s, then gives up
    livekit.slow(SIP_CALL, 8)
    record = attempt(queued)
    assert record.transport_failure is True and "did not answer within" in record.error
    assert queued.status == CallStatus.PENDING and queued.needs_attention is True
    assert not rules.counted_records().filter(pk=record.pk).exists()


def test_an_attempt_that_reached_livekit_still_counts(livekit, queued):
    livekit.sip_failure(486, "Busy Here")
    record = attempt(queued)
    assert record.transport_failure is False
    assert rules.counted_records().filter(pk=record.pk).exists()
    assert queued.needs_attention is False


def test_the_dashboard_shows_the_outage_until_an_attempt_gets_through(livekit, queued, settings, nurse_client):
    live_url = settings.LIVEKIT_URL
    assert "LiveKit outage" not in nurse_client.get("/").content.decode()
    settings.LIVEKIT_URL = closed_port_url()
    attempt(queued)
    page = nurse_client.get("/").content.decode()
    assert "LiveKit outage: the last 1 call attempt could not reach LiveKit" in page

    settings.LIVEKIT_URL = live_url
    services.call_dispatch_due(now=queued.next_attempt_at + timedelta(seconds=1))
    attempt(queued)
    assert len(livekit.of(DISPATCH)) == 1
    assert "LiveKit outage" not in nurse_client.get("/").content.decode()
