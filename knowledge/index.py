"""The in-memory search index behind knowledge.rag: BM25 over an inverted index (bm25s).

Haystack's InMemoryBM25Retriever scores every passage on every query; bm25s keeps a
sparse term -> passage matrix, so a query only touches the postings of its own terms.
On top of BM25 sit two things patients need on the phone: typo repair against the
index vocabulary, and topic phrases (each document's topic and synonyms: "puffy",
"motrin", "daycare") that are matched whole and boost their documents.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import bm25s
import numpy as np
from haystack import Document
from haystack.utils.filters import document_matches_filter

from knowledge.languages import ENGLISH, Analyzer
from knowledge.models import GENERAL_GROUP, normalize_group
from knowledge.text import TypoCorrector

# Fields the index can filter on without looking at each passage.
FAST_FILTER_FIELDS = ("category", "topic", "slug", "urgency")
# Added to a passage's BM25 score when the question names its topic. Flat, not per token: a
# two-word name ("venous malformation") must not count twice and outweigh the question itself.
TOPIC_BOOST = 3.0
SPECIFICITY_BOOST = 1.0
CANDIDATES = 50


def searchable_text(doc: Document) -> str:
    """The text a passage is indexed under: its document's title, topic and synonyms, then the passage."""
    meta = doc.meta
    parts = (meta.get("title", ""), meta.get("topic", ""), meta.get("synonyms", ""), doc.content or "")
    return ". ".join(part for part in parts if part)


def topic_boost(phrase: tuple[str, ...]) -> float:
    """A longer phrase is more specific ("high fever" over "fever"), but only a little: the question decides."""
    return TOPIC_BOOST + SPECIFICITY_BOOST * (len(phrase) - 1)


def passage_groups(doc: Document) -> frozenset[str]:
    return frozenset(str(g) for g in (doc.meta.get("procedure_groups") or [GENERAL_GROUP]))


def scope(groups: Iterable[str] | None) -> frozenset[str] | None:
    """The groups a patient's lookups may read: their procedure groups plus general (None: no restriction)."""
    if groups is None:
        return None
    return frozenset(normalize_group(g) for g in groups if normalize_group(g)) | {GENERAL_GROUP}


def topic_phrases(topic: str, synonyms: str, analyzer: Analyzer = ENGLISH) -> list[tuple[str, ...]]:
    """Each synonym is a phrase whose tokens must all be present; "school and daycare" gives two phrases."""
    phrases: list[tuple[str, ...]] = []
    parts = [topic]
    for joiner in analyzer.topic_joiners:
        parts = [p for chunk in parts for p in chunk.split(joiner)]
    parts += synonyms.split(",")
    for part in parts:
        tokens = tuple(dict.fromkeys(analyzer.tokenize(part)))
        if tokens and tokens not in phrases:
            phrases.append(tokens)
    return phrases


@dataclass
class QueryAnalysis:
    text: str
    tokens: list[str]
    corrections: dict[str, str]
    # topic key -> the longest topic phrase of that topic found in the query
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unknown_words: list[str] = field(default_factory=list)


@dataclass
class Hit:
    passage: int
    score: float
    bm25: float
    boost: float


class KnowledgeIndex:
    """Passages (Haystack Documents), their BM25 index, typo repair and topic phrases."""

    def __init__(self, passages: list[Document], *, version: Any = None, analyzer: Analyzer = ENGLISH) -> None:
        self.version = version
        self.analyzer = analyzer
        self.language = analyzer.language
        self.tokenize = analyzer.tokenize
        self.passages = passages
        corpus_tokens = [self.tokenize(searchable_text(p)) or ["_empty_"] for p in passages]
        self.bm25 = bm25s.BM25()
        if passages:
            self.bm25.index(corpus_tokens, show_progress=False)
        self.vocab: dict[str, int] = self.bm25.vocab_dict if passages else {}
        frequency: Counter[str] = Counter()
        for tokens in corpus_tokens:
            frequency.update(set(tokens))
        self.corrector = TypoCorrector(dict(frequency))
        self.num_passages = len(passages)

        self._values: dict[str, np.ndarray] = {}
        for name in FAST_FILTER_FIELDS:
            self._values[name] = np.array([str(p.meta.get(name, "") or "") for p in passages], dtype=object)
        self._mask_cache: dict[str, np.ndarray | None] = {}

        # Topic phrases: token -> phrases containing it, phrase -> topics and categories.
        self.topic_category: dict[str, set[str]] = {}
        self._phrases: list[tuple[tuple[str, ...], str]] = []
        self._phrase_by_token: dict[str, list[int]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        for passage in passages:
            topic = str(passage.meta.get("topic", "")).lower()
            self.topic_category.setdefault(topic, set()).add(str(passage.meta.get("category", "")))
            for phrase in topic_phrases(topic, str(passage.meta.get("synonyms", "")), analyzer):
                if (phrase, topic) in seen:
                    continue
                seen.add((phrase, topic))
                self._phrases.append((phrase, topic))
                for token in phrase:
                    self._phrase_by_token.setdefault(token, []).append(len(self._phrases) - 1)
        self._topic_array = np.array([str(p.meta.get("topic", "")).lower() for p in passages], dtype=object)
        self._topic_masks: dict[str, np.ndarray] = {}

        # Procedure scope: each passage's groups; a topic is in scope when any of its passages is.
        self._groups = [passage_groups(p) for p in passages]
        self.topic_groups: dict[str, set[str]] = {}
        for passage, groups in zip(passages, self._groups, strict=True):
            self.topic_groups.setdefault(str(passage.meta.get("topic", "")).lower(), set()).update(groups)
        self._group_masks: dict[frozenset[str], np.ndarray] = {}
        self._indexed_tokens: dict[int, frozenset[str]] = {}

    # -- query side ------------------------------------------------------------------
    def analyze(
        self, text: str, *, categories: list[str] | None = None, groups: frozenset[str] | None = None
    ) -> QueryAnalysis:
        raw = self.tokenize(text)
        tokens, corrections = self.corrector.correct_all(raw)
        unknown = [t for t in raw if t not in self.vocab and t not in corrections]
        extra = [t for t in self.analyzer.intent_terms(text) if t not in tokens]
        present = set(tokens) | set(extra)
        topics: dict[str, tuple[str, ...]] = {}
        for index in {i for t in present for i in self._phrase_by_token.get(t, ())}:
            phrase, topic = self._phrases[index]
            if categories and not (self.topic_category.get(topic, set()) & set(categories)):
                continue
            if groups is not None and not (self.topic_groups.get(topic, set()) & groups):
                continue
            if present.issuperset(phrase) and len(phrase) > len(topics.get(topic, ())):
                topics[topic] = phrase
        tokens = tokens + list(dict.fromkeys(extra))
        return QueryAnalysis(text=text, tokens=tokens, corrections=corrections, topics=topics, unknown_words=unknown)

    def filter_mask(self, filters: dict[str, Any] | None) -> np.ndarray | None:
        if not filters:
            return None
        key = json.dumps(filters, sort_keys=True, default=str)
        if key not in self._mask_cache:
            if len(self._mask_cache) > 1024:
                self._mask_cache.clear()
            self._mask_cache[key] = self._compute_mask(filters)
        return self._mask_cache[key]

    def _compute_mask(self, node: dict[str, Any]) -> np.ndarray:
        operator = node.get("operator")
        if "conditions" in node:
            masks = [self._compute_mask(c) for c in node["conditions"]]
            if operator == "AND":
                return np.logical_and.reduce(masks) if masks else np.ones(self.num_passages, dtype=bool)
            if operator == "OR":
                return np.logical_or.reduce(masks) if masks else np.zeros(self.num_passages, dtype=bool)
            if operator == "NOT":
                return ~np.logical_and.reduce(masks)
        name = str(node.get("field", "")).removeprefix("meta.")
        if name in FAST_FILTER_FIELDS and operator in ("==", "!=", "in", "not in"):
            values = self._values[name]
            wanted = node["value"] if operator in ("in", "not in") else [node["value"]]
            mask = np.isin(values, [str(v) for v in wanted])
            return ~mask if operator in ("!=", "not in") else mask
        # Anything else goes through Haystack's own filter semantics, once per distinct filter.
        return np.array([document_matches_filter(node, p) for p in self.passages], dtype=bool)

    def group_mask(self, groups: frozenset[str] | None) -> np.ndarray | None:
        if groups is None:
            return None
        if groups not in self._group_masks:
            if len(self._group_masks) > 256:
                self._group_masks.clear()
            self._group_masks[groups] = np.fromiter(
                (bool(g & groups) for g in self._groups), dtype=bool, count=self.num_passages
            )
        return self._group_masks[groups]

    def mention_mask(self, tokens: Iterable[str]) -> np.ndarray:
        """Passages whose indexed text (title, topic, synonyms, content) contains any of `tokens`."""
        ids = [self.vocab[t] for t in set(tokens) if t in self.vocab]
        mask = np.zeros(self.num_passages, dtype=bool)
        for term in ids:
            mask |= self.bm25.get_scores_from_ids([term]) > 0
        return mask

    def topic_passages(self, topics: Iterable[str]) -> np.ndarray:
        mask = np.zeros(self.num_passages, dtype=bool)
        for topic in topics:
            mask |= self._topic_mask(topic)
        return mask

    def _topic_mask(self, topic: str) -> np.ndarray:
        if topic not in self._topic_masks:
            self._topic_masks[topic] = self._topic_array == topic
        return self._topic_masks[topic]

    def search(
        self,
        analysis: QueryAnalysis,
        *,
        filters: dict[str, Any] | None = None,
        groups: frozenset[str] | None = None,
        top_k: int = 5,
        boosts: dict[str, float] | None = None,
        allowed: np.ndarray | None = None,
    ) -> list[Hit]:
        """BM25 over the query tokens, within the filters, the procedure scope and `allowed`, plus topic boosts.

        `boosts` maps a topic to what its passages gain (default: TOPIC_BOOST for each topic the query named).
        """
        ids = [self.vocab[t] for t in analysis.tokens if t in self.vocab]
        if not ids or not self.num_passages:
            return []
        mask = self.filter_mask(filters)
        for extra in (self.group_mask(groups), allowed):
            if extra is not None:
                mask = extra if mask is None else mask & extra
        scores = self.bm25.get_scores_from_ids(ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        nonzero = int(np.count_nonzero(scores))
        if not nonzero:
            return []
        take = min(CANDIDATES, nonzero)
        candidates = np.argpartition(-scores, take - 1)[:take] if take < len(scores) else np.arange(len(scores))
        gains = np.zeros(len(candidates), dtype=np.float32)
        if boosts is None:
            boosts = {topic: topic_boost(phrase) for topic, phrase in analysis.topics.items()}
        for topic, gain in boosts.items():
            gains += self._topic_mask(topic)[candidates] * gain
        hits = [
            Hit(passage=int(i), score=float(scores[i] + b), bm25=float(scores[i]), boost=float(b))
            for i, b in zip(candidates, gains, strict=True)
            if scores[i] > 0
        ]
        hits.sort(key=lambda h: (-h.score, h.passage))
        return hits[:top_k]

    def explain(self, hit: Hit, analysis: QueryAnalysis) -> dict[str, Any]:
        passage = self.passages[hit.passage]
        indexed = self._indexed_tokens.get(hit.passage)
        if indexed is None:
            indexed = self._indexed_tokens[hit.passage] = frozenset(self.tokenize(searchable_text(passage)))
        return {
            "bm25": round(hit.bm25, 3),
            "topic_boost": round(hit.boost, 3),
            "matched_terms": [t for t in dict.fromkeys(analysis.tokens) if t in indexed],
            "topic_phrase": " ".join(analysis.topics.get(str(passage.meta.get("topic", "")).lower(), ())),
        }

    def to_documents(self, hits: list[Hit], analysis: QueryAnalysis) -> list[Document]:
        return [
            replace(
                self.passages[h.passage],
                score=h.score,
                meta={**self.passages[h.passage].meta, "match": self.explain(h, analysis)},
            )
            for h in hits
        ]
