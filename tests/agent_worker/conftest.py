"""A real local stand-in for the portal's agent API (aiohttp on 127.0.0.1), and a call context.

agent_worker never imports Django, so its tests talk HTTP to this peer instead of the portal.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

TOKEN = "test-call-token"
IDENTIFIER = "March 4, 2015"  # the date of birth the fake portal accepts for Maya

KNOWLEDGE = {
    "symptom": {"found": True, "answer": "Mild swelling is common for about a week.", "urgency": "routine"},
    "medication": {"found": True, "answer": "Take acetaminophen as directed on the label.", "urgency": "routine"},
    "recovery": {"found": True, "answer": "Most children return to school after two days.", "urgency": "routine"},
    "procedure": {"found": False, "answer": "", "urgency": None},
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class FakePortal:
    events: list[dict[str, Any]] = field(default_factory=list)
    completions: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    lookups: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_next: int = 0  # answer 503 to this many requests
    reminder_answer: tuple[int, dict[str, Any]] = (201, {"call_id": 99, "local_time": "Tuesday, June 3 at 9:00 AM"})
    escalations: list[dict[str, Any]] = field(default_factory=list)
    opt_outs: list[dict[str, Any]] = field(default_factory=list)
    identity_checks: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    hits: int = 0
    # The portal's red-flag triage of a patient turn: words in the turn -> the answer (default: no red flag).
    triage_answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    triaged: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # every request's path, in arrival order
    batches: list[list[Any]] = field(default_factory=list)  # the event ids of each batch received

    def event_ids(self) -> list[str]:
        return [e["event_id"] for e in self.events]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("kind") == kind]

    def app(self) -> web.Application:
        @web.middleware
        async def gate(request: web.Request, handler: Any) -> web.StreamResponse:
            self.hits += 1
            if request.headers.get("Authorization") != f"Bearer {TOKEN}":
                return web.json_response({"detail": "bad token"}, status=401)
            self.paths.append(request.path)
            if self.fail_next > 0 and not request.path.endswith("/triage/"):
                self.fail_next -= 1
                return web.json_response({"detail": "down"}, status=503)
            return await handler(request)

        def store(body: dict[str, Any]) -> dict[str, Any]:
            if "kind" not in body:
                return {"event_id": body.get("event_id"), "status": "rejected", "status_code": 400,
                        "errors": {"kind": ["This field is required."]}}  # fmt: skip
            if body["event_id"] in self.event_ids():
                return {"event_id": body["event_id"], "status": "duplicate"}
            self.events.append(body)
            return {"event_id": body["event_id"], "status": "created"}

        def triage_answer(text: str) -> dict[str, Any]:
            self.triaged.append(text)
            for words, answer in self.triage_answers.items():
                if words in text:
                    return answer
            return {"red_flags": [], "tier": None, "title": "", "say": "", "escalation": None}

        async def events(request: web.Request) -> web.Response:
            result = store(await request.json())
            if result["status"] == "rejected":
                return web.json_response(result["errors"], status=400)
            return web.json_response({"ok": True}, status=201)

        def turn_reading(event: dict[str, Any]) -> dict[str, Any]:
            # Like the portal: every patient turn is triaged; its reading comes back in the turn's result.
            # Words in `triage_answers` get that answer; any other turn the agent's own reading (they agree).
            for words, answer in self.triage_answers.items():
                if words in event.get("text", ""):
                    reading = {"keys": [answer.get("title", "flag")], **answer}
                    break
            else:
                local = event.get("triage") or {}
                reading = {"tier": local.get("tier"), "keys": local.get("keys") or [], "title": "", "say": ""}
            local = event.get("triage")
            agrees = (
                None if local is None else (local.get("tier"), local.get("keys")) == (reading["tier"], reading["keys"])
            )
            return {**reading, "agrees": agrees}

        def store_and_read(event: dict[str, Any]) -> dict[str, Any]:
            result = store(event)
            if result["status"] != "rejected" and event.get("kind") == "turn" and event.get("speaker") == "patient":
                result["triage"] = turn_reading(event)
            return result

        async def batch(request: web.Request) -> web.Response:
            # Like the portal: each event stored once, in order; a refused one named, the rest go on.
            body = await request.json()
            self.batches.append([e.get("event_id") for e in body.get("events", [])])
            answer: dict[str, Any] = {"results": [store_and_read(e) for e in body.get("events", [])]}
            if "triage" in body:
                answer["triage"] = triage_answer(body["triage"])
            if "complete" in body:
                if body["complete"]["event_id"] not in [c["event_id"] for c in self.completions]:
                    self.completions.append(body["complete"])
                answer["completion"] = {"event_id": body["complete"]["event_id"], "status": "stored"}
            return web.json_response(answer)

        async def complete(request: web.Request) -> web.Response:
            self.completions.append(await request.json())
            return web.json_response({"status": "completed"})

        async def reminders(request: web.Request) -> web.Response:
            self.reminders.append(await request.json())
            status, data = self.reminder_answer
            return web.json_response(data, status=status)

        async def knowledge(request: web.Request) -> web.Response:
            body = await request.json()
            topic = request.match_info["topic"]
            self.lookups.append((topic, body))
            answer = dict(KNOWLEDGE[topic])
            if "chest pain" in body.get("symptom", ""):
                answer = {"found": True, "answer": "Chest pain needs emergency care.", "urgency": "emergency"}
            return web.json_response({**answer, "sources": ["Care guide"]})

        async def escalations(request: web.Request) -> web.Response:
            body = await request.json()
            self.escalations.append(body)
            say = {"urgent": "A nurse will call the patient back today, by Tuesday, June 3 at 3:00 PM."}.get(
                body["severity"], "A nurse will call the patient back by Wednesday, June 4 at 5:00 PM."
            )
            return web.json_response({"id": len(self.escalations), "tier": body["severity"], "say": say}, status=201)

        async def opt_out(request: web.Request) -> web.Response:
            self.opt_outs.append(await request.json())
            return web.json_response({"do_not_call": True, "cancelled_calls": 2})

        async def identity(request: web.Request) -> web.Response:
            body = await request.json()
            self.identity_checks.append(body)
            verified = body["first_name"] == "Maya" and body["identifier"] == IDENTIFIER
            left = max(2 - len(self.identity_checks), 0)
            answer: dict[str, Any] = {"verified": verified, "attempts_left": left, "method": "dob"}
            if verified and body.get("speaking_with"):
                answer["speaker"] = body["speaking_with"]  # like the portal: who the triage hears from now on
            if not verified and left == 0:
                answer["end_call"] = True
            return web.json_response(answer)

        async def triage(request: web.Request) -> web.Response:
            return web.json_response(triage_answer((await request.json())["text"]))

        async def answers(request: web.Request) -> web.Response:
            # Like the portal: a pain score must be a whole number from 0 to 10, else refused with the reason.
            body = await request.json()
            value = str(body.get("value", "")).strip(" .").lower()
            words = {"three": "3", "eight": "8", "eleven": "11"}
            number = words.get(value, value)
            if body.get("answered", True) and body["question_id"] == "pain_score" and number not in map(str, range(11)):
                reason = "I need a whole number from 0 to 10, and that answer is not a number."
                return web.json_response(
                    {"recorded": False, "question_id": "pain_score", "reason": reason, "ask_again": "Pain 0 to 10?"},
                    status=400,
                )
            self.answers.append(body)
            return web.json_response({"recorded": True, "created": True, "remaining": []}, status=201)

        app = web.Application(middlewares=[gate])
        app.router.add_post("/api/v1/agent/calls/{call_id}/triage/", triage)
        app.router.add_post("/api/v1/agent/calls/{call_id}/answers/", answers)
        app.router.add_post("/api/v1/agent/calls/{call_id}/escalations/", escalations)
        app.router.add_post("/api/v1/agent/calls/{call_id}/opt-out/", opt_out)
        app.router.add_post("/api/v1/agent/calls/{call_id}/identity/", identity)
        app.router.add_post("/api/v1/agent/calls/{call_id}/events/", events)
        app.router.add_post("/api/v1/agent/calls/{call_id}/events/batch/", batch)
        app.router.add_post("/api/v1/agent/calls/{call_id}/complete/", complete)
        app.router.add_post("/api/v1/agent/calls/{call_id}/reminders/", reminders)
        app.router.add_post("/api/v1/agent/knowledge/{topic}/", knowledge)
        return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def start_portal(portal: FakePortal, port: int) -> web.AppRunner:
    runner = web.AppRunner(portal.app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    portal.url = f"http://127.0.0.1:{port}"
    return runner


@pytest.fixture
async def portal(anyio_backend: str) -> Any:
    fake = FakePortal()
    runner = await start_portal(fake, free_port())
    yield fake
    await runner.cleanup()


def make_context(portal_url: str, **overrides: Any) -> dict[str, Any]:
    context = {
        "call_id": 41,
        "attempt": 1,
        "portal_url": portal_url,
        "token": TOKEN,
        "patient": {"first_name": "Maya", "language": "en", "time_zone": "America/New_York"},
        "call_type": "discharge_reminder",
        "llm_prompt": "You are calling Maya about her compression bandage. Has the bandage been removed as instructed?",
        "purpose": "",
        "order": {
            "key": "vm_compression",
            "title": "Compression bandage",
            "instructions": "Leave the compression bandage on for 24 hours, then wear it as tolerated for 7 days.",
            "params": {},
        },
        "procedure": "Sclerotherapy of a venous malformation",
        "clinic": {"name": "Riverside Vascular Clinic", "callback_number": "+12125550100"},
        "identity_check": "dob",
    }
    context.update(overrides)
    return context


@pytest.fixture
def context(portal: FakePortal) -> dict[str, Any]:
    return make_context(portal.url)
