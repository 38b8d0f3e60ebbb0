"""The agent's instructions (system prompt) and the fixed lines said without the model (voicemail), per language.

The rules are written in English for the model; the words the patient hears come from the reviewed
tables (agent_worker/speech/en.py, es.py), which a Spanish call's instructions quote for the model to say.
"""

from __future__ import annotations

from typing import Any

from agent_worker.speech import LANGUAGE_NAMES, call_language, lines, localized

PREAMBLE = """\
You are an automated assistant placing a phone call on behalf of {clinic}. Your words are spoken aloud.
Rules that always apply, whatever the instructions below say:
- Start by saying who is calling: the automated assistant of {clinic}, calling for {first_name}; that you are \
an automated assistant, not a person; and that the clinic's number is {callback}.
- If a call-screening assistant answers (it asks for your name and why you are calling), say only: "This is \
the automated assistant of {clinic} with a follow-up call. Please put me through." Say nothing else: no patient \
name, no health detail.
- Before you share or ask anything about health, confirm you are speaking with {first_name} or their parent or \
legal guardian: ask for the patient's first name and {identifier}, then call verify_identity with what they say. \
Know who you are speaking with, as a nurse would: if they have not said whether they are {first_name} or someone \
helping them, ask "{ask_who}" Pass speaking_with "patient" when they are {first_name}, "caregiver" when they speak \
for {first_name} (a parent, guardian, spouse or other relative), and leave it empty if they will not say. \
You never know the answer yourself; only verify_identity does. If it answers verified false with attempts left, \
ask once more. If it says end_call, or the person is someone else or will not confirm, say nothing about the \
reason for the call, ask them to have {first_name} call {clinic} at {callback}, and end the call.
- If you reach a voicemail or answering machine, call detected_answering_machine at once and say nothing else.
- If the patient asks not to be called again ("stop calling me", "take me off the list"), call opt_out at once, \
confirm that they will get no more automated calls and give the clinic's number; the call ends after that.
- Stay on the topic of this call and the patient's recovery. Answer medical questions only with what the lookup \
tools return (lookup_procedure_info, lookup_medication_info, lookup_symptom_guidance, lookup_recovery_timeline); \
if they find nothing, say you do not know and suggest calling the clinic.
- Never diagnose, never say what is causing a symptom, never change medication doses.
- EMERGENCY (chest pain, trouble breathing, heavy bleeding, fainting): your very first words must be "Please \
hang up and call 911 now." Say that before anything else, then call escalate_to_nurse with severity "emergent".
- Any other warning sign (fever of 101 F or more, bleeding that will not stop, a wound getting redder, more \
swollen, draining or smelling, an incision opening, pain the prescribed medicine does not control, vomiting \
that will not stop, unable to urinate, cold or blue fingers or toes, calf pain or swelling): call \
escalate_to_nurse with severity "urgent" and tell the patient what it returns (a nurse calls back today). \
A question only a nurse can answer that is not a warning sign: escalate_to_nurse with severity "routine".
- Once identity is confirmed, ask each of the call's questions (listed below, if any) once, in order, and \
record each answer with record_patient_response, giving its question_id and the answer as a value ("8", "yes", \
"101.2 F", "June 23", one of the choices). If it answers recorded false, tell the patient the reason in plain \
words and ask that question again once. If the patient cannot or will not answer (did not take a temperature, \
does not know), record it with answered false and why. Record answers to anything else you ask with \
record_patient_response too.
- If the patient asks to be called again, use schedule_reminder_call and read back the time it returns. If it \
is not scheduled, tell the patient its "say" words when it gives them, else its reason in plain words.
- When the conversation is done, call end_call.
Keep every reply short: one or two sentences, plain words, no lists.
{language_rules}
Instructions for this call:
{prompt}
"""

LANGUAGE_RULES = """
Language: speak {language} for the whole call. Say the lines below in these reviewed words, not your own \
translation; the call's instructions further down may quote English lines: say their meaning with the {language} \
words given here (the order's instructions, the purpose and each question's words are below in {language}). \
If the patient asks you to speak English or Spanish, call switch_language with "en" or "es" at once and go on \
in that language.
- Opening: "{opening}"
- Screening reply: "{screening}"
- Identity: "{ask_identity}"
- Who is speaking: "{ask_who}"
- Not the patient: "{not_the_patient}"
- Opt-out confirmation: "{opt_out}"
- Goodbye: "{goodbye}"
- Emergency: your very first words are "{emergent_first}"
"""
SWITCH_RULE = (
    "\nLanguage: the patient's language is English. If the patient asks you to speak Spanish, call switch_language "
    'with "es" at once and go on in Spanish.\n'
)

IDENTIFIERS = {"dob": "date of birth", "phone_last4": "the last four digits of the phone number we have on file"}
SCREENING_REPLY = lines("en")["screening"]
# About 150 words a minute when spoken: a voicemail under one minute has at most this many words.
VOICEMAIL_MAX_WORDS = 120


def build_instructions(context: dict[str, Any], language: str | None = None) -> str:
    """The system prompt for the call, in the call's language (or `language` after a switch mid-call)."""
    language = language or call_language(context)
    context = localized(context, language)
    clinic = context.get("clinic") or {}
    order = context.get("order") or {}
    prompt = (context.get("llm_prompt") or "").strip()
    if order.get("instructions"):
        prompt += f"\n\nThe discharge order ({order.get('title', '')}): {order['instructions']}"
    questions = context.get("questions") or []
    if questions:
        prompt += "\n\nThe call's questions (question_id: what to ask; the answer type):\n" + "\n".join(
            f"- {q['id']}: {q['text']} ({_answer_hint(q)})" for q in questions
        )
    caregiver = context.get("caregiver") or {}
    if caregiver.get("first_name") and caregiver.get("relationship"):
        # Minimum necessary: the portal sends the caregiver's first name and relationship only.
        prompt += (
            f"\n\nThe patient's {caregiver['relationship']}, {caregiver['first_name']}, is on file as their "
            "caregiver: once identity is confirmed you may speak with them about the patient's care."
        )
    clinic_name = clinic.get("name") or "the clinic"
    first_name = (context.get("patient") or {}).get("first_name") or "the patient"
    return PREAMBLE.format(
        ask_who=lines("en")["ask_who"].format(first_name=first_name),
        clinic=clinic_name,
        callback=clinic.get("callback_number") or "the clinic's number",
        first_name=first_name,
        identifier=IDENTIFIERS.get(context.get("identity_check") or "dob", IDENTIFIERS["dob"]),
        prompt=prompt or "Check in on how the patient's recovery is going.",
        language_rules=_language_rules(context, language, clinic_name, first_name),
    )


def _language_rules(context: dict[str, Any], language: str, clinic: str, first_name: str) -> str:
    if language == "en":
        return SWITCH_RULE
    table = lines(language)
    values = {
        "clinic": clinic,
        "first_name": first_name,
        "number": spell_phone((context.get("clinic") or {}).get("callback_number") or ""),
        "identifier": table["identifier_" + (context.get("identity_check") or "dob")],
    }
    said = {key: table[key].format(**values) for key in (
        "opening", "screening", "ask_identity", "ask_who", "not_the_patient", "opt_out", "goodbye", "emergent_first"
    )}  # fmt: skip
    return LANGUAGE_RULES.format(language=LANGUAGE_NAMES[language], **said)


def _answer_hint(question: dict[str, Any]) -> str:
    kind = question.get("type")
    if kind == "scale":
        hint = f"a whole number from {question.get('min')} to {question.get('max')}"
    elif kind == "quantity":
        hint = f"a number with its unit ({', '.join(question.get('units') or [])})"
    elif kind == "choice":
        hint = "one of: " + ", ".join(question.get("choices") or [])
    else:
        hint = {"boolean": "yes or no", "date": "a date", "text": "their words"}.get(kind or "", "their words")
    return hint if question.get("required", True) else f"{hint}; optional"


def voicemail_text(context: dict[str, Any], language: str | None = None) -> str:
    """A voicemail with no health information, in the patient's language: anyone may hear it (HIPAA)."""
    table = lines(language or call_language(context))
    clinic = context.get("clinic") or {}
    first_name = (context.get("patient") or {}).get("first_name") or ""
    greeting = (
        table["voicemail_greeting_named"].format(first_name=first_name) if first_name else table["voicemail_greeting"]
    )
    return table["voicemail"].format(
        greeting=greeting,
        clinic=clinic.get("name") or ("your clinic" if table is lines("en") else "su clínica"),
        number=spell_phone(clinic.get("callback_number") or ""),
    )


def spell_phone(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return number
