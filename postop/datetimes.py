"""Bounded dates and times: the one place that says which dates and times PostOp AI accepts.

Forms, the REST API and the agent API all read dates through here, so a year 9999, a year 1, or a
UTC offset of +20:00 is a field error with a message, never an OverflowError deep in the
scheduler or a DataError from PostgreSQL (which refuses offsets beyond +/-15:59).

- any datetime: a UTC offset within +/-14:00 (the widest real zone, Pacific/Kiritimati) and a
  year within 1900..2100;
- dates of birth: 1900-01-01 up to today;
- discharges: DISCHARGE_MAX_PAST_DAYS back at most, a day ahead at most (a typo otherwise);
- times to call (reschedules, reminders) and dates to call about (return dates): from now up to
  two years ahead.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_OFFSET = timedelta(hours=14)
AHEAD = timedelta(days=2 * 365 + 1)  # "two years": reminders, reschedules, return dates
MAX_FUTURE_DISCHARGE = timedelta(days=1)
EARLIEST_BIRTH = date(MIN_YEAR, 1, 1)


def natural(value: date | datetime) -> str:
    """June 23, 2025: a date in plain words for messages."""
    return f"{value:%B} {value.day}, {value.year}"


def check_instant(value: datetime, *, what: str = "The time") -> datetime:
    """`value` as aware UTC; ValidationError for an offset beyond +/-14:00 or a year outside 1900..2100.

    A naive value is returned unchanged (the caller knows its zone).
    """
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise ValidationError(
            f"{what} has the UTC offset {_offset_text(offset)}; real time zones lie within -14:00 and +14:00.",
            code="offset",
        )
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            f"{what} is in the year {value.year}; use a date between {MIN_YEAR} and {MAX_YEAR}.", code="year"
        )
    if offset is None:
        return value
    return value.astimezone(UTC)  # cannot overflow: the year is within 1900..2100


def check_day(value: date, *, what: str = "The date") -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            f"{what} is in the year {value.year}; use a date between {MIN_YEAR} and {MAX_YEAR}.", code="year"
        )
    return value


def check_birth_date(value: date | None) -> None:
    """Model and form validator: 1900-01-01 to today."""
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            f"The date of birth {natural(value)} is in the future; check the year.", code="birth_future"
        )
    if value < EARLIEST_BIRTH:
        raise ValidationError(
            f"The date of birth {natural(value)} is before {natural(EARLIEST_BIRTH)}; check the year.",
            code="birth_past",
        )


def check_discharge_time(value: datetime, *, now: datetime | None = None) -> datetime:
    """At most DISCHARGE_MAX_PAST_DAYS ago (older: every call would be due at once) and at most a day ahead."""
    value = check_instant(value, what="The discharge time")
    now = now or timezone.now()
    days = settings.DISCHARGE_MAX_PAST_DAYS
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value < now - timedelta(days=days):
        raise ValidationError(
            f"The discharge on {natural(value)} is more than {days} days ago, so every follow-up call would be "
            "due at once. Check the date; a discharge that old cannot be scheduled.",
            code="discharge_too_old",
        )
    if value > now + MAX_FUTURE_DISCHARGE:
        raise ValidationError("The discharge time is in the future; check the date.", code="discharge_future")
    return value


def check_future_time(value: datetime, *, now: datetime | None = None, what: str = "The new time") -> datetime:
    """A time to call: after now, at most two years ahead. Returns it as aware UTC."""
    value = check_instant(value, what=what)
    if timezone.is_naive(value):
        raise ValidationError(f"{what} needs its time zone.", code="naive")
    now = now or timezone.now()
    if value <= now:
        raise ValidationError(f"{what} has already passed; pick a time in the future.", code="past")
    if value > now + AHEAD:
        raise ValidationError(
            f"{what} ({natural(value)}) is more than two years away; pick a time before {natural(now + AHEAD)}.",
            code="too_far",
        )
    return value


def check_call_date(value: date, *, today: date | None = None, what: str = "The date") -> date:
    """A date a call is about (return to school, an appointment): in 1900..2100 and at most two years ahead.

    A date already past is allowed here: the scheduler makes no call for it and says so.
    """
    check_day(value, what=what)
    today = today or timezone.localdate()
    if value > today + AHEAD:
        raise ValidationError(f"{what} {natural(value)} is more than two years away; check the year.", code="too_far")
    return value


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = int(abs(offset).total_seconds()) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# --- fields: the same bounds for forms, filters and serializers ------------------------------------


class BoundedDateField(forms.DateField):
    """A form date within 1900..2100 (a date filter, an export range)."""

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        return check_day(day, what="This date") if day is not None else None


class BoundedDateTimeFormField(forms.DateTimeField):
    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        return check_instant(moment, what="This time") if moment is not None else None


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        return check_instant(moment, what="This time") if moment is not None else None


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 datetime in a query string, bounded (offset within +/-14:00, year 1900..2100)."""

    field_class = BoundedIsoDateTimeField


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0) only: `needs_attention=2` is a 400, not silently ignored."""

    TRUE, FALSE = ("true", "True", "1"), ("false", "False", "0")
    widget = forms.TextInput  # the raw query value: NullBooleanSelect would read "2" as true

    def to_python(self, value: Any) -> bool | None:
        if value in (None, "") or value is True or value is False:
            return value if value != "" else None
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise ValidationError("Use true or false.", code="invalid")

    def validate(self, value: Any) -> None:
        return None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class BoundedDateTimeSerializerField(serializers.DateTimeField):
    """An API datetime within the bounds; `check` adds the field's own rule (e.g. discharge limits)."""

    def __init__(self, *args: Any, check: Any = None, **kwargs: Any) -> None:
        self.check = check
        super().__init__(*args, **kwargs)

    def to_internal_value(self, value: Any) -> datetime:
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is not None:
                _raise_as_serializer_error(check_instant, parsed)
        moment = super().to_internal_value(value)
        moment = _raise_as_serializer_error(check_instant, moment)
        if self.check is not None:
            moment = _raise_as_serializer_error(self.check, moment)
        return moment


def _raise_as_serializer_error(check: Any, value: Any) -> Any:
    try:
        return check(value)
    except ValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


WALL_CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": WALL_CLOCK_PATTERN,
        "example": "09:00:00",
        "description": "A wall-clock time in the patient's zone, HH:MM or HH:MM:SS, with no UTC offset.",
    }
)
class WallClockTimeField(serializers.TimeField):
    """A local time of day (calling hours): "HH:MM[:SS]" in and "HH:MM:SS" out.

    Declared as a patterned string, not `format: time`: RFC 3339's full-time requires a UTC
    offset, and a calling-window time has none (it is the patient's local clock).
    """

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str) or not re.fullmatch(WALL_CLOCK_PATTERN, value.strip()):
            raise serializers.ValidationError("Give a local time as HH:MM or HH:MM:SS (24-hour), e.g. 09:00.")
        return super().to_internal_value(value.strip())

    def to_representation(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        return value.replace(microsecond=0, tzinfo=None).strftime("%H:%M:%S")
