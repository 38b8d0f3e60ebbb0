"""LiveKit entrypoints: the outbound follow-up agent and the inbound callback agent.

One AgentServer serves one agent name, so `python -m agent_worker` runs one server per
agent (see __main__). Both use the live pipeline: OpenAI STT and LLM, Cartesia TTS,
Silero VAD, and livekit-agents' answering-machine detection on outbound calls.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from livekit import rtc
from livekit.agents import Agent, AgentServer, JobContext, JobProcess
from livekit.agents.utils.participant import wait_for_participant_attribute
from livekit.agents.voice import AgentSession
from livekit.agents.voice.room_io import RoomOptions
from livekit.agents.worker import ServerEnvOption

from agent_worker.agents import (
    CallbackAgent,
    CallState,
    ScheduledFollowupAgent,
    TranscriptRecorder,
    spell_phone,
)
from agent_worker.config import PATIENT_IDENTITY, ConfigError, WorkerConfig
from agent_worker.portal_client import PortalClient, PortalError, PortalUnavailableError, ServiceClient

logger = logging.getLogger("agent_worker.worker")

AMD_TIMEOUT_SECONDS = 12.0


def parse_metadata(raw: str) -> dict[str, Any]:
    """The dispatch metadata the portal wrote (calls.selectors.call_agent_context)."""
    try:
        context = json.loads(raw or "")
    except ValueError:
        raise ConfigError("The job metadata is not JSON; was this room dispatched by the portal?") from None
    missing = [key for key in ("call_id", "attempt", "token") if not context.get(key)]
    if missing:
        raise ConfigError(f"The job metadata lacks {', '.join(missing)}; was this room dispatched by the portal?")
    return context


def prewarm(proc: JobProcess) -> None:
    from livekit.plugins import silero

    proc.userdata["vad"] = silero.VAD.load()


def load_red_flag_rules() -> asyncio.Task[float]:
    """Load the red-flag rules the agent reads every patient turn with (agent_worker/triage.py), in a thread.

    Started when a job starts, so it runs while the phone rings (seconds on a loaded machine); not in
    prewarm, where it would hold up the idle process's initialisation and its shutdown.
    """
    from agent_worker.triage import warm_up

    return asyncio.get_running_loop().create_task(asyncio.to_thread(warm_up), name="red-flag-rules")


def build_live_session(cfg: WorkerConfig, proc: JobProcess | None = None, language: str = "en") -> AgentSession:
    """The voice pipeline for a call in `language`: the STT language and the TTS voice and language from config."""
    from livekit.plugins import cartesia, openai, silero

    cfg.require_live()
    vad = proc.userdata.get("vad") if proc is not None else None
    speech = cfg.speech_for(language)
    tts_kwargs: dict[str, Any] = {"model": cfg.tts_model, "api_key": cfg.cartesia_api_key, "language": language}
    if speech.get("tts_voice"):
        tts_kwargs["voice"] = speech["tts_voice"]
    return AgentSession(
        stt=openai.STT(
            model=cfg.stt_model, api_key=cfg.openai_api_key, language=speech.get("stt_language") or language
        ),
        llm=openai.LLM(model=cfg.llm_model, api_key=cfg.openai_api_key),
        tts=cartesia.TTS(**tts_kwargs),
        vad=vad or silero.VAD.load(),
    )


async def _wait_until_answered(room: rtc.Room) -> rtc.RemoteParticipant:
    """The patient leg: joined, and for SIP, answered (no greeting into ringing)."""
    ctx_participant = None
    for participant in room.remote_participants.values():
        if participant.identity == PATIENT_IDENTITY:
            ctx_participant = participant
    if ctx_participant is None:
        joined: asyncio.Future[rtc.RemoteParticipant] = asyncio.get_running_loop().create_future()

        def _on_join(p: rtc.RemoteParticipant) -> None:
            if p.identity == PATIENT_IDENTITY and not joined.done():
                joined.set_result(p)

        room.on("participant_connected", _on_join)
        try:
            ctx_participant = await joined
        finally:
            room.off("participant_connected", _on_join)
    if ctx_participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_SIP:
        await wait_for_participant_attribute(
            room, identity=PATIENT_IDENTITY, attribute="sip.callStatus", value="active"
        )
    return ctx_participant


async def _run_session(
    ctx: JobContext,
    session: AgentSession,
    state: CallState,
    agent: Any,
    after_start: Callable[[], Awaitable[None]] | None = None,
) -> None:
    recorder = TranscriptRecorder(session, state)
    closed = asyncio.Event()
    session.on("close", lambda _ev: closed.set())

    async def _finish(_reason: str) -> None:
        recorder.post_completion()
        await state.portal.aclose()

    ctx.add_shutdown_callback(_finish)
    await session.start(
        agent,
        room=ctx.room,
        room_options=RoomOptions(
            participant_identity=PATIENT_IDENTITY, close_on_disconnect=True, delete_room_on_close=True
        ),
    )
    if after_start is not None:
        await after_start()
    await closed.wait()
    ctx.shutdown(reason="call ended")


async def scheduled_followup_entrypoint(ctx: JobContext) -> None:
    """Outbound: the portal dispatched us into the call's room and is dialing the patient."""
    cfg = WorkerConfig.from_env()
    context = parse_metadata(ctx.job.metadata)
    rules = load_red_flag_rules()  # noqa: F841 (runs while the phone rings)
    portal = PortalClient(
        base_url=context.get("portal_url") or cfg.portal_url, token=context["token"], call_id=context["call_id"]
    )
    state = CallState(context=context, portal=portal)
    state.speech = {language: cfg.speech_for(language) for language in ("en", "es")}
    logger.info("follow-up call %s attempt %s: waiting for the patient", context["call_id"], context["attempt"])
    await ctx.connect()
    session = build_live_session(cfg, ctx.proc, state.language)
    agent = ScheduledFollowupAgent(state=state, greet_on_enter=False)
    await _wait_until_answered(ctx.room)

    async def _greet_or_voicemail() -> None:
        verdict = None
        try:
            from livekit.agents import AMD
            from livekit.plugins import openai

            detector = AMD(
                session,
                llm=openai.LLM(model=cfg.llm_model, api_key=cfg.openai_api_key),
                stt=None,
                participant_identity=PATIENT_IDENTITY,
                suppress_compatibility_warning=True,
            )
            async with detector:
                verdict = await asyncio.wait_for(detector.execute(), timeout=AMD_TIMEOUT_SECONDS)
        except Exception as exc:  # AMD is best effort; the LLM's own tool covers machines it misses
            logger.info("answering-machine detection unavailable (%s); relying on the agent", type(exc).__name__)
        if verdict is not None and verdict.is_machine:
            if verdict.category.value == "machine-vm":
                await agent.leave_voicemail(session)
            else:
                state.outcome = "no_answer"
                session.shutdown()
            return
        session.generate_reply(
            instructions="Introduce yourself as the rules say and confirm who you are speaking with."
        )

    await _run_session(ctx, session, state, agent, after_start=_greet_or_voicemail)


async def patient_callback_entrypoint(ctx: JobContext) -> None:
    """Inbound: a patient calls the clinic back; find them by the caller's number."""
    cfg = WorkerConfig.from_env()
    if not cfg.service_key:
        raise ConfigError("Set AGENT_SERVICE_KEY (the same value as the portal's) to answer inbound calls.")
    rules = load_red_flag_rules()  # noqa: F841 (runs while the caller is looked up)
    await ctx.connect()
    caller = await ctx.wait_for_participant()
    caller_number = caller.attributes.get("sip.phoneNumber", "")
    service = ServiceClient(base_url=cfg.portal_url, service_key=cfg.service_key)
    try:
        found = await service.start_inbound_call(caller_number=caller_number, room_name=ctx.room.name)
    except (PortalError, PortalUnavailableError) as exc:
        logger.error("caller lookup failed: %s", type(exc).__name__)
        found = {"found": False}
    finally:
        await service.aclose()
    if not found.get("found"):
        # Unknown number: say nothing about any patient; point them to the clinic's line.
        session = build_live_session(cfg, ctx.proc)
        await session.start(
            UnknownCallerAgent(cfg), room=ctx.room, room_options=RoomOptions(participant_identity=caller.identity)
        )
        return
    context = found["context"]
    portal = PortalClient(base_url=cfg.portal_url, token=context["token"], call_id=context["call_id"])
    state = CallState(context=context, portal=portal)
    state.speech = {language: cfg.speech_for(language) for language in ("en", "es")}
    session = build_live_session(cfg, ctx.proc, state.language)
    await _run_session(ctx, session, state, CallbackAgent(state=state))


class UnknownCallerAgent(Agent):
    """The caller's number matches no patient: reveal nothing, point to the clinic's line."""

    def __init__(self, cfg: WorkerConfig) -> None:
        self.cfg = cfg
        super().__init__(instructions="Say the message and end the call.")

    async def on_enter(self) -> None:
        handle = self.session.say(
            f"Hello, this is the automated assistant of {self.cfg.clinic_name}. I couldn't match this phone number "
            f"to a patient record. Please call the clinic at {spell_phone(self.cfg.clinic_callback_number)}. Goodbye.",
            allow_interruptions=False,
        )
        handle.add_done_callback(lambda _: self.session.shutdown())


def make_server(role: str, cfg: WorkerConfig | None = None) -> AgentServer:
    cfg = cfg or WorkerConfig.from_env()
    cfg.require_live()
    # Two servers run side by side under `--agent all`: each needs its own health port in
    # production (livekit-agents binds 8081 for every server), or the second fails to start.
    port = cfg.health_port + (1 if role == "callback" else 0)
    server = AgentServer(setup_fnc=prewarm, port=ServerEnvOption(dev_default=0, prod_default=port))
    if role == "followup":
        server.rtc_session(scheduled_followup_entrypoint, agent_name=cfg.followup_agent_name)
    elif role == "callback":
        if not cfg.service_key:
            raise ConfigError("Set AGENT_SERVICE_KEY (the same value as the portal's) to answer inbound calls.")
        server.rtc_session(patient_callback_entrypoint, agent_name=cfg.callback_agent_name)
    else:
        raise ConfigError(f"Unknown agent {role!r}; use followup or callback.")
    return server
