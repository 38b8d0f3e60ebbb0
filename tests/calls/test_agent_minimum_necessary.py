"""Minimum necessary: the agent context and LiveKit's dispatch metadata carry the first name, never the last."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from calls.dialing.livekit import LiveKitDialer
from calls.models import CallRecord, CallScheduleItem, CallStatus, DialerBackend
from calls.selectors import call_agent_context
from calls.tokens import make_agent_token
from patients.services import discharge_create
from tests.calls.livekit_peer import DISPATCH
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def _discharged_calls(catalog) -> list[CallScheduleItem]:
    patient = PatientFactory(first_name="Maya", last_name="Okafor")
    discharge = discharge_create(
        patient=patient,
        discharged_at=timezone.now() - timedelta(hours=1),
        procedure="Sclerotherapy of a venous malformation",
        order_keys=list(catalog),
        order_params={
            key: {p["name"]: (timezone.localdate() + timedelta(days=9)).isoformat() for p in order.parameters}
            for key, order in catalog.items()
            if order.parameters
        },
    )
    return list(discharge.calls.all())


def test_no_catalog_prompt_names_the_patients_last_name(catalog):
    calls = _discharged_calls(catalog)
    assert calls
    for call in calls:
        assert "Okafor" not in call.llm_prompt, call.order.key
        assert "Maya" in call.llm_prompt, call.order.key


def test_the_context_endpoint_and_the_dispatch_metadata_hold_only_the_first_name(catalog, livekit):
    call = _discharged_calls(catalog)[0]
    CallScheduleItem.objects.filter(pk=call.pk).update(status=CallStatus.IN_PROGRESS, attempts=1)
    record = CallRecordFactory(call=call, attempt=1, backend=DialerBackend.LIVEKIT)
    token = make_agent_token(call_id=call.pk, attempt=1)
    context = Client().get(f"/api/v1/agent/calls/{call.pk}/context/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert context.status_code == 200
    assert "Okafor" not in context.content.decode() and "Maya" in context.content.decode()
    LiveKitDialer().place_call(CallScheduleItem.objects.get(pk=call.pk), CallRecord.objects.get(pk=record.pk))
    (dispatch,) = livekit.of(DISPATCH)
    assert "Okafor" not in dispatch.metadata
    assert json.loads(dispatch.metadata)["patient"]["first_name"] == "Maya"


def test_a_prompt_stored_with_the_full_name_reaches_the_agent_with_the_first_name_only():
    patient = PatientFactory(first_name="Maya", last_name="Okafor")
    call = CallScheduleItemFactory(
        patient=patient, llm_prompt="You are calling Maya Okafor (OKAFOR, Maya; Ms. Okafor) about the bandage."
    )
    record = CallRecordFactory(call=call)
    context = call_agent_context(record=record)
    assert "okafor" not in json.dumps(context).lower()
    assert context["llm_prompt"] == "You are calling Maya (Maya; Maya) about the bandage."
