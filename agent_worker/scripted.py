"""Offline stand-ins for the two outside parties of a call: the language model and the patient.

ScriptedLLM is a real livekit.agents.llm.LLM: the AgentSession drives it exactly like the
OpenAI plugin (chat -> stream of ChatChunks with text or tool calls, called again after
each tool output). Its policy is deterministic and reads only the conversation so far and
the call's context, so the simulated call and the tests are reproducible with no network.

ScriptedPatient plays the person who answers, one scenario per call type.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from livekit.agents import llm
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, APIConnectOptions, NotGivenOr

from agent_worker.agents import spell_phone
from agent_worker.speech import TABLES, call_language, conversation_language, lines, localized, requested_language

# Every line below comes from the call language's table (agent_worker/speech/en.py, es.py); the English
# names stay for the callers and tests that use them.
CONFIRM_MARK = lines("en")["confirm_mark"]
IDENTITY_MARK = lines("en")["identity_mark"]
IDENTIFIER_WORDS = {"dob": lines("en")["identifier_dob"], "phone_last4": lines("en")["identifier_phone_last4"]}
EMERGENT_FIRST = lines("en")["emergent_first"]
ANYTHING_ELSE = lines("en")["anything_else"]
CONFIRM_MARKS = tuple(table["confirm_mark"] for table in TABLES.values())
IDENTITY_MARKS = tuple(table["identity_mark"] for table in TABLES.values())

AFFIRMATIVE = re.compile(
    r"\b(yes|yeah|yep|speaking|this is|it's me|i am|i'm (?:his|her|their)|mom|dad|mother|father|parent|guardian|"
    r"sí|si|soy (?:yo|su|la|el)|habla|con (?:él|ella) habla|mamá|papá|madre|padre|tutora?)\b",
    re.I,
)
# Who answered, as they said it: someone speaking for the patient ("this is Robert's wife", "I'm his daughter",
# "soy la esposa de Roberto"), or the patient ("this is Maya", "speaking", "soy yo", "con ella habla").
RELATIVE = (
    r"(?:mom|mother|dad|father|parent|guardian|wife|husband|partner|son|daughter|sister|brother|caregiver|"
    r"mamá|papá|madre|padre|tutora?|esposa|esposo|hija|hijo|hermana|hermano|pareja)"
)
CAREGIVER_SAYS = re.compile(
    rf"'s {RELATIVE}\b|\bi'?m (?:his|her|their) {RELATIVE}\b|\bsoy (?:la|el|su) {RELATIVE}\b", re.I
)
PATIENT_SAYS = re.compile(r"\bspeaking\b|\bit's me\b|\bsoy yo\b|\bcon (?:él|ella) habla\b", re.I)
NEGATIVE = re.compile(r"\b(no|nope|wrong number|not (?:here|home|available)|who is this)\b", re.I)
MACHINE = re.compile(
    r"leave (?:a|your) message|after the (?:tone|beep)|voicemail|mailbox|can't take your call|cannot take your call|"
    r"deje (?:su|un) mensaje|después del tono|buzón de voz|no puedo contestar",
    re.I,
)
EMERGENT = re.compile(
    r"chest pain|chest (?:hurts|is tight)|trouble breathing|can't breathe|cannot breathe|short(?:ness)? of breath|"
    r"fainted|passed out|passing out|lips (?:are |turning )?blue|dolor (?:de|en el) pecho|no puedo respirar|"
    r"me falta el aire|me desmay[éeó]",
    re.I,
)
URGENT = re.compile(
    r"bleeding (?:that )?(?:won't|will not|doesn't) stop|soaking through|fever (?:of|over|above) 10[1-9]|"
    r"temp\w* (?:is|of|was) (?:10[1-9]|3[89])|high fever|turning (?:blue|black|cold)|numb(?:ness)?|severe pain|"
    r"(?:redness|swelling|drainage)[\w ]{0,30}(?:getting )?worse|incision (?:opened|is opening|came apart)|"
    r"can't (?:pee|urinate)|calf (?:is )?(?:swollen|hurts|pain)|(?:can't stop|won't stop) (?:vomiting|throwing up)|"
    r"pain (?:medicine|medication) (?:isn't|is not|doesn't) (?:help|work)|fiebre de (?:10[1-9]|3[89])|"
    r"(?:enrojecimiento|hinchazón|supuración)[\w ]{0,30}(?:peor|empeora)|no para de sangrar",
    re.I,
)
NURSE_REQUEST = re.compile(r"\b(?:a|the|my) nurse\b|\b(?:una|la|mi) enfermer[ao]\b", re.I)
OPT_OUT = re.compile(
    r"stop calling|don't call (?:me|us|here)|do not call|take (?:me|us) off|remove (?:me|us) from|no more calls|"
    r"opt(?: me)? out|unsubscribe|no me (?:llamen|vuelvan a llamar)|dejen de llamar|(?:quíten|saquen)me de la lista",
    re.I,
)
SCREENING = re.compile(
    r"screening service|call screen|say your name and why you(?:'re| are) calling|"
    r"state your name and (?:the )?(?:reason|purpose)|who is calling and why|diga su nombre y (?:el )?motivo",
    re.I,
)
DIAGNOSIS = re.compile(
    r"\bdo i have\b|\bis it infected\b|\bis this an infection\b|what'?s wrong with|diagnos|\bis it a clot\b|"
    r"\bestá infectad[ao]\b|\bes una infección\b|\bes un coágulo\b",
    re.I,
)
REMINDER = re.compile(
    r"\bremind me\b|\bcall (?:me|us) (?:again|back)\b|\banother call\b|\breminder\b|\brecuérdeme\b|"
    r"\bvuelva a llamar(?:me|nos)\b|\bllámeme (?:otra vez|de nuevo|mañana)\b|\brecordatorio\b|\brecordarme\b|"
    r"\bllamar(?:me|nos)? otra vez\b",
    re.I,
)
WHEN = re.compile(
    r"(tomorrow(?: morning| afternoon| evening)?|the day of [\w ]+|in \d+ (?:minutes?|hours?|days?)|"
    r"next \w+(?: morning| afternoon)?|on \w+ \d+(?:st|nd|rd|th)?|this (?:afternoon|evening)|tonight|"
    r"mañana (?:por|en) la (?:mañana|tarde|noche)|pasado mañana|mañana|esta (?:tarde|noche))",
    re.I,
)
# The tool's "when" is read by the portal's time parser: the Spanish phrases the scripted patient says, in English.
WHEN_IN_ENGLISH = {
    "mañana por la mañana": "tomorrow morning",
    "mañana en la mañana": "tomorrow morning",
    "mañana por la tarde": "tomorrow afternoon",
    "mañana en la tarde": "tomorrow afternoon",
    "mañana por la noche": "tomorrow evening",
    "mañana": "tomorrow",
    "pasado mañana": "in 2 days",
    "esta tarde": "this afternoon",
    "esta noche": "tonight",
}
CLOSING = re.compile(
    r"^(?:no\b|nope|nothing|that's (?:all|it|everything)|i'm good|all good|bye|goodbye|thanks?\b|thank you|nada|"
    r"eso es todo|es todo|adiós|gracias)",
    re.I,
)
MEDICATION = re.compile(
    r"\b(ibuprofen|acetaminophen|tylenol|advil|motrin|aspirin|antibiotics?|medication|medicine|pills?|painkillers?|dose|"
    r"ibuprofeno|acetaminofén|aspirina|antibióticos?|medicinas?|medicamentos?|pastillas?|dosis)\b",
    re.I,
)
ACTIVITY = re.compile(
    r"\b(school|daycare|swim(?:ming)?|bath(?:e|ing)?|shower(?:ing)?|sports?|exercise|work|driv(?:e|ing)|gym|play|"
    r"escuela|guardería|nadar|bañar(?:se)?|duchar(?:se)?|deportes?|ejercicio|trabajo|trabajar|manejar|jugar)\b",
    re.I,
)
SYMPTOM = re.compile(
    r"\b(swelling|swollen|bruis(?:e|ing)|pain|sore|redness|red|itch(?:y|ing)?|rash|fever|bleeding|drainage|numb|"
    r"hinchazón|hinchad[ao]|moretón|morado|dolor|rojo|roja|enrojecimiento|comezón|picazón|fiebre|sangrado|supuración)\b",
    re.I,
)
INSTRUCTIONS = re.compile(
    r"\bmy instructions\b|\bwhat (?:was|am) i (?:supposed|told) to\b|\bthe instructions\b|"
    r"\b(?:mis|las) instrucciones\b",
    re.I,
)
QUESTION = re.compile(
    r"\?|¿|^(?:is|are|can|could|when|how|what|should|do|does|will|may|puedo|cuándo|cómo|qué|es normal)\b", re.I
)


def main_question(context: dict[str, Any], language: str = "en") -> str:
    """The question the call is about: the prompt's first question, else a check-in on the order.

    The prompt is English (instructions for the model): a Spanish call asks about the spoken purpose.
    """
    table = lines(language)
    prompt = context.get("llm_prompt") or "" if language == "en" else ""
    for sentence in re.split(r"(?<=[.?!])[\"”]?\s+", prompt):
        sentence = sentence.strip().strip('"“”')
        if sentence.endswith("?"):
            return sentence
    # Never the order's title ("How are things going with Wellness check within 24 hours?"): the
    # call template's spoken purpose is a phrase written for patients ("your compression bandage").
    order = context.get("order") or {}
    topic = order.get("spoken_purpose") or table["main_topic_default"]
    return table["main_question"].format(topic=topic)


NO_ANSWER = re.compile(
    r"\b(?:not sure|don't know|do not know|no idea|can't remember|didn't (?:take|measure|check)|haven't (?:taken|"
    r"measured|checked)|rather not|prefer not|no sé|no estoy segur[oa]|no me la tomé|no la medí|prefiero no)\b",
    re.I,
)


@dataclass(frozen=True)
class Progress:
    """Where the call's declared questions stand, read from the conversation's tool calls."""

    recorded: frozenset[str]
    refusals: dict[str, int]
    pending: tuple[dict[str, Any], ...]

    @property
    def current(self) -> dict[str, Any] | None:
        return self.pending[0] if self.pending else None


def question_progress(chat_ctx: llm.ChatContext, context: dict[str, Any]) -> Progress:
    calls: dict[str, str] = {}
    recorded: set[str] = set()
    refusals: dict[str, int] = {}
    for item in chat_ctx.items:
        if item.type == "function_call" and item.name == "record_patient_response":
            try:
                calls[item.call_id] = str(json.loads(item.arguments or "{}").get("question_id") or "")
            except ValueError:
                continue
        elif item.type == "function_call_output" and calls.get(item.call_id):
            try:
                result = json.loads(item.output)
            except (ValueError, TypeError):
                continue
            qid = calls[item.call_id]
            if isinstance(result, dict) and result.get("recorded"):
                recorded.add(qid)
            else:
                refusals[qid] = refusals.get(qid, 0) + 1
    pending = tuple(q for q in context.get("questions") or [] if q.get("id") not in recorded)
    return Progress(frozenset(recorded), refusals, pending)


@dataclass(frozen=True)
class Decision:
    text: str = ""
    tool_calls: tuple[tuple[str, dict[str, Any]], ...] = ()


def _texts(chat_ctx: llm.ChatContext, role: str) -> list[str]:
    return [
        (item.text_content or "") for item in chat_ctx.items if isinstance(item, llm.ChatMessage) and item.role == role
    ]


def decide(chat_ctx: llm.ChatContext, context: dict[str, Any]) -> Decision:
    """The scripted model's next move, from the conversation so far, in the call's language.

    The call starts in the context's language; a patient's request for the other one ("¿Habla
    español?") switches every later line (the agent's llm_node switches the voice and instructions).
    """
    users = _texts(chat_ctx, "user")
    start = call_language(context)
    language = conversation_language(start, users)
    context = localized(context, language)
    table = lines(language)
    clinic = context.get("clinic") or {}
    clinic_name = clinic.get("name") or ("the clinic" if language == "en" else "la clínica")
    number = spell_phone(clinic.get("callback_number") or "")
    first_name = (context.get("patient") or {}).get("first_name") or "the patient"
    procedure = context.get("procedure") or (context.get("order") or {}).get("title") or "your procedure"
    items = [i for i in chat_ctx.items if i.type in ("message", "function_call", "function_call_output")]
    items = [i for i in items if not (i.type == "message" and i.role in ("system", "developer"))]
    assistant = _texts(chat_ctx, "assistant")
    confirmed = any(mark in t for t in assistant for mark in CONFIRM_MARKS)

    progress = question_progress(chat_ctx, context)
    if items and items[-1].type == "function_call_output":
        outputs: list[llm.FunctionCallOutput] = []
        for item in reversed(items):
            if item.type != "function_call_output":
                break
            outputs.insert(0, item)
        return _after_tools(
            outputs,
            confirmed=confirmed,
            first_name=first_name,
            clinic_name=clinic_name,
            number=number,
            context=context,
            progress=progress,
            language=language,
        )

    identifier = table["identifier_" + ("phone_last4" if context.get("identity_check") == "phone_last4" else "dob")]
    ask_identity = table["ask_identity"].format(identifier=identifier)
    say = {"clinic": clinic_name, "number": number, "first_name": first_name}
    if not users:
        return Decision(table["opening"].format(**say))
    said = users[-1].strip()
    last_agent = assistant[-1] if assistant else ""

    if requested_language(said) == language and conversation_language(start, users[:-1]) != language:
        # The patient asked for this language just now: say so in it, and go on where the call was.
        question = progress.current
        if not confirmed:
            asked = any(m in last_agent for m in IDENTITY_MARKS) or AFFIRMATIVE.search(said)
            then = ask_identity if asked else table["opening"].format(**say)
        else:
            then = question["text"] if question is not None else table["anything_else"]
        return Decision(table["switched"].format(then=then))

    if SCREENING.search(said):
        # A call-screening assistant: the provider and "a follow-up call", nothing else.
        return Decision(table["screening"].format(clinic=clinic_name))
    if MACHINE.search(said):
        return Decision(tool_calls=(("detected_answering_machine", {}),))
    if OPT_OUT.search(said):
        return Decision(tool_calls=(("opt_out", {}),))
    if EMERGENT.search(said):
        # The 911 instruction comes before anything else, identity confirmed or not.
        return Decision(
            table["emergent_alerting"],
            tool_calls=(("escalate_to_nurse", {"reason": said, "severity": "emergent"}),),
        )
    if not confirmed:
        if any(mark in last_agent for mark in IDENTITY_MARKS):
            name, identifier_said = _name_and_identifier(said)
            arguments = {"first_name": name, "identifier": identifier_said}
            if who := speaking_with(users, first_name):
                arguments["speaking_with"] = who
            return Decision(tool_calls=(("verify_identity", arguments),))
        if AFFIRMATIVE.search(said) and not re.match(r"^\s*no\b", said, re.I):
            return Decision(ask_identity)
        return Decision(tool_calls=(("end_call", {}),))
    if URGENT.search(said):
        symptom = URGENT.search(said).group(0)
        return Decision(
            tool_calls=(
                ("escalate_to_nurse", {"reason": said, "severity": "urgent"}),
                ("lookup_symptom_guidance", {"symptom": symptom}),
            )
        )
    if NURSE_REQUEST.search(said):
        return Decision(tool_calls=(("escalate_to_nurse", {"reason": said, "severity": "routine"}),))
    if "911" in last_agent:
        return Decision(tool_calls=(("end_call", {}),))
    question = progress.current
    if question is not None and last_agent.rstrip().endswith(question["text"]):
        # The patient answered the declared question just asked: record it (the portal checks the value).
        asked = {"question": question["text"], "question_id": question["id"]}
        if NO_ANSWER.search(said):
            return Decision(tool_calls=(("record_patient_response", {**asked, "response": said, "answered": False}),))
        return Decision(tool_calls=(("record_patient_response", {**asked, "response": said}),))
    if DIAGNOSIS.search(said):
        return Decision(table["no_diagnosis"].format(**say))
    if INSTRUCTIONS.search(said):
        return Decision(tool_calls=(("get_discharge_order_details", {}),))
    if REMINDER.search(said):
        match = WHEN.search(said)
        when = match.group(0) if match else said
        when = WHEN_IN_ENGLISH.get(when.lower(), when)  # the portal reads the time; the patient hears it in Spanish
        topic = context.get("purpose") or (context.get("order") or {}).get("title") or "their follow-up"
        purpose = lines("en")["reminder_purpose"].format(topic=topic)  # for the nurse: English
        return Decision(tool_calls=(("schedule_reminder_call", {"when": when, "purpose": purpose}),))
    if any(mark in last_agent for mark in CONFIRM_MARKS):
        return Decision(
            tool_calls=(("record_patient_response", {"question": main_question(context, language), "response": said}),)
        )
    if QUESTION.search(said):
        if m := MEDICATION.search(said):
            return Decision(tool_calls=(("lookup_medication_info", {"medication": m.group(0), "question": said}),))
        if m := ACTIVITY.search(said):
            return Decision(
                tool_calls=(("lookup_recovery_timeline", {"procedure": procedure, "activity": m.group(0)}),)
            )
        if SYMPTOM.search(said):
            return Decision(tool_calls=(("lookup_symptom_guidance", {"symptom": said.rstrip("?")}),))
        return Decision(tool_calls=(("lookup_procedure_info", {"procedure": procedure, "question": said}),))
    if CLOSING.search(said):
        return Decision(tool_calls=(("end_call", {}),))
    return Decision(table["off_topic"].format(procedure=procedure))


def speaking_with(said: list[str], first_name: str) -> str:
    """ "caregiver" or "patient" as the person on the line said who they are before the identity check; "" if not."""
    named = re.compile(rf"\b(?:this is|it's|i'm|soy|habla) {re.escape(first_name)}\b(?!')", re.I)
    for line in said:
        if CAREGIVER_SAYS.search(line):
            return "caregiver"
        if PATIENT_SAYS.search(line) or named.search(line):
            return "patient"
    return ""


_NAME_LEAD = re.compile(
    r"^\s*(?:(?:it's|it is|this is|my name is|(?:her|his|the) name is|i'm|i am|soy|me llamo|se llama)\s+)", re.I
)


def _name_and_identifier(said: str) -> tuple[str, str]:
    """ "Maya, March 4, 2015." -> ("Maya", "March 4, 2015")."""
    text = _NAME_LEAD.sub("", said.strip())
    name, _, rest = text.partition(",") if "," in text else text.partition(" ")
    return name.strip(" .!?"), rest.strip(" .!?")


def _after_tools(
    outputs: list[llm.FunctionCallOutput],
    *,
    confirmed: bool,
    first_name: str,
    clinic_name: str,
    number: str,
    context: dict[str, Any],
    progress: Progress | None = None,
    language: str = "en",
) -> Decision:
    table = lines(language)
    say = {"clinic": clinic_name, "number": number, "first_name": first_name}
    by_name = {o.name: o for o in outputs}
    current = progress.current if progress is not None and confirmed else None
    # After anything else the patient brought up, go back to the next declared question.
    then = current["text"] if current is not None else table["anything_else"]

    def data(name: str) -> dict[str, Any]:
        try:
            value = json.loads(by_name[name].output)
        except (ValueError, TypeError):
            return {"answer": by_name[name].output}
        return value if isinstance(value, dict) else {"answer": value}

    if "end_call" in by_name:
        if not confirmed:
            return Decision(table["not_the_patient"].format(**say))
        return Decision(table["goodbye"].format(**say))
    if "verify_identity" in by_name:
        result = data("verify_identity")
        if result.get("verified"):
            first = (context.get("questions") or [{}])[0].get("text")
            return Decision(f"{table['confirm_mark']} {first or main_question(context, language)}")
        if result.get("end_call"):
            return Decision(table["not_the_patient"].format(**say))
        kind = "phone_last4" if context.get("identity_check") == "phone_last4" else "dob"
        return Decision(table["identity_again"].format(identifier=table["identifier_" + kind]))
    if "opt_out" in by_name:
        return Decision(table["opt_out"].format(**say))
    if "escalate_to_nurse" in by_name:
        result = data("escalate_to_nurse")
        if result.get("tier") == "emergent":
            return Decision(table["emergent_alerted"])
        if result.get("tier") == "routine":
            return Decision(table["routine_ack"].format(say=result.get("say") or table["routine_default"], then=then))
        return Decision(
            table["urgent_ack"].format(say=result.get("say") or table["urgent_default"], number=number, then=then)
        )
    if "schedule_reminder_call" in by_name:
        result = data("schedule_reminder_call")
        if result.get("scheduled"):
            return Decision(table["reminder_set"].format(local_time=result.get("local_time"), then=then))
        return Decision(table["reminder_failed"].format(reason=result.get("say") or result.get("reason"), then=then))
    if "record_patient_response" in by_name:
        result = data("record_patient_response")
        if result.get("recorded") is False:
            refused = progress.refusals.get(current["id"], 0) if progress is not None and current else 0
            if current is not None and refused == 2:
                # Asked again once after a refusal and still no usable value: record that, and move on.
                asked = {"question": current["text"], "question_id": current["id"], "answered": False}
                return Decision(
                    tool_calls=(("record_patient_response", {**asked, "response": table["no_valid_answer"]}),)
                )
            if refused > 2:
                return Decision(table["leave_for_nurse"].format(then=table["anything_else"]))
            reason = str(result.get("reason") or "I didn't catch that.").rstrip(".")
            again = current["text"] if current is not None else result.get("ask_again") or ""
            # The portal's reason is English (for the model); a Spanish call re-asks in its own words.
            return Decision(table["ask_again"].format(reason=reason, question=again).strip())
        if current is not None:
            return Decision(table["thanks_next"].format(question=current["text"]))
        return Decision(table["noted"])
    if "get_discharge_order_details" in by_name:
        instructions = data("get_discharge_order_details").get("instructions")
        return Decision(table["instructions"].format(instructions=instructions, then=then))
    lookups = [name for name in by_name if name.startswith("lookup_")]
    if lookups:
        result = data(lookups[0])
        if result.get("urgency") == "emergency":
            return Decision(table["guide_emergency"])
        if not result.get("found"):
            return Decision(table["guide_not_found"].format(number=number, then=then))
        extra = table["guide_call_today"].format(number=number) if result.get("urgency") == "call_clinic" else ""
        return Decision(table["guide_answer"].format(answer=result.get("answer"), extra=extra, then=then))
    if "switch_language" in by_name:
        return Decision(table["switched"].format(then=then))
    return Decision(table["anything_else"])


class ScriptedLLM(llm.LLM):
    """A deterministic language model for offline calls and tests (livekit-agents ships none)."""

    def __init__(self, *, context: dict[str, Any]) -> None:
        super().__init__()
        self.context = context
        self.decisions: list[Decision] = []

    @property
    def model(self) -> str:
        return "scripted-policy"

    @property
    def provider(self) -> str:
        return "postop-offline"

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[llm.ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> llm.LLMStream:
        decision = decide(chat_ctx, self.context)
        self.decisions.append(decision)
        return _ScriptedStream(self, decision=decision, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options)


class _ScriptedStream(llm.LLMStream):
    def __init__(self, llm_: ScriptedLLM, *, decision: Decision, **kwargs: Any) -> None:
        super().__init__(llm_, **kwargs)
        self._decision = decision

    async def _run(self) -> None:
        chunk_id = f"scripted-{uuid.uuid4().hex[:12]}"
        calls = [
            llm.FunctionToolCall(name=name, arguments=json.dumps(args), call_id=f"call_{uuid.uuid4().hex[:16]}")
            for name, args in self._decision.tool_calls
        ]
        self._event_ch.send_nowait(
            llm.ChatChunk(
                id=chunk_id,
                delta=llm.ChoiceDelta(role="assistant", content=self._decision.text or None, tool_calls=calls),
            )
        )


# The scripted patients live in agent_worker/scripted_patients.py (English and Spanish scenarios).
from agent_worker.scripted_patients import (  # noqa: E402,F401 (re-exported for callers and tests)
    ANSWERS_AFTER,
    ANSWERS_REPLACE,
    DEFAULT_IDENTIFIER,
    QUESTION_ANSWERS,
    SCENARIO_ANSWERS,
    SCENARIO_FOR_CALL_TYPE,
    SCRIPTS,
    TYPE_ANSWERS,
    ScriptedPatient,
    answer_lines,
)
