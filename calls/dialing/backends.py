"""Places one attempt of one call. Two backends, chosen by settings.DIALER_BACKEND:

- `livekit`: agent dispatch + SIP participant through livekit-api (calls/dialing/livekit.py).
- `simulated`: the real agent in a text-only AgentSession against a scripted patient
  (calls/dialing/simulated.py), so the whole flow works with no credentials.

`execute_followup_call` (calls/tasks.py) opens the CallRecord, calls `place_call`, and
maps the returned DialResult onto the call (retry, fail, or wait for the agent's completion).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from calls.dialing.types import DialerBackend, DialResult

if TYPE_CHECKING:
    from calls.models import CallRecord, CallScheduleItem


def get_backend(name: str | None = None) -> DialerBackend:
    name = name or settings.DIALER_BACKEND
    if name == "livekit":
        from calls.dialing.livekit import LiveKitDialer

        return LiveKitDialer()
    if name == "simulated":
        from calls.dialing.simulated import SimulatedDialer

        return SimulatedDialer()
    raise ValueError(f"Unknown dialer backend {name!r}; use 'livekit' or 'simulated'.")


def place_call(call: CallScheduleItem, record: CallRecord) -> DialResult:
    return get_backend(record.backend).place_call(call, record)


__all__ = ["DialResult", "DialerBackend", "get_backend", "place_call"]
