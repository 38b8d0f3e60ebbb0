"""A whole call in text: the real ScheduledFollowupAgent in an AgentSession with no room.

Used by the portal's simulated dialer (calls/dialing/simulated.py) and by `python -m agent_worker
console`-style local runs. The session has no STT/TTS/VAD; the patient's lines arrive as
text user input, the agent's replies are read back as text. Everything else (tools,
portal API, event posting, completion) is the production code path.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from livekit.agents import llm as lk_llm
from livekit.agents.voice import AgentSession

from agent_worker.agents import CallState, ScheduledFollowupAgent, TranscriptRecorder
from agent_worker.portal_client import PortalClient
from agent_worker.scripted import ScriptedPatient

logger = logging.getLogger("agent_worker.simulation")


async def run_text_call(
    *,
    context: dict[str, Any],
    llm: lk_llm.LLM,
    patient: ScriptedPatient,
    http: httpx.AsyncClient | None = None,
    max_turns: int = 12,
    turn_timeout: float = 60.0,
    flush_timeout: float = 60.0,
) -> CallState:
    portal = PortalClient(base_url=context["portal_url"], token=context["token"], call_id=context["call_id"], http=http)
    state = CallState(context=context, portal=portal)
    closed = asyncio.Event()
    session = AgentSession(llm=llm, vad=None, turn_handling={"turn_detection": None})
    recorder = TranscriptRecorder(session, state)
    session.on("close", lambda _ev: closed.set())
    try:
        greeting = await session.start(ScheduledFollowupAgent(state=state), capture_run=True)
        if greeting is not None:
            await asyncio.wait_for(greeting, timeout=turn_timeout)
        for _ in range(max_turns):
            await asyncio.sleep(0)  # let a hang-up scheduled by the last turn start closing
            if closed.is_set() or state.outcome == "voicemail" or state.ended_by == "agent":
                break
            line = patient.reply()
            if line is None:
                state.ended_by = state.ended_by or "patient"
                break
            await asyncio.wait_for(session.run(user_input=line), timeout=turn_timeout)
    finally:
        if not closed.is_set():
            await session.aclose()
        recorder.post_completion()
        await portal.aclose(flush_timeout=flush_timeout)
    logger.info("simulated call %s finished: %s", context.get("call_id"), state.final_outcome())
    return state
