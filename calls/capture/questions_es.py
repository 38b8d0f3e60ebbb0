"""The Spanish words of the question library: what a Spanish-speaking patient hears asked, and the
Spanish choice names the answer parser accepts. Reviewed content (see orders/catalog_es.py).

A question an order declares in full (not from the library) carries its own Spanish as
`{"text_es": "...", "choices": [{"code": ..., "display": ..., "display_es": ...}]}`.
"""

from __future__ import annotations

from typing import Any

QUESTION_TEXT_ES: dict[str, dict[str, Any]] = {
    "bandage_removed": {"text": "¿Se quitó el vendaje de compresión como le indicaron?"},
    "pain_score": {
        "text": "En una escala del 0 al 10, donde 0 es nada de dolor y 10 es el peor dolor que se pueda imaginar, "
        "¿cuánto dolor tiene ahora?"
    },
    "temperature": {"text": "Si se tomó la temperatura hoy, ¿cuánto marcó?"},
    "medicines_as_prescribed": {"text": "¿Ha estado tomando sus medicinas como se las recetaron?"},
    "eating_and_drinking": {"text": "¿Ha podido comer y beber sin vomitar?"},
    "side_effects": {"text": "¿Ha tenido algún efecto secundario por sus medicinas?"},
    "pain_controlled": {"text": "¿La medicina para el dolor le mantiene el dolor bajo control?"},
    "followup_appointment_known": {"text": "¿Sabe la fecha y la hora de su cita de seguimiento?"},
    "followup_appointment_date": {"text": "¿Qué día es su cita de seguimiento?"},
    "transport_arranged": {"text": "¿Tiene cómo llegar a su cita de seguimiento?"},
    "red_flag_understanding": {"text": "¿Me puede decir en qué casos nos llamaría?"},
    "wound_appearance": {
        "text": "¿Cómo se ve la herida: limpia y seca, roja o hinchada, con supuración, o sangrando?",
        "choices": {
            "clean_dry": "Limpia y seca",
            "red_swollen": "Roja o hinchada",
            "draining": "Con supuración",
            "bleeding": "Sangrando",
        },
    },
    "activity_restrictions_followed": {
        "text": "¿Ha podido evitar los deportes, la clase de educación física y levantar cosas pesadas?"
    },
    "ready_for_school": {"text": "¿Está su niño listo para volver a la escuela o a la guardería?"},
}


def spanish_for(item: dict[str, Any]) -> dict[str, Any] | None:
    """The question `item` in Spanish (text, and choices' displays), or None when it has no reviewed Spanish."""
    library = QUESTION_TEXT_ES.get(str(item.get("id")))
    text = item.get("text_es") or (library or {}).get("text")
    if not text:
        return None
    localized = {**item, "text": text}
    if item.get("type") == "choice":
        names = (library or {}).get("choices") or {}
        choices = []
        for choice in item.get("choices") or []:
            display = choice.get("display_es") or names.get(choice.get("code"))
            if not display:
                return None
            choices.append({**choice, "display": display, "display_en": choice.get("display")})
        localized["choices"] = choices
    return localized


def localize(item: dict[str, Any], language: str) -> dict[str, Any]:
    """The question in `language` (text and choice names); the English item when there is no reviewed text."""
    if language == "es":
        return spanish_for(item) or item
    return item


def questions_missing_language(call_template: dict[str, Any], language: str) -> list[str]:
    """Ids of the template's questions that have no reviewed text in `language`."""
    if language == "en":
        return []
    from calls.capture.questions import resolve_questions

    try:
        items = resolve_questions((call_template or {}).get("questions"))
    except ValueError:
        return []
    return [str(item["id"]) for item in items if language != "es" or spanish_for(item) is None]
