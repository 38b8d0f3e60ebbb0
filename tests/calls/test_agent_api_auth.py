"""The agent API's token: one call and attempt, signed, expiring; the service key opens one endpoint."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client, override_settings

from calls.tokens import SALT, make_agent_token
from tests.factories import CallRecordFactory, PatientFactory

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def url(call_id: int, what: str = "context") -> str:
    return f"/api/v1/agent/calls/{call_id}/{what}/"


@pytest.fixture
def record():
    return CallRecordFactory(call__patient__first_name="Maya", call__patient__last_name="Okafor")


def test_the_calls_own_token_reads_its_context_without_phi(record):
    response = Client().get(url(record.call_id), **bearer(make_agent_token(call_id=record.call_id, attempt=1)))
    assert response.status_code == 200
    body = response.json()
    assert body["call_id"] == record.call_id and body["patient"]["first_name"] == "Maya"
    assert body["clinic"]["callback_number"] and body["simulated"] is True
    assert "Okafor" not in response.content.decode() and "token" not in body
    assert record.call.patient.phone not in response.content.decode()


def test_a_token_for_one_call_gets_403_on_another(record):
    other = CallRecordFactory()
    token = make_agent_token(call_id=record.call_id, attempt=1)
    for what in ("context", "events", "reminders", "complete"):
        method = Client().get if what == "context" else Client().post
        assert method(url(other.call_id, what), **bearer(token)).status_code == 403


def test_a_token_for_an_attempt_that_does_not_exist_gets_403(record):
    token = make_agent_token(call_id=record.call_id, attempt=2)
    assert Client().get(url(record.call_id), **bearer(token)).status_code == 403


def test_missing_forged_or_expired_tokens_get_401(record):
    good = make_agent_token(call_id=record.call_id, attempt=1)
    forged = signing.dumps({"c": record.call_id, "a": 1}, salt=SALT, key="not-the-portal-secret")
    assert Client().get(url(record.call_id)).status_code == 401
    assert Client().get(url(record.call_id), **bearer(forged)).status_code == 401
    assert Client().get(url(record.call_id), **bearer(good[:-2] + "xx")).status_code == 401
    assert Client().get(url(record.call_id), HTTP_AUTHORIZATION=f"Token {good}").status_code == 401
    response = Client().get(url(record.call_id), **bearer(good))
    assert response.status_code == 200
    with override_settings(AGENT_TOKEN_TTL_HOURS=0):  # max_age 0: every token is already expired
        expired = Client().get(url(record.call_id), **bearer(good))
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]


def test_a_nurse_session_is_not_an_agent_token(nurse_client, record):
    assert nurse_client.get(url(record.call_id)).status_code == 401


def test_knowledge_lookups_need_a_valid_call_token(record):
    response = Client().post(
        "/api/v1/agent/knowledge/symptom/", {"symptom": "swelling"}, content_type="application/json"
    )
    assert response.status_code == 401


@override_settings(AGENT_SERVICE_KEY="service-key-123")
def test_the_service_key_opens_only_the_callback_lookup(record):
    key = {"HTTP_X_AGENT_SERVICE_KEY": "service-key-123"}
    patient = PatientFactory(phone="+12125550177", first_name="Leo")
    response = Client().post(
        "/api/v1/agent/callbacks/", {"caller_number": "(212) 555-0177"}, content_type="application/json", **key
    )
    assert response.status_code == 200
    context = response.json()["context"]
    assert context["patient"]["first_name"] == "Leo" and context["token"]
    assert patient.calls.get().records.get().attempt == 1
    # The same key does not open a call's endpoints...
    assert Client().get(url(record.call_id), **key).status_code == 401
    # ...but the token the lookup returned opens the new inbound call.
    assert Client().get(url(context["call_id"]), **bearer(context["token"])).status_code == 200


@override_settings(AGENT_SERVICE_KEY="service-key-123")
def test_the_callback_lookup_rejects_a_wrong_key_and_reveals_nothing_for_unknown_numbers():
    bad = Client().post(
        "/api/v1/agent/callbacks/", {"caller_number": "+12125550177"}, content_type="application/json",
        HTTP_X_AGENT_SERVICE_KEY="guess",
    )  # fmt: skip
    assert bad.status_code == 401
    unknown = Client().post(
        "/api/v1/agent/callbacks/", {"caller_number": "+12125550178"}, content_type="application/json",
        HTTP_X_AGENT_SERVICE_KEY="service-key-123",
    )  # fmt: skip
    assert unknown.json() == {"found": False}


@override_settings(AGENT_SERVICE_KEY="")
def test_the_callback_lookup_is_off_without_a_configured_key():
    response = Client().post(
        "/api/v1/agent/callbacks/", {"caller_number": "+12125550177"}, content_type="application/json",
        HTTP_X_AGENT_SERVICE_KEY="anything",
    )  # fmt: skip
    assert response.status_code == 401


def test_the_agent_endpoints_are_in_the_openapi_schema(nurse_client):
    schema = nurse_client.get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/agent/calls/{call_id}/events/", "/api/v1/agent/calls/{call_id}/reminders/"):
        assert path in schema
