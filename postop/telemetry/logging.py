"""JSON log lines carrying the request id and the call reference, and nothing about the patient.

The request id and call reference live in context variables set by
postop.telemetry.middleware.RequestContextMiddleware (web requests) and by the django-q2
pre_execute signal (jobs), so every line a request or job writes carries them without each
logger call passing them. Messages are written by the project's own code, which logs ids,
statuses and counts only (see STYLE.md); this module adds no record fields from request data.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pythonjsonlogger.json import JsonFormatter

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
call_ref_var: contextvars.ContextVar[str] = contextvars.ContextVar("call_ref", default="-")


@contextmanager
def log_context(*, request_id: str | None = None, call_ref: str | None = None) -> Iterator[None]:
    """Set the request id and/or call reference for the lines written inside the block."""
    tokens = []
    if request_id is not None:
        tokens.append((request_id_var, request_id_var.set(request_id)))
    if call_ref is not None:
        tokens.append((call_ref_var, call_ref_var.set(call_ref)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def call_reference(call_id: int | str) -> str:
    """The reference logs and support use for a scheduled call (never the patient's name)."""
    return f"call-{call_id}"


class ContextFilter(logging.Filter):
    """Adds request_id and call_ref to every record (a record may already carry its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        if not getattr(record, "call_ref", None):
            record.call_ref = call_ref_var.get()
        return True


# Only these keys are written. Libraries attach `extra` fields that can hold what a patient said
# (livekit-agents logs every conversation item at DEBUG with "lk.pii.text" and tool arguments
# with "lk.pii.arguments"); a JSON formatter would print them all, so anything else is dropped.
WRITTEN_KEYS = ("time", "level", "logger", "message", "request_id", "call_ref", "exc_info", "stack_info")


class JsonLineFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id, call_ref (+ exc_info)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"})
        kwargs.setdefault("timestamp", False)
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(call_ref)s", *args, **kwargs)

    def add_fields(self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_record, record, message_dict)
        # Lines logged before the filter ran (a handler without it) still get both keys.
        if not log_record.get("request_id"):
            log_record["request_id"] = getattr(record, "request_id", None) or request_id_var.get()
        if not log_record.get("call_ref"):
            log_record["call_ref"] = getattr(record, "call_ref", None) or call_ref_var.get()
        for key in [key for key in log_record if key not in WRITTEN_KEYS]:
            del log_record[key]
