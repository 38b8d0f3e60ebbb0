"""LiveKit's error text on nurse pages: the plain reason only, with addresses, keys and phone numbers
masked; the raw text stays on the record for administrators (issue 22, item 18)."""

from __future__ import annotations

import pytest
from livekit import api

from calls.dialing.livekit import _classify_server_error, _classify_transport_error
from calls.dialing.redaction import nurse_error_text
from calls.models import CallOutcome, CallStatus
from tests.factories import CallRecordFactory

SECRETS = ("APIa1b2c3d4e5f6", "lk.clinic-voice.example", "6175550142", "Errno", "invalid token", "ST_9xYz")


def twirp(code: str, status: int, message: str) -> api.TwirpError:
    return api.TwirpError(code, message, status=status)


@pytest.fixture
def raw_errors() -> list[str]:
    unauth = _classify_server_error(
        twirp("unauthenticated", 401, "invalid token APIa1b2c3d4e5f6 for wss://lk.clinic-voice.example"),
        stage="dispatch the agent",
        trunk_id="ST_9xYz",
    )
    outage = _classify_server_error(
        twirp("internal", 503, "sip gateway 10.2.3.4:5060 rejected +1 617 555 0142"),
        stage="place the SIP call",
        trunk_id="ST_9xYz",
    )
    refused = _classify_transport_error(
        ConnectionRefusedError(111, "[Errno 111] Connect call failed ('10.2.3.4', 7880)"),
        stage="dispatch the agent",
        url="wss://lk.clinic-voice.example:7880",
        timeout=10,
    )
    return [unauth.error, outage.error, refused.error]


def test_the_nurse_text_keeps_the_reason_and_drops_the_server_words(raw_errors):
    unauth, outage, refused = (nurse_error_text(raw) for raw in raw_errors)
    assert unauth.startswith("LiveKit refused to dispatch the agent: check LIVEKIT_API_KEY")
    assert outage.startswith("LiveKit could not place the SIP call right now")
    assert refused == "Could not reach LiveKit at [address] (dispatch the agent)."
    for text in (unauth, outage, refused):
        assert not [secret for secret in SECRETS if secret in text], text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The line was busy (SIP 486 Busy Here).", "The line was busy (SIP 486 Busy Here)."),
        ("The dialer failed unexpectedly (RuntimeError: Maria +16175550142)", "The dialer failed unexpectedly."),
        ("Reach ops@clinic.example or https://status.example/x now.", "Reach [address] or [address] now."),
        ("", ""),
    ],
)
def test_plain_reasons_pass_and_anything_identifying_is_masked(raw, expected):
    assert nurse_error_text(raw) == expected


@pytest.mark.django_db
def test_nurse_pages_show_the_masked_text_and_admin_keeps_the_raw(raw_errors, nurse_client, admin_client_):
    records = []
    for raw in raw_errors:
        record = CallRecordFactory(
            call__status=CallStatus.PENDING,
            call__last_error=raw,
            call__needs_attention=True,
            outcome=CallOutcome.FAILED,
            error=raw,
            configuration_problem=True,
        )
        records.append(record)
    pages = [nurse_client.get("/").content.decode()]
    pages += [nurse_client.get(f"/calls/{record.call_id}/").content.decode() for record in records]
    for html in pages:
        assert not [secret for secret in SECRETS if secret in html]
    assert "LiveKit refused to dispatch the agent" in pages[1]
    raw_view = admin_client_.get(f"/admin/calls/callrecord/{records[0].pk}/change/").content.decode()
    assert "APIa1b2c3d4e5f6" in raw_view
