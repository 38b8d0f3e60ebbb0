"""A transcript a nurse reads: speech as speech, the agent's tool calls as short plain-language events.

Tool turns are stored as `name(arguments) -> output` (calls/agent_api/services.py); here they
become one line such as "Identity confirmed" or "Looked up: swelling after sclerotherapy", with
the arguments and the result as labelled fields for a disclosure, never as raw JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from calls.models import Speaker, TranscriptTurn

TOOL_TEXT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\((?P<args>.*?)\) -> (?P<out>.*)$", re.DOTALL)
MAX_DETAIL = 400


@dataclass
class TranscriptLine:
    turn: TranscriptTurn
    kind: str  # "speech" or "event"
    text: str
    tone: str = ""  # "ok", "warn", "bad" for events
    details: list[tuple[str, str]] = field(default_factory=list)


def _loads(raw: str) -> Any:
    raw = (raw or "").strip()
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _humanize_key(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(_plain(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_humanize_key(str(k))}: {_plain(v)}" for k, v in value.items()) or "—"
    text = str(value).strip()
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL] + "…"


def _fields(prefix: str, value: Any, zone_label: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [
            (
                f"{prefix}{_humanize_key(str(k))}",
                _plain(v) + (f" ({zone_label})" if k == "local_time" and zone_label else ""),
            )
            for k, v in value.items()
        ]
    if value in ("", None, {}):
        return []
    return [(prefix.rstrip(": ") or "Result", _plain(value))]


def _arg(args: Any, *names: str) -> str:
    if not isinstance(args, dict):
        return ""
    for name in names:
        value = args.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _out(out: Any, name: str) -> Any:
    return out.get(name) if isinstance(out, dict) else None


def _identity(args: Any, out: Any) -> tuple[str, str]:
    if _out(out, "verified") is True:
        who = {"patient": ": the patient is speaking", "caregiver": ": a caregiver is speaking for the patient"}
        return f"Identity confirmed{who.get(_arg(args, 'speaking_with'), '')}", "ok"
    if _out(out, "end_call"):
        return "Identity not confirmed; the agent ended the call without discussing health", "bad"
    left = _out(out, "attempts_left")
    more = f" ({left} more tr{'y' if left == 1 else 'ies'})" if isinstance(left, int) else ""
    return f"Identity not confirmed yet{more}", "warn"


def _lookup(*keys: str, joiner: str = " ") -> Callable[[Any, Any], tuple[str, str]]:
    def describe(args: Any, out: Any) -> tuple[str, str]:
        parts = [_arg(args, key) for key in keys]
        subject = joiner.join(part for part in parts if part) or "the care guide"
        found = _out(out, "found")
        tone = "warn" if found is False else ""
        suffix = " (nothing found in the care guide)" if found is False else ""
        note = _out(out, "nurse_note")
        if note:
            suffix += f". {note}"
        return f"Looked up: {subject}{suffix}", tone

    return describe


def _recovery(args: Any, out: Any) -> tuple[str, str]:
    activity, procedure = _arg(args, "activity"), _arg(args, "procedure")
    subject = f"{activity} after {procedure}" if activity and procedure else activity or procedure or "recovery"
    return f"Looked up: {subject}", ""


def _reminder(args: Any, out: Any, zone_label: str = "") -> tuple[str, str]:
    if _out(out, "scheduled"):
        when = _out(out, "local_time") or _arg(args, "when")
        return f"Reminder scheduled for {when}" + (f" ({zone_label})" if zone_label else ""), "ok"
    reason = _out(out, "reason") or "no reason given"
    return f"Reminder not scheduled: {reason}", "warn"


def _escalation(args: Any, out: Any) -> tuple[str, str]:
    tier = _out(out, "tier") or _arg(args, "severity") or "urgent"
    reason = _arg(args, "reason")
    return f"Escalated to a nurse ({tier})" + (f": {reason}" if reason else ""), "bad"


def _opt_out(args: Any, out: Any) -> tuple[str, str]:
    if _out(out, "do_not_call"):
        return "The patient opted out: no more automated calls", "warn"
    return "The patient asked to opt out; it could not be saved, so a message was left for the nurse", "bad"


def _answer(args: Any, out: Any) -> tuple[str, str]:
    question = _arg(args, "question")
    return "Answer recorded" + (f": {question}" if question else ""), "ok"


DESCRIBE: dict[str, Callable[[Any, Any], tuple[str, str]]] = {
    "verify_identity": _identity,
    "lookup_symptom_guidance": _lookup("symptom"),
    "lookup_procedure_info": _lookup("question", "procedure", joiner=" — "),
    "lookup_medication_info": _lookup("medication", "question", joiner=": "),
    "lookup_recovery_timeline": _recovery,
    "record_patient_response": _answer,
    "escalate_to_nurse": _escalation,
    "opt_out": _opt_out,
    "schedule_reminder_call": _reminder,
    "take_message_for_nurse": lambda args, out: ("Message taken for the nurse", "warn"),
    "end_call": lambda args, out: ("The agent ended the call", ""),
    "get_discharge_order_details": lambda args, out: ("Read the discharge order", ""),
    "detected_answering_machine": lambda args, out: ("Answering machine: voicemail left", ""),
}


def describe_tool(text: str, zone_label: str = "") -> tuple[str, str, list[tuple[str, str]]]:
    """(plain-language event, tone, labelled details) for one stored tool turn.

    `zone_label` ("patient's time, MST") labels the times the agent reports in the patient's zone.
    """
    match = TOOL_TEXT.match(text or "")
    if match is None:
        return "Agent action", "", [("Recorded", _plain(text))]
    name = match["name"]
    args, out = _loads(match["args"]), _loads(match["out"])
    describe = DESCRIBE.get(name)
    if describe is None:
        label, tone = f"Agent action: {name.replace('_', ' ')}", ""
    elif describe is _reminder:
        label, tone = _reminder(args, out, zone_label)
    else:
        label, tone = describe(args, out)
    details = [("Action", name.replace("_", " ")), *_fields("Asked — ", args), *_fields("Result — ", out, zone_label)]
    return label, tone, details


def transcript_lines(turns: Iterable[TranscriptTurn], *, zone_label: str = "") -> list[TranscriptLine]:
    lines = []
    for turn in turns:
        if turn.speaker == Speaker.TOOL:
            label, tone, details = describe_tool(turn.text, zone_label)
            lines.append(TranscriptLine(turn=turn, kind="event", text=label, tone=tone, details=details))
        else:
            lines.append(TranscriptLine(turn=turn, kind="speech", text=turn.text))
    return lines
