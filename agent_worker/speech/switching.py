"""Switching the call's language when the patient asks ("¿Habla español?", "In English, please").

The request is heard deterministically before the model answers (LanguageSwitching.llm_node calls
follow_language_request) and also offered to the model as the switch_language tool. A switch changes
the agent's instructions, the TTS voice and language and the STT language, and is posted to the portal
(event kind "language"), which records the attempt's language and reads the patient's words in it.
"""

from __future__ import annotations

import json
from typing import Any

from livekit.agents import function_tool, llm

from agent_worker.portal_client import PortalError, PortalUnavailableError
from agent_worker.speech import LANGUAGE_NAMES, lines, requested_language
from agent_worker.speech.prompts import build_instructions


class LanguageSwitching:
    state: Any

    async def follow_language_request(self, chat_ctx: llm.ChatContext) -> None:
        """ "¿Habla español?" / "In English, please": switch before anything is said, whatever the model would do."""
        items = [i for i in chat_ctx.items if not (i.type == "message" and i.role in ("system", "developer"))]
        if items and items[-1].type == "message" and items[-1].role == "user":
            wanted = requested_language(items[-1].text_content or "")
            if wanted is not None and wanted != self.state.language:
                await self._switch_language(wanted, transcript=True)

    async def _switch_language(self, language: str, *, transcript: bool = False) -> None:
        """Speak `language` for the rest of the call: the instructions, the voice and the transcription."""
        self.state.language = language
        self.state.switches.append(language)
        await self.update_instructions(self._instructions_for(language))
        settings = self.state.speech.get(language) or {}
        session = getattr(self, "session", None)
        try:
            tts, stt = (session.tts, session.stt) if session is not None else (None, None)
        except RuntimeError:  # no session yet (a unit test driving the agent alone)
            tts = stt = None
        if tts is not None and hasattr(tts, "update_options"):
            options = {"language": language}
            if settings.get("tts_voice"):
                options["voice"] = settings["tts_voice"]
            tts.update_options(**options)
        if stt is not None and hasattr(stt, "update_options"):
            stt.update_options(language=settings.get("stt_language") or language)
        # Posted at once, not queued: the portal reads the patient's next answers and words in this language.
        number = len(self.state.switches)
        event = {"event_id": f"lang-{number}-{language}", "kind": "language", "text": language}
        try:
            await self.state.portal.request("POST", f"{self.state.portal.call_path}/events/", event)
        except (PortalError, PortalUnavailableError):
            self.state.portal.post_event(event)
        if not transcript:
            return  # the model called switch_language: the transcript shows that tool call already
        # And in the transcript, in order with the turns, as the tool call it stands for.
        self.state.portal.post_event(
            {
                "event_id": f"langturn-{number}-{language}",
                "kind": "tool",
                "name": "switch_language",
                "arguments": json.dumps({"language": language, "heard": "the patient asked"}),
                "output": f"The call continues in {LANGUAGE_NAMES[language]}.",
            }
        )

    def _instructions_for(self, language: str) -> str:
        return build_instructions(self.state.context, language)

    @function_tool()
    async def switch_language(self, language: str) -> str:
        """The patient asked to go on in English or in Spanish: switch the call's language now.

        Args:
            language: "en" for English or "es" for Spanish.
        """
        language = language.strip().lower()[:2]
        if language not in ("en", "es"):
            return json.dumps({"switched": False, "reason": "Calls are in English or Spanish only."})
        if language != self.state.language:
            await self._switch_language(language)
        return json.dumps({"switched": True, "language": language, "say": lines(language)["switched"]})
