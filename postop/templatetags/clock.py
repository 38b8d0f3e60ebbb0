"""Template filters for times: `{{ t|clinic_time }}`, `{{ t|patient_time:patient }}`, `{{ t|call_time:patient }}`.

Every time a nurse reads goes through these (tests/portal/test_one_clock.py greps the templates
for Django's raw |date, |time, {% now %} and {% timezone %} and fails on any).
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from postop import clock

register = template.Library()


@register.filter
def clinic_time(value: datetime | None, style: str = "full") -> str:
    return clock.clinic_time(value, style) if isinstance(value, datetime) else ""


@register.filter
def patient_time(value: datetime | None, patient: object) -> str:
    return clock.patient_time(value, patient) if isinstance(value, datetime) else ""


@register.filter
def patient_time_short(value: datetime | None, patient: object) -> str:
    return clock.patient_time(value, patient, "short") if isinstance(value, datetime) else ""


@register.filter
def call_time(value: datetime | None, patient: object) -> str:
    return clock.call_time(value, patient) if isinstance(value, datetime) else ""


@register.filter
def call_time_short(value: datetime | None, patient: object) -> str:
    return clock.call_time(value, patient, "short") if isinstance(value, datetime) else ""


@register.filter
def calendar_day(value: date | None, style: str = "date") -> str:
    if isinstance(value, datetime) or not isinstance(value, date):
        return ""
    return clock.calendar_day(value, style)


@register.filter
def iso(value: datetime | None) -> str:
    """Machine-readable, for <time datetime="...">: ISO 8601 with its offset."""
    return value.isoformat() if isinstance(value, datetime) else ""


@register.simple_tag
def clinic_now(style: str = "full") -> str:
    from django.utils import timezone

    return clock.clinic_time(timezone.now(), style)


@register.simple_tag
def local_now(patient: object, style: str = "time") -> str:
    from django.utils import timezone

    return clock.patient_time(timezone.now(), patient, style)


@register.simple_tag
def calling_hours(patient: object) -> str:
    """The patient's calling window as wall-clock times in their zone, labelled: "09:00-19:00 MST"."""
    from django.utils import timezone

    start, end = patient.calling_window()  # type: ignore[attr-defined]
    abbreviation = timezone.now().astimezone(clock.zone_of(patient)).tzname()
    return f"{start:%H:%M}\u2013{end:%H:%M} {abbreviation}"  # en dash
