"""A scripted phone network for the jobs tests: each place_call takes the next scripted outcome.

The phone network is the outside edge; everything behind it (ORM, services, tasks) is real.
"answered" completes the attempt through calls.services.call_finish before returning, as the
simulated backend's agent does through the portal API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from calls import services
from calls.dialing.types import DialResult
from calls.models import CallOutcome, CallRecord, CallScheduleItem

BUSY = DialResult(answered=False, outcome=CallOutcome.BUSY, retryable=True, sip_status_code=486, sip_status="Busy Here")
NO_ANSWER = DialResult(answered=False, outcome=CallOutcome.NO_ANSWER, retryable=True, sip_status_code=480)
WRONG_NUMBER = DialResult(
    answered=False, outcome=CallOutcome.WRONG_NUMBER, retryable=False, sip_status_code=404, sip_status="Not Found"
)
ANSWERED = "answered"  # answered, and the agent's completion arrives before place_call returns
ANSWERED_OPEN = "answered_open"  # answered, the agent is still talking when place_call returns


@dataclass
class ScriptedDialer:
    script: list[object] = field(default_factory=list)
    name: str = "simulated"
    placed: list[tuple[int, int]] = field(default_factory=list)

    def place_call(self, call: CallScheduleItem, record: CallRecord) -> DialResult:
        self.placed.append((call.pk, record.attempt))
        if not self.script:
            raise AssertionError(f"no scripted outcome left for call {call.pk} attempt {record.attempt}")
        step = self.script.pop(0)
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, DialResult):
            return step
        if callable(step):
            return step(call, record)
        room = f"call-{call.pk}-a{record.attempt}"
        if step == ANSWERED:
            services.call_finish(record=record, outcome=CallOutcome.COMPLETED, summary="All good.", event_id="done")
        return DialResult(answered=True, room_name=room, dispatch_id="AD_test", answered_at=datetime.now(UTC))


def install(monkeypatch: object, script: list[object]) -> ScriptedDialer:
    dialer = ScriptedDialer(script=list(script))
    monkeypatch.setattr("calls.dialing.backends.get_backend", lambda name=None: dialer)  # type: ignore[attr-defined]
    return dialer


def zone_at_local_hour(hour: int, now: datetime | None = None) -> str:
    """An IANA zone (Etc/GMT±N) where it is currently about `hour` o'clock, inside the calling window."""
    now = now or datetime.now(UTC)
    offset = hour - now.hour  # local = utc + offset
    offset = (offset + 12) % 24 - 12
    if offset == 0:
        return "Etc/GMT"
    # Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


Step = DialResult | str | BaseException | Callable[[CallScheduleItem, CallRecord], DialResult]
