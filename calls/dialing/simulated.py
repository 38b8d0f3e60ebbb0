"""The `simulated` dialer backend: the real agent on a pretend phone line.

No phone call is placed. The same ScheduledFollowupAgent runs in a text-only AgentSession
inside this job, against a scripted patient chosen by call type, and talks to the portal
over HTTP at settings.PORTAL_URL with the call's own token, exactly like the LiveKit agent.
The language model is OpenAI when OPENAI_API_KEY is set, else the offline scripted model.
The attempt's CallRecord.backend is "simulated", which every page shows.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone

from agent_worker.scripted import ScriptedLLM, ScriptedPatient
from agent_worker.simulation import run_text_call
from calls.dialing.types import DialResult
from calls.models import CallOutcome, CallRecord, CallScheduleItem
from calls.selectors import call_agent_context

logger = logging.getLogger(__name__)

FLUSH_TIMEOUT_SECONDS = 30.0
# Demo patients (postop/management/commands/demo_patients.py) whose MRN starts with one of these play this
# scripted scenario whatever the call type: `make demo` shows a caregiver answering for an adult patient.
DEMO_SCENARIOS = {"DEMO-CG-": "caregiver_red_flag"}


def demo_scenario(call: CallScheduleItem) -> str | None:
    """The scripted scenario a demo patient's simulated call plays; None: chosen by the call type."""
    mrn = call.patient.external_id or ""
    return next((scenario for prefix, scenario in DEMO_SCENARIOS.items() if mrn.startswith(prefix)), None)


def _language_model(context: dict[str, Any]) -> Any:
    if settings.OPENAI_API_KEY:
        from livekit.plugins import openai

        return openai.LLM(model=getattr(settings, "AGENT_LLM_MODEL", "gpt-4.1-mini"), api_key=settings.OPENAI_API_KEY)
    return ScriptedLLM(context=context)


def _run(coro: Any) -> Any:
    """asyncio.run, also from a thread that already has a running loop (an async caller)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _spoken_identifier(call: CallScheduleItem) -> str:
    """What the real patient would answer to the identity question (they know it; the agent does not)."""
    from calls.identity import identity_method

    patient = call.patient
    if identity_method(patient) == "dob":
        if patient.preferred_language == "es":
            return _spanish_birth_date(patient.date_of_birth)
        return f"{patient.date_of_birth:%B} {patient.date_of_birth.day}, {patient.date_of_birth.year}"
    return " ".join(patient.phone[-4:])


def _spanish_birth_date(day: Any) -> str:
    from agent_worker.scripted_patients import spanish_date

    return f"{spanish_date(day)} de {day.year}"


class SimulatedDialer:
    name = "simulated"

    def __init__(self, scenario: str | None = None, answers: dict[str, list[str]] | None = None) -> None:
        self.scenario = scenario  # None: by call type (agent_worker.scripted.SCENARIO_FOR_CALL_TYPE)
        self.answers = answers  # the patient's lines per declared question id (agent_worker.scripted.answer_lines)

    def place_call(self, call: CallScheduleItem, record: CallRecord) -> DialResult:
        context = call_agent_context(record=record)
        patient = ScriptedPatient.for_call(
            context, self.scenario or demo_scenario(call), identifier=_spoken_identifier(call), answers=self.answers
        )
        room = f"simulated-{call.pk}-{record.attempt}"
        answered_at = timezone.now()
        logger.info("simulated call=%s attempt=%s scenario=%s", call.ref, record.attempt, patient.scenario)
        state = _run(
            run_text_call(
                context=context, llm=_language_model(context), patient=patient, flush_timeout=FLUSH_TIMEOUT_SECONDS
            )
        )
        completion = f"done-{call.pk}-{record.attempt}"
        if completion not in state.portal.delivered:
            # The agent could not report back: treat it as a setup problem a nurse can see, and retry later.
            return DialResult(
                answered=False,
                outcome=CallOutcome.FAILED,
                retryable=True,
                configuration_problem=True,
                error=(
                    f"The simulated agent could not report to the portal at PORTAL_URL={settings.PORTAL_URL}; "
                    "check that the portal is running at that address."
                ),
                room_name=room,
            )
        return DialResult(
            answered=True,
            answered_at=answered_at,
            room_name=room,
            extra={"scenario": patient.scenario, "llm": "openai" if settings.OPENAI_API_KEY else "scripted"},
        )
