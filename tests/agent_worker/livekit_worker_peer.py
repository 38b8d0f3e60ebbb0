"""A real local stand-in for LiveKit's agent-worker endpoint (`{LIVEKIT_URL}/agent`).

livekit-server cannot run here, so this aiohttp server speaks the worker protocol the
way livekit-agents 1.8.9 uses it (livekit/agents/worker.py, `_connection_task`):
the worker opens a websocket to `/agent` with `Authorization: Bearer <JWT>` (HS256,
signed with the API secret, video grant `agent=True`), sends a protobuf
`WorkerMessage(register=RegisterWorkerRequest)` and waits for
`ServerMessage(register=RegisterWorkerResponse)` as the first answer; afterwards it
sends `update_worker` status messages every 2.5 s (and `WorkerPing`, answered with
`WorkerPong`). A token that does not verify with the configured secret is refused
with HTTP 401 before the upgrade, as the real server does.

It runs on 127.0.0.1 on a free port in its own thread and event loop, so a worker in
a subprocess (or synchronous test code) can talk to it while the test waits.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from livekit import api
from livekit.api.access_token import Claims
from livekit.protocol import agent, models

API_KEY = "APIworkerpeer"
API_SECRET = "worker-peer-secret-that-is-long-enough-0123456789"


@dataclass(frozen=True)
class Registration:
    """What one worker connection said about itself in RegisterWorkerRequest."""

    worker_id: str
    agent_name: str
    job_type: str  # livekit.protocol.agent.JobType name, e.g. "JT_ROOM"
    version: str
    namespace: str
    deployment: str
    permissions: dict[str, Any]
    token_identity: str
    token_agent_grant: bool


@dataclass
class LiveKitWorkerPeer:
    api_key: str = API_KEY
    api_secret: str = API_SECRET
    url: str = ""
    registrations: list[Registration] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (HTTP status, reason)
    status_updates: list[tuple[str, str]] = field(default_factory=list)  # (worker_id, WorkerStatus name)
    pings: int = 0
    disconnects: list[str] = field(default_factory=list)  # worker ids whose socket closed
    other_messages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()

    # --- the protocol -------------------------------------------------------------------

    def _verify(self, request: web.Request) -> Claims | None:
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        token = token or request.query.get("access_token", "")
        if not token:
            self._record_rejection(401, "no token")
            return None
        try:
            claims = api.TokenVerifier(self.api_key, self.api_secret).verify(token)
        except Exception as exc:  # jwt's errors: bad signature, expired, wrong issuer
            self._record_rejection(401, type(exc).__name__)
            return None
        if not (claims.video and claims.video.agent):
            self._record_rejection(401, "token lacks the agent grant")
            return None
        return claims

    def _record_rejection(self, status: int, reason: str) -> None:
        with self._lock:
            self.rejected.append((status, reason))

    async def _agent_ws(self, request: web.Request) -> web.StreamResponse:
        claims = self._verify(request)
        if claims is None:
            return web.Response(status=401, text="invalid authorization token")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        worker_id = ""
        try:
            async for msg in ws:
                if msg.type != WSMsgType.BINARY:
                    continue
                message = agent.WorkerMessage.FromString(msg.data)
                which = message.WhichOneof("message")
                if which == "register" and not worker_id:
                    worker_id = f"AW_peer{next(self._ids)}"
                    self._record_registration(worker_id, message.register, claims)
                    answer = agent.ServerMessage(
                        register=agent.RegisterWorkerResponse(
                            worker_id=worker_id,
                            server_info=models.ServerInfo(
                                edition=models.ServerInfo.Edition.Standard,
                                version="1.9.0-peer",
                                protocol=16,
                                agent_protocol=1,
                                region="local",
                                node_id="peer",
                            ),
                        )
                    )
                    await ws.send_bytes(answer.SerializeToString())
                elif which == "ping":
                    with self._lock:
                        self.pings += 1
                    pong = agent.WorkerPong(last_timestamp=message.ping.timestamp, timestamp=int(time.time() * 1000))
                    await ws.send_bytes(agent.ServerMessage(pong=pong).SerializeToString())
                elif which == "update_worker":
                    with self._lock:
                        self.status_updates.append((worker_id, agent.WorkerStatus.Name(message.update_worker.status)))
                else:
                    with self._lock:
                        self.other_messages.append(str(which))
        finally:
            self._sockets.discard(ws)
            with self._lock:
                self.disconnects.append(worker_id)
        return ws

    def _record_registration(self, worker_id: str, reg: agent.RegisterWorkerRequest, claims: Claims) -> None:
        perms = reg.allowed_permissions
        registration = Registration(
            worker_id=worker_id,
            agent_name=reg.agent_name,
            job_type=agent.JobType.Name(reg.type),
            version=reg.version,
            namespace=reg.namespace,
            deployment=reg.deployment,
            permissions={
                "can_publish": perms.can_publish,
                "can_subscribe": perms.can_subscribe,
                "can_publish_data": perms.can_publish_data,
                "hidden": perms.hidden,
                "agent": perms.agent,
            },
            token_identity=claims.identity,
            token_agent_grant=bool(claims.video and claims.video.agent),
        )
        with self._lock:
            self.registrations.append(registration)

    # --- lifecycle and waiting -----------------------------------------------------------

    def start(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="livekit-worker-peer", daemon=True)
        self._thread.start()

        async def _serve() -> None:
            app = web.Application()
            app.router.add_get("/agent", self._agent_ws)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", port).start()

        asyncio.run_coroutine_threadsafe(_serve(), loop).result(timeout=10)
        self.url = f"ws://127.0.0.1:{port}"

    def stop(self) -> None:
        if self._loop is None:
            return

        async def _shutdown() -> None:
            for ws in list(self._sockets):
                await ws.close()
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(_shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._loop.close()
        self._loop = None

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "registrations": list(self.registrations),
                "rejected": list(self.rejected),
                "status_updates": list(self.status_updates),
                "pings": self.pings,
                "disconnects": list(self.disconnects),
                "other_messages": list(self.other_messages),
            }

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], *, timeout: float) -> dict[str, Any]:
        """Poll until predicate(snapshot) holds; the last snapshot either way."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.snapshot()
            if predicate(seen) or time.monotonic() >= deadline:
                return seen
            time.sleep(0.2)


@contextmanager
def running_peer(**kwargs: Any) -> Iterator[LiveKitWorkerPeer]:
    """A started peer, stopped afterwards (the test module's fixture wraps this)."""
    peer = LiveKitWorkerPeer(**kwargs)
    peer.start()
    try:
        yield peer
    finally:
        peer.stop()


@dataclass
class OutboundTrap:
    """An HTTP(S) proxy that refuses everything and records what was asked for.

    Point HTTP_PROXY/HTTPS_PROXY of a subprocess at it (NO_PROXY covering 127.0.0.1):
    any model or file download the process tries shows up in `requests` instead of
    leaving the machine.
    """

    url: str = ""
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            self.requests.append(line.decode("latin-1").strip())
            writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    def start(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="outbound-trap", daemon=True)
        self._thread.start()

        async def _serve() -> asyncio.base_events.Server:
            return await asyncio.start_server(self._handle, "127.0.0.1", 0)

        self._server = asyncio.run_coroutine_threadsafe(_serve(), loop).result(timeout=10)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        if self._loop is None:
            return
        if self._server is not None:
            self._server.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._loop.close()
        self._loop = None


@contextmanager
def running_trap() -> Iterator[OutboundTrap]:
    trap = OutboundTrap()
    trap.start()
    try:
        yield trap
    finally:
        trap.stop()
