"""The voice agents: ScheduledFollowupAgent (outbound follow-up) and CallbackAgent (inbound).

Both run the same way in a LiveKit room and in the simulated, text-only session; they
know the call only through its context (the dispatch metadata) and reach the portal
only through PortalClient.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from livekit.agents import Agent, ModelSettings, RunContext, ToolResult, function_tool, get_job_context, llm
from livekit.agents.voice import AgentSession
from livekit.agents.voice.events import CloseEvent, ConversationItemAddedEvent, FunctionToolsExecutedEvent
from livekit.agents.voice.speech_handle import SpeechHandle

from agent_worker.portal_client import PortalClient, PortalError, PortalUnavailableError
from agent_worker.speech import LANGUAGE_NAMES, call_language, lines, localized, looks_english
from agent_worker.speech.prompts import (  # noqa: F401 (re-exported: the scripted model and tests use them)
    IDENTIFIERS,
    PREAMBLE,
    SCREENING_REPLY,
    VOICEMAIL_MAX_WORDS,
    build_instructions,
    spell_phone,
    voicemail_text,
)
from agent_worker.speech.switching import LanguageSwitching
from agent_worker.triage import LocalTriage, more_serious, triage_locally

logger = logging.getLogger("agent_worker.agents")

MAX_TOOL_TEXT = 2000
SPEAKING_WITH = ("patient", "caregiver")  # verify_identity's speaking_with, as the portal accepts it


@dataclass
class CallState:
    """What happened on the call so far: drives the outcome and the summary."""

    context: dict[str, Any]
    portal: PortalClient
    outcome: str | None = None
    ended_by: str = ""
    patient_turns: int = 0
    agent_turns: int = 0
    responses: int = 0
    refused_answers: int = 0
    lookups: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    escalations: int = 0
    escalation_tiers: list[str] = field(default_factory=list)
    safety_lines: list[str] = field(default_factory=list)  # tiers of the red-flag instructions said
    messages: int = 0
    identity_verified: bool = False
    identity_failed: bool = False
    opted_out: bool = False
    completion_posted: bool = False
    language: str = ""  # what the agent speaks now: the call's language, or the one the patient asked for
    switches: list[str] = field(default_factory=list)
    # Per-language speech settings from the worker's config: {"es": {"stt_language": "es", "tts_voice": "..."}}.
    speech: dict[str, dict[str, str]] = field(default_factory=dict)
    # The agent's own red-flag reading of each patient turn it answered, by the turn's event id.
    local_triage: dict[str, LocalTriage | None] = field(default_factory=dict)
    # The portal's readings that asked for more than the agent's own: (tier, say, title), said next.
    server_safety: list[tuple[str, str, str]] = field(default_factory=list)
    triage_mismatches: list[dict[str, Any]] = field(default_factory=list)
    # Who the red-flag rules hear speaking: the context's (a child patient's caregiver), then the portal's answer
    # to verify_identity (the person said whether they are the patient or a caregiver speaking for them).
    speaker: str | None = None
    answered_by: str = ""  # "patient" | "caregiver" as said at the identity check, for the summary

    def __post_init__(self) -> None:
        self.language = self.language or call_language(self.context)
        self.portal.on_result = self.heard_from_portal
        self.speaker = self.speaker or (self.context.get("triage") or {}).get("speaker")

    def heard_from_portal(self, event_id: str, result: dict[str, Any]) -> None:
        """The portal's triage of a patient turn (in a batch's result): where it differs, the portal's wins."""
        server = result.get("triage") or {}
        if result.get("status") == "rejected" or not isinstance(server, dict):
            return
        local = self.local_triage.get(event_id)
        if server.get("tier") == (local.tier if local else None) and sorted(server.get("keys") or []) == sorted(
            local.keys if local else []
        ):
            return
        self.triage_mismatches.append(
            {
                "event_id": event_id,
                "local": local.tier if local else None,
                "server": server.get("tier"),
                "local_catalogue": local.catalogue if local else None,
                "server_catalogue": server.get("catalogue"),
            }
        )
        logger.warning(
            "call %s: the portal read turn %s as %s, the agent as %s; the portal's reading stands",
            self.context.get("call_id"),
            event_id,
            server.get("tier"),
            local.tier if local else None,
        )
        if more_serious(server, local) and server.get("tier") in ("emergent", "urgent") and server.get("say"):
            line = (str(server["tier"]), str(server["say"]), str(server.get("title") or ""))
            if line not in self.server_safety:
                self.server_safety.append(line)

    def take_server_safety(self) -> list[tuple[str, str, str]]:
        lines_, self.server_safety = self.server_safety, []
        return lines_

    @property
    def first_name(self) -> str:
        return (self.context.get("patient") or {}).get("first_name") or ""

    def final_outcome(self) -> str:
        if self.outcome:
            return self.outcome
        if self.identity_failed:
            return "declined"
        return "completed" if self.patient_turns else "no_answer"

    def summary(self) -> str:
        outcome = self.final_outcome()
        if outcome == "voicemail":
            return "Reached voicemail; left a callback message with no health information."
        if outcome == "no_answer":
            return "Nobody spoke on the line; the call ended."
        if self.identity_failed:
            return (
                "The person who answered could not confirm the patient's identity; nothing about the patient "
                "was discussed. A nurse should call the patient."
            )
        who = "a caregiver speaking for the patient" if self.answered_by == "caregiver" else "the patient"
        parts = [f"Spoke with {who} ({self.patient_turns} patient turns)."]
        if self.switches:
            parts.append(
                "Switched language at the patient's request: "
                + ", then ".join(LANGUAGE_NAMES[lang] for lang in self.switches)
                + "."
            )
        elif self.language != "en":
            parts.append(f"The call was in {LANGUAGE_NAMES[self.language]}.")
        if self.opted_out:
            parts.append("The patient asked not to be called again: do-not-call is set and pending calls cancelled.")
        if self.responses:
            parts.append(f"Recorded {self.responses} answer(s).")
        if self.lookups:
            parts.append("Looked up: " + ", ".join(sorted(set(self.lookups))) + ".")
        if self.safety_lines:
            parts.append(
                f"Gave the red-flag instruction {len(self.safety_lines)} time(s) ({', '.join(self.safety_lines)})."
            )
        if self.escalations:
            tiers = ", ".join(self.escalation_tiers)
            parts.append(f"Escalated {self.escalations} concern(s) to a nurse ({tiers}).")
        if self.messages:
            parts.append(f"Took {self.messages} message(s) for the nurse.")
        if self.reminders:
            parts.append("Reminder call scheduled for " + "; ".join(self.reminders) + ".")
        parts.append("The patient hung up." if self.ended_by == "patient" else "The agent ended the call.")
        return " ".join(parts)


def _clip(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text[:MAX_TOOL_TEXT]


class TranscriptRecorder:
    """Posts every turn and tool call to the portal as it happens, and the outcome at the end."""

    def __init__(self, session: AgentSession, state: CallState) -> None:
        self.session = session
        self.state = state
        session.on("conversation_item_added", self._on_item)
        session.on("function_tools_executed", self._on_tools)
        session.on("close", self._on_close)

    def _on_item(self, ev: ConversationItemAddedEvent) -> None:
        item = ev.item
        if not isinstance(item, llm.ChatMessage) or item.role not in ("user", "assistant"):
            return
        text = (item.text_content or "").strip()
        if not text:
            return
        speaker = "patient" if item.role == "user" else "agent"
        if speaker == "patient":
            self.state.patient_turns += 1
        else:
            self.state.agent_turns += 1
        self.state.portal.post_event(
            {"event_id": f"msg-{item.id}", "kind": "turn", "speaker": speaker, "text": text, "at": ev.created_at}
        )

    def _on_tools(self, ev: FunctionToolsExecutedEvent) -> None:
        for call, output in ev.zipped():
            self.state.portal.post_event(
                {
                    "event_id": f"tool-{call.call_id}",
                    "kind": "tool",
                    "name": call.name,
                    "arguments": _clip(call.arguments),
                    "output": _clip(output.output if output is not None else ""),
                    "is_error": bool(output is not None and output.is_error),
                    "at": ev.created_at,
                }
            )

    def _on_close(self, ev: CloseEvent) -> None:
        if self.state.outcome is None and not self.state.ended_by:
            self.state.ended_by = "patient"
        self.post_completion()

    def post_completion(self) -> None:
        if self.state.completion_posted:
            return
        self.state.completion_posted = True
        self.state.portal.post_completion(
            outcome=self.state.final_outcome(),
            summary=self.state.summary(),
            event_id=f"done-{self.state.context.get('call_id')}-{self.state.context.get('attempt')}",
        )


TIERS = {tier: lines("en")[f"tier_{tier}"] for tier in ("emergent", "urgent", "routine")}


def _hang_up_after(ctx: RunContext, handle: SpeechHandle | None = None) -> None:
    """End the session once the goodbye has been spoken; in a room, delete it (hangs up SIP)."""
    session = ctx.session

    def _done(_: SpeechHandle) -> None:
        session.shutdown()

    (handle or ctx.speech_handle).add_done_callback(_done)


async def delete_room_on_close() -> None:
    job_ctx = get_job_context(required=False)
    if job_ctx is not None and job_ctx.room is not None and job_ctx.room.name:
        try:
            await job_ctx.delete_room()
        except Exception:  # the room may already be gone when the patient hung up first
            logger.info("room already closed")


class _PortalTools(LanguageSwitching):
    """Tools both agents share: knowledge lookups, recorded answers, escalation, reminders."""

    state: CallState
    session: AgentSession

    async def llm_node(
        self, chat_ctx: llm.ChatContext, tools: list[llm.Tool], model_settings: ModelSettings
    ) -> AsyncIterator[llm.ChatChunk | str]:
        """Safety first: the red-flag rules hear the patient's words before the model answers.

        The agent reads each patient turn with the portal's own rules (agent_worker/triage.py), so an
        emergent or urgent red flag makes the catalogue's instruction the start of the agent's next
        line at once, word for word (911 first for emergent), whatever the language model would say;
        after an emergent one the model is not asked at all this turn. The turn goes to the portal,
        which triages it again and raises the escalation: a red-flag turn is sent at once and its
        answer heard while the instruction is spoken; any other turn goes with the next batch. Where
        the portal's reading asks for more (CallState.heard_from_portal), its instruction is said
        next. A voice turn and a text turn (the simulated call) both pass through here.
        """
        await self.follow_language_request(chat_ctx)
        said: list[tuple[str, str, str]] = []
        for line in self.state.take_server_safety():
            yield (" " if said else "") + line[1]
            said.append(line)
        safety = await self._red_flag_line(chat_ctx)
        if safety is not None:
            tier, say, title, event_id = safety
            if all(say != s[1] for s in said):
                yield (" " if said else "") + say
                said.append((tier, say, title))
            # The portal raises the escalation from this turn: sent now, answered while the line is spoken.
            await self.state.portal.delivered_result(event_id, timeout=10.0)
            for line in self.state.take_server_safety():
                if all(line[1] != s[1] for s in said):
                    yield " " + line[1]
                    said.append(line)
        self.state.safety_lines.extend(tier for tier, _, _ in said)
        if any(tier in ("emergent", "bystander") for tier, _, _ in said):
            return  # told to hang up and call 911 (for the patient, or for the person with the emergency)
        if said:
            yield " "
            told = " ".join(say for _, say, _ in said)
            titles = ", ".join(title for _, _, title in said if title)
            chat_ctx = chat_ctx.copy()
            chat_ctx.add_message(
                role="system",
                content=(
                    f'You have just told the patient: "{told}" A nurse has been alerted ({titles}). '
                    "Do not repeat it or contradict it; answer anything else they asked, briefly."
                ),
            )
        async for chunk in Agent.default.llm_node(self, chat_ctx, tools, model_settings):  # type: ignore[arg-type]
            yield chunk

    def _triage_locally(self, text: str) -> LocalTriage | None:
        clinic = self.state.context.get("clinic") or {}
        triage = self.state.context.get("triage") or {}
        try:
            return triage_locally(
                text,
                order_sets=triage.get("order_sets") or [],
                language=self.state.language,
                callback=spell_phone(clinic.get("callback_number") or ""),
                learned=triage.get("learned") or {},
                speaker=self.state.speaker,
            )
        except Exception:  # the rules could not run here: the portal's reading decides (awaited below)
            logger.exception("call %s: the local red-flag rules failed", self.state.context.get("call_id"))
            return None

    async def _red_flag_line(self, chat_ctx: llm.ChatContext) -> tuple[str, str, str, str] | None:
        """(tier, instruction, title, event id) when the patient's newest words carry an emergent or urgent red flag.

        Queues the patient's turn (with the agent's reading, which the portal compares with its own).
        """
        items = [i for i in chat_ctx.items if not (i.type == "message" and i.role in ("system", "developer"))]
        if not items or items[-1].type != "message" or items[-1].role != "user":
            return None  # a second pass after tool calls: the patient's words were checked already
        message = items[-1]
        text = (message.text_content or "").strip()
        if not text:
            return None
        event_id = f"msg-{message.id}"
        local = self._triage_locally(text)
        self.state.local_triage[event_id] = local
        event: dict[str, Any] = {
            "event_id": event_id,
            "kind": "turn",
            "speaker": "patient",
            "text": text,
            "at": message.created_at,
        }
        if local is not None:
            event["triage"] = local.as_event()
        self.state.portal.post_event(event)
        if local is None:
            # No reading here: wait for the portal's (the turn goes now), as before the rules ran locally.
            result = await self.state.portal.delivered_result(event_id, timeout=10.0)
            server = (result or {}).get("triage") or {}
            self.state.take_server_safety()  # this turn's line is said below, once
            say, tier = server.get("say") or "", server.get("tier")
            if tier not in ("emergent", "urgent") and server.get("bystander"):
                return "bystander", str(server["bystander"]), "", event_id
            if not say or tier not in ("emergent", "urgent"):
                if result is None:
                    logger.warning("red-flag check unavailable for this turn; the model's rules apply")
                return None
            return tier, say, str(server.get("title") or ""), event_id
        if local.tier not in ("emergent", "urgent"):
            # Someone else's emergency ("my neighbour here is having a seizure"): the 911 line for them.
            return ("bystander", local.bystander, "", event_id) if local.bystander else None
        return local.tier, local.say, local.title, event_id

    def _table_line(self, key: str) -> str:
        number = spell_phone((self.state.context.get("clinic") or {}).get("callback_number") or "")
        return lines(self.state.language)[key].format(number=number)

    async def _lookup(self, topic: str, **params: str) -> str:
        self.state.lookups.append(topic)
        try:
            data = await self.state.portal.lookup(topic, **params)
        except (PortalError, PortalUnavailableError):
            # The decline is said in the call's language, in the table's reviewed words (never translated).
            data = {"found": False, "answer": self._table_line("guide_unavailable")}
        if self.state.language != "en" and data.get("found") and looks_english(str(data.get("answer") or "")):
            # Never English guide text read (or translated on the fly) to a patient in another language.
            logger.info("care-guide answer not in the call's language; withheld")
            data = {"found": False, "answer": self._table_line("guide_withheld"), "urgency": data.get("urgency")}
        return json.dumps({key: data.get(key) for key in ("found", "answer", "urgency", "sources")})

    @function_tool()
    async def lookup_procedure_info(self, procedure: str, question: str) -> str:
        """Look up the clinic's care guide about the patient's procedure.

        Args:
            procedure: The procedure, e.g. "sclerotherapy".
            question: The patient's question in their words.
        """
        return await self._lookup("procedure", procedure=procedure, question=question)

    @function_tool()
    async def lookup_medication_info(self, medication: str, question: str) -> str:
        """Look up the care guide about a medication the patient asks about.

        Args:
            medication: The medication name, e.g. "ibuprofen".
            question: The patient's question in their words.
        """
        return await self._lookup("medication", medication=medication, question=question)

    @function_tool()
    async def lookup_symptom_guidance(self, symptom: str) -> str:
        """Look up what the care guide says about a symptom after the procedure, with its urgency.

        Args:
            symptom: The symptom in the patient's words, e.g. "swelling at the site".
        """
        return await self._lookup("symptom", symptom=symptom)

    @function_tool()
    async def lookup_recovery_timeline(self, procedure: str, activity: str) -> str:
        """Look up when the patient may return to an activity (school, bathing, sports, work).

        Args:
            procedure: The procedure, e.g. "sclerotherapy".
            activity: The activity, e.g. "swimming".
        """
        return await self._lookup("recovery", procedure=procedure, activity=activity)

    @function_tool()
    async def record_patient_response(
        self, ctx: RunContext, question: str, response: str, question_id: str = "", answered: bool = True
    ) -> str:
        """Record the patient's answer to one of the call's questions.

        Args:
            question: The question you asked.
            response: The patient's answer: for a listed question its value ("8", "yes", "101.2 F", "June 23",
                one of the choices), otherwise their words. With answered false: why there is no answer.
            question_id: The listed question's id, e.g. "pain_score"; empty for any other question.
            answered: false when the patient did not or could not answer the listed question.
        """
        if question_id:
            return await self._record_answer(ctx, question, response, question_id.strip(), answered)
        self.state.responses += 1
        self.state.portal.post_event(
            {
                "event_id": f"resp-{ctx.function_call.call_id}",
                "kind": "response",
                "question": question,
                "response": response,
            }
        )
        return "Recorded."

    async def _record_answer(
        self, ctx: RunContext, question: str, response: str, question_id: str, answered: bool
    ) -> str:
        payload = {
            "event_id": f"ans-{ctx.function_call.call_id}",
            "question_id": question_id[:64],
            "value": response[:2000] if answered else "",
            "answered": bool(answered),
            "reason": "" if answered else response[:200],
        }
        try:
            data = await self.state.portal.request("POST", f"{self.state.portal.call_path}/answers/", payload)
        except PortalError as exc:
            body = exc.data if isinstance(exc.data, dict) else {}
            self.state.refused_answers += 1
            return json.dumps(
                {
                    "recorded": False,
                    # `say`: the reason in the call's language (a Spanish call is never given English to read out).
                    "reason": body.get("say") or body.get("reason") or "The answer could not be recorded.",
                    "ask_again": body.get("ask_again") or question,
                    "say": "Tell the patient the reason in plain words and ask the question again once.",
                }
            )
        except PortalUnavailableError:
            # Never lose the answer: the event queue keeps it as the patient's words until the portal takes it.
            self.state.portal.post_event(
                {"event_id": f"resp-{ctx.function_call.call_id}", "kind": "response",
                 "question": question or question_id, "response": response}
            )  # fmt: skip
            data = {"remaining": []}
        self.state.responses += 1
        return json.dumps({"recorded": True, "remaining": data.get("remaining", [])})

    @function_tool()
    async def escalate_to_nurse(self, ctx: RunContext, reason: str, severity: str) -> str:
        """Alert a nurse about a warning sign or concern. For an emergency, tell the patient to call 911 first.

        Args:
            reason: The warning sign or concern, in the patient's words.
            severity: "emergent" (emergency: the patient must call 911), "urgent" (a nurse calls back today)
                or "routine" (a nurse calls back on the next business day).
        """
        severity = severity.strip().lower() if severity.strip().lower() in TIERS else "urgent"
        self.state.escalations += 1
        self.state.escalation_tiers.append(severity)
        # The id makes a retried post harmless: the portal acts once per event id (and refuses the
        # fallback event below with 409 if the first post did arrive after all).
        payload = {
            "event_id": f"esc-{ctx.function_call.call_id}",
            "reason": reason[:300],
            "severity": severity,
            "patient_words": reason,
        }
        try:
            data = await self.state.portal.request("POST", f"{self.state.portal.call_path}/escalations/", payload)
        except (PortalError, PortalUnavailableError):
            # Never lose it: the event queue retries until the portal takes it (it escalates from there).
            self.state.portal.post_event(
                {"event_id": f"esc-{ctx.function_call.call_id}", "kind": "escalation", "text": reason,
                 "severity": severity}
            )  # fmt: skip
            data = {"tier": severity}
        table = lines(self.state.language)
        if severity == "emergent" or data.get("tier") == "emergent":
            return json.dumps({"tier": "emergent", "say": table["emergent_alerted"]})
        tier = data.get("tier", severity)
        return json.dumps({"tier": tier, "say": data.get("say") or table.get(f"tier_{tier}") or table["tier_urgent"]})

    @function_tool()
    async def opt_out(self, ctx: RunContext) -> str:
        """The patient asked not to be called again: stop all automated calls to them at once."""
        self.state.opted_out = True
        self.state.ended_by = "agent"
        _hang_up_after(ctx)  # after the confirmation is spoken
        try:
            await self.state.portal.request(
                "POST", f"{self.state.portal.call_path}/opt-out/", {"event_id": f"optout-{ctx.function_call.call_id}"}
            )
        except (PortalError, PortalUnavailableError):
            self.state.portal.post_event(
                {
                    "event_id": f"optout-{ctx.function_call.call_id}",
                    "kind": "message",
                    "text": "The patient asked not to be called again (opt-out could not be saved automatically).",
                }
            )
            return json.dumps({"do_not_call": False, "say": "Tell them the clinic will remove them from the list."})
        return json.dumps({"do_not_call": True, "say": "Confirm they will get no more automated calls."})

    @function_tool()
    async def verify_identity(self, ctx: RunContext, first_name: str, identifier: str, speaking_with: str = "") -> str:
        """Check who answered before discussing anything about health.

        Args:
            first_name: The patient's first name as the person said it.
            identifier: The date of birth or the last four phone digits as the person said it.
            speaking_with: "patient" if the person said they are the patient, "caregiver" if they are someone
                speaking for the patient (a parent, guardian, spouse or other relative); empty if they did not say.
        """
        payload = {"first_name": first_name[:100], "identifier": identifier[:100]}
        who = speaking_with.strip().lower()
        if who in SPEAKING_WITH:
            payload["speaking_with"] = who
        try:
            data = await self.state.portal.request("POST", f"{self.state.portal.call_path}/identity/", payload)
        except (PortalError, PortalUnavailableError):
            data = {"verified": False, "attempts_left": 0, "end_call": True}
        if data.get("verified"):
            self.state.identity_verified = True
            if "speaker" in data:
                # The portal's word on who is speaking: the rules read every later turn with it, as the portal does.
                self.state.speaker = data["speaker"]
            self.state.answered_by = who if who in SPEAKING_WITH else self.state.answered_by
            return json.dumps({"verified": True})
        if data.get("end_call") or not data.get("attempts_left"):
            self.state.identity_failed = True
            self.state.ended_by = "agent"
            _hang_up_after(ctx)
            return json.dumps(
                {
                    "verified": False,
                    "end_call": True,
                    "say": "Say nothing about the call's reason; ask them to have the patient call the clinic. "
                    "The call ends after your goodbye.",
                }
            )
        return json.dumps({"verified": False, "attempts_left": data.get("attempts_left")})

    @function_tool()
    async def schedule_reminder_call(self, ctx: RunContext, when: str, purpose: str) -> str:
        """Schedule another call the patient asked for.

        Args:
            when: When, in the patient's words, e.g. "tomorrow morning" or "in 2 hours".
            purpose: What the call is for, e.g. "remind about returning to school".
        """
        try:
            result = await self.state.portal.schedule_reminder(
                when=when, purpose=purpose, event_id=f"rem-{ctx.function_call.call_id}"
            )
        except (PortalError, PortalUnavailableError):
            reason = "The scheduling system is not reachable right now."
            return json.dumps(
                {"scheduled": False, "reason": reason, "say": lines(self.state.language)["reminder_down"]}
            )
        if result.get("scheduled"):
            self.state.reminders.append(str(result.get("local_time", "")))
            answer = {"scheduled": True, "local_time": result.get("local_time")}
            if result.get("note"):
                answer["note"] = result["note"]
            return json.dumps(answer)
        refused = {"scheduled": False, "reason": result.get("reason")}
        if result.get("say"):
            refused["say"] = result["say"]  # the reason in the patient's language: say this, not `reason`
        return json.dumps(refused)

    @function_tool()
    async def end_call(self, ctx: RunContext) -> str:
        """End the call after a short goodbye, when the conversation is finished."""
        self.state.ended_by = "agent"
        _hang_up_after(ctx)
        return "Say a short, warm goodbye now. The call ends after it."


class ScheduledFollowupAgent(_PortalTools, Agent):
    """The outbound follow-up call: the order's prompt plus the fixed preamble."""

    def __init__(self, *, state: CallState, greet_on_enter: bool = True, **kwargs: Any) -> None:
        self.state = state
        self.greet_on_enter = greet_on_enter
        super().__init__(instructions=build_instructions(state.context, state.language), **kwargs)

    async def on_enter(self) -> None:
        if self.greet_on_enter:
            self.session.generate_reply(
                instructions="Introduce yourself as the rules say and confirm who you are speaking with."
            )

    @function_tool()
    async def get_discharge_order_details(self) -> str:
        """The discharge order this call is about: its title and the instructions the patient was given."""
        if not self.state.identity_verified:
            return json.dumps({"error": "Confirm the patient's identity with verify_identity first."})
        order = localized(self.state.context, self.state.language).get("order") or {}
        return json.dumps(
            {
                "title": order.get("title", ""),
                "instructions": order.get("instructions", ""),
                "details": order.get("params", {}),
                "procedure": self.state.context.get("procedure", ""),
            }
        )

    @function_tool()
    async def detected_answering_machine(self, ctx: RunContext) -> ToolResult:
        """Call at once when a voicemail greeting or answering machine picks up instead of a person."""
        await self.leave_voicemail(ctx.session, run_ctx=ctx)
        return ToolResult("Voicemail left; the call is ending.", reply_required=False)

    async def leave_voicemail(self, session: AgentSession, *, run_ctx: RunContext | None = None) -> None:
        self.state.outcome = "voicemail"
        self.state.ended_by = "agent"
        handle = session.say(voicemail_text(self.state.context, self.state.language), allow_interruptions=False)
        handle.add_done_callback(lambda _: session.shutdown())


CALLBACK_INSTRUCTIONS = """\
You are the automated assistant of {clinic}, answering a call from a patient or their parent or guardian.
Say that you are an automated assistant. The clinic's number is {callback}.
{who}
- Answer questions about recovery only with what the lookup tools return; never diagnose.
- For an emergency (chest pain, trouble breathing, heavy bleeding), tell them to hang up and call 911 now.
- For warning signs, call escalate_to_nurse (severity emergent, urgent or routine).
- If they ask not to be called again, call opt_out and confirm it.
- If they want a nurse to call back, use schedule_reminder_call with the time they ask for, and read it back.
- If they want to leave a message for the nurse, use take_message_for_nurse.
- When they are done, call end_call. Keep replies short.
"""


class CallbackAgent(_PortalTools, Agent):
    """The inbound call: a patient calls the clinic back (the guide's patient_callback_entrypoint)."""

    def __init__(self, *, state: CallState, **kwargs: Any) -> None:
        self.state = state
        clinic = state.context.get("clinic") or {}
        first_name = state.first_name
        who = (
            f"- The caller's number belongs to {first_name}'s record. Before any detail, confirm you are speaking "
            f"with {first_name} or their parent or guardian with verify_identity, and pass speaking_with: "
            f'"patient" when the caller is {first_name}, "caregiver" when they call for {first_name}.'
        )
        self._base_instructions = CALLBACK_INSTRUCTIONS.format(
            clinic=clinic.get("name") or "the clinic", callback=clinic.get("callback_number") or "", who=who
        )
        super().__init__(instructions=self._instructions_for(state.language), **kwargs)

    def _instructions_for(self, language: str) -> str:
        return (
            self._base_instructions
            + f"- Speak {LANGUAGE_NAMES[language]} with the caller. If they ask for English or Spanish, call "
            "switch_language at once.\n"
        )

    async def on_enter(self) -> None:
        self.session.generate_reply(instructions="Greet the caller, say you are automated, and confirm who they are.")

    @function_tool()
    async def take_message_for_nurse(self, ctx: RunContext, message: str) -> str:
        """Take a message for the nurse; it shows on the patient's record as needing attention.

        Args:
            message: The caller's message in their words.
        """
        self.state.messages += 1
        self.state.portal.post_event(
            {"event_id": f"msg4n-{ctx.function_call.call_id}", "kind": "message", "text": message}
        )
        return "The message is saved for the nurse."
