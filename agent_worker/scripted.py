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
from dataclasses import dataclass, field
from typing import Any

from livekit.agents import llm
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, APIConnectOptions, NotGivenOr

from agent_worker.agents import SCREENING_REPLY, spell_phone

CONFIRM_MARK = "Thank you for confirming."
IDENTITY_MARK = "To protect your privacy"
IDENTIFIER_WORDS = {"dob": "date of birth", "phone_last4": "the last four digits of the phone number we have on file"}
EMERGENT_FIRST = "Please hang up and call 911 now."
ANYTHING_ELSE = "Is there anything else I can help you with?"

AFFIRMATIVE = re.compile(
    r"\b(yes|yeah|yep|speaking|this is|it's me|i am|i'm (?:his|her|their)|mom|dad|mother|father|parent|guardian)\b",
    re.I,
)
NEGATIVE = re.compile(r"\b(no|nope|wrong number|not (?:here|home|available)|who is this)\b", re.I)
MACHINE = re.compile(
    r"leave (?:a|your) message|after the (?:tone|beep)|voicemail|mailbox|can't take your call|cannot take your call",
    re.I,
)
EMERGENT = re.compile(
    r"chest pain|chest (?:hurts|is tight)|trouble breathing|can't breathe|cannot breathe|short(?:ness)? of breath|"
    r"fainted|passed out|passing out|lips (?:are |turning )?blue",
    re.I,
)
URGENT = re.compile(
    r"bleeding (?:that )?(?:won't|will not|doesn't) stop|soaking through|fever (?:of|over|above) 10[1-9]|"
    r"temp\w* (?:is|of|was) (?:10[1-9]|3[89])|high fever|turning (?:blue|black|cold)|numb(?:ness)?|severe pain|"
    r"(?:redness|swelling|drainage)[\w ]{0,30}(?:getting )?worse|incision (?:opened|is opening|came apart)|"
    r"can't (?:pee|urinate)|calf (?:is )?(?:swollen|hurts|pain)|(?:can't stop|won't stop) (?:vomiting|throwing up)|"
    r"pain (?:medicine|medication) (?:isn't|is not|doesn't) (?:help|work)",
    re.I,
)
NURSE_REQUEST = re.compile(r"\b(?:a|the|my) nurse\b", re.I)
OPT_OUT = re.compile(
    r"stop calling|don't call (?:me|us|here)|do not call|take (?:me|us) off|remove (?:me|us) from|no more calls|"
    r"opt(?: me)? out|unsubscribe",
    re.I,
)
SCREENING = re.compile(
    r"screening service|call screen|say your name and why you(?:'re| are) calling|"
    r"state your name and (?:the )?(?:reason|purpose)|who is calling and why",
    re.I,
)
DIAGNOSIS = re.compile(
    r"\bdo i have\b|\bis it infected\b|\bis this an infection\b|what'?s wrong with|diagnos|\bis it a clot\b", re.I
)
REMINDER = re.compile(r"\bremind me\b|\bcall (?:me|us) (?:again|back)\b|\banother call\b|\breminder\b", re.I)
WHEN = re.compile(
    r"(tomorrow(?: morning| afternoon| evening)?|the day of [\w ]+|in \d+ (?:minutes?|hours?|days?)|"
    r"next \w+(?: morning| afternoon)?|on \w+ \d+(?:st|nd|rd|th)?|this (?:afternoon|evening)|tonight)",
    re.I,
)
CLOSING = re.compile(
    r"^(?:no\b|nope|nothing|that's (?:all|it|everything)|i'm good|all good|bye|goodbye|thanks?\b|thank you)", re.I
)
MEDICATION = re.compile(
    r"\b(ibuprofen|acetaminophen|tylenol|advil|motrin|aspirin|antibiotics?|medication|medicine|pills?|painkillers?|dose)\b",
    re.I,
)
ACTIVITY = re.compile(
    r"\b(school|daycare|swim(?:ming)?|bath(?:e|ing)?|shower(?:ing)?|sports?|exercise|work|driv(?:e|ing)|gym|play)\b",
    re.I,
)
SYMPTOM = re.compile(
    r"\b(swelling|swollen|bruis(?:e|ing)|pain|sore|redness|red|itch(?:y|ing)?|rash|fever|bleeding|drainage|numb)\b",
    re.I,
)
INSTRUCTIONS = re.compile(r"\bmy instructions\b|\bwhat (?:was|am) i (?:supposed|told) to\b|\bthe instructions\b", re.I)
QUESTION = re.compile(r"\?|^(?:is|are|can|could|when|how|what|should|do|does|will|may)\b", re.I)


def main_question(context: dict[str, Any]) -> str:
    """The question the call is about: the prompt's first question, else a check-in on the order."""
    prompt = context.get("llm_prompt") or ""
    for sentence in re.split(r"(?<=[.?!])\s+", prompt):
        if sentence.strip().endswith("?"):
            return sentence.strip()
    order = context.get("order") or {}
    topic = order.get("title") or context.get("purpose") or "your recovery"
    return f"How are things going with {topic}?"


NO_ANSWER = re.compile(
    r"\b(?:not sure|don't know|do not know|no idea|can't remember|didn't (?:take|measure|check)|haven't (?:taken|"
    r"measured|checked)|rather not|prefer not)\b",
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
    """The scripted model's next move, from the conversation so far."""
    clinic = context.get("clinic") or {}
    clinic_name = clinic.get("name") or "the clinic"
    number = spell_phone(clinic.get("callback_number") or "")
    first_name = (context.get("patient") or {}).get("first_name") or "the patient"
    procedure = context.get("procedure") or (context.get("order") or {}).get("title") or "your procedure"
    items = [i for i in chat_ctx.items if i.type in ("message", "function_call", "function_call_output")]
    items = [i for i in items if not (i.type == "message" and i.role in ("system", "developer"))]
    assistant = _texts(chat_ctx, "assistant")
    confirmed = any(CONFIRM_MARK in t for t in assistant)

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
        )

    identifier = IDENTIFIER_WORDS.get(context.get("identity_check") or "dob", IDENTIFIER_WORDS["dob"])
    ask_identity = f"{IDENTITY_MARK}, please tell me the patient's first name and {identifier}."
    users = _texts(chat_ctx, "user")
    if not users:
        return Decision(
            f"Hello, this is the automated assistant of {clinic_name}, calling for {first_name}. "
            f"I'm an automated assistant, not a person; the clinic's number is {number}. "
            f"Am I speaking with {first_name}, or their parent or guardian?"
        )
    said = users[-1].strip()
    last_agent = assistant[-1] if assistant else ""

    if SCREENING.search(said):
        # A call-screening assistant: the provider and "a follow-up call", nothing else.
        return Decision(SCREENING_REPLY.format(clinic=clinic_name))
    if MACHINE.search(said):
        return Decision(tool_calls=(("detected_answering_machine", {}),))
    if OPT_OUT.search(said):
        return Decision(tool_calls=(("opt_out", {}),))
    if EMERGENT.search(said):
        # The 911 instruction comes before anything else, identity confirmed or not.
        return Decision(
            f"{EMERGENT_FIRST} I'm alerting the nurse right away.",
            tool_calls=(("escalate_to_nurse", {"reason": said, "severity": "emergent"}),),
        )
    if not confirmed:
        if IDENTITY_MARK in last_agent:
            name, identifier_said = _name_and_identifier(said)
            return Decision(tool_calls=(("verify_identity", {"first_name": name, "identifier": identifier_said}),))
        if AFFIRMATIVE.search(said) and not re.match(r"^\s*no\b", said, re.I):
            return Decision(f"Thank you. {ask_identity}")
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
        return Decision(
            "I'm not able to diagnose or say what is causing that; only your care team can. "
            f"If it feels like an emergency, call 911. Otherwise please call {clinic_name} at {number}. "
            + ANYTHING_ELSE
        )
    if INSTRUCTIONS.search(said):
        return Decision(tool_calls=(("get_discharge_order_details", {}),))
    if REMINDER.search(said):
        match = WHEN.search(said)
        when = match.group(0) if match else said
        topic = context.get("purpose") or (context.get("order") or {}).get("title") or "their follow-up"
        purpose = f"Reminder the patient asked for about {topic}"
        return Decision(tool_calls=(("schedule_reminder_call", {"when": when, "purpose": purpose}),))
    if CONFIRM_MARK in last_agent:
        return Decision(
            tool_calls=(("record_patient_response", {"question": main_question(context), "response": said}),)
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
    return Decision(f"I can only help with your recovery after {procedure}. " + ANYTHING_ELSE)


_NAME_LEAD = re.compile(r"^\s*(?:(?:it's|it is|this is|my name is|(?:her|his|the) name is|i'm|i am)\s+)", re.I)


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
) -> Decision:
    by_name = {o.name: o for o in outputs}
    current = progress.current if progress is not None and confirmed else None
    # After anything else the patient brought up, go back to the next declared question.
    then = current["text"] if current is not None else ANYTHING_ELSE

    def data(name: str) -> dict[str, Any]:
        try:
            value = json.loads(by_name[name].output)
        except (ValueError, TypeError):
            return {"answer": by_name[name].output}
        return value if isinstance(value, dict) else {"answer": value}

    if "end_call" in by_name:
        if not confirmed:
            return Decision(
                f"I'm sorry, I can only speak with {first_name} or their parent or guardian. "
                f"Please ask them to call {clinic_name} at {number}. Goodbye."
            )
        return Decision(f"Thank you for your time, {first_name}. Take care, goodbye.")
    if "verify_identity" in by_name:
        result = data("verify_identity")
        if result.get("verified"):
            first = (context.get("questions") or [{}])[0].get("text")
            return Decision(f"{CONFIRM_MARK} {first or main_question(context)}")
        if result.get("end_call"):
            return Decision(
                f"I'm sorry, I can only speak with {first_name} or their parent or guardian. "
                f"Please ask them to call {clinic_name} at {number}. Goodbye."
            )
        identifier = IDENTIFIER_WORDS.get(context.get("identity_check") or "dob", IDENTIFIER_WORDS["dob"])
        return Decision(
            f"I'm sorry, that doesn't match our records. {IDENTITY_MARK}, please tell me the patient's first name "
            f"and {identifier} once more."
        )
    if "opt_out" in by_name:
        return Decision(
            f"I understand. You won't get any more automated calls from {clinic_name}. "
            f"If you need us, please call {number}. Goodbye."
        )
    if "escalate_to_nurse" in by_name:
        result = data("escalate_to_nurse")
        if result.get("tier") == "emergent":
            return Decision(f"{EMERGENT_FIRST} The nurse has been alerted.")
        if result.get("tier") == "routine":
            return Decision(f"{result.get('say') or 'A nurse will call you back.'} " + then)
        return Decision(
            f"Thank you for telling me. {result.get('say') or 'A nurse will call you back today.'} "
            f"If it gets worse, call us at {number}, or 911 in an emergency. " + then
        )
    if "schedule_reminder_call" in by_name:
        result = data("schedule_reminder_call")
        if result.get("scheduled"):
            return Decision(f"All set: I've scheduled a reminder call for {result.get('local_time')}. " + then)
        return Decision(f"I'm sorry, I couldn't schedule that: {result.get('reason')} " + then)
    if "record_patient_response" in by_name:
        result = data("record_patient_response")
        if result.get("recorded") is False:
            refused = progress.refusals.get(current["id"], 0) if progress is not None and current else 0
            if current is not None and refused == 2:
                # Asked again once after a refusal and still no usable value: record that, and move on.
                asked = {"question": current["text"], "question_id": current["id"], "answered": False}
                return Decision(
                    tool_calls=(
                        ("record_patient_response", {**asked, "response": "No valid answer after asking again"}),
                    )
                )
            if refused > 2:
                return Decision("Let's leave that question for your nurse. " + ANYTHING_ELSE)
            reason = str(result.get("reason") or "I didn't catch that.").rstrip(".")
            again = current["text"] if current is not None else result.get("ask_again") or ""
            return Decision(f"I'm sorry, I need to ask that again: {reason}. {again}".strip())
        if current is not None:
            return Decision(f"Thank you. {current['text']}")
        return Decision("Thank you, I've noted that. Do you have any questions about your recovery?")
    if "get_discharge_order_details" in by_name:
        return Decision(f"Your instructions say: {data('get_discharge_order_details').get('instructions')} " + then)
    lookups = [name for name in by_name if name.startswith("lookup_")]
    if lookups:
        result = data(lookups[0])
        if result.get("urgency") == "emergency":
            return Decision("That can be a sign of an emergency. Please hang up and call 911 right now.")
        if not result.get("found"):
            return Decision(
                f"I don't have information on that in our care guide. Please ask your care team at {number}. " + then
            )
        extra = (
            f" Since that may need attention, please call us at {number} today."
            if result.get("urgency") == "call_clinic"
            else ""
        )
        return Decision(f"Here is what our care guide says: {result.get('answer')}{extra} " + then)
    return Decision(ANYTHING_ELSE)


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


# --- the scripted patients ---------------------------------------------------------------

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


def answer_lines(context: dict[str, Any], overrides: dict[str, list[str]] | None = None) -> list[str]:
    """The patient's answers to the call's declared questions, in the order the agent asks them."""
    from datetime import date, timedelta

    followup = date.today() + timedelta(days=10)
    lines: list[str] = []
    for question in context.get("questions") or []:
        qid = question.get("id", "")
        said = (overrides or {}).get(qid) or QUESTION_ANSWERS.get(qid)
        if said is None and question.get("type") == "choice":
            said = [str((question.get("choices") or ["I'm not sure."])[0])]
        said = said or [TYPE_ANSWERS.get(question.get("type", ""), "I'm not sure.")]
        lines.extend(line.format(followup_date=f"{followup:%B} {followup.day}") for line in said)
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

    def __post_init__(self) -> None:
        if self.scenario not in SCRIPTS:
            raise ValueError(f"unknown patient scenario {self.scenario!r}; use one of {', '.join(SCRIPTS)}")
        lines = [line.format(first_name=self.first_name, identifier=self.identifier) for line in SCRIPTS[self.scenario]]
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
    ) -> ScriptedPatient:
        chosen = scenario or SCENARIO_FOR_CALL_TYPE.get(context.get("call_type") or "", "cooperative")
        first_name = (context.get("patient") or {}).get("first_name") or "there"
        overrides = {**SCENARIO_ANSWERS.get(chosen, {}), **(answers or {})}
        return cls(
            scenario=chosen, first_name=first_name, identifier=identifier, answers=answer_lines(context, overrides)
        )

    def reply(self) -> str | None:
        return self.lines.pop(0) if self.lines else None
