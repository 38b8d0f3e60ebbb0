"""Scoped retrieval: a patient of procedure group A is never read a passage scoped only to group B."""

from __future__ import annotations

import itertools

import pytest

from knowledge.evaluation import HELDOUT_PATH, load_questions, run_lookup, sample_passages
from knowledge.models import GENERAL_GROUP
from knowledge.rag import Engine, ask, lookup_symptom_guidance

ENGINE = Engine.from_passages(sample_passages())
GROUPS = sorted({g for p in sample_passages() for g in p.meta["procedure_groups"]} - {GENERAL_GROUP})
QUESTIONS = load_questions(HELDOUT_PATH)


def test_the_sample_covers_three_procedures_and_general():
    assert GROUPS == ["laparoscopic-cholecystectomy", "tonsillectomy", "venous-malformation"]


@pytest.mark.parametrize(("own", "other"), list(itertools.permutations(GROUPS, 2)))
def test_no_passage_of_another_procedure_reaches_a_patient(own, other):
    """Every held-out question, asked by a patient of `own`: nothing scoped only to `other` is retrieved."""
    heard = 0
    for question in QUESTIONS:
        as_patient = question.__class__(**{**question.__dict__, "groups": (own,)})
        answer = run_lookup(as_patient, ENGINE)
        for passage in answer.passages:
            groups = set(passage["procedure_groups"])
            assert groups & {own, GENERAL_GROUP}, (question.id, passage["slug"], groups)
            assert groups != {other}
        heard += answer.found
    assert heard > len(QUESTIONS) // 2  # the scope narrows; it does not silence the knowledge base


def test_the_issue_example_a_gallbladder_patient_asking_about_swelling():
    answer = lookup_symptom_guidance(
        "is some swelling normal?", engine=ENGINE, procedure_groups=["Laparoscopic cholecystectomy"]
    )
    assert answer.found and answer.slugs[0] == "swelling-around-incision"
    assert "swelling-expected" not in answer.slugs
    assert "whole leg" not in answer.answer and "compression" not in answer.answer


def test_a_patient_with_only_general_orders_hears_only_general_content():
    answer = ask("when can he play soccer again", engine=ENGINE, procedure_groups=["General post-operative"])
    assert all(p["procedure_groups"] == [GENERAL_GROUP] for p in answer.passages)


def test_unscoped_lookups_stay_available_to_staff_tools():
    answer = ask("when can he play soccer again after sclerotherapy", engine=ENGINE)
    assert answer.found and "recovery-sports" in answer.slugs
