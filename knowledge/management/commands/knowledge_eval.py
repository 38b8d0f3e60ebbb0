from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.evaluation import (
    TOOLS,
    EvalQuestion,
    evaluate,
    lookup_ranker,
    question_sets,
    sample_passages,
    spanish_engine,
    spanish_question_sets,
)
from knowledge.rag import Engine

# The target for a language's held-out test half (recall@3 over the agent's lookup tools).
RECALL_AT_3_TARGET = 0.9


class Command(BaseCommand):
    help = (
        "Knowledge retrieval measured on the patient question sets through the agent's lookup tools: "
        "English (held-out test half, then dev) and Spanish (test half, then dev). No database needed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", choices=["en", "es", "all"], default="all")
        parser.add_argument("--misses", action="store_true", help="List the dev half's misses (tune on dev only).")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        failed = []
        runs = []
        if options["language"] in ("en", "all"):
            runs.append(("English", Engine.from_passages(sample_passages()), question_sets()))
        if options["language"] in ("es", "all"):
            runs.append(("Spanish", spanish_engine(), spanish_question_sets()))
        for name, engine, sets in runs:
            rank = lookup_ranker(engine)
            for split in ("test", "dev"):
                questions = sets[split]
                report = evaluate(rank, questions)
                self.stdout.write(f"{name} {split}: {self._row(report.as_row())}")
                for tool in TOOLS:
                    chosen: list[EvalQuestion] = [q for q in questions if q.tool == tool]
                    row = evaluate(rank, chosen, warmup=0).as_row()
                    self.stdout.write(f"    {tool:<10} n={row['n']:<3} recall@3={row['recall@3']:.3f}")
                if split == "test" and report.recall_at_3 < RECALL_AT_3_TARGET:
                    failed.append(f"{name} test recall@3 {report.recall_at_3:.3f} < {RECALL_AT_3_TARGET}")
                if split == "dev" and options["misses"]:
                    for miss in report.misses:
                        self.stdout.write(f"    miss {miss['id']}: {miss['question']!r} -> {miss['got']}")
        if failed:
            raise CommandError("; ".join(failed))

    @staticmethod
    def _row(row: dict[str, Any]) -> str:
        return (
            f"n={row['n']} recall@1={row['recall@1']:.3f} recall@3={row['recall@3']:.3f} MRR={row['MRR']:.3f} "
            f"p95={row['p95_ms']:.2f} ms"
        )
