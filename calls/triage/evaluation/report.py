"""Measure evaluate_rules on the labelled set: recall per tier, false alarms, tier confusion, latency.

`make eval` prints it for the test half (what the targets are judged on) and the development half,
and lists the misses by id for the development half only: the rules are tuned on dev, never on test.

Each row is read as a call would hear it (the default): a row written as a caregiver or a parent
speaking ("caregiver", "parent" styles) is read with speaker="caregiver", which the call knows from
the identity check (who answered) or from a child patient's age; every other row with speaker=None.
`words_only=True` reads every row with speaker=None: the words alone decide who is meant (the reading
before the call recorded who answered).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from calls.triage.catalogue import TIER_RANK
from calls.triage.evaluation.split import DEV_ONLY_FILES, Utterance, load
from calls.triage.rules import evaluate_rules, warm_up

TIER_ORDER = ("emergent", "urgent", "routine", "none")
# Targets on the test half (issue 14): emergent recall 1.00, urgent >= 0.97, false alarms <= 5%.
TARGETS = {"emergent": 1.0, "urgent": 0.97}
FALSE_ALARM_TARGET = 0.05
# Rows whose writer spoke for the patient: the call knows it (calls.triage.escalations.speaker_for).
CAREGIVER_STYLES = ("caregiver", "parent")
READINGS = {
    False: "as the call hears it: caregiver and parent rows with speaker=caregiver",
    True: "words only: every row with speaker=None",
}


@dataclass
class Report:
    half: str
    language: str = "en"
    words_only: bool = False
    total: int = 0
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {gold: dict.fromkeys(TIER_ORDER, 0) for gold in TIER_ORDER}
    )
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, gold tier, got tier, gold key
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)  # id, context, what fired
    latencies_ms: list[float] = field(default_factory=list)
    # CPU time of the same calls: on a loaded shared machine wall time also counts time spent preempted.
    cpu_ms: list[float] = field(default_factory=list)

    def recall(self, tier: str) -> float | None:
        row = self.confusion[tier]
        total = sum(row.values())
        if not total:
            return None
        caught = sum(count for got, count in row.items() if got != "none" and TIER_RANK[got] >= TIER_RANK[tier])
        return caught / total

    @property
    def none_total(self) -> int:
        return sum(self.confusion["none"].values())

    @property
    def false_alarm_rate(self) -> float:
        return (self.none_total - self.confusion["none"]["none"]) / self.none_total if self.none_total else 0.0

    def percentile(self, q: float, *, cpu: bool = False) -> float:
        ordered = sorted(self.cpu_ms if cpu else self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    def targets_met(self) -> bool:
        return (
            all((self.recall(tier) or 0.0) >= target for tier, target in TARGETS.items())
            and self.false_alarm_rate <= FALSE_ALARM_TARGET
        )


def predicted_tier(text: str, language: str = "en", speaker: str | None = None) -> tuple[str, list[str]]:
    matches = evaluate_rules(text, language=language, speaker=speaker)
    return (matches[0].tier if matches else "none"), [m.key for m in matches]


def speaker_for_row(item: Utterance, *, words_only: bool = False) -> str | None:
    """The speaker a call would pass for this row: "caregiver" for a caregiver's or a parent's words, else None."""
    return "caregiver" if not words_only and item.style in CAREGIVER_STYLES else None


def run(
    half: str, utterances: list[Utterance] | None = None, *, language: str = "en", words_only: bool = False
) -> Report:
    report = Report(half=half, language=language, words_only=words_only)
    items = utterances if utterances is not None else load(half, language=language)
    warm_up()  # loading the pipeline once per process is measured apart from the per-utterance latency
    for item in items:
        started, cpu_started = time.perf_counter(), time.thread_time()
        got, keys = predicted_tier(item.text, item.language, speaker_for_row(item, words_only=words_only))
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        report.cpu_ms.append((time.thread_time() - cpu_started) * 1000)
        report.total += 1
        report.confusion[item.tier][got] += 1
        if item.tier != "none" and (got == "none" or TIER_RANK[got] < TIER_RANK[item.tier]):
            report.misses.append((item.id, item.tier, got, item.key or ""))
        elif item.tier == "none" and got != "none":
            report.false_alarms.append((item.id, item.context, ",".join(keys)))
    return report


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def render(report: Report, *, list_misses: bool) -> str:
    name = {"en": "English", "es": "Spanish"}.get(report.language, report.language)
    lines = [f"== {name}, {report.half} half: {report.total} utterances; read {READINGS[report.words_only]} =="]
    for tier in ("emergent", "urgent", "routine"):
        n = sum(report.confusion[tier].values())
        target = f" (target >= {TARGETS[tier]:.2f})" if tier in TARGETS else ""
        lines.append(f"recall {tier:<9} {_fmt(report.recall(tier))}  of {n}{target}")
    alarms = report.none_total - report.confusion["none"]["none"]
    lines.append(
        f"false alarms on none: {report.false_alarm_rate:.1%} ({alarms} of {report.none_total})"
        f" (target <= {FALSE_ALARM_TARGET:.0%})"
    )
    lines.append("confusion (rows: labelled tier, columns: tier given)")
    lines.append("            " + "".join(f"{t:>10}" for t in TIER_ORDER))
    for gold in TIER_ORDER:
        lines.append(f"{gold:<12}" + "".join(f"{report.confusion[gold][got]:>10}" for got in TIER_ORDER))
    lines.append(
        f"latency per utterance: p50 {statistics.median(report.latencies_ms or [0]):.2f} ms, "
        f"p95 {report.percentile(0.95):.2f} ms (CPU time p50 {report.percentile(0.5, cpu=True):.2f} ms, "
        f"p95 {report.percentile(0.95, cpu=True):.2f} ms)"
    )
    lines.append(f"targets {'met' if report.targets_met() else 'NOT met'}")
    if list_misses:
        lines.append(
            "misses (id gold->given key): " + (", ".join(f"{i} {g}->{t} {k}" for i, g, t, k in report.misses) or "none")
        )
        lines.append(
            "false alarms (id context fired): "
            + (", ".join(f"{i} {c} {k}" for i, c, k in report.false_alarms) or "none")
        )
    return "\n".join(lines)


def main() -> str:
    blocks = []
    for language in ("en", "es"):
        test, dev = run("test", language=language), run("dev", language=language)
        blocks += [render(test, list_misses=False), render(dev, list_misses=True)]
        for extra_half in DEV_ONLY_FILES:
            if extra := load(extra_half, language=language):
                blocks.append(render(run(extra_half, extra, language=language), list_misses=True))
    return "\n\n".join(blocks)
