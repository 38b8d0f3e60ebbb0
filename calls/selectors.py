"""Reads that span models for the calls app."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from calls.capture.questions_es import localize
from calls.capture.services import agent_questions
from calls.language import record_language
from calls.models import CallRecord
from calls.tokens import make_agent_token


def first_name_only(text: str, patient: Any) -> str:
    """`text` with the patient's full name (either order) reduced to the first name.

    Prompts rendered before {patient_name} became the first name still hold the full name.
    """
    first, last = " ".join(patient.first_name.split()), " ".join(patient.last_name.split())
    if not last:
        return text
    for full in (f"{first} {last}", f"{last}, {first}", f"{last} {first}"):
        text = re.sub(re.escape(full), lambda _match: first, text, flags=re.IGNORECASE)
    return re.sub(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? {re.escape(last)}\b", lambda _match: first, text, flags=re.I)


def learned_thresholds() -> dict[str, float]:
    """The learned triage stage's threshold per language it is on for (calls.triage.learned)."""
    from calls.triage import learned

    return {language: learned.threshold_for(language) for language in learned.enabled_languages()}


def call_agent_context(*, record: CallRecord) -> dict[str, Any]:
    """What the voice agent may know about one attempt: its dispatch metadata and context.

    Minimum necessary: the patient's first name, language and time zone, and the order
    the call is about. Never the last name, phone, MRN or date of birth: the metadata
    travels through LiveKit and sits in the agent worker's logs.
    """
    from calls.triage.escalations import order_sets_for, speaker_for

    call = record.call
    patient = call.patient
    order: dict[str, Any] | None = None
    if call.order_id is not None:
        params: dict[str, Any] = {}
        if call.discharge_id is not None:
            params = dict((call.discharge.order_params or {}).get(call.order.key) or {})
        order = {
            "key": call.order.key,
            "title": call.order.title,
            "instructions": call.order.instructions,
            "params": params,
        }
    if order is not None and (call.order.call_template or {}).get("spoken_purpose"):
        order["spoken_purpose"] = call.order.call_template["spoken_purpose"]  # what the call is about, in words
    language = record_language(record)
    questions = agent_questions(call=call)
    # Every language the agent may speak on this call (the patient may ask for the other one mid-call):
    # the order's and the questions' reviewed words in each; `order` and `questions` hold the call's language.
    texts = {"en": _texts(call, "en", questions)}
    if call.order_id is None or not call.order.missing_language("es"):
        texts["es"] = _texts(call, "es", questions)
    if order is not None and language in texts:
        order.update(texts[language]["order"])
    questions = [{**q, **texts.get(language, texts["en"])["questions"].get(q["id"], {})} for q in questions]
    context: dict[str, Any] = {
        "call_id": call.pk,
        "attempt": record.attempt,
        "portal_url": settings.PORTAL_URL,
        "token": make_agent_token(call_id=call.pk, attempt=record.attempt),
        "patient": {
            "first_name": patient.first_name,
            "language": patient.preferred_language,
            "time_zone": patient.time_zone,
        },
        "language": language,  # what the agent speaks: en or es (calls.language)
        "texts": texts,
        "call_type": call.call_type,
        "llm_prompt": first_name_only(call.llm_prompt, patient),
        "purpose": call.purpose,
        "order": order,
        "procedure": call.discharge.procedure if call.discharge_id is not None else "",
        # Who is calling and where to call back: the voicemail says only these and the first name.
        # The patient's clinic's (postop.models.Clinic; blank settings fall back to the environment).
        "clinic": {"name": patient.clinic_settings.caller, "callback_number": patient.clinic_settings.callback},
        "simulated": record.backend == "simulated",
        # Which identifier the agent asks for ("dob" | "phone_last4"); never its value (calls.agent_api.services).
        "identity_check": "dob" if settings.IDENTITY_CHECK == "dob" and patient.date_of_birth else "phone_last4",
        # The declared questions the agent asks and records with record_patient_response (calls/capture/).
        "questions": questions,
        # What the agent's own red-flag reading needs (agent_worker/triage.py): the order sets the portal reads by,
        # and the learned stage's threshold for each language it is on for, so both read a turn alike.
        # `speaker`: who answered this attempt once known, else "caregiver" when a parent or guardian speaks for a
        # child patient (calls.triage.escalations.speaker_for); verify_identity's answer updates it mid-call.
        "triage": {"order_sets": order_sets_for(call), "learned": learned_thresholds(), "speaker": speaker_for(call)},
    }
    if patient.caregiver_name and patient.caregiver_relationship:
        # Someone the agent may speak with once identity is confirmed: first name and relationship only.
        context["caregiver"] = {
            "first_name": patient.caregiver_first_name,
            "relationship": patient.caregiver_relationship,
        }
    return context


def _texts(call: Any, language: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The order's and the questions' words in `language` (the agent switches to them mid-call)."""
    order: dict[str, str] = {}
    if call.order_id is not None:
        template = call.order.call_template or {}
        if language == "en":
            order = {"instructions": call.order.instructions, "spoken_purpose": template.get("spoken_purpose", "")}
        else:
            found = call.order.translation(language)
            order = {"instructions": found.get("instructions", ""), "spoken_purpose": found.get("spoken_purpose", "")}
            order["purpose"] = found.get("purpose", "")
    by_id = {}
    capture_items = {q["id"]: q for q in questions}
    for qid, question in capture_items.items():
        item = localize({**question, "choices": _choice_items(question)}, language)
        words = {"text": item["text"]}
        if question.get("type") == "choice":
            words["choices"] = [c["display"] for c in item["choices"]]
        by_id[qid] = words
    return {"order": {k: v for k, v in order.items() if v}, "questions": by_id}


def _choice_items(question: dict[str, Any]) -> list[dict[str, str]]:
    """agent_questions sends choice displays; the library's codes let the Spanish names be found."""
    from calls.capture.questions import QUESTION_LIBRARY

    declared = (QUESTION_LIBRARY.get(question["id"]) or {}).get("choices") or []
    return [c for c in declared if c["display"] in (question.get("choices") or [])] or [
        {"code": d, "display": d} for d in question.get("choices") or []
    ]
