"""Medical knowledge lookups for the phone agent: Haystack documents, a bm25s retriever, a pipeline.

KnowledgeDocuments are split into passages (Haystack Documents) and indexed in memory by
knowledge.index.KnowledgeIndex. The agent's four tools call the lookup_* functions,
which answer only from what the index finds for a topic the knowledge base knows; an
unknown topic gets a plain "nothing on that, the nurse will follow up".

Each language has its own index (knowledge.languages: its tokenizer, stop words, stemmer): a
patient's lookups read the index of their language only, and a Spanish question no Spanish
document answers gets an honest "nothing in Spanish" in Spanish, never an English passage.

The index is rebuilt when documents change: at once in this process (model signals) and,
for the other processes (portal, qcluster, agent API), by a cheap version check
(count + latest updated_at) at most every KNOWLEDGE_INDEX_CHECK_SECONDS.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db.models import Count, Max
from haystack import Document, Pipeline, component
from haystack.components.preprocessors import DocumentSplitter

from knowledge.answers import (
    LookupAnswer,
    compose_answer,
    escalate_first,
    not_found,
)
from knowledge.index import TOPIC_BOOST, KnowledgeIndex, QueryAnalysis, scope
from knowledge.languages import ENGLISH, analyzer_for
from knowledge.models import GENERAL_GROUP, Category, KnowledgeDocument, KnowledgeDocumentVersion, Language

logger = logging.getLogger(__name__)

TOP_K = 5
# Words that name "the procedure" without naming one; they neither prove nor disprove a known procedure.
GENERIC_PROCEDURE_WORDS = ENGLISH.generic_procedure_words
# The procedure a question is about only breaks ties between passages; the question decides.
SUBJECT_BOOST = 1.0
# Words in a medication name that do not name a medicine ("pain medicine", "my pills").
GENERIC_MEDICATION_WORDS = ENGLISH.generic_medication_words


# -- Haystack component and pipeline -------------------------------------------------------------


@component
class InvertedIndexBM25Retriever:
    """BM25 over an inverted index (bm25s), with Haystack filters on metadata and topic-phrase boosts.

    A drop-in for InMemoryBM25Retriever in a Pipeline: `run(query, filters, top_k)` returns
    `{"documents": [...]}`, each Document carrying its score and `meta["match"]` (why it matched).
    """

    def __init__(
        self,
        index: KnowledgeIndex,
        *,
        filters: dict[str, Any] | None = None,
        top_k: int = TOP_K,
        scale_score: bool = False,
    ) -> None:
        self.index = index
        self.filters = filters
        self.top_k = top_k
        self.scale_score = scale_score

    @classmethod
    def from_documents(
        cls, passages: list[Document], *, language: str = Language.ENGLISH, **kwargs: Any
    ) -> InvertedIndexBM25Retriever:
        return cls(KnowledgeIndex(passages, analyzer=analyzer_for(language)), **kwargs)

    @component.output_types(documents=list[Document], analysis=dict)
    def run(
        self,
        query: str,
        filters: dict[str, Any] | None = None,
        top_k: int | None = None,
        topic_categories: list[str] | None = None,
        groups: list[str] | None = None,
        boosts: dict[str, float] | None = None,
        must_mention: list[str] | None = None,
        or_topics: list[str] | None = None,
    ) -> dict[str, Any]:
        """`groups`: the procedure scope; `boosts`: topic -> score gain (default: the topics the query names);
        `must_mention`: only passages whose text has one of these tokens, or whose topic is in `or_topics`."""
        scope_ = frozenset(groups) if groups is not None else None
        analysis = self.index.analyze(query, categories=topic_categories, groups=scope_)
        allowed = None
        if must_mention is not None:
            allowed = self.index.mention_mask(must_mention) | self.index.topic_passages(or_topics or [])
        hits = self.index.search(
            analysis,
            filters=filters or self.filters,
            groups=scope_,
            top_k=top_k or self.top_k,
            boosts=boosts,
            allowed=allowed,
        )
        documents = self.index.to_documents(hits, analysis)
        return {
            "documents": documents,
            "analysis": {
                "tokens": analysis.tokens,
                "corrections": analysis.corrections,
                "topics": list(analysis.topics),
            },
        }


def build_pipeline(index: KnowledgeIndex) -> Pipeline:
    pipeline = Pipeline()
    pipeline.add_component("retriever", InvertedIndexBM25Retriever(index))
    return pipeline


# -- from the database to passages -------------------------------------------------------------


def document_to_haystack(doc: KnowledgeDocument, version: KnowledgeDocumentVersion) -> Document:
    """A document's published version as a Haystack Document (never the working draft)."""
    return Document(
        content=version.content,
        meta={
            "document_id": doc.pk,
            "slug": doc.slug,
            "version": version.number,
            "title": version.title,
            "category": version.category,
            "language": version.language,
            "topic": version.topic.lower(),
            "synonyms": version.synonyms,
            "urgency": version.urgency,
            "source": version.source,
            "procedure_groups": version.group_list or [GENERAL_GROUP],
            "is_sample": version.is_demo,
        },
    )


def split_passages(documents: list[Document]) -> list[Document]:
    """One passage per paragraph (blank-line separated), through Haystack's DocumentSplitter."""
    splitter = DocumentSplitter(split_by="passage", split_length=1, split_overlap=0)
    passages = splitter.run(documents=documents)["documents"]
    out = []
    for passage in passages:
        text = (passage.content or "").strip()
        if text:
            out.append(Document(content=text, meta={**passage.meta}))
    return out


def passages_from_database(language: str = Language.ENGLISH) -> list[Document]:
    """Passages of the published versions of active documents in `language`: drafts never reach a patient.

    The published version's language decides (a document re-labelled but not yet re-published keeps answering
    in the language its reviewer approved)."""
    docs = KnowledgeDocument.objects.answering_patients().select_related("published_version").order_by("pk")
    docs = docs.filter(published_version__language=language)
    return split_passages([document_to_haystack(d, d.published_version) for d in docs])


def database_version() -> tuple[int, str]:
    agg = KnowledgeDocument.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return agg["n"] or 0, agg["latest"].isoformat() if agg["latest"] else ""


# -- process-wide index state ----------------------------------------------------------------------


@dataclass
class _State:
    index: KnowledgeIndex | None = None
    pipeline: Pipeline | None = None
    checked_at: float = 0.0
    stale: bool = True


_states: dict[str, _State] = {code: _State() for code in Language.values}
_lock = threading.Lock()


def mark_index_stale() -> None:
    for state in _states.values():
        state.stale = True


def check_interval() -> float:
    return float(getattr(settings, "KNOWLEDGE_INDEX_CHECK_SECONDS", 5))


def get_index(language: str = Language.ENGLISH) -> tuple[KnowledgeIndex, Pipeline]:
    """The current index and pipeline of one language, rebuilt if the documents changed (in any process)."""
    analyzer = analyzer_for(language)
    _state = _states[analyzer.language]
    now = time.monotonic()
    if _state.index is not None and not _state.stale and now - _state.checked_at < check_interval():
        return _state.index, _state.pipeline  # type: ignore[return-value]
    with _lock:
        version = database_version()
        if _state.index is None or _state.stale or _state.index.version != version:
            _state.stale = False
            started = time.perf_counter()
            index = KnowledgeIndex(passages_from_database(language), version=version, analyzer=analyzer)
            _state.index, _state.pipeline = index, build_pipeline(index)
            logger.info(
                "knowledge index rebuilt (%s): %d passages in %.0f ms",
                language,
                index.num_passages,
                (time.perf_counter() - started) * 1000,
            )
        _state.checked_at = time.monotonic()
        return _state.index, _state.pipeline  # type: ignore[return-value]


def reset_index() -> None:
    with _lock:
        for state in _states.values():
            state.index = None
            state.pipeline = None
            state.stale = True


@dataclass
class Engine:
    """An index plus its pipeline; lookups take one so the bench can run them on any corpus."""

    index: KnowledgeIndex
    pipeline: Pipeline

    @classmethod
    def from_passages(cls, passages: list[Document], *, language: str = Language.ENGLISH) -> Engine:
        index = KnowledgeIndex(passages, analyzer=analyzer_for(language))
        return cls(index=index, pipeline=build_pipeline(index))

    @classmethod
    def current(cls, language: str = Language.ENGLISH) -> Engine:
        index, pipeline = get_index(language)
        return cls(index=index, pipeline=pipeline)

    @property
    def language(self) -> str:
        return self.index.language


# -- answers -------------------------------------------------------------------------------------


def _retrieve(
    engine: Engine,
    query: str,
    *,
    filters: dict[str, Any],
    topic_categories: list[str] | None,
    groups: frozenset[str] | None,
    **extra: Any,
) -> tuple[list[Document], dict[str, Any]]:
    inputs: dict[str, Any] = {"query": query, "filters": filters, "top_k": TOP_K, "topic_categories": topic_categories}
    if groups is not None:
        inputs["groups"] = sorted(groups)
    inputs.update({k: v for k, v in extra.items() if v is not None})
    # The pipeline's one component, called directly: Pipeline.run deep-copies every input and output
    # Document, which costs more than the search itself on a phone call's latency budget.
    result = engine.pipeline.get_component("retriever").run(**inputs)
    return result["documents"], result["analysis"]


def _procedure_known(engine: Engine, analysis: QueryAnalysis) -> bool:
    generic = engine.index.analyzer.generic_procedure_words
    specific = [t for t in analysis.tokens if t not in generic]
    raw_specific = [t for t in analysis.unknown_words if t not in generic]
    return bool(analysis.topics) or (not specific and not raw_specific)


def _filters(categories: list[str], topics: list[str] | None = None) -> dict[str, Any]:
    conditions: list[dict[str, Any]] = [{"field": "meta.category", "operator": "in", "value": categories}]
    if topics:
        conditions.append({"field": "meta.topic", "operator": "in", "value": sorted(topics)})
    return {"operator": "AND", "conditions": conditions}


def _finish(answer: LookupAnswer, extra_topics: list[str]) -> LookupAnswer:
    answer.topics = sorted(set(answer.topics) | set(extra_topics))
    return answer


def _words_match(best: Document, said: QueryAnalysis, ignore: frozenset[str] = frozenset()) -> bool:
    """With no topic named, answer only if the best passage shares most of what was said (2+ words, or the one).

    `ignore`: words that say nothing about the symptom ("since the operation") and never count as a match."""
    wanted = set(said.tokens) - ignore
    matched = set(best.meta.get("match", {}).get("matched_terms", []))
    return len(matched & wanted) >= min(2, len(wanted)) > 0


def _procedure_scope(engine: Engine, subject: QueryAnalysis, groups: frozenset[str] | None) -> frozenset[str] | None:
    """The procedure the patient named narrows the search to its groups (plus general), inside the call's scope."""
    named = {g for topic in subject.topics for g in engine.index.topic_groups.get(topic, set())} - {GENERAL_GROUP}
    if not named:
        return groups
    narrowed = frozenset(named) | {GENERAL_GROUP}
    if groups is None:
        return narrowed
    return (narrowed & groups) | {GENERAL_GROUP}


def _question_boosts(engine: Engine, question: str, categories: list[str], groups: frozenset[str] | None) -> dict:
    """Topics the question itself names get the full boost; the subject (procedure) only scopes."""
    return dict.fromkeys(engine.index.analyze(question, categories=categories, groups=groups).topics, TOPIC_BOOST)


# -- the agent's four tools --------------------------------------------------------------------------


def lookup_procedure_info(
    procedure: str,
    question: str,
    *,
    engine: Engine | None = None,
    procedure_groups: Iterable[str] | None = None,
    language: str = Language.ENGLISH,
) -> LookupAnswer:
    engine = engine or Engine.current(language)
    language = engine.language
    groups = scope(procedure_groups)
    categories = [Category.PROCEDURE, Category.GENERAL, Category.RECOVERY]
    subject = engine.index.analyze(procedure, categories=[Category.PROCEDURE, Category.GENERAL], groups=groups)
    if not _procedure_known(engine, subject):
        return not_found(procedure, language=language)
    narrowed = _procedure_scope(engine, subject, groups)
    boosts = _question_boosts(engine, question, categories, narrowed)
    for topic in subject.topics:
        boosts.setdefault(topic, SUBJECT_BOOST)
    # A procedure the index knows scopes the search; only an unrecognised one stays in the query text.
    query = question if subject.topics else f"{procedure} {question}"
    documents, analysis = _retrieve(
        engine,
        query,
        filters=_filters(categories),
        topic_categories=categories,
        groups=narrowed,
        boosts=boosts,
    )
    if not documents:
        return not_found(f"{procedure}: {question}", language=language)
    return _finish(compose_answer(documents, analysis, language=language), list(subject.topics))


def lookup_medication_info(
    medication: str,
    question: str,
    *,
    engine: Engine | None = None,
    procedure_groups: Iterable[str] | None = None,
    language: str = Language.ENGLISH,
) -> LookupAnswer:
    """Only passages about the named medication qualify: its own documents, or passages that name it
    (by the word the patient used or the medicine's own name: "motrin" also finds "ibuprofen")."""
    engine = engine or Engine.current(language)
    language = engine.language
    groups = scope(procedure_groups)
    categories = [Category.MEDICATION]
    subject = engine.index.analyze(medication, categories=categories, groups=groups)
    if not subject.topics:
        return not_found(medication, language=language)
    whole = engine.index.analyze(f"{medication} {question}", categories=categories, groups=groups)
    named = set(subject.tokens) | {t for topic in subject.topics for t in engine.index.tokenize(topic)}
    named -= engine.index.analyzer.generic_medication_words
    boosts = dict.fromkeys(whole.topics, TOPIC_BOOST)
    boosts.update(dict.fromkeys(subject.topics, TOPIC_BOOST))
    documents, analysis = _retrieve(
        engine,
        f"{medication} {question}",
        filters=_filters(categories),
        topic_categories=categories,
        groups=groups,
        boosts=boosts,
        must_mention=sorted(named),
        or_topics=sorted(set(subject.topics) | set(whole.topics)),
    )
    if not documents:
        return not_found(medication, language=language)
    return _finish(compose_answer(documents, analysis, language=language), list(subject.topics))


def lookup_symptom_guidance(
    symptom: str,
    *,
    engine: Engine | None = None,
    procedure_groups: Iterable[str] | None = None,
    language: str = Language.ENGLISH,
) -> LookupAnswer:
    engine = engine or Engine.current(language)
    language = engine.language
    groups = scope(procedure_groups)
    categories = [Category.SYMPTOM]
    subject = engine.index.analyze(symptom, categories=categories, groups=groups)
    # Topics the patient named boost their passages but do not fence the others out: "blood" is a phrase of
    # minor bleeding, yet "blood from his nose after tonsils" is answered by another document.
    documents, analysis = _retrieve(
        engine, symptom, filters=_filters(categories), topic_categories=categories, groups=groups
    )
    generic = engine.index.analyzer.generic_procedure_words
    if not documents or not (subject.topics or _words_match(documents[0], subject, generic)):
        return not_found(symptom, symptom=True, language=language)
    return compose_answer(escalate_first(documents), analysis, with_urgency=True, language=language)


def lookup_recovery_timeline(
    procedure: str,
    activity: str,
    *,
    engine: Engine | None = None,
    procedure_groups: Iterable[str] | None = None,
    language: str = Language.ENGLISH,
) -> LookupAnswer:
    engine = engine or Engine.current(language)
    language = engine.language
    groups = scope(procedure_groups)
    procedure = procedure or ""
    narrowed = groups
    subject_topics: list[str] = []
    if procedure.strip():
        known = engine.index.analyze(procedure, categories=[Category.PROCEDURE, Category.GENERAL], groups=groups)
        if not _procedure_known(engine, known):
            subject_text = (
                f"recovery after {procedure}" if language == Language.ENGLISH else f"la recuperación de {procedure}"
            )
            return not_found(subject_text, language=language)
        narrowed = _procedure_scope(engine, known, groups)
        subject_topics = list(known.topics)
    categories = [Category.RECOVERY, Category.GENERAL, Category.PROCEDURE]
    subject = engine.index.analyze(activity, categories=categories, groups=narrowed)
    boosts = dict.fromkeys(subject.topics, TOPIC_BOOST)
    for topic in subject_topics:
        boosts.setdefault(topic, SUBJECT_BOOST)
    documents, analysis = _retrieve(
        engine,
        activity if subject_topics else f"{activity} {procedure}",
        filters=_filters(categories, list(subject.topics)),
        topic_categories=categories,
        groups=narrowed,
        boosts=boosts,
    )
    if not documents or not (subject.topics or _words_match(documents[0], subject)):
        return not_found(activity, language=language)
    return _finish(compose_answer(documents, analysis, language=language), list(subject.topics))


def ask(
    question: str,
    *,
    engine: Engine | None = None,
    top_k: int = TOP_K,
    procedure_groups: Iterable[str] | None = None,
    language: str = Language.ENGLISH,
) -> LookupAnswer:
    """A free question over the whole knowledge base (the portal's "ask as a patient would")."""
    engine = engine or Engine.current(language)
    language = engine.language
    documents, analysis = _retrieve(engine, question, filters={}, topic_categories=None, groups=scope(procedure_groups))
    if not documents or not analysis.get("topics"):
        return not_found(question[:60], symptom=True, language=language)
    symptom = documents[0].meta.get("category") == Category.SYMPTOM
    return compose_answer(documents[:top_k], analysis, with_urgency=symptom, language=language)


def english_fallback_note(topic: str, params: dict[str, str], *, procedure_groups: Iterable[str] | None) -> str:
    """For the nurse when no document in the patient's language answered: whether English guidance exists.

    The English text is never read to the patient; the note names the English documents so a nurse can
    follow up in the patient's language (and the clinic can see which translations are missing)."""
    lookups = {
        "procedure": lookup_procedure_info,
        "medication": lookup_medication_info,
        "symptom": lookup_symptom_guidance,
        "recovery": lookup_recovery_timeline,
    }
    english = lookups[topic](**params, procedure_groups=procedure_groups, language=Language.ENGLISH)
    if english.found:
        return (
            "No document in the patient's language answered; English guidance exists "
            f"({', '.join(english.slugs[:3])}) and was not read to the patient. Follow up in their language."
        )
    return "No document in the patient's language answered, and none in English either. Follow up with the patient."


# -- sample corpus ------------------------------------------------------------------------------------


def build_sample_medical_rag_database() -> int:
    """Load the sample corpus into KnowledgeDocument (idempotent) and rebuild the index; returns the count."""
    from knowledge.services import sample_corpus_load

    created, updated = sample_corpus_load()
    reset_index()
    get_index()
    return created + updated


abuild_sample_medical_rag_database = sync_to_async(build_sample_medical_rag_database)
