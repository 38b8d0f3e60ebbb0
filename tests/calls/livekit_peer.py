"""A LiveKit stand-in: a real HTTP server on 127.0.0.1 speaking LiveKit's Twirp API.

It serves CreateDispatch, CreateSIPParticipant and DeleteRoom the way livekit-server
does: protobuf bodies decoded with livekit.protocol, the bearer JWT verified with the
API secret and its grants checked, errors as Twirp JSON with Twirp's HTTP statuses and,
for SIP failures, livekit-server's SIP-status -> Twirp-code mapping and its
`sip_status_code` / `sip_status` meta. Tests script its answers and read what it got.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from google.protobuf.message import Message
from livekit import api
from livekit.protocol import agent_dispatch, room, sip

API_KEY = "APIpeerkey"
API_SECRET = "peer-secret-that-is-long-enough-for-hs256-0123456789"
TRUNK_ID = "ST_peertrunk"

DISPATCH = "livekit.AgentDispatchService/CreateDispatch"
SIP_CALL = "livekit.SIP/CreateSIPParticipant"
DELETE_ROOM = "livekit.RoomService/DeleteRoom"

# Twirp error code -> HTTP status (the Twirp spec, as livekit-server's twirp server uses it).
TWIRP_HTTP_STATUS = {
    "canceled": 408,
    "unknown": 500,
    "invalid_argument": 400,
    "malformed": 400,
    "deadline_exceeded": 408,
    "not_found": 404,
    "bad_route": 404,
    "already_exists": 409,
    "permission_denied": 403,
    "unauthenticated": 401,
    "resource_exhausted": 429,
    "failed_precondition": 412,
    "aborted": 409,
    "out_of_range": 400,
    "unimplemented": 501,
    "internal": 500,
    "unavailable": 503,
    "dataloss": 500,
}

# livekit/protocol sip.go sipCodeToGRPCCode (the codes the tests use), then its fallbacks.
SIP_TO_TWIRP = {
    401: "permission_denied",
    403: "permission_denied",
    404: "not_found",
    407: "unauthenticated",
    408: "deadline_exceeded",
    410: "not_found",
    480: "resource_exhausted",
    484: "invalid_argument",
    486: "resource_exhausted",
    487: "aborted",
    500: "failed_precondition",
    503: "failed_precondition",
    600: "resource_exhausted",
    603: "permission_denied",
    604: "not_found",
}

ROUTES: dict[str, tuple[type[Message], str]] = {
    DISPATCH: (agent_dispatch.CreateAgentDispatchRequest, "dispatch"),
    SIP_CALL: (sip.CreateSIPParticipantRequest, "sip"),
    DELETE_ROOM: (room.DeleteRoomRequest, "delete"),
}


def sip_to_twirp(code: int) -> str:
    if code in SIP_TO_TWIRP:
        return SIP_TO_TWIRP[code]
    return "failed_precondition" if 500 <= code < 600 else "invalid_argument"


@dataclass
class Received:
    route: str
    message: Message
    claims: api.access_token.Claims


@dataclass
class Reply:
    """One scripted answer: an optional delay, then success or a Twirp error."""

    delay: float = 0.0
    code: str = ""
    msg: str = ""
    meta: dict[str, str] = field(default_factory=dict)


class LiveKitPeer:
    def __init__(self, *, api_key: str = API_KEY, api_secret: str = API_SECRET) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.received: list[Received] = []
        self.rejected: list[tuple[str, str]] = []  # (route, twirp code) refused before decoding
        self.rooms: set[str] = set()
        self.deleted_rooms: list[str] = []
        self._script: dict[str, Reply] = {}
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._stopping: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- scripting ---------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reply(self, route: str, reply: Reply) -> None:
        self._script[route] = reply

    def sip_failure(self, sip_status_code: int, sip_status: str) -> None:
        """The carrier answered the INVITE with a final failure response."""
        self.reply(
            SIP_CALL,
            Reply(
                code=sip_to_twirp(sip_status_code),
                msg=f"sip status {sip_status_code}: {sip_status}",
                meta={"sip_status_code": str(sip_status_code), "sip_status": sip_status},
            ),
        )

    def twirp_error(self, route: str, code: str, msg: str) -> None:
        self.reply(route, Reply(code=code, msg=msg))

    def slow(self, route: str, seconds: float) -> None:
        self.reply(route, Reply(delay=seconds))

    def of(self, route: str) -> list[Message]:
        return [r.message for r in self.received if r.route == route]

    # -- server ------------------------------------------------------------------
    def start(self) -> LiveKitPeer:
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._serve())
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="livekit-peer", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("The LiveKit stand-in did not start.")
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            assert self._stopping is not None and self._runner is not None
            self._stopping.set()
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        assert self._thread is not None
        self._thread.join(10)
        self._loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_post("/twirp/{service}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    @staticmethod
    def _error(code: str, msg: str, meta: dict[str, str] | None = None) -> web.Response:
        body: dict[str, Any] = {"code": code, "msg": msg}
        if meta:
            body["meta"] = meta
        return web.json_response(body, status=TWIRP_HTTP_STATUS[code])

    async def _handle(self, request: web.Request) -> web.Response:
        route = f"{request.match_info['service']}/{request.match_info['method']}"
        if route not in ROUTES:
            return self._error("bad_route", f"no handler for path {request.path!r}")
        if request.content_type != "application/protobuf":
            self.rejected.append((route, "malformed"))
            return self._error("malformed", "unexpected Content-Type")
        auth = request.headers.get("Authorization", "")
        try:
            if not auth.startswith("Bearer "):
                raise ValueError("no bearer token")
            claims = api.TokenVerifier(self.api_key, self.api_secret).verify(auth.removeprefix("Bearer "))
        except Exception:  # any bad token or body gets one answer, like livekit-server
            self.rejected.append((route, "unauthenticated"))
            return self._error("unauthenticated", "invalid token")
        message_class, kind = ROUTES[route]
        try:
            message = message_class.FromString(await request.read())
        except Exception:  # any bad token or body gets one answer, like livekit-server
            self.rejected.append((route, "malformed"))
            return self._error("malformed", "could not decode request body")
        if not self._permitted(kind, message, claims):
            self.rejected.append((route, "permission_denied"))
            return self._error("permission_denied", "permissions denied")
        self.received.append(Received(route=route, message=message, claims=claims))

        reply = self._script.get(route, Reply())
        if reply.delay:
            assert self._stopping is not None
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), reply.delay)
        if reply.code:
            return self._error(reply.code, reply.msg, reply.meta)
        return web.Response(body=self._success(kind, message), content_type="application/protobuf")

    @staticmethod
    def _permitted(kind: str, message: Message, claims: api.access_token.Claims) -> bool:
        video = claims.video
        if kind == "dispatch":
            return bool(video and video.room_admin and video.room == message.room)
        if kind == "sip":
            return bool(claims.sip and claims.sip.call)
        return bool(video and video.room_create)

    def _success(self, kind: str, message: Any) -> bytes:
        n = next(self._ids)
        if kind == "dispatch":
            self.rooms.add(message.room)
            return agent_dispatch.AgentDispatch(
                id=f"AD_peer{n}", agent_name=message.agent_name, room=message.room, metadata=message.metadata
            ).SerializeToString()
        if kind == "sip":
            self.rooms.add(message.room_name)
            return sip.SIPParticipantInfo(
                participant_id=f"PA_peer{n}",
                participant_identity=message.participant_identity,
                room_name=message.room_name,
                sip_call_id=f"SCL_peer{n}",
            ).SerializeToString()
        self.rooms.discard(message.room)
        self.deleted_rooms.append(message.room)
        return room.DeleteRoomResponse().SerializeToString()


@contextmanager
def running_peer(**kwargs: str) -> Iterator[LiveKitPeer]:
    peer = LiveKitPeer(**kwargs).start()
    try:
        yield peer
    finally:
        peer.stop()


def point_settings_at(settings: Any, peer: LiveKitPeer, *, secret: str | None = None) -> None:
    """Configure the livekit backend (pytest-django's `settings` fixture) against `peer`."""
    settings.LIVEKIT_URL = peer.url
    settings.LIVEKIT_API_KEY = peer.api_key
    settings.LIVEKIT_API_SECRET = secret or peer.api_secret
    settings.SIP_OUTBOUND_TRUNK_ID = TRUNK_ID
    settings.DIALER_BACKEND = "livekit"
    settings.LIVEKIT_AGENT_NAME = "postop-followup-agent"
    settings.LIVEKIT_REQUEST_TIMEOUT = 2
    settings.LIVEKIT_RINGING_TIMEOUT = 20
    settings.PORTAL_URL = "https://portal.clinic.example"
