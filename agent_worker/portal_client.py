"""HTTP client of the portal's agent API (/api/v1/agent/...).

The worker has no database: every read and write goes through here with the per-call
token from the dispatch metadata. Events (turns, tool calls, responses, the completion)
are queued and never awaited by the call: one background sender posts them in order, coalesced
into batches (POST .../events/batch/) every `flush_interval` seconds so the nurse's live page
keeps up, and retries with backoff, so a portal restart or a network blip delays the transcript
instead of losing it. Every event carries an id and the portal stores each id once, so a retried
batch is harmless (and an id queued twice in this process is sent once). The portal triages every
patient turn it stores and answers its reading of the turn in the batch's result; `on_result` hears
those answers. `send_now` sends the queue at once (a red-flag turn: the escalation is raised while
the agent speaks) and `delivered_result` waits for one event's answer. The completion goes in the
batch after every earlier event. Only lookups, identity checks, recorded answers, escalations,
opt-outs and reminders are awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

logger = logging.getLogger("agent_worker.portal")

RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
EVENT, COMPLETION = "event", "completion"


class PortalError(Exception):
    """The portal refused a request (4xx). `.status` and `.data` say why."""

    def __init__(self, status: int, data: Any) -> None:
        super().__init__(f"portal answered HTTP {status}")
        self.status = status
        self.data = data


class PortalUnavailableError(Exception):
    """The portal could not be reached within the retry budget."""


def new_event_id(prefix: str = "evt") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


class _BasePortalClient:
    def __init__(
        self,
        *,
        base_url: str,
        auth_header: tuple[str, str],
        http: httpx.AsyncClient | None = None,
        request_timeout: float = 10.0,
        retry_base: float = 0.5,
        retry_cap: float = 10.0,
        max_request_attempts: int = 4,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=request_timeout)
        self._headers = {auth_header[0]: auth_header[1], "Accept": "application/json"}
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.max_request_attempts = max_request_attempts
        self.requests_sent = 0  # HTTP requests this client made (the bench reports them per call)

    def _delay(self, attempt: int) -> float:
        return min(self.retry_base * (2**attempt), self.retry_cap)

    async def _send_once(self, method: str, path: str, payload: dict[str, Any] | None) -> httpx.Response:
        self.requests_sent += 1
        return await self._http.request(method, f"{self.base_url}{path}", json=payload, headers=self._headers)

    async def request(
        self, method: str, path: str, payload: dict[str, Any] | None = None, *, attempts: int | None = None
    ) -> Any:
        """One request with a few quick retries; 4xx -> PortalError, unreachable -> PortalUnavailableError."""
        attempts = attempts or self.max_request_attempts
        for attempt in range(attempts):
            try:
                response = await self._send_once(method, path, payload)
            except httpx.TransportError as exc:
                logger.warning(
                    "portal %s %s unreachable (%s), attempt %d", method, path, type(exc).__name__, attempt + 1
                )
            else:
                if response.status_code < 400:
                    return response.json() if response.content else {}
                if response.status_code not in RETRY_STATUSES:
                    try:
                        data = response.json()
                    except ValueError:
                        data = {"detail": response.text[:200]}
                    raise PortalError(response.status_code, data)
                logger.warning("portal %s %s answered %d, attempt %d", method, path, response.status_code, attempt + 1)
            if attempt + 1 < attempts:
                await asyncio.sleep(self._delay(attempt))
        raise PortalUnavailableError(f"portal {method} {path} failed after {attempts} attempts")

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()


class PortalClient(_BasePortalClient):
    """The per-call client: reads the call's context, posts its events, asks for reminders."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        call_id: int,
        flush_interval: float = 1.0,
        batch_size: int = 50,
        **kwargs: Any,
    ) -> None:
        super().__init__(base_url=base_url, auth_header=("Authorization", f"Bearer {token}"), **kwargs)
        self.call_id = call_id
        self.flush_interval = flush_interval
        self.batch_size = batch_size
        self._queue: deque[tuple[str, dict[str, Any]]] = deque()  # (EVENT | COMPLETION, payload), in order
        self._wakeup = asyncio.Event()
        self._flush_now = asyncio.Event()  # set: send without waiting for more events (completion, flush)
        self._kick = asyncio.Event()  # set: send what is queued now, once (send_now)
        self._send_lock = asyncio.Lock()  # one batch in flight: the queue's head goes out in order
        self._sender: asyncio.Task[None] | None = None
        self._closed = False
        self.delivered: list[str] = []  # event ids the portal acknowledged, in order
        self.rejected: list[str] = []  # event ids the portal refused (4xx): logged, not retried
        self._posted: set[str] = set()  # every event id queued so far (a second post of one is dropped)
        self._waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}  # event id -> its result (delivered_result)
        self._settled: dict[str, dict[str, Any]] = {}  # event id -> the portal's result for it
        # Called with (event_id, result) for each result that carries the portal's triage of a patient turn.
        self.on_result: Callable[[str, dict[str, Any]], None] | None = None

    @property
    def call_path(self) -> str:
        return f"/api/v1/agent/calls/{self.call_id}"

    @property
    def pending(self) -> int:
        return len(self._queue)

    # --- reads and synchronous asks ----------------------------------------------
    async def get_context(self) -> dict[str, Any]:
        return await self.request("GET", f"{self.call_path}/context/")

    async def triage(self, text: str) -> dict[str, Any]:
        """The portal's red-flag triage of what the patient just said: {"tier", "title", "say", ...}.

        Awaited (safety comes before the model's answer), so it carries the queued events with it:
        one request stores the transcript so far and answers the triage.
        """
        async with self._send_lock:
            batch = self._take_batch(with_completion=False)
            payload: dict[str, Any] = {"events": [p for _, p in batch], "triage": text[:4000]}
            try:
                data = await self.request("POST", self.batch_path, payload, attempts=2)
            except PortalError as exc:
                if exc.status in (401, 403):
                    self._settle_all(batch, refused=True, status=exc.status)
                raise
            self._settle(batch, data)
        triage = data.get("triage") or {}
        if "status_code" in triage:
            raise PortalError(int(triage["status_code"]), triage.get("errors"))
        return triage

    async def schedule_reminder(self, *, when: str, purpose: str, event_id: str) -> dict[str, Any]:
        """{"scheduled": True, "local_time": ..., ...} or {"scheduled": False, "reason": ...}."""
        payload = {"event_id": event_id, "when": when, "purpose": purpose}
        try:
            data = await self.request("POST", f"{self.call_path}/reminders/", payload)
        except PortalError as exc:
            if exc.status != 400:
                raise
            data = dict(exc.data) if isinstance(exc.data, dict) else {}
            # `say`: the reason in the call's language, when it is not English (the patient hears it).
            say = data.pop("say", None)
            reason = data.get("detail")
            if not reason and data:
                reason = "; ".join(
                    f"{key}: {' '.join(map(str, val)) if isinstance(val, list) else val}" for key, val in data.items()
                )
            refused = {"scheduled": False, "reason": reason or "The reminder could not be scheduled."}
            if say:
                refused["say"] = " ".join(map(str, say)) if isinstance(say, list) else str(say)
            return refused
        return {"scheduled": True, **data}

    async def lookup(self, topic: str, **params: str) -> dict[str, Any]:
        return await self.request("POST", f"/api/v1/agent/knowledge/{topic}/", params)

    # --- events: queued, ordered, sent in batches, retried until delivered ------------
    @property
    def batch_path(self) -> str:
        return f"{self.call_path}/events/batch/"

    def post_event(self, payload: dict[str, Any]) -> str:
        """Queue one event (turn, tool, response, message); returns its event id.

        An id already queued by this client is not queued again (the agent queues a patient's turn
        itself, with its triage, before the session reports the same message).
        """
        payload = dict(payload)
        payload.setdefault("event_id", new_event_id(payload.get("kind", "evt")))
        if payload["event_id"] in self._posted:
            return payload["event_id"]
        self._posted.add(payload["event_id"])
        self._enqueue(EVENT, payload)
        return payload["event_id"]

    def send_now(self) -> None:
        """Send what is queued at once instead of at the next flush (in the background, not awaited)."""
        if self._queue:
            self._kick.set()

    async def delivered_result(self, event_id: str, timeout: float = 10.0) -> dict[str, Any] | None:
        """The portal's result for a queued event once it is delivered (None if time ran out or it was refused)."""
        if event_id in self._settled:
            result = self._settled[event_id]
            return None if result.get("status") == "rejected" else result
        if event_id not in self._posted:
            return None
        waiter = self._waiters.get(event_id)
        if waiter is None:
            waiter = self._waiters[event_id] = asyncio.get_running_loop().create_future()
        self.send_now()
        try:
            result = await asyncio.wait_for(asyncio.shield(waiter), timeout=timeout)
        except TimeoutError:
            return None
        return None if result.get("status") == "rejected" else result

    def post_completion(self, *, outcome: str, summary: str, event_id: str | None = None) -> str:
        """Queue the completion: it goes with (or after) every event queued before it, never earlier."""
        event_id = event_id or new_event_id("done")
        self._enqueue(COMPLETION, {"event_id": event_id, "outcome": outcome, "summary": summary})
        self._flush_now.set()
        self._kick.set()
        return event_id

    def _enqueue(self, what: str, payload: dict[str, Any]) -> None:
        if self._closed:
            raise RuntimeError("the portal client is closed")
        self._queue.append((what, payload))
        self._wakeup.set()
        if self._sender is None or self._sender.done():
            self._sender = asyncio.get_running_loop().create_task(self._send_loop(), name="portal-sender")

    def _take_batch(self, *, with_completion: bool = True) -> list[tuple[str, dict[str, Any]]]:
        """The queue's head: up to batch_size events, then the completion if it is next."""
        batch: list[tuple[str, dict[str, Any]]] = []
        for what, payload in self._queue:
            if what == COMPLETION:
                if with_completion:
                    batch.append((what, payload))
                break
            if len(batch) >= self.batch_size:
                break
            batch.append((what, payload))
        return batch

    def _batch_body(self, batch: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        body: dict[str, Any] = {"events": [p for what, p in batch if what == EVENT]}
        if batch and batch[-1][0] == COMPLETION:
            body["complete"] = batch[-1][1]
        return body

    def _settle(self, batch: list[tuple[str, dict[str, Any]]], answer: dict[str, Any]) -> None:
        """Drop the sent items from the queue's head; record each as delivered or refused."""
        results = list(answer.get("results") or [])
        if answer.get("completion") is not None:
            results.append(answer["completion"])
        for _ in batch:
            self._queue.popleft()
        for (_, payload), result in zip(batch, results, strict=False):
            self._done(
                payload["event_id"],
                refused=result.get("status") == "rejected",
                status=result.get("status_code"),
                result=result,
            )

    def _settle_all(self, batch: list[tuple[str, dict[str, Any]]], *, refused: bool, status: int | None) -> None:
        for _, payload in batch:
            self._queue.popleft()
            self._done(payload["event_id"], refused=refused, status=status)

    def _done(self, event_id: str, *, refused: bool, status: int | None, result: dict[str, Any] | None = None) -> None:
        result = result or {"event_id": event_id, "status": "rejected" if refused else "stored", "status_code": status}
        self._settled[event_id] = result
        if self.on_result is not None and "triage" in result:
            try:
                self.on_result(event_id, result)
            except Exception:  # the sender must go on: a faulty listener never holds back the transcript
                logger.exception("call %s: the listener of event %s's result failed", self.call_id, event_id)
        waiter = self._waiters.pop(event_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(result)
        if refused:
            # Retrying cannot fix a refused payload; keep the id for the log, never the text.
            self.rejected.append(event_id)
            logger.error("portal refused event %s for call %s with HTTP %s", event_id, self.call_id, status)
        else:
            self.delivered.append(event_id)

    async def _send_loop(self) -> None:
        attempt = 0
        while self._queue:
            if attempt == 0 and not self._flush_now.is_set():
                # Coalesce: let the turns of the next moments join this batch (the live page lags by this much).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._kick.wait(), timeout=self.flush_interval)
            self._kick.clear()
            async with self._send_lock:
                batch = self._take_batch()
                if not batch:
                    continue
                try:
                    response = await self._send_once("POST", self.batch_path, self._batch_body(batch))
                except httpx.TransportError as exc:
                    logger.warning(
                        "portal unreachable (%s); %d event(s) buffered", type(exc).__name__, len(self._queue)
                    )
                else:
                    if response.status_code < 400:
                        self._settle(batch, response.json())
                        attempt = 0
                        continue
                    if response.status_code not in RETRY_STATUSES:
                        self._settle_all(batch, refused=True, status=response.status_code)
                        attempt = 0
                        continue
                    logger.warning("portal answered %d; %d event(s) buffered", response.status_code, len(self._queue))
            self._wakeup.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=self._delay(attempt))
            attempt += 1

    async def flush(self, timeout: float = 60.0) -> bool:
        """Send everything queued now, and wait until it is delivered (or refused); False if time ran out."""
        if self._sender is None:
            return not self._queue
        self._flush_now.set()
        self._kick.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._sender), timeout=timeout)
        except TimeoutError:
            logger.error("call %s: %d event(s) still undelivered after %.0fs", self.call_id, len(self._queue), timeout)
            return False
        return not self._queue

    async def aclose(self, flush_timeout: float = 120.0) -> None:
        await self.flush(flush_timeout)
        self._closed = True
        if self._sender is not None and not self._sender.done():
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
        await super().aclose()


class ServiceClient(_BasePortalClient):
    """The worker-level client for inbound calls: one endpoint, the caller lookup."""

    def __init__(self, *, base_url: str, service_key: str, **kwargs: Any) -> None:
        super().__init__(base_url=base_url, auth_header=("X-Agent-Service-Key", service_key), **kwargs)

    async def start_inbound_call(self, *, caller_number: str, room_name: str = "") -> dict[str, Any]:
        """Finds the patient by the caller's number and opens an inbound call record.

        Returns {"found": False} or {"found": True, "context": {...call context with token}}.
        """
        return await self.request(
            "POST", "/api/v1/agent/callbacks/", {"caller_number": caller_number, "room_name": room_name}
        )
