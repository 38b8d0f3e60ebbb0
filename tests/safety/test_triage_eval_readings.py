"""The evaluation reads each row as the call would hear it, or by the words alone (`--words-only`).

Synthetic rows written for this test (not the evaluation files): a caregiver or a parent naming the
patient by their relationship is the patient's red flag when the call knows who answered.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from calls.triage.evaluation.report import render, run, speaker_for_row
from calls.triage.evaluation.split import Utterance

pytestmark = pytest.mark.usefixtures("rules_only")


def row(n: int, text: str, tier: str, key: str | None, style: str, context: str = "affirmed") -> Utterance:
    return Utterance(f"syn-{n}", text, tier, key, context, style, "en", "dev")


ROWS = [
    row(1, "my husband has crushing chest pain", "emergent", "chest_pain", "caregiver"),
    row(2, "my dad is vomiting blood", "emergent", "blood_coughed_or_vomited", "parent"),
    row(3, "I have chest pain", "emergent", "chest_pain", "plain"),
    row(4, "my neighbour has chest pain", "none", None, "plain", "other_person"),
]


def test_caregiver_and_parent_rows_are_read_with_the_caregiver_speaker():
    assert [speaker_for_row(r) for r in ROWS] == ["caregiver", "caregiver", None, None]
    assert [speaker_for_row(r, words_only=True) for r in ROWS] == [None] * 4


def test_as_the_call_hears_it_a_caregivers_words_about_the_patient_are_caught():
    report = run("synthetic", ROWS)
    assert report.recall("emergent") == 1.0 and report.false_alarm_rate == 0.0
    assert "read as the call hears it" in render(report, list_misses=True)


def test_words_only_keeps_the_old_reading_someone_elses():
    report = run("synthetic", ROWS, words_only=True)
    assert report.recall("emergent") == pytest.approx(1 / 3)
    assert {miss[0] for miss in report.misses} == {"syn-1", "syn-2"}
    assert report.false_alarm_rate == 0.0
    assert "read words only: every row with speaker=None" in render(report, list_misses=True)


def test_the_command_says_which_reading_it_printed(monkeypatch, capsys):
    monkeypatch.setattr("calls.triage.evaluation.split.load", lambda half, language="en": ROWS)
    call_command("triage_eval", "--half", "dev_fresh3", "--language", "en", "--words-only")
    assert "read words only" in capsys.readouterr().out
    call_command("triage_eval", "--half", "dev_fresh3", "--language", "en")
    assert "read as the call hears it" in capsys.readouterr().out
