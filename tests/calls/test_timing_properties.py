"""Properties of parse_timing over random discharges, zones on both sides of UTC and DST changes."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls.timing import in_window, parse_timing

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",  # UTC-3:30 with DST
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",  # UTC+5:30
    "Asia/Kathmandu",  # UTC+5:45
    "Australia/Sydney",  # southern-hemisphere DST
    "Pacific/Auckland",
    "Pacific/Chatham",  # UTC+12:45/13:45
    "Asia/Tokyo",
]
WINDOWS = [(time(9), time(19)), (time(8), time(21)), (time(10), time(16)), (time(9, 30), time(12))]

zones = st.sampled_from(ZONES).map(ZoneInfo)
windows = st.sampled_from(WINDOWS)
# Naive wall-clock discharges; half of them in the months where these zones change clocks
# (March/April and September-November, both hemispheres), so DST weekends come up often.
dst_season = st.builds(
    datetime,
    st.integers(2020, 2035),
    st.sampled_from([3, 4, 9, 10, 11]),
    st.integers(1, 28),
    st.integers(0, 23),
    st.sampled_from([0, 1, 15, 30, 59]),
)
discharges = st.one_of(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)), dst_season)

relative_specs = st.one_of(
    st.integers(0, 24 * 14).map(lambda n: (f"{n}_hours_after_discharge", 1)),
    st.integers(0, 60 * 48).map(lambda n: (f"{n}_minutes_after_discharge", 1)),
    st.integers(0, 60).map(lambda n: (f"{n}_days_after_discharge", 1)),
    st.tuples(st.integers(1, 14), st.integers(0, 72)).map(
        lambda nm: (f"daily_for_{nm[0]}_days_starting_{nm[1]}_hours_after_discharge", nm[0])
    ),
    st.just(("within_24_hours", 1)),
    st.integers(1, 10).map(lambda n: (f"within_{n}_business_days", 1)),
)
fast = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_common(results: list[datetime], discharge_utc: datetime, zone: ZoneInfo, window) -> None:
    assert results == sorted(results)
    for dt in results:
        assert dt.tzinfo is UTC
        assert dt >= discharge_utc
        assert in_window(dt, zone, window), (dt.astimezone(zone), window)


@fast
@given(spec=relative_specs, naive=discharges, zone=zones, window=windows)
def test_relative_specs_are_in_window_after_discharge_sorted_and_counted(spec, naive, zone, window):
    text, count = spec
    results = parse_timing(text, naive, zone, window)
    discharge_utc = naive.replace(tzinfo=zone).astimezone(UTC)
    _check_common(results, discharge_utc, zone, window)
    assert len(results) == count
    assert len(set(results)) == count


@fast
@given(naive=discharges, zone=zones, window=windows, hours=st.integers(0, 24 * 14))
def test_a_duration_is_never_moved_earlier_and_at_most_to_the_next_window_start(naive, zone, window, hours):
    discharge_utc = naive.replace(tzinfo=zone).astimezone(UTC)
    (result,) = parse_timing(f"{hours}_hours_after_discharge", naive, zone, window)
    target = discharge_utc + timedelta(hours=hours)
    assert result >= target
    # The next window start is never more than a day (plus a DST hour) away.
    assert result - target <= timedelta(hours=25)
    if in_window(target, zone, window):
        assert result == target


@functools.cache
def _clock_changes(zone_name: str, year: int) -> tuple[date, ...]:
    """Days whose noon offset differs from the previous day's: the day after each DST change."""
    zone = ZoneInfo(zone_name)
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    offsets = [datetime.combine(d, time(12), tzinfo=zone).utcoffset() for d in days]
    return tuple(d for d, prev, cur in zip(days[1:], offsets, offsets[1:], strict=False) if prev != cur)


DST_ZONES = [z for z in ZONES if _clock_changes(z, 2025)]


@fast
@given(
    zone_name=st.sampled_from(DST_ZONES),
    year=st.integers(2020, 2035),
    which=st.integers(0, 1),
    before=st.integers(0, 3),
    clock=st.times(),
    spec=relative_specs,
)
def test_discharges_just_before_a_clock_change(zone_name, year, which, before, clock, spec):
    zone = ZoneInfo(zone_name)
    changes = _clock_changes(zone_name, year)
    naive = datetime.combine(changes[which % len(changes)] - timedelta(days=before), clock)
    text, count = spec
    results = parse_timing(text, naive, zone)
    _check_common(results, naive.replace(tzinfo=zone).astimezone(UTC), zone, (time(9), time(19)))
    assert len(results) == count


@fast
@given(naive=discharges, zone=zones, days=st.integers(1, 60))
def test_calendar_days_keep_the_wall_clock_time(naive, zone, days):
    # Inside the default window, N days later is the same local time (not 24 h * N) even across DST.
    naive = naive.replace(hour=12, minute=0, second=0, microsecond=0)
    (result,) = parse_timing(f"{days}_days_after_discharge", naive, zone)
    local = result.astimezone(zone)
    assert local.date() == naive.date() + timedelta(days=days)
    assert local.time() == time(12)


@fast
@given(naive=discharges, zone=zones, window=windows, offset=st.integers(-30, 400))
def test_date_specs_give_one_call_at_the_default_time_or_none(naive, zone, window, offset):
    target = naive.date() + timedelta(days=offset)
    discharge_utc = naive.replace(tzinfo=zone).astimezone(UTC)
    for text, day in ((f"on_date:{target}", target), (f"day_before_date:{target}", target - timedelta(days=1))):
        results = parse_timing(text, naive, zone, window)
        _check_common(results, discharge_utc, zone, window)
        assert len(results) <= 1
        if results and window[0] <= time(10) < window[1]:
            assert results[0].astimezone(zone).replace(tzinfo=None) == datetime.combine(day, time(10))


@fast
@given(naive=discharges, zone=zones, n=st.integers(1, 10))
def test_business_day_calls_land_on_a_weekday_at_the_window_start(naive, zone, n):
    (result,) = parse_timing(f"within_{n}_business_days", naive, zone)
    local = result.astimezone(zone)
    assert local.weekday() < 5
    assert local.time() == time(9)
    assert date(naive.year, naive.month, naive.day) < local.date() <= naive.date() + timedelta(days=7)
