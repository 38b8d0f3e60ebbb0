"""LiveKitDialer against the LiveKit stand-in: the requests it sends and what it makes of the answers."""

from __future__ import annotations

import json
import socket
import time

import pytest
from django.utils import timezone
from livekit import api

from calls.dialing.backends import get_backend, place_call
from calls.dialing.livekit import LiveKitDialer
from calls.models import CallOutcome
from calls.tokens import read_agent_token
from tests.calls.livekit_peer import DELETE_ROOM, DISPATCH, SIP_CALL, TRUNK_ID
from tests.factories import livekit_call_attempt

pytestmark = pytest.mark.django_db

AGENT_KEYS = {
    "questions",
    "triage",
    "language",
    "texts",
    "call_id",
    "attempt",
    "portal_url",
    "token",
    "patient",
    "call_type",
    "llm_prompt",
    "purpose",
    "order",
    "procedure",
    "clinic",
    "simulated",
    "identity_check",
}


def assert_dispatched(peer, record) -> dict:
    """Exactly one dispatch, for the agent, in this attempt's room, never restarted; returns its metadata."""
    (dispatch,) = peer.of(DISPATCH)
    assert dispatch.agent_name == "postop-followup-agent"
    assert dispatch.room == f"call-{record.call_id}-a{record.attempt}"
    assert dispatch.restart_policy == api.JRP_NEVER
    metadata = json.loads(dispatch.metadata)
    assert set(metadata) == AGENT_KEYS
    assert set(metadata["patient"]) == {"first_name", "language", "time_zone"}
    for phi in ("Quintanilla", "+12125550147", "2125550147", "MRN-778812", "1961"):
        assert phi not in dispatch.metadata
    return metadata


def test_it_dispatches_the_agent_and_dials_the_patient(livekit) -> None:
    record = livekit_call_attempt(attempt=2)
    before = timezone.now()

    result = LiveKitDialer().place_call(record.call, record)

    room = f"call-{record.call_id}-a2"
    assert result.answered is True
    assert result.outcome is None
    assert result.room_name == room
    assert result.dispatch_id.startswith("AD_peer")
    assert before <= result.answered_at <= timezone.now()
    metadata = assert_dispatched(livekit, record)
    assert metadata["call_id"] == record.call_id
    assert metadata["attempt"] == 2
    assert metadata["portal_url"] == "https://portal.clinic.example"
    assert metadata["patient"] == {"first_name": "Maria", "language": "es", "time_zone": "America/Chicago"}
    assert metadata["order"]["params"] == {"return_date": "2025-01-20"}
    assert metadata["simulated"] is False
    grant = read_agent_token(metadata["token"])
    assert (grant.call_id, grant.attempt) == (record.call_id, 2)

    (dial,) = livekit.of(SIP_CALL)
    assert dial.sip_trunk_id == TRUNK_ID
    assert dial.sip_call_to == "+12125550147"
    assert dial.room_name == room
    assert dial.participant_identity == "patient"
    assert dial.wait_until_answered is True
    assert dial.ringing_timeout.seconds == 20
    assert livekit.of(DELETE_ROOM) == []
    # Each request was signed with the API secret and carried only the grant it needs.
    dispatch_claims, dial_claims = (r.claims for r in livekit.received)
    assert (dispatch_claims.video.room_admin, dispatch_claims.video.room) == (True, room)
    assert dial_claims.sip.call is True


def test_the_backend_is_chosen_from_the_record(livekit) -> None:
    record = livekit_call_attempt()
    assert isinstance(get_backend("livekit"), LiveKitDialer)
    assert place_call(record.call, record).answered is True


def test_a_wrong_api_secret_is_a_configuration_problem_and_nothing_is_dialed(livekit, settings) -> None:
    settings.LIVEKIT_API_SECRET = "not-the-secret-livekit-knows-about-0123456789"
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert livekit.rejected == [(DISPATCH, "unauthenticated")]
    assert livekit.received == []
    assert result.answered is False
    assert result.outcome == CallOutcome.FAILED
    assert result.retryable is True
    assert result.configuration_problem is True
    assert "LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in result.error
    assert result.dispatch_id == ""


def test_a_missing_trunk_is_a_configuration_problem_and_the_room_is_deleted(livekit) -> None:
    livekit.twirp_error(SIP_CALL, "not_found", "requested sip trunk does not exist")
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert result.outcome == CallOutcome.FAILED
    assert (result.retryable, result.configuration_problem) == (True, True)
    assert result.sip_status_code is None
    assert f"SIP_OUTBOUND_TRUNK_ID ({TRUNK_ID})" in result.error
    assert result.dispatch_id.startswith("AD_peer")
    assert [m.room for m in livekit.of(DELETE_ROOM)] == [result.room_name]
    assert result.extra["room_deleted"] is True
    assert livekit.rooms == set()


@pytest.mark.parametrize(
    ("code", "msg"),
    [("canceled", "sip request timed out"), ("failed_precondition", "context deadline exceeded")],
)
def test_a_ring_timeout_without_sip_status_is_no_answer(livekit, code: str, msg: str) -> None:
    livekit.twirp_error(SIP_CALL, code, msg)
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert (result.outcome, result.retryable, result.configuration_problem) == (CallOutcome.NO_ANSWER, True, False)
    assert len(livekit.of(DELETE_ROOM)) == 1


def test_livekit_unavailable_is_retried_without_flagging_the_setup(livekit) -> None:
    livekit.twirp_error(SIP_CALL, "unavailable", "no SIP service available")
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert (result.outcome, result.retryable, result.configuration_problem) == (CallOutcome.FAILED, True, False)
    assert len(livekit.of(DELETE_ROOM)) == 1


def test_server_down_is_retried(settings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.LIVEKIT_URL = f"http://127.0.0.1:{port}"
    settings.LIVEKIT_API_KEY, settings.LIVEKIT_API_SECRET = "key", "secret-" * 6
    settings.SIP_OUTBOUND_TRUNK_ID = TRUNK_ID
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert (result.outcome, result.retryable, result.configuration_problem) == (CallOutcome.FAILED, True, False)
    assert f"Could not reach LiveKit at http://127.0.0.1:{port}" in result.error
    assert "room_deleted" not in result.extra


def test_a_slow_dispatch_times_out_and_the_room_is_cleaned_up(livekit, settings) -> None:
    settings.LIVEKIT_REQUEST_TIMEOUT = 1
    livekit.slow(DISPATCH, 5)
    record = livekit_call_attempt()

    started = time.monotonic()
    result = LiveKitDialer().place_call(record.call, record)

    assert time.monotonic() - started < 4
    assert (result.outcome, result.retryable) == (CallOutcome.FAILED, True)
    assert "did not answer within 1 s" in result.error
    assert livekit.of(SIP_CALL) == []
    # The dispatch may exist server-side: its room is deleted all the same.
    assert [m.room for m in livekit.of(DELETE_ROOM)] == [result.room_name]


def test_a_dial_that_outlasts_the_ringing_window_times_out(livekit, settings) -> None:
    settings.LIVEKIT_REQUEST_TIMEOUT = 1
    settings.LIVEKIT_RINGING_TIMEOUT = 1  # the client waits ring time + 2 s
    livekit.slow(SIP_CALL, 8)
    record = livekit_call_attempt()

    started = time.monotonic()
    result = LiveKitDialer().place_call(record.call, record)

    assert 2.5 < time.monotonic() - started < 6
    assert (result.outcome, result.retryable, result.configuration_problem) == (CallOutcome.FAILED, True, False)
    assert "did not answer within 3 s" in result.error
    assert result.dispatch_id.startswith("AD_peer")
    assert [m.room for m in livekit.of(DELETE_ROOM)] == [result.room_name]


def test_half_configured_settings_never_reach_the_network(livekit, settings) -> None:
    settings.SIP_OUTBOUND_TRUNK_ID = ""
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert (result.retryable, result.configuration_problem) == (True, True)
    assert "SIP_OUTBOUND_TRUNK_ID" in result.error
    assert livekit.received == [] and livekit.rejected == []
