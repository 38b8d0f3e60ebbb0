"""Every SIP failure class of issue 6's table, as livekit-server reports it through the real client."""

from __future__ import annotations

import pytest
from livekit import api

from calls.dialing.livekit import LiveKitDialer, classify_sip_error
from calls.models import CallOutcome
from tests.calls.livekit_peer import DELETE_ROOM, SIP_CALL, TRUNK_ID
from tests.factories import CallRecordFactory, livekit_call_attempt

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
    failure = classify_sip_error(err, trunk_id=TRUNK_ID)
    assert failure.configuration_problem is True
    assert f"outbound SIP trunk {TRUNK_ID}" in failure.error


def test_another_4xx_is_retried_once_only(livekit) -> None:
    livekit.sip_failure(415, "Unsupported Media Type")
    first = livekit_call_attempt(attempt=1)
    dialer = LiveKitDialer()
    assert dialer.place_call(first.call, first).retryable is True
    first.outcome, first.sip_status_code = CallOutcome.FAILED, 415
    first.save()
    second = CallRecordFactory(call=first.call, attempt=2, backend="livekit")

    result = dialer.place_call(second.call, second)

    assert (result.outcome, result.retryable, result.sip_status_code) == (CallOutcome.FAILED, False, 415)
    assert "not retrying" in result.error


def test_a_busy_line_before_does_not_use_up_the_one_retry(livekit) -> None:
    first = livekit_call_attempt(attempt=1)
    first.outcome, first.sip_status_code = CallOutcome.BUSY, 486
    first.save()
    second = CallRecordFactory(call=first.call, attempt=2, backend="livekit")
    livekit.sip_failure(488, "Not Acceptable Here")

    assert LiveKitDialer().place_call(second.call, second).retryable is True


def test_a_phone_number_in_a_server_message_is_masked(livekit) -> None:
    livekit.twirp_error(SIP_CALL, "invalid_argument", "cannot dial +12125550147: number not allowed on trunk")
    record = livekit_call_attempt()

    result = LiveKitDialer().place_call(record.call, record)

    assert result.configuration_problem is True
    assert "+12125550147" not in result.error
    assert "[number]" in result.error
