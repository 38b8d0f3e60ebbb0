"""Server-rendered SVG line charts of numeric answers over time (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from calls.capture.selectors import Series

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36


@dataclass
class Point:
    x: float
    y: float
    value: float
    label: str
    when: str
    day: str
    anchor: str
    abnormal: bool
    call_id: int

    @property
    def number(self) -> str:
        return _fmt(self.value)


@dataclass
class Chart:
    """Coordinates for templates/capture/_answer_chart.html; one per numeric question."""

    question_id: str
    title: str
    unit: str
    width: int = WIDTH
    height: int = HEIGHT
    points: list[Point] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    threshold_y: float | None = None
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers and the table caption."""
        values = ", ".join(f"{p.label} on {p.when}" for p in self.points)
        return f"{self.title}: {values}."


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def build_chart(series: Series, *, zone: ZoneInfo) -> Chart:
    threshold = series.threshold
    values = [v for _, v, _, _ in series.points]
    if series.high > series.low:
        low, high = series.low, series.high
    else:  # a quantity: a little room around the readings
        low, high = min(values) - 1, max(values) + 1
        if threshold is not None:
            low, high = min(low, threshold - 1), max(high, threshold + 1)
    span = (high - low) or 1.0
    chart = Chart(series.question_id, series.label, series.unit)
    inner_w = chart.plot_right - chart.plot_left
    inner_h = chart.plot_bottom - chart.plot_top

    def y_of(value: float) -> float:
        return chart.plot_bottom - (value - low) / span * inner_h

    count = len(series.points)
    for index, (when, value, abnormal, call_id) in enumerate(series.points):
        x = chart.plot_left + (inner_w / 2 if count == 1 else index * inner_w / (count - 1))
        local: datetime = when.astimezone(zone)
        label = f"{_fmt(value)}{' ' + series.unit if series.unit else ''}"
        anchor = "middle" if count == 1 else "start" if index == 0 else "end" if index == count - 1 else "middle"
        when_text = f"{local:%-d %b %H:%M}"
        chart.points.append(
            Point(x, y_of(value), value, label, when_text, f"{local:%-d %b}", anchor, abnormal, call_id)
        )
    steps = 5
    chart.y_ticks = [(y_of(low + span * i / steps), _fmt(low + span * i / steps)) for i in range(steps + 1)]
    if threshold is not None and low <= threshold <= high:
        chart.threshold_y = y_of(threshold)
    return chart
