"""The Spanish labelled set through `make eval`'s report: the development half (tuned on) meets the
targets, and the report measures the test half beside the English one."""

from __future__ import annotations

from calls.triage.evaluation.report import main, run


def test_the_spanish_development_half_meets_the_targets():
    report = run("dev", language="es")
    assert report.total > 100
    assert report.recall("emergent") == 1.0
    assert report.recall("urgent") >= 0.97
    assert report.false_alarm_rate <= 0.05
    assert report.targets_met()


def test_make_eval_reports_spanish_beside_english():
    text = main()
    assert "== English, test half" in text and "== Spanish, test half" in text
    # Misses are listed by id for development halves only: the test half is never tuned on.
    spanish_test = text.split("== Spanish, test half")[1].split("==")[0]
    assert "misses" not in spanish_test
