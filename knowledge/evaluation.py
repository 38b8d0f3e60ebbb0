"""Retrieval quality and speed on the patient question set, for the tests and `make bench`.

- `load_questions()` reads tests/knowledge/eval_questions.json (questions as patients ask
  them, each with the tool the agent would call and the slugs that answer it).
- `evaluate(rank, questions)` computes recall@1, recall@3, MRR and latency p50/p95 for any
  ranking function (question -> ranked slugs).
- `lookup_ranker(engine)` ranks through the agent's four lookup functions;
  `retriever_ranker(retriever)` sends the raw question to a Haystack retriever, so ours
  and InMemoryBM25Retriever can be compared on the same passages (`build_retrievers`).
- `synthetic_passages(n)` / `bench_passages(n)` make a large corpus: the sample passages
  plus generated filler, so the questions still have their answers at 10,000 passages.
No database is needed: everything here works on Haystack Documents.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from haystack import Document
from haystack.components.retrievers.in_memory import InMemoryBM25Retriever
from haystack.document_stores.in_memory import InMemoryDocumentStore

from knowledge.index import searchable_text
from knowledge.rag import (
    Engine,
    InvertedIndexBM25Retriever,
    LookupAnswer,
    lookup_medication_info,
    lookup_procedure_info,
    lookup_recovery_timeline,
    lookup_symptom_guidance,
    split_passages,
)
from knowledge.services import SAMPLE_CORPUS, sample_corpus_read
from knowledge.text import tokenize

QUESTIONS_PATH = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "eval_questions.json"
# Written from the documents by a different method, split dev/test by a fixed seed before any tuning.
HELDOUT_PATH = QUESTIONS_PATH.with_name("heldout_questions.json")
TOOLS = ("symptom", "medication", "procedure", "recovery")


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    tool: str
    args: dict[str, str]
    expected: tuple[str, ...]
    urgency: str | None = None
    # The patient's discharge procedure groups (None: unscoped, as the first question set was written).
    groups: tuple[str, ...] | None = None
    split: str = "dev"


@dataclass
class EvalReport:
    n: int
    recall_at_1: float
    recall_at_3: float
    mrr: float
    p50_ms: float
    p95_ms: float
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_row(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "recall@1": round(self.recall_at_1, 3),
            "recall@3": round(self.recall_at_3, 3),
            "MRR": round(self.mrr, 3),
            "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
        }


Ranker = Callable[[EvalQuestion], list[str]]


def load_questions(path: Path = QUESTIONS_PATH) -> list[EvalQuestion]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        EvalQuestion(
            id=r["id"],
            question=r["question"],
            tool=r["tool"],
            args=dict(r["args"]),
            expected=tuple(r["expected"]),
            urgency=r.get("urgency"),
            groups=tuple(r["procedure_groups"]) if r.get("procedure_groups") else None,
            split=r.get("split", "dev"),
        )
        for r in rows
    ]


def question_sets() -> dict[str, list[EvalQuestion]]:
    """dev: the 109 tuning questions plus the held-out set's dev half; test: the held-out test half only."""
    heldout = load_questions(HELDOUT_PATH)
    return {
        "dev": load_questions() + [q for q in heldout if q.split == "dev"],
        "test": [q for q in heldout if q.split == "test"],
    }


def evaluate(rank: Ranker, questions: Iterable[EvalQuestion], *, warmup: int = 3) -> EvalReport:
    questions = list(questions)
    for q in questions[:warmup]:
        rank(q)
    hits1 = hits3 = 0
    reciprocal = 0.0
    latencies: list[float] = []
    misses: list[dict[str, Any]] = []
    for q in questions:
        started = time.perf_counter()
        ranked = rank(q)
        latencies.append((time.perf_counter() - started) * 1000)
        position = next((i for i, slug in enumerate(ranked) if slug in q.expected), None)
        if position is not None:
            reciprocal += 1 / (position + 1)
            hits1 += position == 0
            hits3 += position < 3
        if position is None or position >= 3:
            misses.append({"id": q.id, "question": q.question, "expected": list(q.expected), "got": ranked[:3]})
    n = len(questions) or 1
    return EvalReport(
        n=len(questions),
        recall_at_1=hits1 / n,
        recall_at_3=hits3 / n,
        mrr=reciprocal / n,
        p50_ms=float(np.percentile(latencies, 50)) if latencies else 0.0,
        p95_ms=float(np.percentile(latencies, 95)) if latencies else 0.0,
        misses=misses,
    )


def run_lookup(question: EvalQuestion, engine: Engine | None = None) -> LookupAnswer:
    a, groups = question.args, question.groups
    if question.tool == "symptom":
        return lookup_symptom_guidance(a["symptom"], engine=engine, procedure_groups=groups)
    if question.tool == "medication":
        return lookup_medication_info(a["medication"], a["question"], engine=engine, procedure_groups=groups)
    if question.tool == "recovery":
        return lookup_recovery_timeline(a.get("procedure", ""), a["activity"], engine=engine, procedure_groups=groups)
    if question.tool == "procedure":
        return lookup_procedure_info(a["procedure"], a["question"], engine=engine, procedure_groups=groups)
    raise ValueError(f"Unknown tool {question.tool!r} in question {question.id}")


def lookup_ranker(engine: Engine | None = None) -> Ranker:
    def rank(question: EvalQuestion) -> list[str]:
        return run_lookup(question, engine).slugs

    return rank


def _dedupe(documents: list[Document]) -> list[str]:
    return list(dict.fromkeys(str(d.meta.get("slug", d.id)) for d in documents))


def retriever_ranker(retriever: Any, *, top_k: int = 10) -> Ranker:
    """Raw question text into any Haystack retriever with run(query=, top_k=) -> {"documents": [...]}."""

    def rank(question: EvalQuestion) -> list[str]:
        return _dedupe(retriever.run(query=question.question, top_k=top_k)["documents"])

    return rank


# -- corpora -------------------------------------------------------------------------------


def sample_passages(path: Path = SAMPLE_CORPUS) -> list[Document]:
    """The sample corpus as passages, straight from its JSON (no database)."""
    documents = [
        Document(
            content=row["content"],
            meta={
                "document_id": None,
                "slug": row["slug"],
                "title": row["title"],
                "category": row["category"],
                "topic": row["topic"].lower(),
                "synonyms": row.get("synonyms", ""),
                "urgency": row.get("urgency", ""),
                "source": row.get("source", ""),
                "procedure_groups": list(row.get("procedure_groups") or ["general"]),
                "is_sample": True,
            },
        )
        for row in sample_corpus_read(path)
    ]
    return split_passages(documents)


_SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "zu", "per", "dal", "nix", "qui", "sol", "tem", "bra", "gor")
_CATEGORIES = ("procedure", "medication", "symptom", "recovery", "general")


def synthetic_passages(n: int, *, seed: int = 7, words_per_passage: tuple[int, int] = (35, 70)) -> list[Document]:
    """n passages that look like a large hospital knowledge base to an index.

    Their words mix the sample corpus's real vocabulary (so common patient words like
    "pain" or "swelling" have long posting lists, as they would) with invented terms.
    Topics and synonyms are invented, so the sample documents keep their own topics.
    """
    rng = random.Random(seed)
    real = sorted({w for p in sample_passages() for w in (p.content or "").lower().split() if w.isalpha()})
    invented = sorted({"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(6000)})
    vocabulary = real + invented
    # Zipf-like weights: a few very common words, a long tail of rare ones.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))]
    rng.shuffle(weights)
    passages: list[Document] = []
    per_document = 3
    for i in range(n):
        doc_number = i // per_document
        topic = f"{rng.choice(invented)} {doc_number}"
        length = rng.randint(*words_per_passage)
        text = " ".join(rng.choices(vocabulary, weights=weights, k=length))
        category = _CATEGORIES[doc_number % len(_CATEGORIES)]
        passages.append(
            Document(
                content=text.capitalize() + ".",
                meta={
                    "document_id": None,
                    "slug": f"synthetic-{doc_number}",
                    "title": f"Synthetic document {doc_number}",
                    "category": category,
                    "topic": topic,
                    "synonyms": ", ".join(rng.sample(invented, 3)),
                    "urgency": "routine" if category == "symptom" else "",
                    "source": "synthetic",
                    "is_sample": True,
                    "split_id": i % per_document,
                },
            )
        )
    return passages


def bench_passages(total: int | None = None, *, seed: int = 7) -> list[Document]:
    """The sample passages, topped up with synthetic ones to `total` passages (None: sample only)."""
    passages = sample_passages()
    if total is not None and total > len(passages):
        passages = passages + synthetic_passages(total - len(passages), seed=seed)
    return passages


def build_retrievers(passages: list[Document], *, top_k: int = 10) -> tuple[InvertedIndexBM25Retriever, Any]:
    """Ours and Haystack's InMemoryBM25Retriever over the same passages and the same indexed text."""
    ours = InvertedIndexBM25Retriever.from_documents(passages, top_k=top_k)
    store = InMemoryDocumentStore()
    store.write_documents(
        [Document(id=f"p{i}", content=searchable_text(p), meta=dict(p.meta)) for i, p in enumerate(passages)]
    )
    baseline = InMemoryBM25Retriever(document_store=store, top_k=top_k)
    return ours, baseline


def benchmark(sizes: Iterable[int | None] = (None, 10_000), questions: list[EvalQuestion] | None = None) -> list[dict]:
    """One row per corpus size and retriever: what `make bench` prints."""
    questions = questions or load_questions()
    rows: list[dict[str, Any]] = []
    for size in sizes:
        passages = bench_passages(size)
        ours, baseline = build_retrievers(passages)
        engine = Engine(index=ours.index, pipeline=_pipeline_for(ours))
        label = f"{len(passages)} passages"
        for name, rank in (
            ("lookup tools (bm25s pipeline)", lookup_ranker(engine)),
            ("InvertedIndexBM25Retriever, raw question", retriever_ranker(ours)),
            ("InMemoryBM25Retriever, raw question", retriever_ranker(baseline)),
        ):
            rows.append({"corpus": label, "retriever": name, **evaluate(rank, questions).as_row()})
    return rows


def _pipeline_for(retriever: InvertedIndexBM25Retriever) -> Any:
    from knowledge.rag import build_pipeline

    return build_pipeline(retriever.index)


def vocabulary_size(passages: list[Document]) -> int:
    return len({t for p in passages for t in tokenize(searchable_text(p))})
