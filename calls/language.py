"""The language a patient's calls are in, and what the nurse is told about it.

Calls are in Spanish for a Spanish-speaking patient (the reviewed tables in agent_worker/speech,
orders/catalog_es.py, calls/capture/questions_es.py) and in English otherwise. For a patient whose
language has no reviewed content (French, Chinese, Vietnamese, other), the calls are still placed in
English (they carry the safety net: red flags, 911 first, a nurse callback), and the discharge
form, the preview and the call page say so plainly and ask the nurse to arrange a call with a
qualified interpreter, as a language-access coordinator expects (Section 1557: no relying on the
patient's family, no English-only contact without an interpreter offer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

SPOKEN = ("en", "es")
NAMES = {"en": "English", "es": "Spanish"}


def planned_language(preferred: str) -> str:
    """The language the calls are placed in for a patient whose preferred language is `preferred`."""
    return preferred if preferred in SPOKEN else "en"


def planned_call_language(call: Any) -> str:
    """The language a call is placed in: the one a nurse chose for it (English for an order with no
    reviewed Spanish, calls/holds/language.py), else the patient's."""
    return call.language or planned_language(call.patient.preferred_language)


def record_language(record: Any) -> str:
    """The language spoken on an attempt: as switched mid-call, else as planned."""
    return record.language or planned_call_language(record.call)


def call_language(call: Any) -> str:
    """The language of the call's latest attempt (a switch mid-call carries on), else the planned one."""
    latest = call.records.exclude(language="").order_by("-attempt").values_list("language", flat=True).first()
    return latest or planned_call_language(call)


@dataclass(frozen=True)
class LanguageNotice:
    """What the portal shows about a patient's language: theirs, the calls', and what to do about it."""

    preferred: str
    preferred_label: str
    spoken: str
    interpreter_needed: bool
    note: str

    @property
    def spoken_label(self) -> str:
        return NAMES[self.spoken]


def language_notice(preferred: str, preferred_label: str) -> LanguageNotice:
    spoken = planned_language(preferred)
    if preferred == "es":
        note = "Calls are in Spanish: the agent speaks the reviewed Spanish content; the nurse reads English."
    elif spoken == preferred:
        note = "Calls are in English."
    elif preferred == "other":
        note = (
            "Calls will be in English: PostOp AI has no reviewed content in the patient's language. Arrange a "
            "nurse call with a qualified interpreter in their language; do not rely on family members to interpret."
        )
    else:
        note = (
            f"Calls will be in English: PostOp AI has no reviewed {preferred_label} content. Arrange a nurse call "
            f"with a qualified {preferred_label} interpreter; do not rely on family members to interpret."
        )
    return LanguageNotice(preferred, preferred_label, spoken, spoken != preferred, note)


def interpreter_note(patient: Any) -> str:
    """What the nurse must do when the patient's calls cannot be in their language ("" when they can).

    Stored with the discharge (its warnings) whichever way it came in, so the nurse sees it on the
    portal, the REST API answer and the HL7 worklist, not only on the discharge form.
    """
    notice = language_notice(patient.preferred_language, patient.get_preferred_language_display())
    return notice.note if notice.interpreter_needed else ""


def order_language_problem(order: Any, *, preferred: str) -> str:
    """Why `order` cannot make a call to a patient whose preferred language is `preferred` ("" when it can).

    The one rule every way a discharge comes in applies (the portal form and its preview, the REST API,
    the HL7 feed and its worklist: calls.scheduler.plan_calls): a call in a language PostOp AI speaks
    needs the order's reviewed text in it, so a Spanish-speaking patient is never called in English and
    the agent never translates an order on the fly.
    """
    language = planned_language(preferred)
    missing = order.missing_language(language) if language != "en" else []
    if not missing:
        return ""
    name = NAMES[language]
    return (
        f"{order.title}: no reviewed {name} text for {', '.join(missing)}. PostOp AI will not call a "
        f"{name}-speaking patient in English: choose another order, or have an administrator add the order's "
        f"{name} text (its call template's translations); if the patient does not speak {name}, correct their "
        "preferred language."
    )


def spoken_time(local: datetime, language: str) -> str:
    """A local time as the agent says it.

    "Tuesday, December 1 at 9:00 AM"; "martes 1 de diciembre a las 9:00 de la mañana" (Django's Spanish
    day and month names; 12-hour time with the part of the day, as US Spanish speakers say it).
    """
    if language == "es":
        from django.utils import formats, translation

        with translation.override("es"):
            day = formats.date_format(local, r"l j \d\e F")
        hour = local.hour % 12 or 12
        part = "de la mañana" if local.hour < 12 else "de la tarde" if local.hour < 20 else "de la noche"
        return f"{day} {'a la' if hour == 1 else 'a las'} {hour}:{local:%M} {part}"
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%A}, {local:%B} {local.day} at {hour}:{local:%M} {local:%p}"


@dataclass(frozen=True)
class SpokenPreview:
    """What a call will sound like, for the nurse: its language and the first words in it."""

    language: str
    opening: str
    purpose: str
    notice: LanguageNotice

    @property
    def label(self) -> str:
        return NAMES[self.language]


def spoken_preview(call: Any) -> SpokenPreview:
    """The call's language and what the patient hears first in it (the reviewed table's opening)."""
    from django.conf import settings

    from agent_worker.speech import lines
    from agent_worker.speech.prompts import spell_phone

    patient = call.patient
    notice = language_notice(patient.preferred_language, patient.get_preferred_language_display())
    language = planned_call_language(call)
    if language != notice.spoken:
        # A nurse chose this call's language (the order has no reviewed text in the patient's).
        note = (
            f"This call is in {NAMES[language]}: a nurse chose {NAMES[language]} for it because "
            f"{call.order.title if call.order_id else 'its order'} has no reviewed {NAMES[notice.spoken]} text."
        )
        notice = LanguageNotice(notice.preferred, notice.preferred_label, language, True, note)
    if language == "en":
        # The order's prompt says what to start with (the model follows it); else the table's opening.
        opening = call.opening_line
        purpose = call.purpose
    else:
        opening = lines(language)["opening"].format(
            clinic=settings.CLINIC_NAME,
            first_name=patient.first_name,
            number=spell_phone(settings.CLINIC_CALLBACK_NUMBER),
        )
        purpose = call.order.translation(language).get("purpose", "") if call.order_id else ""
    return SpokenPreview(language, opening, purpose, notice)
