"""The LiveKit dialer: one agent dispatch and one outbound SIP call per attempt.

Runs inside the synchronous django-q2 job, so the async livekit-api client is driven
with asyncio.run. Everything the database is needed for (room name, metadata, phone)
is read before the event loop starts: the ORM refuses to run inside it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import re
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp
from django.conf import settings
from django.utils import timezone
from livekit import api

from calls.dialing.types import DialResult
from calls.models import CallOutcome
from calls.selectors import call_agent_context

if TYPE_CHECKING:
    from calls.models import CallRecord, CallScheduleItem

logger = logging.getLogger(__name__)

# The voice agent waits for a participant with exactly this identity (agent_worker).
PATIENT_IDENTITY = "patient"

BUSY_CODES = frozenset({486, 600})
NO_ANSWER_CODES = frozenset({408, 480, 487})
WRONG_NUMBER_CODES = frozenset({404, 410, 484, 604})
DECLINED_CODES = frozenset({603})
TRUNK_AUTH_CODES = frozenset({401, 403, 407})

# Anything that looks like a phone number in a server message is masked: those
# messages end up on the call record and on the dashboard.
_NUMBER_RE = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def room_name_for(*, call_id: int, attempt: int) -> str:
    """Unique per attempt and free of PHI: room names show up in LiveKit's dashboard and logs."""
    return f"call-{call_id}-a{attempt}"


def _mask(text: str) -> str:
    return _NUMBER_RE.sub("[number]", text or "")[:300]


@dataclass(frozen=True)
class _Attempt:
    url: str
    api_key: str
    api_secret: str
    trunk_id: str
    agent_name: str
    ringing_timeout: int
    request_timeout: float
    room: str
    metadata: str
    phone: str
    other_refusal_before: bool
    call_ref: str


@dataclass
class _Failure:
    outcome: CallOutcome
    retryable: bool
    error: str
    sip_status_code: int | None = None
    sip_status: str = ""
    configuration_problem: bool = False
    transport_failure: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def is_other_refusal(sip_status_code: int | None) -> bool:
    """A SIP failure outside the table's named classes: retried once, not more."""
    if sip_status_code is None or 500 <= sip_status_code < 600:
        return False
    named = BUSY_CODES | NO_ANSWER_CODES | WRONG_NUMBER_CODES | DECLINED_CODES | TRUNK_AUTH_CODES
    return sip_status_code >= 400 and sip_status_code not in named


def classify_sip_error(err: api.ServerError, *, trunk_id: str, other_refusal_before: bool = False) -> _Failure:
    """Map an error from CreateSIPParticipant onto an outcome (issue 6's table).

    `other_refusal_before`: an earlier attempt of this call already ended with an "other"
    SIP refusal, so this one is not retried again.
    """
    code = err.sip_status_code if isinstance(err, api.SipCallError) else None
    if code is not None:
        status = err.sip_status or ""
        label = f"SIP {code} {status}".strip()
        kw: dict[str, object] = {"sip_status_code": code, "sip_status": status[:200]}
        if code in BUSY_CODES:
            return _Failure(CallOutcome.BUSY, True, f"The line was busy ({label}).", **kw)
        if code in NO_ANSWER_CODES:
            return _Failure(CallOutcome.NO_ANSWER, True, f"Nobody answered ({label}).", **kw)
        if code in WRONG_NUMBER_CODES:
            return _Failure(
                CallOutcome.WRONG_NUMBER,
                False,
                f"The number could not be reached ({label}): check the patient's phone number.",
                **kw,
            )
        if code in DECLINED_CODES:
            return _Failure(CallOutcome.DECLINED, False, f"The patient declined the call ({label}).", **kw)
        if code in TRUNK_AUTH_CODES:
            return _Failure(
                CallOutcome.FAILED,
                False,
                f"The carrier refused the call ({label}): check the credentials and allowed numbers "
                f"of outbound SIP trunk {trunk_id} in LiveKit.",
                configuration_problem=True,
                **kw,
            )
        if 500 <= code < 600:
            return _Failure(CallOutcome.FAILED, True, f"The carrier failed to place the call ({label}).", **kw)
        # Other 4xx (and unknown 6xx): something about this call was refused; one more try.
        if other_refusal_before:
            return _Failure(
                CallOutcome.FAILED, False, f"The carrier refused the call again ({label}); not retrying.", **kw
            )
        return _Failure(CallOutcome.FAILED, True, f"The carrier refused the call ({label}).", **kw)

    message = _mask(err.message)
    if err.code == api.TwirpErrorCode.CANCELED or err.status == 408 or err.code == "deadline_exceeded":
        # livekit-server's ringing timeout: "sip request timed out".
        return _Failure(CallOutcome.NO_ANSWER, True, f"Nobody answered before the ringing timeout ({err.code}).")
    if err.code == api.TwirpErrorCode.FAILED_PRECONDITION and "deadline" in message.lower():
        return _Failure(CallOutcome.NO_ANSWER, True, f"Nobody answered before the ringing timeout ({err.code}).")
    return _classify_server_error(err, stage="place the SIP call", trunk_id=trunk_id)


def _classify_server_error(err: api.ServerError, *, stage: str, trunk_id: str) -> _Failure:
    """A Twirp error with no SIP status: LiveKit trouble (retry) or the clinic's setup (flag it)."""
    message = _mask(err.message)
    if err.status >= 500 or err.code == api.TwirpErrorCode.RESOURCE_EXHAUSTED:
        return _Failure(
            CallOutcome.FAILED, True, f"LiveKit could not {stage} right now ({err.code}, HTTP {err.status}): {message}"
        )
    if err.code in (api.TwirpErrorCode.UNAUTHENTICATED, api.TwirpErrorCode.PERMISSION_DENIED):
        hint = "check LIVEKIT_API_KEY and LIVEKIT_API_SECRET"
    elif err.code == api.TwirpErrorCode.NOT_FOUND:
        hint = f"check SIP_OUTBOUND_TRUNK_ID ({trunk_id}) and that the outbound trunk exists in LiveKit"
    else:
        hint = f"check the LiveKit project and outbound SIP trunk {trunk_id}"
    return _Failure(
        CallOutcome.FAILED,
        True,
        f"LiveKit refused to {stage} ({err.code}: {message}): {hint}. The call stays pending.",
        configuration_problem=True,
    )


def _classify_transport_error(
    exc: BaseException, *, stage: str, url: str, timeout: float, before_dial: bool = False
) -> _Failure:
    """LiveKit unreachable: a transport failure (not a placed call) when LiveKit never gave any answer.

    Connection refused, DNS and time-outs before any SIP answer are transport failures at either
    stage; before the SIP request (the agent dispatch) every transport error is. A SIP request
    whose connection broke mid-way (server disconnected) may have rung the phone: it counts.
    """
    if isinstance(exc, TimeoutError):
        return _Failure(
            CallOutcome.FAILED,
            True,
            f"LiveKit at {url} did not answer within {timeout:g} s ({stage}).",
            transport_failure=True,
        )
    return _Failure(
        CallOutcome.FAILED,
        True,
        f"Could not reach LiveKit at {url} ({stage}): {type(exc).__name__}: {_mask(str(exc))}",
        transport_failure=before_dial or isinstance(exc, aiohttp.ClientConnectorError),
    )


class LiveKitDialer:
    name = "livekit"

    def place_call(self, call: CallScheduleItem, record: CallRecord) -> DialResult:
        missing = [
            name
            for name in ("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "SIP_OUTBOUND_TRUNK_ID")
            if not getattr(settings, name, "")
        ]
        if missing:
            return DialResult(
                answered=False,
                outcome=CallOutcome.FAILED,
                retryable=True,
                configuration_problem=True,
                error=f"LiveKit is not configured (missing {', '.join(missing)}). The call stays pending.",
            )
        attempt = _Attempt(
            url=settings.LIVEKIT_URL,
            api_key=settings.LIVEKIT_API_KEY,
            api_secret=settings.LIVEKIT_API_SECRET,
            trunk_id=settings.SIP_OUTBOUND_TRUNK_ID,
            agent_name=settings.LIVEKIT_AGENT_NAME,
            ringing_timeout=int(settings.LIVEKIT_RINGING_TIMEOUT),
            request_timeout=float(settings.LIVEKIT_REQUEST_TIMEOUT),
            room=room_name_for(call_id=call.pk, attempt=record.attempt),
            metadata=json.dumps(call_agent_context(record=record)),
            phone=call.patient.phone,
            other_refusal_before=any(
                is_other_refusal(code)
                for code in call.records.filter(attempt__lt=record.attempt, outcome=CallOutcome.FAILED).values_list(
                    "sip_status_code", flat=True
                )
            ),
            call_ref=call.ref,
        )
        return _run(_dial(attempt))


def _run(coro: Coroutine[Any, Any, DialResult]) -> DialResult:
    """asyncio.run, also when the caller already runs an event loop (then in a thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _dial(a: _Attempt) -> DialResult:
    lkapi = api.LiveKitAPI(
        a.url,
        a.api_key,
        a.api_secret,
        timeout=aiohttp.ClientTimeout(total=a.request_timeout),
        # Our own retry (with backoff, in the calling window) is the only retry: a
        # replayed CreateDispatch would add a second agent to the room.
        failover=False,
    )
    try:
        return await _dial_with(lkapi, a)
    finally:
        await lkapi.aclose()


async def _dial_with(lkapi: api.LiveKitAPI, a: _Attempt) -> DialResult:
    base: dict[str, object] = {"room_name": a.room}
    try:
        dispatch = await asyncio.wait_for(
            lkapi.agent_dispatch.create_dispatch(
                api.CreateAgentDispatchRequest(
                    agent_name=a.agent_name,
                    room=a.room,
                    metadata=a.metadata,
                    restart_policy=api.JRP_NEVER,
                )
            ),
            timeout=a.request_timeout + 1,
        )
    except api.ServerError as err:
        failure = _classify_server_error(err, stage="dispatch the agent", trunk_id=a.trunk_id)
        # A 5xx may have created the dispatch anyway.
        if err.status >= 500:
            failure.extra["room_deleted"] = await _delete_room(lkapi, a)
        return _result(failure, **base)
    except (TimeoutError, aiohttp.ClientError) as exc:
        failure = _classify_transport_error(
            exc, stage="dispatch the agent", url=a.url, timeout=a.request_timeout, before_dial=True
        )
        # A timed-out request may have reached the server; a refused connection did not.
        if isinstance(exc, TimeoutError):
            failure.extra["room_deleted"] = await _delete_room(lkapi, a)
        return _result(failure, **base)

    base["dispatch_id"] = dispatch.id
    request = api.CreateSIPParticipantRequest(
        sip_trunk_id=a.trunk_id,
        sip_call_to=a.phone,
        room_name=a.room,
        participant_identity=PATIENT_IDENTITY,
        participant_name="Patient",
        wait_until_answered=True,
    )
    request.ringing_timeout.seconds = a.ringing_timeout
    # livekit-api raises the request timeout to ring time + 2 s; the outer guard
    # only catches a client that somehow stops honouring its own timeout.
    dial_timeout = max(a.request_timeout, a.ringing_timeout + 2)
    try:
        await asyncio.wait_for(
            lkapi.sip.create_sip_participant(request, timeout=a.request_timeout),
            timeout=dial_timeout + 2,
        )
    except api.ServerError as err:
        failure = classify_sip_error(err, trunk_id=a.trunk_id, other_refusal_before=a.other_refusal_before)
    except (TimeoutError, aiohttp.ClientError) as exc:
        failure = _classify_transport_error(
            exc, stage="place the SIP call", url=a.url, timeout=dial_timeout, before_dial=False
        )
    else:
        logger.info("LiveKit call answered: %s room=%s dispatch=%s", a.call_ref, a.room, dispatch.id)
        return DialResult(answered=True, answered_at=timezone.now(), **base)  # type: ignore[arg-type]

    # The agent was dispatched: do not leave it waiting in a room nobody will join.
    failure.extra["room_deleted"] = await _delete_room(lkapi, a)
    logger.info(
        "LiveKit call not answered: %s room=%s outcome=%s sip=%s",
        a.call_ref,
        a.room,
        failure.outcome,
        failure.sip_status_code,
    )
    return _result(failure, **base)


async def _delete_room(lkapi: api.LiveKitAPI, a: _Attempt) -> bool:
    try:
        await asyncio.wait_for(
            lkapi.room.delete_room(api.DeleteRoomRequest(room=a.room)), timeout=a.request_timeout + 1
        )
    except api.ServerError as err:
        if err.code == api.TwirpErrorCode.NOT_FOUND:
            return True
        logger.warning("Could not delete LiveKit room %s for %s: %s", a.room, a.call_ref, err.code)
        return False
    except (TimeoutError, aiohttp.ClientError) as exc:
        logger.warning("Could not delete LiveKit room %s for %s: %s", a.room, a.call_ref, type(exc).__name__)
        return False
    return True


def _result(failure: _Failure, **base: object) -> DialResult:
    return DialResult(
        answered=False,
        outcome=failure.outcome,
        retryable=failure.retryable,
        sip_status_code=failure.sip_status_code,
        sip_status=failure.sip_status,
        error=failure.error,
        configuration_problem=failure.configuration_problem,
        transport_failure=failure.transport_failure,
        extra=failure.extra,
        **base,  # type: ignore[arg-type]
    )
