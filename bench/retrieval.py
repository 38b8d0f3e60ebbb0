"""Row `retrieval`: the agent's lookup tools over the patient-phrased eval set, at the sample corpus
and at 10,000 passages, beside Haystack's InMemoryBM25Retriever on the same passages."""

from __future__ import annotations

from bench.harness import Report, Row


def run(report: Report) -> None:
    from knowledge.evaluation import benchmark, load_questions

    questions = load_questions()
    rows = benchmark(sizes=(None, 10_000), questions=questions)
    by_corpus: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_corpus.setdefault(row["corpus"], {})[row["retriever"]] = row
    for corpus, found in by_corpus.items():
        ours = next(v for k, v in found.items() if k.startswith("lookup tools"))
        base = next(v for k, v in found.items() if k.startswith("InMemoryBM25Retriever"))
        met = ours["p95_ms"] <= 10 and ours["recall@3"] >= 0.9
        report.add(
            Row(
                f"retrieval ({corpus})",
                f"lookup tools over {len(questions)} eval questions",
                f"p50 {ours['p50_ms']:.2f} ms, p95 {ours['p95_ms']:.2f} ms; recall@1 {ours['recall@1']:.3f}, "
                f"recall@3 {ours['recall@3']:.3f}, MRR {ours['MRR']:.3f}",
                f"InMemoryBM25Retriever p50 {base['p50_ms']:.2f} ms, p95 {base['p95_ms']:.2f} ms; "
                f"recall@3 {base['recall@3']:.3f}, MRR {base['MRR']:.3f}",
                f"p95 {ours['p95_ms'] / base['p95_ms']:.2f}x",
                "p95 <= 10 ms; recall@3 >= 0.9",
                met,
            )
        )
