"""Worker configuration, read from the environment only (the worker has no Django settings).

The worker runs next to LiveKit with no database credentials: what it needs is the
portal's URL, the model providers' keys, and a service key for inbound caller lookup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

FOLLOWUP_AGENT_NAME = "postop-followup-agent"
CALLBACK_AGENT_NAME = "postop-callback-agent"
PATIENT_IDENTITY = "patient"


class ConfigError(RuntimeError):
    """The worker cannot start with this environment; the message names what to set."""


@dataclass(frozen=True)
class WorkerConfig:
    portal_url: str
    openai_api_key: str
    cartesia_api_key: str
    stt_model: str
    llm_model: str
    tts_model: str
    tts_voice: str  # empty: the Cartesia plugin's default voice
    service_key: str
    followup_agent_name: str
    callback_agent_name: str
    clinic_name: str
    clinic_callback_number: str
    # `start` binds a health server on this port (followup) and the next (callback); `dev` picks free ports.
    health_port: int = 8081
    # Per call language: {"en": {"stt_language": "en", "tts_voice": ...}, "es": {...}} (CARTESIA_VOICE_ES, ...).
    speech: dict[str, dict[str, str]] | None = None

    def speech_for(self, language: str) -> dict[str, str]:
        """The STT language and the TTS voice for a call in `language` (voice empty: the plugin's default)."""
        return (self.speech or {}).get(language) or {"stt_language": language, "tts_voice": self.tts_voice}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WorkerConfig:
        env = os.environ if environ is None else environ

        def get(name: str, default: str = "") -> str:
            return (env.get(name) or default).strip()

        try:
            health_port = int(get("AGENT_HEALTH_PORT", "8081"))
        except ValueError:
            raise ConfigError("AGENT_HEALTH_PORT must be a port number, e.g. 8081.") from None

        return cls(
            portal_url=get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/"),
            openai_api_key=get("OPENAI_API_KEY"),
            cartesia_api_key=get("CARTESIA_API_KEY"),
            stt_model=get("AGENT_STT_MODEL", "gpt-4o-mini-transcribe"),
            llm_model=get("AGENT_LLM_MODEL", "gpt-4.1-mini"),
            tts_model=get("AGENT_TTS_MODEL", "sonic-3"),
            tts_voice=get("AGENT_TTS_VOICE"),
            service_key=get("AGENT_SERVICE_KEY"),
            followup_agent_name=get("LIVEKIT_AGENT_NAME", FOLLOWUP_AGENT_NAME),
            callback_agent_name=get("LIVEKIT_CALLBACK_AGENT_NAME", CALLBACK_AGENT_NAME),
            clinic_name=get("CLINIC_NAME", "PostOp AI Demo Clinic"),
            clinic_callback_number=get("CLINIC_CALLBACK_NUMBER", "+12125550100"),
            health_port=health_port,
            speech={
                "en": {
                    "stt_language": get("AGENT_STT_LANGUAGE_EN", "en"),
                    "tts_voice": get("CARTESIA_VOICE_EN") or get("AGENT_TTS_VOICE"),
                },
                # A Spanish voice (a Cartesia voice id); empty uses the English voice speaking Spanish.
                "es": {
                    "stt_language": get("AGENT_STT_LANGUAGE_ES", "es"),
                    "tts_voice": get("CARTESIA_VOICE_ES") or get("AGENT_TTS_VOICE"),
                },
            },
        )

    def missing_live_settings(self) -> list[str]:
        """Environment variables the live voice pipeline cannot run without."""
        missing = []
        if not self.openai_api_key:
            missing.append("OPENAI_API_KEY")
        if not self.cartesia_api_key:
            missing.append("CARTESIA_API_KEY")
        return missing

    def missing_livekit_settings(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """What `dev`/`start` need to register with LiveKit (the SDK reads these itself)."""
        env = os.environ if environ is None else environ
        return [name for name in ("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET") if not env.get(name)]

    def require_live(self) -> None:
        missing = self.missing_live_settings()
        if missing:
            raise ConfigError(
                "The voice agent cannot start: set " + " and ".join(missing) + " (speech, language model and voice)."
            )
