"""Places one attempt of one call. Two backends, chosen by settings.DIALER_BACKEND:

- `livekit`: agent dispatch + SIP participant through livekit-api (calls/livekit_dialer.py).
- `simulated`: the real agent in a text-only AgentSession against a scripted patient
  (calls/simulated.py), so the whole flow works with no credentials.

`execute_followup_call` (calls/tasks.py) opens the CallRecord, calls `place_call`, and
maps the returned DialResult onto the call (retry, fail, or wait for the agent's completion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.conf import settings

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
    room_name: str = ""
    dispatch_id: str = ""
    answered_at: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)


class DialerBackend(Protocol):
    name: str

    def place_call(self, call: CallScheduleItem, record: CallRecord) -> DialResult: ...


def get_backend(name: str | None = None) -> DialerBackend:
    name = name or settings.DIALER_BACKEND
    if name == "livekit":
        from calls.livekit_dialer import LiveKitDialer

        return LiveKitDialer()
    if name == "simulated":
        from calls.simulated import SimulatedDialer

        return SimulatedDialer()
    raise ValueError(f"Unknown dialer backend {name!r}; use 'livekit' or 'simulated'.")


def place_call(call: CallScheduleItem, record: CallRecord) -> DialResult:
    return get_backend(record.backend).place_call(call, record)
