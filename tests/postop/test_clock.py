"""postop/clock.py: every time in the clinic's zone with its abbreviation, the patient's beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import formats

from postop import clock
from tests.factories import PatientFactory

WINTER = datetime(2026, 1, 15, 15, 30, tzinfo=UTC)  # 10:30 EST, 08:30 MST
SUMMER = datetime(2026, 7, 15, 15, 30, tzinfo=UTC)  # 11:30 EDT, 09:30 MDT


def test_clinic_time_carries_the_abbreviation_across_dst(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    assert clock.clinic_time(WINTER) == "Thu 15 Jan 2026, 10:30 EST"
    assert clock.clinic_time(SUMMER, "time") == "11:30 EDT"


def test_call_time_adds_the_patients_clock_only_when_it_differs(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    assert clock.call_time(WINTER, "America/Denver") == "Thu 15 Jan 2026, 10:30 EST · 08:30 MST patient's time"
    assert clock.call_time(WINTER, "America/New_York") == "Thu 15 Jan 2026, 10:30 EST"
    late = datetime(2026, 1, 16, 3, 30, tzinfo=UTC)  # 22:30 EST on the 15th, already the 16th in Tokyo
    assert clock.call_time(late, "Asia/Tokyo").endswith("Fri 16 Jan, 12:30 JST patient's time")


def test_naive_times_are_read_as_clinic_time_not_utc(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    assert clock.clinic_time(datetime(2026, 1, 15, 10, 30), "time") == "10:30 EST"


def test_dates_have_no_zone_and_refuse_datetimes():
    assert clock.calendar_day(date(2016, 2, 1)) == "1 Feb 2016"
    with pytest.raises(TypeError):
        clock.calendar_day(WINTER)


def test_exports_use_clinic_time_with_its_offset(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    assert clock.clinic_iso(WINTER) == "2026-01-15T10:30:00-05:00"
    assert clock.clinic_iso(None) == ""


@pytest.mark.django_db
def test_the_template_filters(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    patient = PatientFactory.build(time_zone="America/Denver")
    html = Template(
        "{% load clock %}{{ t|clinic_time:'short' }}|{{ t|patient_time:p }}|{{ t|call_time_short:p }}"
        "|{{ none|clinic_time }}"
    ).render(Context({"t": WINTER, "p": patient, "none": None}))
    assert (
        html
        == "Thu 15 Jan, 10:30 EST|Thu 15 Jan 2026, 08:30 MST|Thu 15 Jan, 10:30 EST · 08:30 MST patient&#x27;s time|"
    )


def test_admin_and_unfiltered_datetimes_are_labelled(settings):
    assert settings.TIME_ZONE == settings.CLINIC_TIME_ZONE
    assert formats.get_format("DATETIME_FORMAT").endswith("T")
    assert formats.get_format("SHORT_DATETIME_FORMAT").endswith("T")
