"""What a patient asks for during a call -> a time inside their window, never in the past."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from calls.timing import TimingSpecError, parse_when

NY = ZoneInfo("America/New_York")
# Wednesday 2025-06-18, 11:00 EDT.
NOW = datetime(2025, 6, 18, 11, 0, tzinfo=NY)


def local(text: str, now: datetime = NOW, tz: ZoneInfo = NY, **kwargs: object) -> datetime:
    result = parse_when(text, now, tz, **kwargs)
    assert result.tzinfo is UTC
    return result.astimezone(tz).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow morning", datetime(2025, 6, 19, 9, 0)),
        ("Tomorrow afternoon", datetime(2025, 6, 19, 14, 0)),
        ("this evening", datetime(2025, 6, 18, 18, 0)),
        ("tonight", datetime(2025, 6, 18, 18, 0)),
        ("tomorrow evening", datetime(2025, 6, 19, 18, 0)),
        ("tomorrow at 3pm", datetime(2025, 6, 19, 15, 0)),
        ("tomorrow at 6", datetime(2025, 6, 19, 18, 0)),  # on the phone, "6" is the evening
        ("in 2 hours", datetime(2025, 6, 18, 13, 0)),
        ("in an hour", datetime(2025, 6, 18, 12, 0)),
        ("in 30 minutes", datetime(2025, 6, 18, 11, 30)),
        ("next Monday", datetime(2025, 6, 23, 10, 0)),  # a day without a time: the default call time
        ("Monday afternoon", datetime(2025, 6, 23, 14, 0)),
        ("the day of June 23", datetime(2025, 6, 23, 10, 0)),
        ("June 22 at 10am", datetime(2025, 6, 22, 10, 0)),
        ("next tuesday at 11", datetime(2025, 6, 24, 11, 0)),
        ("friday at noon", datetime(2025, 6, 20, 12, 0)),
        ("remind me tomorrow morning.", datetime(2025, 6, 19, 9, 0)),
        ("2025-06-22T15:00:00", datetime(2025, 6, 22, 15, 0)),  # no offset: the patient's zone
        ("2025-06-22T15:00:00Z", datetime(2025, 6, 22, 11, 0)),  # an offset names an instant
        ("December 25", datetime(2025, 12, 25, 10, 0)),
        ("today", datetime(2025, 6, 18, 12, 0)),  # later today, not 10:00 which has passed
    ],
)
def test_spoken_times(text, expected):
    assert local(text) == expected


def test_times_outside_the_window_move_into_it():
    assert local("tomorrow at 8pm") == datetime(2025, 6, 20, 9, 0)
    assert local("at 8am") == datetime(2025, 6, 19, 9, 0)  # 8am has passed today: tomorrow, then the window
    assert local("tomorrow morning", window=(time(10), time(16))) == datetime(2025, 6, 19, 10, 0)


def test_in_two_hours_is_a_real_duration_across_the_dst_change():
    now = datetime(2025, 3, 9, 1, 30, tzinfo=NY)  # EST; at 02:00 clocks jump to 03:00 EDT
    assert parse_when("in 2 hours", now, NY, window=(time(0), time(23, 59))) == datetime(2025, 3, 9, 8, 30, tzinfo=UTC)


def test_another_time_zone_and_a_naive_now():
    sydney = ZoneInfo("Australia/Sydney")
    assert local("tomorrow morning", datetime(2025, 6, 18, 20, 0), sydney) == datetime(2025, 6, 19, 9, 0)


def test_an_evening_call_asking_for_tomorrow_morning():
    late = datetime(2025, 6, 18, 18, 45, tzinfo=NY)
    assert local("in 2 hours", late) == datetime(2025, 6, 19, 9, 0)
    assert local("tomorrow morning", late) == datetime(2025, 6, 19, 9, 0)


def test_a_date_early_next_year_rolls_forward():
    december = datetime(2025, 12, 20, 11, 0, tzinfo=NY)
    assert local("January 5", december) == datetime(2026, 1, 5, 10, 0)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("June 2", "already passed"),  # two weeks ago: not a wish for next June
        ("June 22, 2024", "already passed"),
        ("2025-06-18T08:00:00-04:00", "already passed"),
        ("whenever works", "could not be understood"),
        ("", "could not be understood"),
        ("June 31", "could not be understood"),
        ("June 22, 2027", "more than a year away"),
    ],
)
def test_unusable_times_raise_an_actionable_error(text, problem):
    with pytest.raises(TimingSpecError) as exc:
        parse_when(text, NOW, NY)
    message = str(exc.value)
    assert problem in message
    assert "tomorrow morning" in message  # tells the agent what to ask for instead
    assert exc.value.value == text


def test_the_patients_words_are_not_in_the_message():
    with pytest.raises(TimingSpecError) as exc:
        parse_when("when my daughter Maria visits", NOW, NY)
    assert "Maria" not in str(exc.value)


def test_never_in_the_past():
    for text in ("this morning", "today", "in 0 minutes", "tonight"):
        assert parse_when(text, NOW, NY) >= NOW
