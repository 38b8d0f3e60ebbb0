"""Every timing form of DESIGN.md with hand-checked times (UTC unless said otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from calls.timing import (
    TimingSpecError,
    in_window,
    move_into_window,
    parse_timing,
    spec_deadline,
    validate_timing_spec,
)

NY = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
TOKYO = ZoneInfo("Asia/Tokyo")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


@pytest.mark.parametrize(
    ("spec", "discharge", "expected"),
    [
        # January, EST = UTC-5: 10:00 local is 15:00 UTC.
        ("24_hours_after_discharge", ny(2025, 1, 15, 10), [utc(2025, 1, 16, 15)]),
        ("1_hour_after_discharge", ny(2025, 1, 15, 10), [utc(2025, 1, 15, 16)]),
        ("90_minutes_after_discharge", ny(2025, 1, 15, 10), [utc(2025, 1, 15, 16, 30)]),
        ("2_days_after_discharge", ny(2025, 1, 15, 10), [utc(2025, 1, 17, 15)]),
        ("within_24_hours", ny(2025, 1, 15, 10), [utc(2025, 1, 15, 17)]),
        (
            "daily_for_3_days_starting_2_hours_after_discharge",
            ny(2025, 1, 15, 10),
            [utc(2025, 1, 15, 17), utc(2025, 1, 16, 17), utc(2025, 1, 17, 17)],
        ),
        ("day_before_date:2025-06-23", ny(2025, 6, 18, 10), [utc(2025, 6, 22, 14)]),  # 10:00 EDT
        ("on_date:2025-06-23", ny(2025, 6, 18, 10), [utc(2025, 6, 23, 14)]),
    ],
)
def test_each_form(spec, discharge, expected):
    assert parse_timing(spec, discharge, NY) == expected


def test_dst_spring_forward_week_keeps_durations_and_calendar_days_apart():
    # Saturday 2025-03-08 10:00 EST; clocks jump to EDT at 02:00 on Sunday the 9th.
    discharge = ny(2025, 3, 8, 10)
    assert parse_timing("24_hours_after_discharge", discharge, NY) == [utc(2025, 3, 9, 15)]  # 11:00 EDT
    assert parse_timing("1_days_after_discharge", discharge, NY) == [utc(2025, 3, 9, 14)]  # 10:00 EDT
    assert parse_timing("daily_for_3_days_starting_2_hours_after_discharge", discharge, NY) == [
        utc(2025, 3, 8, 17),  # 12:00 EST
        utc(2025, 3, 9, 16),  # 12:00 EDT
        utc(2025, 3, 10, 16),
    ]


def test_dst_fall_back_week():
    # Saturday 2025-11-01 10:00 EDT; clocks fall back at 02:00 on Sunday the 2nd.
    discharge = ny(2025, 11, 1, 10)
    assert parse_timing("24_hours_after_discharge", discharge, NY) == [utc(2025, 11, 2, 14)]  # 09:00 EST
    assert parse_timing("1_day_after_discharge", discharge, NY) == [utc(2025, 11, 2, 15)]  # 10:00 EST


def test_patient_in_another_time_zone_south_of_and_ahead_of_utc():
    # Sydney leaves daylight time on 2025-04-06 (03:00 AEDT -> 02:00 AEST).
    discharge = datetime(2025, 4, 5, 10, tzinfo=SYDNEY)  # = 2025-04-04 23:00 UTC
    assert parse_timing("24_hours_after_discharge", discharge, SYDNEY) == [utc(2025, 4, 5, 23)]  # 09:00 AEST
    assert parse_timing("1_day_after_discharge", discharge, SYDNEY) == [utc(2025, 4, 6, 0)]  # 10:00 AEST
    # Tokyo has no DST; a naive time is read in the zone given.
    assert parse_timing("24_hours_after_discharge", datetime(2025, 1, 15, 10), "Asia/Tokyo") == [utc(2025, 1, 16, 1)]


def test_naive_discharge_defaults_to_the_clinic_zone(settings):
    settings.CLINIC_TIME_ZONE = "America/Chicago"
    assert parse_timing("24_hours_after_discharge", datetime(2025, 1, 15, 10)) == [utc(2025, 1, 16, 16)]


def test_late_evening_discharge_moves_into_the_next_mornings_window():
    discharge = ny(2025, 1, 15, 22, 30)
    next_morning = [utc(2025, 1, 16, 14)]  # 09:00 EST
    assert parse_timing("within_24_hours", discharge, NY) == next_morning
    assert parse_timing("30_minutes_after_discharge", discharge, NY) == next_morning
    assert parse_timing("12_hours_after_discharge", discharge, NY) == [utc(2025, 1, 16, 15, 30)]  # 10:30 stays


def test_window_edges_and_a_patients_own_window():
    assert parse_timing("9_hours_after_discharge", ny(2025, 1, 15, 10), NY) == [utc(2025, 1, 16, 14)]  # 19:00 -> next
    assert parse_timing("8_hours_after_discharge", ny(2025, 1, 15, 10, 59), NY) == [utc(2025, 1, 15, 23, 59)]
    narrow = (time(10), time(16))
    assert parse_timing("within_24_hours", ny(2025, 1, 15, 6), NY, window=narrow) == [utc(2025, 1, 15, 15)]


def test_holiday_monday_is_not_a_business_day():
    # Friday 2025-01-17; Monday the 20th is Martin Luther King Jr. Day -> Tuesday 09:00 EST.
    assert parse_timing("within_2_business_days", ny(2025, 1, 17, 15), NY) == [utc(2025, 1, 21, 14)]
    # An ordinary Wednesday -> Thursday.
    assert parse_timing("within_1_business_day", ny(2025, 1, 22, 9), NY) == [utc(2025, 1, 23, 14)]


def test_business_days_follow_the_clinics_country(settings):
    settings.CLINIC_COUNTRY, settings.CLINIC_SUBDIVISION = "GB", "ENG"
    london = ZoneInfo("Europe/London")
    # Thursday before Easter 2025: Good Friday, the weekend and Easter Monday are skipped.
    discharge = datetime(2025, 4, 17, 12, tzinfo=london)
    assert parse_timing("within_2_business_days", discharge, london) == [utc(2025, 4, 22, 8)]  # 09:00 BST


def test_date_forms_before_the_discharge_are_dropped():
    assert parse_timing("day_before_date:2025-06-19", ny(2025, 6, 18, 12), NY) == []  # 10:00 on the 18th passed
    assert parse_timing("on_date:2025-06-18", ny(2025, 6, 18, 9, 30), NY) == [utc(2025, 6, 18, 14)]
    assert parse_timing("on_date:2025-06-01", ny(2025, 6, 18, 9, 30), NY) == []


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "24 hours after discharge",
        "tomorrow",
        "24_hours_before_discharge",
        "day_before_date:2025-02-30",
        "on_date:23/06/2025",
        "daily_for_0_days_starting_1_hours_after_discharge",
        "999_days_after_discharge",
        "within_0_business_days",
        "within_48_hours",
        "day_before_date:{return_date}",
    ],
)
def test_bad_specs_name_themselves_and_list_the_accepted_forms(spec):
    with pytest.raises(TimingSpecError) as exc:
        parse_timing(spec, ny(2025, 1, 15, 10), NY)
    message = str(exc.value)
    assert repr(spec) in message
    assert "N_hours_after_discharge" in message and "within_N_business_days" in message
    with pytest.raises(ValueError):
        validate_timing_spec(spec)


def test_a_spec_that_is_not_text_is_refused():
    with pytest.raises(TimingSpecError):
        validate_timing_spec(None)  # type: ignore[arg-type]


def test_unknown_zone_is_a_timing_error():
    with pytest.raises(TimingSpecError, match="Mars/Base"):
        parse_timing("24_hours_after_discharge", ny(2025, 1, 15, 10), "Mars/Base")


def test_move_into_window_and_in_window():
    assert move_into_window(ny(2025, 1, 15, 7), NY) == utc(2025, 1, 15, 14)
    assert move_into_window(ny(2025, 1, 15, 19), NY) == utc(2025, 1, 16, 14)
    assert move_into_window(ny(2025, 1, 15, 12), NY) == utc(2025, 1, 15, 17)
    assert move_into_window(ny(2025, 1, 15, 12), NY, (time(13), time(17))) == utc(2025, 1, 15, 18)
    assert in_window(ny(2025, 1, 15, 9), NY) and not in_window(ny(2025, 1, 15, 19), NY)
    assert not in_window(utc(2025, 1, 15, 13, 59), NY) and in_window(utc(2025, 1, 15, 14), "America/New_York")


def test_date_bound_specs_have_a_deadline():
    assert spec_deadline("day_before_date:2025-06-23", NY) == utc(2025, 6, 22, 23)  # 19:00 EDT the day before
    assert spec_deadline("on_date:2025-06-23", NY) == utc(2025, 6, 23, 23)
    assert spec_deadline("24_hours_after_discharge", NY) is None
