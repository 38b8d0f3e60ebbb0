"""What a dialer returns; imported by the state machine and the dialers alike (no cycle)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from calls.models import CallOutcome

if TYPE_CHECKING:
    from calls.models import CallRecord, CallScheduleItem


@dataclass(frozen=True)
class DialResult:
    """What happened when the dialer tried to reach the patient.

    answered=True means the patient (or a machine) picked up and the agent owns the call:
    the final outcome arrives through the agent API's completion (for the simulated
    backend it has usually arrived already when place_call returns). Otherwise `outcome`
    says why nobody was reached and `retryable` whether another attempt makes sense.
    """

    answered: bool
    outcome: CallOutcome | None = None
    retryable: bool = False
    sip_status_code: int | None = None
    sip_status: str = ""
    error: str = ""
    configuration_problem: bool = False
    # LiveKit could not be reached (refused, DNS, no answer to the dispatch): nothing rang, so the
    # attempt does not count against the patient's calling limits and the dashboard shows an outage.
    transport_failure: bool = False
    room_name: str = ""
    dispatch_id: str = ""
    answered_at: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)


class DialerBackend(Protocol):
    name: str

    def place_call(self, call: CallScheduleItem, record: CallRecord) -> DialResult: ...
