"""An in-progress call attempt and a client holding its agent token."""

from __future__ import annotations

import pytest
from django.test import Client

from calls.models import CallStatus
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory, DischargeOrderFactory


@pytest.fixture
def record(db):
    return CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS,
        call__attempts=1,
        call__order=DischargeOrderFactory(title="Wound care", procedure_group="General post-operative"),
        call__patient__first_name="Maya",
    )


@pytest.fixture
def agent(record):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")

    def post(what: str, payload: dict) -> object:
        return client.post(f"/api/v1/agent/calls/{record.call_id}/{what}/", payload, content_type="application/json")

    def patient_says(text: str, event_id: str = "") -> object:
        event = event_id or f"msg-{abs(hash(text))}"
        return post("events", {"event_id": event, "kind": "turn", "speaker": "patient", "text": text})

    client.post_to = post
    client.patient_says = patient_says
    return client


@pytest.fixture
def rules_only(settings):
    """The red-flag rules alone: the learned stage off, so a concept test tests the rules themselves."""
    settings.TRIAGE_LEARNED_STAGE = False
