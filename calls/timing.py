"""Timing specs and spoken times -> aware UTC datetimes inside the patient's calling window.

Every computation happens in the patient's zone (wall clock), then converts to UTC, so
"24 hours" stays a duration and "1 day" stays a calendar day across DST changes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError

from postop.datetimes import check_instant

Window = tuple[time, time]

ACCEPTED_FORMS = (
    "N_hours_after_discharge",
    "N_minutes_after_discharge",
    "N_days_after_discharge",
    "daily_for_N_days_starting_M_hours_after_discharge",
    "day_before_date:YYYY-MM-DD",
    "on_date:YYYY-MM-DD",
    "within_24_hours",
    "within_N_business_days",
)

# Upper bounds keep a typo ("2400_days") from scheduling calls years out.
MAX_HOURS = 24 * 366
MAX_MINUTES = 60 * MAX_HOURS
MAX_DAYS = 366
MAX_DAILY_CALLS = 60
MAX_BUSINESS_DAYS = 30


class TimingSpecError(ValueError):
    """A timing spec or a spoken time that cannot become a call time.

    `value` keeps the offending input for callers; spoken text is never put in the message.
    """

    def __init__(self, message: str, *, value: str = "") -> None:
        super().__init__(message)
        self.value = value

    @classmethod
    def for_spec(cls, spec: object, problem: str = "") -> TimingSpecError:
        lead = f"{problem} " if problem else ""
        return cls(
            f"{lead}{str(spec)!r} is not a timing spec this scheduler understands. Accepted forms: "
            f"{', '.join(ACCEPTED_FORMS)} (N and M are whole numbers), e.g. 24_hours_after_discharge.",
            value=str(spec),
        )


# --- time zones and the calling window ---------------------------------------------------


def get_zone(tz: str | ZoneInfo | None) -> ZoneInfo:
    if tz is None:
        tz = settings.CLINIC_TIME_ZONE
    if isinstance(tz, ZoneInfo):
        return tz
    try:
        return ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise TimingSpecError(
            f"{tz!r} is not a time zone; use an IANA name such as America/New_York.", value=str(tz)
        ) from None


def _window(window: Window | None) -> Window:
    return tuple(window) if window else settings.CALLING_WINDOW  # type: ignore[return-value]


def _aware(dt: datetime, zone: ZoneInfo) -> datetime:
    """A naive datetime is wall-clock time in `zone`."""
    return dt.replace(tzinfo=zone) if dt.tzinfo is None else dt


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Wall-clock `at` on `day` in `zone`, as UTC. A time skipped by DST lands just after the gap."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def move_into_window(dt: datetime, tz: str | ZoneInfo | None, window: Window | None = None) -> datetime:
    """`dt` if it is inside the window; before it -> that day's start; at/after its end -> next day's start."""
    zone = get_zone(tz)
    start, end = _window(window)
    local = _aware(dt, zone).astimezone(zone)
    if local.time() < start:
        return _local(local.date(), start, zone)
    if local.time() >= end:
        return _local(local.date() + timedelta(days=1), start, zone)
    return local.astimezone(UTC)


def in_window(dt: datetime, tz: str | ZoneInfo | None, window: Window | None = None) -> bool:
    zone = get_zone(tz)
    start, end = _window(window)
    local_time = _aware(dt, zone).astimezone(zone).time()
    return start <= local_time < end


# --- business days ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _clinic_holidays(country: str, subdivision: str | None, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=year)


def is_business_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in _clinic_holidays(settings.CLINIC_COUNTRY, settings.CLINIC_SUBDIVISION, day.year)


def next_business_day(after: date) -> date:
    day = after + timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


# --- timing specs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], datetime, ZoneInfo, Window], list[datetime]]
    check: Callable[[re.Match[str]], str | None]


def _bounded(group: str, limit: int, what: str, minimum: int = 0) -> Callable[[re.Match[str]], str | None]:
    def check(match: re.Match[str]) -> str | None:
        value = int(match.group(group))
        if not minimum <= value <= limit:
            return f"{what} must be between {minimum} and {limit}, got {value}."
        return None

    return check


def _date_check(match: re.Match[str]) -> str | None:
    try:
        date.fromisoformat(match.group("date"))
    except ValueError:
        return f"{match.group('date')} is not a real calendar date."
    return None


def _hours(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    return [discharge + timedelta(hours=int(match.group("n")))]


def _minutes(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    return [discharge + timedelta(minutes=int(match.group("n")))]


def _calendar_days(discharge: datetime, days: int, zone: ZoneInfo) -> datetime:
    """Same wall-clock time `days` calendar days later (23 or 25 hours across a DST change)."""
    local = discharge.astimezone(zone)
    return _local(local.date() + timedelta(days=days), local.time(), zone)


def _days(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    return [_calendar_days(discharge, int(match.group("n")), zone)]


def _daily(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    first = discharge + timedelta(hours=int(match.group("m")))
    return [_calendar_days(first, day, zone) for day in range(int(match.group("n")))]


def _day_before(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    return [_local(date.fromisoformat(match.group("date")) - timedelta(days=1), settings.DEFAULT_CALL_TIME, zone)]


def _on_date(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    return [_local(date.fromisoformat(match.group("date")), settings.DEFAULT_CALL_TIME, zone)]


def _within_24_hours(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    # Two hours gives the patient time to get home before the wellness call.
    return [discharge + timedelta(hours=2)]


def _business_days(match: re.Match[str], discharge: datetime, zone: ZoneInfo, window: Window) -> list[datetime]:
    day = next_business_day(discharge.astimezone(zone).date())
    return [_local(day, window[0], zone)]


_FORMS: tuple[_Form, ...] = (
    _Form(re.compile(r"(?P<n>\d{1,6})_hours?_after_discharge"), _hours, _bounded("n", MAX_HOURS, "N hours")),
    _Form(re.compile(r"(?P<n>\d{1,7})_minutes?_after_discharge"), _minutes, _bounded("n", MAX_MINUTES, "N minutes")),
    _Form(re.compile(r"(?P<n>\d{1,4})_days?_after_discharge"), _days, _bounded("n", MAX_DAYS, "N days")),
    _Form(
        re.compile(r"daily_for_(?P<n>\d{1,3})_days?_starting_(?P<m>\d{1,5})_hours?_after_discharge"),
        _daily,
        lambda m: (
            _bounded("n", MAX_DAILY_CALLS, "The number of daily calls", 1)(m) or _bounded("m", MAX_HOURS, "M hours")(m)
        ),
    ),
    _Form(re.compile(r"day_before_date:(?P<date>\d{4}-\d{2}-\d{2})"), _day_before, _date_check),
    _Form(re.compile(r"on_date:(?P<date>\d{4}-\d{2}-\d{2})"), _on_date, _date_check),
    _Form(re.compile(r"within_24_hours"), _within_24_hours, lambda m: None),
    _Form(
        re.compile(r"within_(?P<n>\d{1,3})_business_days?"),
        _business_days,
        _bounded("n", MAX_BUSINESS_DAYS, "N business days", 1),
    ),
)


def _match(spec: str) -> tuple[_Form, re.Match[str]]:
    if not isinstance(spec, str):
        raise TimingSpecError.for_spec(spec, "The timing must be text.")
    text = spec.strip()
    if "{" in text or "}" in text:
        raise TimingSpecError.for_spec(spec, "The timing still has an unfilled {placeholder}.")
    for form in _FORMS:
        match = form.pattern.fullmatch(text)
        if match:
            problem = form.check(match)
            if problem:
                raise TimingSpecError.for_spec(spec, problem)
            return form, match
    raise TimingSpecError.for_spec(spec)


def validate_timing_spec(spec: str) -> None:
    _match(spec)


def parse_timing(
    spec: str,
    discharge_time: datetime,
    tz: str | ZoneInfo | None = None,
    window: Window | None = None,
) -> list[datetime]:
    """The call times `spec` asks for: aware UTC, sorted, inside the window, none before discharge."""
    form, match = _match(spec)
    zone = get_zone(tz)
    span = _window(window)
    discharge = _aware(discharge_time, zone).astimezone(UTC)
    moved = (move_into_window(dt, zone, span) for dt in form.build(match, discharge, zone, span))
    return sorted({dt for dt in moved if dt >= discharge})


def spec_deadline(spec: str, tz: str | ZoneInfo | None = None, window: Window | None = None) -> datetime | None:
    """Latest sensible attempt time for date-bound specs ("tomorrow you return" is wrong on the day)."""
    form, match = _match(spec)
    zone = get_zone(tz)
    end = _window(window)[1]
    if form.build is _day_before:
        return _local(date.fromisoformat(match.group("date")) - timedelta(days=1), end, zone)
    if form.build is _on_date:
        return _local(date.fromisoformat(match.group("date")), end, zone)
    return None


# --- what a patient says: parse_when ----------------------------------------------------------

WHEN_EXAMPLES = "'tomorrow morning', 'tomorrow at 3pm', 'in 2 hours', 'next Monday' or 'June 22 at 10am'"

PARTS_OF_DAY = {"morning": time(9, 0), "afternoon": time(14, 0), "evening": time(18, 0), "night": time(18, 0)}
_PART_RE = re.compile(r"\b(?:(this|in the|tomorrow|tonight)\s+)?(morning|afternoon|evening|night)\b")
_TONIGHT_RE = re.compile(r"\btonight\b")
_RELATIVE_RE = re.compile(r"^in\s+(?:(an?|\d{1,4})\s+)?(minutes?|mins?|hours?|hrs?)$")
_FILLER_RE = re.compile(r"^(?:(?:remind me|call me|call|please)\s+)*(?:(?:on|for)\s+)?(?:the\s+day\s+of\s+)?")
_BARE_HOUR_RE = re.compile(r"\bat\s+(\d{1,2})\b(?!\s*(?::|\.\d|am|pm|a\.m|p\.m|o'?clock))")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTH_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d{1,2}/\d{1,2}\b", re.IGNORECASE
)
# A date that just passed rolls to next year only when next year's is near ("January 5" said in December).
ROLLOVER_HORIZON = timedelta(days=183)
MAX_AHEAD = timedelta(days=366)


def _unparseable(text: str, problem: str = "That time could not be understood.") -> TimingSpecError:
    return TimingSpecError(f"{problem} Say a day and a time, for example {WHEN_EXAMPLES}.", value=text)


@functools.lru_cache(maxsize=1)
def _warm_dateparser() -> None:
    # dateparser loads its language data on first use (~0.1 s); pay that once per process.
    from dateparser.date import DateDataParser

    DateDataParser(languages=["en"]).get_date_data("tomorrow")


def _dateparse(text: str, base: datetime) -> tuple[datetime | None, str]:
    from dateparser.date import DateDataParser

    _warm_dateparser()
    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RETURN_TIME_AS_PERIOD": True,
            "RELATIVE_BASE": base,
            "STRICT_PARSING": False,
        },
    )
    data = parser.get_date_data(text)
    return data.date_obj, data.period or "day"


def parse_when(
    text: str,
    now: datetime,
    tz: str | ZoneInfo | None = None,
    window: Window | None = None,
) -> datetime:
    """A patient's "tomorrow morning" / "in 2 hours" / "June 22 at 10am" as aware UTC, in the window.

    A day without a time uses the part of day said, else DEFAULT_CALL_TIME. Never in the past.
    """
    zone = get_zone(tz)
    span = _window(window)
    now_utc = _aware(now, zone).astimezone(UTC)
    local_now = now_utc.astimezone(zone)
    raw = " ".join(str(text or "").lower().replace(",", " ").split()).rstrip(".!?")
    if not raw:
        raise _unparseable("")

    relative = _RELATIVE_RE.match(raw)
    if relative:
        amount = relative.group(1)
        count = 1 if amount in (None, "a", "an") else int(amount)
        unit = timedelta(hours=1) if relative.group(2).startswith("h") else timedelta(minutes=1)
        return move_into_window(now_utc + count * unit, zone, span)

    cleaned = _FILLER_RE.sub("", raw)
    part_time: time | None = None
    part = _PART_RE.search(cleaned)
    if part:
        part_time = PARTS_OF_DAY[part.group(2)]
        day_word = {"tomorrow": "tomorrow", "this": "today", "tonight": "today"}.get(part.group(1) or "", "")
        cleaned = (cleaned[: part.start()] + " " + day_word + " " + cleaned[part.end() :]).strip()
    if _TONIGHT_RE.search(cleaned):
        part_time = PARTS_OF_DAY["evening"]
        cleaned = _TONIGHT_RE.sub("today", cleaned)
    # "at 6" means 6 pm on a phone call; "at 11" means 11 am.
    cleaned = _BARE_HOUR_RE.sub(lambda m: f"at {_spoken_hour(int(m.group(1)), part_time)}:00", cleaned)
    cleaned = " ".join(cleaned.split()) or "today"

    parsed, period = _dateparse(cleaned, local_now.replace(tzinfo=None))
    if parsed is None:
        raise _unparseable(text)
    try:
        # Years within 1900..2100 and offsets within +/-14:00 (postop.datetimes), so nothing below overflows.
        check_instant(parsed, what="That time")
    except ValidationError as exc:
        raise _unparseable(text, " ".join(exc.messages)) from None

    if parsed.tzinfo is not None:  # an ISO time with an offset names an instant
        result = parsed.astimezone(UTC)
    else:
        day = _roll_year(parsed.date(), cleaned, local_now.date(), text)
        if period == "time":
            at = parsed.time()
            if part_time and at.hour < 12 and part_time >= time(12, 0):
                at = at.replace(hour=at.hour + 12)
        else:
            at = part_time or settings.DEFAULT_CALL_TIME
        result = _local(day, at, zone)
        if period != "time" and day == local_now.date() and result < now_utc:
            # "today" / "this afternoon" said after that time: soon, not a time already gone.
            result = now_utc + timedelta(hours=1) if part_time is None or part_time < time(12) else now_utc

    if result < now_utc - timedelta(minutes=1):
        raise _unparseable(text, "That time has already passed.")
    result = move_into_window(max(result, now_utc), zone, span)
    if result - now_utc > MAX_AHEAD:
        raise _unparseable(text, "That is more than a year away; the care team can book calls that far out.")
    return result


def _spoken_hour(hour: int, part_time: time | None) -> int:
    if hour > 12:
        return hour
    if part_time is not None and part_time >= time(12) and hour < 12:
        return hour + 12
    return hour + 12 if 1 <= hour <= 7 else hour


def _roll_year(day: date, cleaned: str, today: date, text: str) -> date:
    """Undo dateparser's jump to next year for a date that is today or just passed, unless meant."""
    if _YEAR_RE.search(cleaned) or not _MONTH_RE.search(cleaned) or day.year <= today.year:
        return day
    try:
        this_year = day.replace(year=today.year)
    except ValueError:  # February 29
        return day
    if this_year >= today:
        return this_year
    if day - today <= ROLLOVER_HORIZON:
        return day
    raise _unparseable(text, f"{this_year:%B} {this_year.day} has already passed this year.")
