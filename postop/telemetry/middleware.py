"""Per-request context for logs (request id) and the request metrics (count, latency, DB time)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from postop.telemetry import metrics
from postop.telemetry.logging import call_reference, log_context

# A proxy's X-Request-ID is kept when it looks like an id (nginx's $request_id is 32 hex digits);
# anything else is replaced, so a client cannot write arbitrary text into every log line.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Requests about one call (the agent's per-call API, the call's portal page and its actions, the
# integration API's call resource) carry that call's reference on every line they log.
CALL_PATH = re.compile(r"^/(?:api/v1/agent/calls|calls|api/v1/calls)/(\d+)/")


class _QueryTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


class RequestContextMiddleware:
    """First in MIDDLEWARE: gives the request an id (echoed as X-Request-ID) and measures it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        call_path = CALL_PATH.match(request.path_info)
        call_ref = call_reference(call_path.group(1)) if call_path else None
        timer = _QueryTimer()
        started = time.perf_counter()
        with log_context(request_id=request_id, call_ref=call_ref), connection.execute_wrapper(timer):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None and match.view_name else "unresolved"
        metrics.observe_request(
            method=request.method or "",
            view=view,
            status=response.status_code,
            seconds=elapsed,
            db_seconds=timer.seconds,
            db_queries=timer.queries,
        )
        response["X-Request-ID"] = request_id
        return response
