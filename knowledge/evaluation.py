"""Retrieval quality and speed on the patient question set, for the tests and `make bench`.

- `load_questions()` reads tests/knowledge/eval_questions.json (questions as patients ask
  them, each with the tool the agent would call and the slugs that answer it).
- `evaluate(rank, questions)` computes recall@1, recall@3, MRR and latency p50/p95 for any
  ranking function (question -> ranked slugs).
- `lookup_ranker(engine)` ranks through the agent's four lookup functions;
  `retriever_ranker(retriever)` sends the raw question to a Haystack retriever, so ours
  and InMemoryBM25Retriever can be compared on the same passages (`build_retrievers`).
- `other_procedure_passages(n)` / `bench_passages(n)` make a large corpus: the sample passages plus
  look-alike passages on the same topics for fifty other procedures, each scoped to its own group.
- `question_sets()`: dev (the 109 tuning questions + the held-out dev half) and test (held-out test half).
- `spanish_question_sets()`: the Spanish set (tests/knowledge/spanish_questions.json), written before any
  Spanish tuning and split once by seed 21; `spanish_engine()` indexes the Spanish sample corpus with the
  Spanish analyzer. Tune on dev only.
No database is needed: everything here works on Haystack Documents.
"""

from __future__ import annotations

import json
import random
import re
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
from knowledge.models import Language, normalize_group
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
from knowledge.services import SAMPLE_CORPUS, SAMPLE_CORPUS_ES, sample_corpus_read
from knowledge.text import tokenize

QUESTIONS_PATH = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "eval_questions.json"
# Written from the documents by a different method, split dev/test by a fixed seed before any tuning.
HELDOUT_PATH = QUESTIONS_PATH.with_name("heldout_questions.json")
# Symptom questions written during tuning to probe weaknesses (dev only, never scored as test).
DEV_EXTRA_PATH = QUESTIONS_PATH.with_name("dev_extra_questions.json")
# Spanish patient questions, labelled with the Spanish documents' slugs.
SPANISH_PATH = QUESTIONS_PATH.with_name("spanish_questions.json")
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
    # CPU time of the lookup itself (thread time): wall time on a shared, loaded machine includes waiting.
    cpu_p95_ms: float = 0.0

    def as_row(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "recall@1": round(self.recall_at_1, 3),
            "recall@3": round(self.recall_at_3, 3),
            "MRR": round(self.mrr, 3),
            "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
            "cpu_p95_ms": round(self.cpu_p95_ms, 3),
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
    """dev: the 109 tuning questions, the held-out set's dev half and the extra tuning probes; test: the held-out
    test half only."""
    heldout = load_questions(HELDOUT_PATH)
    return {
        "dev": load_questions() + [q for q in heldout if q.split == "dev"] + load_questions(DEV_EXTRA_PATH),
        "test": [q for q in heldout if q.split == "test"],
    }


def spanish_question_sets() -> dict[str, list[EvalQuestion]]:
    questions = load_questions(SPANISH_PATH)
    return {split: [q for q in questions if q.split == split] for split in ("dev", "test")}


def spanish_engine() -> Engine:
    return Engine.from_passages(sample_passages(SAMPLE_CORPUS_ES), language=Language.SPANISH)


@dataclass
class Outcome:
    question: EvalQuestion
    ranked: list[str]
    ms: float
    cpu_ms: float = 0.0

    @property
    def position(self) -> int | None:
        return next((i for i, slug in enumerate(self.ranked) if slug in self.question.expected), None)


def run_all(rank: Ranker, questions: Iterable[EvalQuestion], *, warmup: int = 3) -> list[Outcome]:
    questions = list(questions)
    for q in questions[:warmup]:
        rank(q)
    outcomes = []
    for q in questions:
        started, cpu = time.perf_counter(), time.thread_time()
        ranked = rank(q)
        outcomes.append(Outcome(q, ranked, (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000))
    return outcomes


def report(outcomes: list[Outcome]) -> EvalReport:
    positions = [o.position for o in outcomes]
    latencies = [o.ms for o in outcomes]
    n = len(outcomes) or 1
    return EvalReport(
        n=len(outcomes),
        recall_at_1=sum(p == 0 for p in positions) / n,
        recall_at_3=sum(p is not None and p < 3 for p in positions) / n,
        mrr=sum(1 / (p + 1) for p in positions if p is not None) / n,
        p50_ms=float(np.percentile(latencies, 50)) if latencies else 0.0,
        p95_ms=float(np.percentile(latencies, 95)) if latencies else 0.0,
        cpu_p95_ms=float(np.percentile([o.cpu_ms for o in outcomes], 95)) if outcomes else 0.0,
        misses=[
            {
                "id": o.question.id,
                "question": o.question.question,
                "expected": list(o.question.expected),
                "got": o.ranked[:3],
            }
            for o in outcomes
            if o.position is None or o.position >= 3
        ],
    )


def evaluate(rank: Ranker, questions: Iterable[EvalQuestion], *, warmup: int = 3) -> EvalReport:
    return report(run_all(rank, questions, warmup=warmup))


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
                "language": row.get("language") or Language.ENGLISH,
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


# Other procedures a hospital's knowledge base covers: the 10,000-passage corpus gives each of them its own
# documents on the same topics as the sample (swelling, ibuprofen, sports...), as a real clinic's would.
OTHER_PROCEDURES = (
    "appendectomy",
    "inguinal hernia repair",
    "umbilical hernia repair",
    "knee arthroscopy",
    "ACL reconstruction",
    "total knee replacement",
    "total hip replacement",
    "carpal tunnel release",
    "cataract surgery",
    "septoplasty",
    "sinus surgery",
    "thyroidectomy",
    "parathyroidectomy",
    "breast lumpectomy",
    "mastectomy",
    "hysterectomy",
    "cesarean section",
    "circumcision",
    "hypospadias repair",
    "orchiopexy",
    "ear tubes",
    "adenoidectomy",
    "dental extraction",
    "cleft lip repair",
    "spinal fusion",
    "shoulder arthroscopy",
    "rotator cuff repair",
    "bunion surgery",
    "hemorrhoidectomy",
    "colonoscopy with polypectomy",
    "gastric sleeve",
    "gastric bypass",
    "kidney stone removal",
    "prostate biopsy",
    "vasectomy",
    "varicose vein ablation",
    "port placement",
    "skin graft",
    "mole removal",
    "lymph node biopsy",
    "cardiac catheterization",
    "pacemaker insertion",
    "angioplasty",
    "dialysis fistula",
    "liver biopsy",
    "bronchoscopy",
    "tubal ligation",
    "ovarian cystectomy",
    "fracture fixation",
    "trigger finger release",
)
_PROCEDURE_WORDS = re.compile(
    r"\b(?:sclerotherapy|embolization|the procedure|the treatment|gallbladder surgery|tonsillectomy|surgery)\b",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|ten|twelve)\b")
_NUMBERS = ("1", "2", "3", "4", "5", "6", "7", "10", "14", "two", "three", "five", "seven", "ten")


def other_procedure_passages(n: int, *, seed: int = 7) -> list[Document]:
    """n passages written the way the sample's are, for OTHER_PROCEDURES: same topics, synonyms and vocabulary.

    Each is a sample passage rewritten for another procedure (its name swapped in, its numbers changed, a
    sentence from another passage of the same category added), scoped to that procedure's group. A
    patient's scoped lookups must find their own answer among thousands of look-alikes; the unscoped
    raw retrievers see them all.
    """
    rng = random.Random(seed)
    real = sample_passages()
    by_category: dict[str, list[Document]] = {}
    for passage in real:
        by_category.setdefault(str(passage.meta["category"]), []).append(passage)
    sentences = {
        category: [x for p in items for x in re.split(r"(?<=[.!?])\s+", p.content or "") if x]
        for category, items in by_category.items()
    }
    out: list[Document] = []
    for i in range(n):
        template = real[i % len(real)]
        procedure = OTHER_PROCEDURES[(i // len(real) + i) % len(OTHER_PROCEDURES)]
        text = _PROCEDURE_WORDS.sub(procedure, template.content or "")
        text = _NUMBER_WORD.sub(lambda _m: rng.choice(_NUMBERS), text)
        category = str(template.meta["category"])
        text = f"{text} {rng.choice(sentences[category])}"
        group = normalize_group(procedure)
        meta = {
            **template.meta,
            "slug": f"{template.meta['slug']}--{group}-{i}",
            "title": f"{template.meta['title']} ({procedure})",
            "procedure_groups": [group],
            "source": "generated for the benchmark",
            "split_id": 0,
        }
        out.append(Document(content=text, meta=meta))
    return out


def bench_passages(total: int | None = None, *, seed: int = 7) -> list[Document]:
    """The sample passages, topped up with other procedures' look-alikes to `total` passages (None: sample only)."""
    passages = sample_passages()
    if total is not None and total > len(passages):
        passages = passages + other_procedure_passages(total - len(passages), seed=seed)
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


def benchmark(sizes: Iterable[int | None] = (None, 10_000)) -> list[dict[str, Any]]:
    """What `make bench` prints: per corpus size, question set (dev / held-out test) and tool, three rankers.

    Quality targets apply to the held-out test half on the knowledge base itself (sample corpus); the
    10,000-passage corpus measures speed beside InMemoryBM25Retriever on identical passages.
    """
    sets = question_sets()
    rows: list[dict[str, Any]] = []
    for size in sizes:
        passages = bench_passages(size)
        ours, baseline = build_retrievers(passages)
        engine = Engine(index=ours.index, pipeline=_pipeline_for(ours))
        label = f"{len(passages)} passages"
        for name, rank in (
            ("lookup tools", lookup_ranker(engine)),
            ("InvertedIndexBM25Retriever, raw question", retriever_ranker(ours)),
            ("InMemoryBM25Retriever, raw question", retriever_ranker(baseline)),
        ):
            for split, questions in sets.items():
                outcomes = run_all(rank, questions)
                for tool in ("all", *TOOLS):
                    chosen = [o for o in outcomes if tool == "all" or o.question.tool == tool]
                    row = report(chosen).as_row()
                    rows.append({"corpus": label, "retriever": name, "split": split, "tool": tool, **row})
    return rows


def _pipeline_for(retriever: InvertedIndexBM25Retriever) -> Any:
    from knowledge.rag import build_pipeline

    return build_pipeline(retriever.index)


def vocabulary_size(passages: list[Document]) -> int:
    return len({t for p in passages for t in tokenize(searchable_text(p))})
