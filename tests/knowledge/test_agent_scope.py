"""Through the agent API: a call's knowledge lookups are scoped to its discharge's procedure groups."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from calls.models import CallStatus
from calls.tokens import make_agent_token
from knowledge.models import KnowledgeDocument
from knowledge.services import sample_corpus_load
from orders.models import DischargeOrder
from tests.factories import CallRecordFactory, DischargeFactory

pytestmark = pytest.mark.django_db


def _agent_for(order_keys: list[str], *, on_the_call: bool = True) -> Client:
    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sample_corpus_load()
    discharge = DischargeFactory(procedure="Laparoscopic cholecystectomy")
    discharge.orders.set(DischargeOrder.objects.filter(key__in=order_keys))
    record = CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS,
        call__attempts=1,
        call__patient=discharge.patient,
        call__discharge=discharge if on_the_call else None,
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")


def _groups_of(document_ids: list[int]) -> set[str]:
    docs = KnowledgeDocument.objects.filter(pk__in=document_ids)
    return {g for doc in docs for g in doc.procedure_groups}


def test_a_gallbladder_patient_is_not_read_venous_malformation_advice():
    agent = _agent_for(["chole_incision_care", "chole_warning_signs"])
    response = agent.post(
        "/api/v1/agent/knowledge/symptom/", {"symptom": "is some swelling normal?"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["found"] and "Swelling and bruising around an incision" in body["sources"][0]
    assert _groups_of(body["document_ids"]) <= {"general", "laparoscopic-cholecystectomy"}
    assert "compression" not in body["answer"] and "whole leg" not in body["answer"]


def test_recovery_answers_follow_the_patients_procedure():
    agent = _agent_for(["tonsil_school", "tonsil_fluids"])
    response = agent.post(
        "/api/v1/agent/knowledge/recovery/", {"activity": "soccer", "procedure": ""}, content_type="application/json"
    )
    body = response.json()
    assert body["found"] and "2 weeks after tonsillectomy" in body["answer"]
    assert _groups_of(body["document_ids"]) <= {"general", "tonsillectomy"}


def test_a_call_without_its_own_discharge_uses_the_patients_latest():
    agent = _agent_for(["chole_activity"], on_the_call=False)
    response = agent.post(
        "/api/v1/agent/knowledge/recovery/", {"activity": "lifting", "procedure": ""}, content_type="application/json"
    )
    body = response.json()
    assert body["found"] and "10 pounds" in body["answer"] and "2 weeks" in body["answer"]
    assert _groups_of(body["document_ids"]) <= {"general", "laparoscopic-cholecystectomy"}
