"""The held-out question set: written from the documents, split before tuning, and the targets on its test half."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from knowledge.evaluation import (
    HELDOUT_PATH,
    TOOLS,
    evaluate,
    load_questions,
    lookup_ranker,
    question_sets,
    sample_passages,
)
from knowledge.rag import Engine

ROWS = json.loads(HELDOUT_PATH.read_text(encoding="utf-8"))
SETS = question_sets()


def test_the_set_is_large_patient_phrased_and_labelled_with_real_passages():
    assert len(ROWS) >= 300 and len({r["id"] for r in ROWS}) == len(ROWS)
    passages = {f"{p.meta['slug']}#{p.meta['split_id']}" for p in sample_passages()}
    slugs = {label.split("#")[0] for label in passages}
    for row in ROWS:
        assert row["passages"] and set(row["passages"]) <= passages, row["id"]
        assert set(row["expected"]) <= slugs and row["expected"][0] == row["passages"][0].split("#")[0]
        assert row["procedure_groups"] and row["tool"] in TOOLS
    assert Counter(r["persona"] for r in ROWS).keys() >= {"parent", "teen", "nonnative", "typos", "elder"}


def test_every_passage_of_the_sample_has_a_question():
    passages = {f"{p.meta['slug']}#{p.meta['split_id']}" for p in sample_passages()}
    asked = {label for r in ROWS for label in r["passages"]}
    assert passages == asked


def test_the_split_is_fixed_and_half_per_tool():
    by_tool = Counter((r["tool"], r["split"]) for r in ROWS)
    for tool in TOOLS:
        assert abs(by_tool[(tool, "dev")] - by_tool[(tool, "test")]) <= 1
    assert {q.id for q in SETS["test"]}.isdisjoint({q.id for q in SETS["dev"]})
    assert len([q for q in SETS["dev"] if q.id.startswith("q")]) == len(load_questions())
    assert not [q for q in SETS["test"] if not q.id.startswith("h")]


@pytest.mark.parametrize("tool", ["all", *TOOLS])
def test_the_test_half_meets_the_targets(tool):
    questions = [q for q in SETS["test"] if tool == "all" or q.tool == tool]
    report = evaluate(lookup_ranker(Engine.from_passages(sample_passages())), questions, warmup=0)
    assert report.recall_at_1 >= 0.85, report.misses
    assert report.recall_at_3 >= 0.95, report.misses
