"""Turning retrieved passages into what the agent says: up to three agreeing passages, the most urgent first.

A symptom's urgency comes from its care guide; when a more urgent passage scores close to the best
and matches as much of what the patient said, it is read first ("when in doubt, escalate").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from haystack import Document

from knowledge.models import GENERAL_GROUP, Urgency

MAX_ANSWER_CHARS = 420
URGENCY_RANK = {"": 0, Urgency.ROUTINE: 1, Urgency.CALL_CLINIC: 2, Urgency.EMERGENCY: 3}
# A runner-up this close to the best passage can still raise the urgency: when in doubt, escalate.
URGENCY_ESCALATION_RATIO = 0.8
# Passages this close to the best one, and agreeing with it, are read together.
COMBINE_SCORE_RATIO = 0.6


@dataclass
class LookupAnswer:
    found: bool
    answer: str
    sources: list[str] = field(default_factory=list)
    urgency: str | None = None
    document_ids: list[int] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)
    sample_content: bool = False
    # Why: the passages the retriever returned, with scores and matched terms (portal "ask" view).
    passages: list[dict[str, Any]] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    # The language of every passage in the answer (a patient hears only their own language's documents).
    language: str = "en"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("passages")
        return data


def _trim(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    out = ""
    for sentence in sentences:
        if len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    return out or text[:limit].rsplit(" ", 1)[0] + "…"


# What a patient hears when their language's documents have no answer: honest, in their language, with the nurse.
NOT_FOUND = {
    "en": (
        "I don't have information about {subject} in our knowledge base, so I won't guess. "
        "I'll make a note so a nurse can follow up with you."
    ),
    "es": (
        "No tengo información sobre {subject} en nuestra guía de cuidados en español, así que no voy a adivinar. "
        "Voy a dejar una nota para que una enfermera le llame."
    ),
}
NOT_FOUND_EMERGENCY = {
    "en": " If it feels like an emergency, hang up and call 911.",
    "es": " Si siente que es una emergencia, cuelgue y llame al 911.",
}
THAT = {"en": "that", "es": "eso"}
# The urgency a symptom's care guide gives, said before (emergency) or after (call the clinic) the passage.
EMERGENCY_CALL_NOW = {
    "en": "This could be an emergency. Please call 911 now. ",
    "es": "Esto podría ser una emergencia. Por favor llame al 911 ahora. ",
}
EMERGENCY = {"en": "This could be an emergency. ", "es": "Esto podría ser una emergencia. "}
CALL_CLINIC = {
    "en": (" Please call the clinic today so a nurse can check.", "clinic"),
    "es": (" Por favor llame hoy a la clínica para que una enfermera le revise.", "clínica"),
}


def not_found(subject: str, *, symptom: bool = False, language: str = "en") -> LookupAnswer:
    language = language if language in NOT_FOUND else "en"
    subject = re.sub(r"\s+", " ", subject).strip()[:80] or THAT[language]
    answer = NOT_FOUND[language].format(subject=subject)
    if symptom:
        answer += NOT_FOUND_EMERGENCY[language]
    return LookupAnswer(found=False, answer=answer, language=language)


def _agrees(best: Document, other: Document) -> bool:
    """Two passages say the same kind of thing when they come from one document or share its topic and urgency."""
    if other.meta["slug"] == best.meta["slug"]:
        return True
    return other.meta.get("topic") == best.meta.get("topic") and other.meta.get("urgency") == best.meta.get("urgency")


def compose_answer(
    documents: list[Document], analysis: dict[str, Any], *, with_urgency: bool = False, language: str = "en"
) -> LookupAnswer:
    language = language if language in NOT_FOUND else "en"
    best = documents[0]
    top = best.score or 0.0
    chosen = [best]
    # Up to two more of the best passages finish the thought when they agree with the first and score close to it.
    for extra in documents[1:]:
        if len(chosen) == 3:
            break
        close = (extra.score or 0.0) >= COMBINE_SCORE_RATIO * top
        fits = sum(len(d.content or "") for d in chosen) + len(extra.content or "") < MAX_ANSWER_CHARS
        if close and fits and _agrees(best, extra):
            chosen.append(extra)
    order = {d.meta["slug"]: i for i, d in enumerate(reversed(chosen))}
    chosen.sort(key=lambda d: (d.meta["slug"] != best.meta["slug"], -order[d.meta["slug"]], d.meta.get("split_id", 0)))
    answer = _trim(" ".join(d.content or "" for d in chosen))
    urgency: str | None = None
    if with_urgency:
        urgency = str(best.meta.get("urgency") or Urgency.ROUTINE)
        for runner_up in documents[1:]:
            candidate = str(runner_up.meta.get("urgency") or "")
            if _may_escalate(best, runner_up, top) and URGENCY_RANK.get(candidate, 0) > URGENCY_RANK.get(urgency, 0):
                urgency = candidate
                answer = _trim(runner_up.content or "")
        if urgency == Urgency.EMERGENCY and "911" not in answer:
            answer = EMERGENCY_CALL_NOW[language] + answer
        elif urgency == Urgency.EMERGENCY:
            answer = EMERGENCY[language] + answer
        elif urgency == Urgency.CALL_CLINIC and CALL_CLINIC[language][1] not in answer.lower():
            answer += CALL_CLINIC[language][0]
    slugs = list(dict.fromkeys(d.meta["slug"] for d in documents))
    by_slug = {d.meta["slug"]: d for d in reversed(documents)}
    ordered = [by_slug[s] for s in slugs]
    return LookupAnswer(
        found=True,
        answer=answer,
        sources=[_source(d) for d in ordered[:3]],
        urgency=urgency,
        document_ids=[int(d.meta["document_id"]) for d in ordered if d.meta.get("document_id") is not None],
        slugs=slugs,
        sample_content=any(bool(d.meta.get("is_sample")) for d in chosen),
        passages=[
            {
                "slug": d.meta["slug"],
                "title": d.meta.get("title", ""),
                "category": d.meta.get("category", ""),
                "topic": d.meta.get("topic", ""),
                "urgency": d.meta.get("urgency", ""),
                "procedure_groups": list(d.meta.get("procedure_groups") or [GENERAL_GROUP]),
                "score": round(d.score or 0.0, 3),
                "content": d.content,
                "used": any(d is c for c in chosen),
                **d.meta.get("match", {}),
            }
            for d in documents
        ],
        corrections=analysis.get("corrections", {}),
        topics=analysis.get("topics", []),
        language=language,
    )


def _source(doc: Document) -> str:
    source = doc.meta.get("source") or ""
    return f"{doc.meta.get('title', '')} ({source})" if source else str(doc.meta.get("title", ""))


def _terms(doc: Document) -> set[str]:
    return set(doc.meta.get("match", {}).get("matched_terms", []))


def _may_escalate(best: Document, other: Document, top: float) -> bool:
    """A runner-up may raise the urgency when it scores close to the best and matches as much of what was said:
    "is some swelling normal" is not a question about swelling that keeps getting worse."""
    return (other.score or 0.0) >= URGENCY_ESCALATION_RATIO * top and len(_terms(other)) >= len(_terms(best))


def escalate_first(documents: list[Document]) -> list[Document]:
    """When in doubt, escalate: a more urgent passage scoring close to the best one is read first."""
    top = documents[0].score or 0.0
    close = [d for d in documents if _may_escalate(documents[0], d, top)]
    first = max(close, key=lambda d: URGENCY_RANK.get(str(d.meta.get("urgency") or ""), 0))
    if URGENCY_RANK.get(str(first.meta.get("urgency") or ""), 0) <= URGENCY_RANK.get(
        str(documents[0].meta.get("urgency") or ""), 0
    ):
        return documents
    return [first, *(d for d in documents if d is not first)]
