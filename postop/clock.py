"""One clock for everything a nurse reads: the clinic's zone with its abbreviation, the patient's beside it.

Templates use the filters in postop/templatetags/clock.py, which call these; exports and the
admin use them too, so a time never appears as naive, unlabelled or UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import dateformat, timezone

# Named formats (Django date-format characters; "T" is the zone's abbreviation, e.g. EST).
FORMATS = {
    "full": "D j M Y, H:i",
    "short": "D j M, H:i",
    "time": "H:i",
    "seconds": "H:i:s",
    "day": "D j M Y",
    "date": "j M Y",
    "weekday": "D H:i",
}


def clinic_zone(clinic: object = None) -> ZoneInfo:
    """`clinic`'s zone; without one, the request's clinic's (postop/clinics.py), else CLINIC_TIME_ZONE."""
    if clinic is None:
        from postop.clinics import current_clinic

        clinic = current_clinic()
    name = getattr(clinic, "zone_name", None) or settings.CLINIC_TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.CLINIC_TIME_ZONE)


def clinic_of(value: object) -> object:
    """The clinic of a patient, or of anything with a patient (a call, an escalation); None if unknown."""
    patient = value if hasattr(value, "clinic_settings") else getattr(value, "patient", None)
    return getattr(patient, "clinic_settings", None)


def zone_of(value: object) -> ZoneInfo:
    """A ZoneInfo from a zone name, a ZoneInfo, or anything with `time_zone` (a patient); else the clinic's."""
    if isinstance(value, ZoneInfo):
        return value
    name = getattr(value, "time_zone", value)
    if isinstance(name, str) and name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return clinic_zone()


def format_in(value: datetime | None, zone: ZoneInfo, style: str = "full") -> str:
    """`value` in `zone`, formatted with the zone's abbreviation ("Mon 30 Nov 2026, 09:00 EST")."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        raise TypeError("format_in needs a datetime; use calendar_day for dates")
    if timezone.is_naive(value):
        # Naive times are a bug upstream; say which zone they were taken in rather than guess silently.
        value = timezone.make_aware(value, clinic_zone())
    local = value.astimezone(zone)
    fmt = FORMATS.get(style, style)
    return f"{dateformat.format(local, fmt)} {local.tzname()}"


def clinic_time(value: datetime | None, style: str = "full", clinic: object = None) -> str:
    return format_in(value, clinic_zone(clinic), style)


def patient_time(value: datetime | None, patient: object, style: str = "full") -> str:
    return format_in(value, zone_of(patient), style)


def call_time(value: datetime | None, patient: object, style: str = "full") -> str:
    """Clinic time, and the patient's local time beside it when their clock differs."""
    if value is None:
        return ""
    home = clinic_zone(clinic_of(patient))  # the patient's clinic's clock
    text = format_in(value, home, style)
    zone = zone_of(patient)
    if value.astimezone(zone).utcoffset() != value.astimezone(home).utcoffset():
        short = "time" if style in ("full", "short", "time", "weekday") else style
        if value.astimezone(zone).date() != value.astimezone(home).date():
            short = "short"
        text += f" · {format_in(value, zone, short)} patient's time"
    return text


def clinic_iso(value: datetime | None) -> str:
    """For exports: ISO 8601 in the clinic's zone, offset included (a spreadsheet reads it as clinic time)."""
    return value.astimezone(clinic_zone()).isoformat(timespec="seconds") if value is not None else ""


def calendar_day(value: date | None, style: str = "date") -> str:
    """A calendar date (a birthday, a return-to-school day): no clock, so no zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        raise TypeError("calendar_day is for dates; use clinic_time for a moment in time")
    return dateformat.format(value, FORMATS.get(style, style))
