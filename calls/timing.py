"""Timing specs -> aware UTC datetimes. (Interface; the full engine lands with the domain core.)"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


class TimingSpecError(ValueError):
    pass


def validate_timing_spec(spec: str) -> None:
    raise NotImplementedError


def parse_timing(spec: str, discharge_time: datetime, tz: str | ZoneInfo | None = None) -> list[datetime]:
    raise NotImplementedError


def parse_when(text: str, now: datetime, tz: str | ZoneInfo | None = None) -> datetime:
    raise NotImplementedError
