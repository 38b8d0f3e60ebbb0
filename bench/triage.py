"""Row `triage`: evaluate_rules on the labelled sets' test halves, English then Spanish (tuned on the
dev halves only), beside the same catalogue's phrasings matched with no context and no spelling
(what ConText and the reading of misspelt words add), and per-utterance latency beside spaCy's
tokenizer alone."""

from __future__ import annotations

import time

from bench.harness import Report, Row


def _baseline(utterances: list, language: str = "en") -> tuple[dict[str, float], float, float]:
    """Phrasings alone: recall per tier, false-alarm rate and p95 ms of tokenizing each utterance."""
    import spacy

    from calls.triage.catalogue import TIER_RANK, load_catalogue
    from calls.triage.catalogue_es import fold, load_catalogue_es

    flags = load_catalogue_es() if language == "es" else load_catalogue()
    nlp = spacy.blank(language)
    caught: dict[str, list[bool]] = {"emergent": [], "urgent": [], "routine": []}
    alarms, nones, latencies = 0, 0, []
    for item in utterances:
        started = time.perf_counter()
        nlp.make_doc(item.text)
        latencies.append((time.perf_counter() - started) * 1000)
        text = fold(item.text) if language == "es" else item.text
        fired = [f for f in flags if any(p.search(text) for p in f.patterns)]
        tier = max((f.tier for f in fired), key=TIER_RANK.__getitem__, default="none")
        if item.tier == "none":
            nones += 1
            alarms += tier != "none"
        else:
            caught[item.tier].append(tier != "none" and TIER_RANK[tier] >= TIER_RANK[item.tier])
    recall = {t: sum(v) / len(v) for t, v in caught.items() if v}
    latencies.sort()
    return recall, alarms / max(nones, 1), latencies[int(0.95 * (len(latencies) - 1))]


def run(report: Report) -> None:
    from calls.triage.evaluation import load
    from calls.triage.evaluation.report import FALSE_ALARM_TARGET
    from calls.triage.evaluation.report import run as evaluate

    for language, half in (("en", "test"), ("en", "dev"), ("es", "test"), ("es", "dev")):
        ours = evaluate(half, language=language)
        base_recall, base_alarms, base_p95 = _baseline(load(half, language=language), language)
        report.add(
            Row(
                f"triage ({half} half)" if language == "en" else f"triage Spanish ({half} half)",
                f"evaluate_rules over {ours.total} labelled utterances"
                + (" (rules tuned on the dev half only)" if half == "test" else ""),
                f"recall emergent {ours.recall('emergent'):.2f}, urgent {ours.recall('urgent'):.2f}, "
                f"routine {ours.recall('routine'):.2f}; false alarms {ours.false_alarm_rate:.1%}; "
                f"p50 {ours.percentile(0.5):.2f} ms, p95 {ours.percentile(0.95):.2f} ms "
                f"(CPU p95 {ours.percentile(0.95, cpu=True):.2f} ms)",
                f"phrasings without context or spelling: recall emergent {base_recall['emergent']:.2f}, "
                f"urgent {base_recall['urgent']:.2f}; false alarms {base_alarms:.1%}; tokenizer p95 {base_p95:.2f} ms",
                f"p95 {ours.percentile(0.95) / max(base_p95, 1e-6):.0f}x",
                f"emergent 1.00, urgent >= 0.97, false alarms <= {FALSE_ALARM_TARGET:.0%}; CPU p95 <= 10 ms",
                ours.targets_met() and ours.percentile(0.95, cpu=True) <= 10,
            )
        )
