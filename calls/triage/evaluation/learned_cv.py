"""Cross-validation of the learned triage stage on development data only (never the test half).

Two folds per language: train on the dev-extra file and validate on the dev half, then the reverse.
For each candidate threshold it reports the learned stage's own recall per tier on the validation red
flags (what it would catch were the rules to miss them) and its false alarms on the validation "none"
utterances (negated, historical, hypothetical, someone else, benign), and picks the lowest threshold
whose false alarms stay within the budget in both folds.
"""

from __future__ import annotations

from dataclasses import dataclass

from calls.triage.catalogue import TIER_RANK
from calls.triage.context import context_suppresses
from calls.triage.evaluation.split import KEY_TIERS
from calls.triage.learned import NONE, train, training_data

GRID = (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4)
FALSE_ALARM_BUDGET = 0.03
FOLDS = (("dev_extra", "dev"), ("dev", "dev_extra"))


@dataclass(frozen=True)
class FoldResult:
    language: str
    trained_on: str
    validated_on: str
    threshold: float
    emergent: float
    urgent: float
    false_alarms: float
    n_none: int


def _recall(gold: list[str], got: list[str], tier: str) -> float:
    pairs = [(g, x) for g, x in zip(gold, got, strict=True) if KEY_TIERS.get(g) == tier]
    caught = sum(1 for _, x in pairs if x != NONE and TIER_RANK[KEY_TIERS[x]] >= TIER_RANK[tier])
    return caught / len(pairs) if pairs else 0.0


def cross_validate(language: str, grid: tuple[float, ...] = GRID, *, context_veto: bool = True) -> list[FoldResult]:
    """Every fold and threshold; with `context_veto` (as in use) a text ConText hears as negated,
    historical, hypothetical or someone else's never fires."""
    results = []
    for trained_on, validated_on in FOLDS:
        model = train(*training_data(language, (trained_on,)))
        texts, gold = training_data(language, (validated_on,))
        scores = model.decision_function(texts)
        classes = [str(c) for c in model.classes_]
        vetoed = [context_veto and context_suppresses(text, language=language) for text in texts]
        for threshold in grid:
            got = []
            for row, veto in zip(scores, vetoed, strict=True):
                best = int(row.argmax())
                fires = classes[best] != NONE and row[best] >= threshold and not veto
                got.append(classes[best] if fires else NONE)
            nones = [x for g, x in zip(gold, got, strict=True) if g == NONE]
            alarms = sum(1 for x in nones if x != NONE) / len(nones) if nones else 0.0
            results.append(
                FoldResult(
                    language,
                    trained_on,
                    validated_on,
                    threshold,
                    _recall(gold, got, "emergent"),
                    _recall(gold, got, "urgent"),
                    alarms,
                    len(nones),
                )
            )
    return results


def chosen_threshold(results: list[FoldResult], budget: float = FALSE_ALARM_BUDGET) -> float | None:
    ok = [
        t
        for t in sorted({r.threshold for r in results})
        if all(r.false_alarms <= budget for r in results if r.threshold == t)
    ]
    return ok[0] if ok else None


def render(results: list[FoldResult]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"{r.language} train {r.trained_on:<9} -> validate {r.validated_on:<9} threshold {r.threshold:+.1f}: "
            f"learned-stage recall emergent {r.emergent:.2f} urgent {r.urgent:.2f}, "
            f"false alarms on none {r.false_alarms:.1%} of {r.n_none}"
        )
    chosen = chosen_threshold(results)
    lines.append(
        f"chosen threshold (false alarms <= {FALSE_ALARM_BUDGET:.0%} in both folds): "
        + ("none fits" if chosen is None else f"{chosen:+.1f}")
    )
    return "\n".join(lines)
