"""Every SIP failure class of issue 6's table, as livekit-server reports it through the real client."""

from __future__ import annotations

import pytest
from livekit import api

from calls.livekit_dialer import LiveKitDialer, classify_sip_error
from calls.models import CallOutcome
from tests.calls.livekit_peer import DELETE_ROOM, SIP_CALL, TRUNK_ID
from tests.factories import livekit_call_attempt

pytestmark = pytest.mark.django_db

BUSY, NO_ANSWER, WRONG, DECLINED, FAILED = (
    CallOutcome.BUSY,
    CallOutcome.NO_ANSWER,
    CallOutcome.WRONG_NUMBER,
    CallOutcome.DECLINED,
    CallOutcome.FAILED,
)

# (SIP status, reason, outcome, retryable, configuration problem)
TABLE = [
    (486, "Busy Here", BUSY, True, False),
    (600, "Busy Everywhere", BUSY, True, False),
    (480, "Temporarily Unavailable", NO_ANSWER, True, False),
    (408, "Request Timeout", NO_ANSWER, True, False),
    (487, "Request Terminated", NO_ANSWER, True, False),
    (404, "Not Found", WRONG, False, False),
    (484, "Address Incomplete", WRONG, False, False),
    (410, "Gone", WRONG, False, False),
    (604, "Does Not Exist Anywhere", WRONG, False, False),
    (603, "Decline", DECLINED, False, False),
    (401, "Unauthorized", FAILED, False, True),
    (403, "Forbidden", FAILED, False, True),
    (407, "Proxy Authentication Required", FAILED, False, True),
    (415, "Unsupported Media Type", FAILED, True, False),
    (488, "Not Acceptable Here", FAILED, True, False),
    (500, "Server Internal Error", FAILED, True, False),
    (503, "Service Unavailable", FAILED, True, False),
]


@pytest.mark.parametrize(("code", "reason", "outcome", "retryable", "config"), TABLE)
def test_a_sip_failure_maps_to_its_outcome(livekit, code, reason, outcome, retryable, config) -> None:
    livekit.sip_failure(code, reason)
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert result.answered is False
    assert (result.outcome, result.retryable, result.configuration_problem) == (outcome, retryable, config)
    assert (result.sip_status_code, result.sip_status) == (code, reason)
    assert f"SIP {code} {reason}" in result.error
    assert "+1212" not in result.error
    (dial,) = livekit.of(SIP_CALL)
    assert (dial.sip_call_to, dial.sip_trunk_id) == ("+12125550147", TRUNK_ID)
    # The agent was already dispatched: its room goes, so it does not wait for nobody.
    assert [m.room for m in livekit.of(DELETE_ROOM)] == [f"call-{record.call_id}-a1"]
    assert result.extra["room_deleted"] is True


def test_the_carrier_refusing_the_trunk_names_the_trunk() -> None:
    err = api.SipCallError(
        "permission_denied", "sip status 403: Forbidden", status=403, metadata={"sip_status_code": "403"}
    )
    failure = classify_sip_error(err, trunk_id=TRUNK_ID, retry_once_cap=2)
    assert failure.configuration_problem is True
    assert f"outbound SIP trunk {TRUNK_ID}" in failure.error


@pytest.mark.parametrize(("attempt", "max_attempts", "cap"), [(1, 3, 2), (2, 3, 3), (3, 3, 3), (1, 1, 1)])
def test_another_4xx_allows_one_more_attempt_only(livekit, attempt: int, max_attempts: int, cap: int) -> None:
    livekit.sip_failure(415, "Unsupported Media Type")
    record = livekit_call_attempt(attempt=attempt, max_attempts=max_attempts)

    result = LiveKitDialer().place_call(record.call, record)

    assert result.retryable is True
    assert result.extra["max_attempts"] == cap


def test_the_busy_signal_needs_no_attempt_cap(livekit) -> None:
    livekit.sip_failure(486, "Busy Here")
    record = livekit_call_attempt()
    result = LiveKitDialer().place_call(record.call, record)
    assert "max_attempts" not in result.extra


def test_a_phone_number_in_a_server_message_is_masked(livekit) -> None:
    livekit.twirp_error(SIP_CALL, "invalid_argument", "cannot dial +12125550147: number not allowed on trunk")
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert result.configuration_problem is True
    assert "+12125550147" not in result.error
    assert "[number]" in result.error
