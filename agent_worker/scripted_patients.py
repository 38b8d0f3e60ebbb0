"""The scripted patients: the person who answers a simulated call, one scenario per call type.

English scenarios (SCRIPTS) and Spanish ones (SCRIPTS_ES, for a Spanish-speaking patient: the call is
in Spanish), plus "switch_to_spanish" (an English call where the patient asks for Spanish).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCENARIO_FOR_CALL_TYPE = {
    "discharge_reminder": "cooperative",
    "wellness_check": "question",
    "medication_reminder": "routine",
    "wound_check": "urgent",
    "warning_signs": "red_flag",
    "school_return": "reminder",
    "followup_appointment": "no_answer",
    "patient_requested": "cooperative",
    "nurse_call": "cooperative",
}

DEFAULT_IDENTIFIER = "March 4, 2015"

SCRIPTS: dict[str, list[str]] = {
    "cooperative": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "Yes, I did that this morning and everything looks fine.",
        "No, that's all. Thank you!",
    ],
    "question": [
        "Yes, speaking.",
        "{first_name}, {identifier}.",
        "It's going okay, mostly.",
        "Is some swelling at the procedure site normal?",
        "No, that's everything, thanks.",
    ],
    "reminder": [
        "Yes, this is {first_name}'s mom.",
        "{first_name}, {identifier}.",
        "Yes, we're ready for that.",
        "Actually, could you remind me again tomorrow morning?",
        "No, that's all. Bye.",
    ],
    # Emergent: chest pain and trouble breathing -> 911 first, the nurse alerted at once.
    "red_flag": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "Not great. I have chest pain and trouble breathing since this morning.",
        "Okay, I'll call 911 now.",
    ],
    # Emergent in lay words the scripted model does not know: the portal's triage gives the 911 line.
    "red_flag_lay": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "My face is drooping on one side and my words come out all wrong.",
        "Okay, I'll call 911 now.",
    ],
    # Urgent in lay words: the incision red, hot and draining -> the clinic instruction first.
    "urgent_lay": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "The cut is red and hot and there's yellow stuff coming out of it.",
        "No, that's all. Thank you.",
    ],
    # Urgent: a wound getting worse and a fever over 101 F -> a same-day nurse callback.
    "urgent": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "The redness around the incision is getting worse, and my temp is 101.5.",
        "No, that's all. Thank you.",
    ],
    # Routine: a question only a nurse can answer -> the next-business-day queue.
    "routine": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "It's going fine.",
        "Could a nurse call me about when I can start my vitamins again?",
        "No, that's all. Thank you.",
    ],
    # A caregiver answers for an adult patient and says so; the red flag is said of "my husband": the patient's
    # (the identity check records who answered; calls.triage.escalations.speaker_for).
    "caregiver_red_flag": [
        "Hello, this is {first_name}'s wife. He's resting.",
        "{first_name}, {identifier}.",
        "My husband's face is drooping on one side.",
        "Okay, I'll call 911 now.",
    ],
    # The patient answers and names their wife's emergency: a 911 line for her, no escalation for the patient.
    "bystander_spouse": [
        "Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "I'm fine, but my wife has chest pain right now.",
        "Okay, I'll call 911 for her.",
    ],
    "identity_fail": [
        "Yes, speaking.",
        "Jordan, January 1, 1990.",
        "Jordan, maybe February 2, 1991?",
    ],
    "screening": [
        "Hi, the person you're calling is using a screening service. "
        "Go ahead and say your name and why you're calling.",
        "Hello? Yes, this is {first_name}.",
        "{first_name}, {identifier}.",
        "Yes, I did that this morning and everything looks fine.",
        "No, that's all. Thank you!",
    ],
    "opt_out": [
        "Yes, this is {first_name}.",
        "Please stop calling me. Take me off the list.",
    ],
    "no_answer": [
        "Hi, you've reached {first_name}. I can't take your call right now. Please leave a message after the tone.",
    ],
}


# What the scripted patient answers to each declared question (calls/capture/questions.py). A list is
# said line by line: the agent re-asks after the portal refuses a value, and hears the next line.
QUESTION_ANSWERS: dict[str, list[str]] = {
    "bandage_removed": ["Yes, I took it off this morning."],
    "pain_score": ["About a 3."],
    "temperature": ["It was 99.1 this morning."],
    "medicines_as_prescribed": ["Yes, every dose."],
    "side_effects": ["No, none at all."],
    "pain_controlled": ["Yes, it's working well."],
    "followup_appointment_known": ["Yes, I have it written down."],
    "followup_appointment_date": ["It's on {followup_date}."],
    "transport_arranged": ["Yes, my sister is driving me."],
    "red_flag_understanding": ["If I felt worse or was worried about the wound, I'd call you."],
    "wound_appearance": ["It looks clean and dry."],
    "activity_restrictions_followed": ["Yes, no sports at all."],
    "ready_for_school": ["Yes, she's ready."],
}
# Questions a new order declares that the patient has no line for: an answer that fits the type.
TYPE_ANSWERS = {
    "boolean": "Yes.",
    "scale": "About a 2.",
    "quantity": "I didn't measure it.",
    "date": "It's on {followup_date}.",
    "text": "Nothing else to add.",
}
# Scenarios whose third line answers the call's main question: with declared questions, the answers take its
# place. The urgent ones say their red flag first and answer the questions after it.
ANSWERS_REPLACE = {"cooperative": 2, "question": 2, "reminder": 2, "routine": 2, "screening": 4, "high_pain": 2}
ANSWERS_AFTER = {"urgent": 3, "red_flag": 3}
# A pain the portal refuses ("a lot" is not a number), then a pain of 8: re-asked, then abnormal.
SCRIPTS["high_pain"] = SCRIPTS["cooperative"]
SCENARIO_ANSWERS = {"high_pain": {"pain_score": ["It hurts a lot.", "Eight."]}}


# --- a Spanish-speaking patient: every line in Spanish, as people say it (sí, ocho, "como un tres") ---

SCRIPTS_ES: dict[str, list[str]] = {
    "cooperative": [
        "Sí, soy {first_name}.",
        "{first_name}, {identifier}.",
        "Sí, lo hice esta mañana y todo se ve bien.",
        "No, eso es todo. ¡Gracias!",
    ],
    "question": [
        "Sí, con ella habla.",
        "{first_name}, {identifier}.",
        "Más o menos bien.",
        "¿Es normal un poco de hinchazón donde me hicieron el procedimiento?",
        "No, es todo, gracias.",
    ],
    "reminder": [
        "Sí, soy la mamá de {first_name}.",
        "{first_name}, {identifier}.",
        "Sí, ya estamos listos.",
        "¿Me puede llamar otra vez mañana por la mañana para recordarme?",
        "No, eso es todo. Adiós.",
    ],
    # Emergent: chest pain and short of breath -> 911 first (the portal's Spanish instruction), the nurse alerted.
    "red_flag": [
        "Sí, soy {first_name}.",
        "{first_name}, {identifier}.",
        "No muy bien. Tengo dolor de pecho y me falta el aire desde la mañana.",
        "Está bien, ya llamo al 911.",
    ],
    # Urgent: a fever over 101 F, said in Spanish words with an English one mixed in.
    "urgent": [
        "Sí, soy {first_name}.",
        "{first_name}, {identifier}.",
        "La herida está más roja cada día y tengo fiebre de ciento uno y medio.",
        "No, eso es todo. Gracias.",
    ],
    "routine": [
        "Sí, soy {first_name}.",
        "{first_name}, {identifier}.",
        "Todo bien.",
        "¿Me puede llamar una enfermera para preguntarle cuándo puedo volver a tomar mis vitaminas?",
        "No, es todo. Gracias.",
    ],
    "identity_fail": [
        "Sí, con él habla.",
        "Jorge, 1 de enero de 1990.",
        "Jorge, ¿tal vez 2 de febrero de 1991?",
    ],
    "screening": [
        "Hola, la persona a quien llama usa un servicio de filtro de llamadas. Diga su nombre y el motivo de su "
        "llamada.",
        "¿Bueno? Sí, soy {first_name}.",
        "{first_name}, {identifier}.",
        "Sí, lo hice esta mañana y todo se ve bien.",
        "No, eso es todo. ¡Gracias!",
    ],
    "opt_out": [
        "Sí, soy {first_name}.",
        "Por favor, no me llamen más. Quítenme de la lista.",
    ],
    "no_answer": [
        "Hola, habla {first_name}. No puedo contestar ahora. Por favor, deje su mensaje después del tono.",
    ],
}
SCRIPTS_ES["high_pain"] = SCRIPTS_ES["cooperative"]
# The lay-words red flags, as a Spanish-speaking patient says them (the portal's Spanish triage hears them).
SCRIPTS_ES["red_flag_lay"] = [
    "Sí, soy {first_name}.",
    "{first_name}, {identifier}.",
    "Se me cayó un lado de la cara y no me salen bien las palabras.",
    "Está bien, ya llamo al 911.",
]
# A caregiver answers for an adult patient (vomiting blood, said of "mi esposo"), and the patient naming a
# spouse's emergency: the Spanish counterparts of the English scenarios.
SCRIPTS_ES["caregiver_red_flag"] = [
    "Hola, soy la esposa de {first_name}. Él está descansando.",
    "{first_name}, {identifier}.",
    "Mi esposo está vomitando sangre.",
    "Está bien, ya llamo al 911.",
]
SCRIPTS_ES["bystander_spouse"] = [
    "Sí, soy {first_name}.",
    "{first_name}, {identifier}.",
    "Yo estoy bien, pero mi esposa tiene dolor de pecho ahora mismo.",
    "Está bien, ya llamo al 911 para ella.",
]
SCRIPTS_ES["urgent_lay"] = [
    "Sí, soy {first_name}.",
    "{first_name}, {identifier}.",
    "La herida está roja y caliente y le sale una cosa amarilla.",
    "No, eso es todo. Gracias.",
]
QUESTION_ANSWERS_ES: dict[str, list[str]] = {
    "bandage_removed": ["Sí, me lo quité esta mañana."],
    "pain_score": ["Como un tres."],
    "temperature": ["Treinta y siete punto dos esta mañana."],
    "medicines_as_prescribed": ["Sí, todas las dosis."],
    "side_effects": ["No, ninguno."],
    "pain_controlled": ["Sí, me está funcionando bien."],
    "followup_appointment_known": ["Sí, lo tengo anotado."],
    "followup_appointment_date": ["Es el {followup_date}."],
    "transport_arranged": ["Sí, mi hermana me va a llevar."],
    "red_flag_understanding": ["Si me siento peor, los llamo enseguida."],
    "wound_appearance": ["Está limpia y seca."],
    "activity_restrictions_followed": ["Sí, nada de deportes."],
    "ready_for_school": ["Sí, está lista."],
}
TYPE_ANSWERS_ES = {
    "boolean": "Sí.",
    "scale": "Como un dos.",
    "quantity": "No la medí.",
    "date": "Es el {followup_date}.",
    "text": "Nada más que agregar.",
}
# A pain the portal refuses ("mucho" is not a number), then "ocho": re-asked, then abnormal.
SCENARIO_ANSWERS_ES = {"high_pain": {"pain_score": ["Me duele mucho.", "Ocho."]}}
# An English call where the patient asks for Spanish after the greeting and goes on in Spanish.
SCRIPTS["switch_to_spanish"] = [
    "Yes, this is {first_name}. ¿Habla español? In Spanish, please.",
    "{first_name}, {identifier_es}.",
    "Sí, lo hice esta mañana y todo se ve bien.",
    "No, eso es todo. ¡Gracias!",
]
ANSWERS_REPLACE["switch_to_spanish"] = 2
SPANISH_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
    "diciembre",
)  # fmt: skip


def spanish_date(day: Any) -> str:
    """ "4 de marzo de 2015"; without the year when `day` has none to say ("14 de diciembre")."""
    return f"{day.day} de {SPANISH_MONTHS[day.month - 1]}"


def answer_lines(
    context: dict[str, Any], overrides: dict[str, list[str]] | None = None, language: str = "en"
) -> list[str]:
    """The patient's answers to the call's declared questions, in the order the agent asks them."""
    from datetime import date, timedelta

    followup = date.today() + timedelta(days=10)
    spanish = language == "es"
    answers, by_type = (QUESTION_ANSWERS_ES, TYPE_ANSWERS_ES) if spanish else (QUESTION_ANSWERS, TYPE_ANSWERS)
    unsure = "No estoy segura." if spanish else "I'm not sure."
    said_date = spanish_date(followup) if spanish else f"{followup:%B} {followup.day}"
    lines: list[str] = []
    for question in context.get("questions") or []:
        qid = question.get("id", "")
        said = (overrides or {}).get(qid) or answers.get(qid)
        if said is None and question.get("type") == "choice":
            said = [str((question.get("choices") or [unsure])[0])]
        said = said or [by_type.get(question.get("type", ""), unsure)]
        lines.extend(line.format(followup_date=said_date) for line in said)
    return lines


@dataclass
class ScriptedPatient:
    """Answers each agent turn with the next line of its script; hangs up when it runs out."""

    scenario: str
    first_name: str = "there"
    # What the patient answers when asked who they are: their date of birth or the phone's last four
    # digits. The patient knows it; the agent never does (the simulated dialer reads it from the record).
    identifier: str = DEFAULT_IDENTIFIER
    lines: list[str] = field(default_factory=list)
    # The patient's answers to the call's declared questions (answer_lines), placed where the script answers.
    answers: list[str] = field(default_factory=list)
    language: str = "en"  # "es": a Spanish-speaking patient (SCRIPTS_ES)
    identifier_es: str = ""  # the identifier as said in Spanish (a patient who switches to Spanish)

    def __post_init__(self) -> None:
        scripts = SCRIPTS_ES if self.language == "es" else SCRIPTS
        if self.scenario not in scripts:
            raise ValueError(f"unknown patient scenario {self.scenario!r}; use one of {', '.join(scripts)}")
        values = {
            "first_name": self.first_name,
            "identifier": self.identifier,
            "identifier_es": self.identifier_es or self.identifier,
        }
        lines = [line.format(**values) for line in scripts[self.scenario]]
        if self.answers and self.scenario in ANSWERS_REPLACE:
            at = ANSWERS_REPLACE[self.scenario]
            lines[at : at + 1] = self.answers
        elif self.answers and self.scenario in ANSWERS_AFTER:
            at = ANSWERS_AFTER[self.scenario]
            lines[at:at] = self.answers
        self.lines = lines

    @classmethod
    def for_call(
        cls,
        context: dict[str, Any],
        scenario: str | None = None,
        *,
        identifier: str = DEFAULT_IDENTIFIER,
        answers: dict[str, list[str]] | None = None,
        identifier_es: str = "",
    ) -> ScriptedPatient:
        """The patient for a call: in the call's language (a Spanish-speaking patient answers in Spanish)."""
        from agent_worker.speech import call_language, localized

        chosen = scenario or SCENARIO_FOR_CALL_TYPE.get(context.get("call_type") or "", "cooperative")
        first_name = (context.get("patient") or {}).get("first_name") or "there"
        language = call_language(context)
        answering = "es" if chosen == "switch_to_spanish" else language
        extra = (SCENARIO_ANSWERS_ES if answering == "es" else SCENARIO_ANSWERS).get(chosen, {})
        overrides = {**extra, **(answers or {})}
        return cls(
            scenario=chosen,
            first_name=first_name,
            identifier=identifier,
            answers=answer_lines(localized(context, answering), overrides, answering),
            language=language,
            identifier_es=identifier_es,
        )

    def reply(self) -> str | None:
        return self.lines.pop(0) if self.lines else None
