"""/metrics: Prometheus text behind a token or an address allow-list, with the domain gauges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from calls.models import CallStatus, Escalation, EscalationSource, EscalationTier
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def _scrape() -> dict[tuple[str, tuple], float]:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        samples = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return samples

    return _scrape


def test_metrics_are_off_until_a_token_or_network_is_set(client):
    response = client.get("/metrics")
    assert response.status_code == 404
    assert "METRICS_TOKEN" in response.json()["detail"]


def test_a_wrong_or_missing_token_is_refused(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401


def test_an_allowed_network_needs_no_token(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.5").status_code == 401


def test_domain_gauges_count_calls_and_escalations(scrape):
    now = timezone.now()
    CallScheduleItemFactory(next_attempt_at=now - timedelta(minutes=30), scheduled_for=now - timedelta(minutes=30))
    CallScheduleItemFactory(next_attempt_at=now - timedelta(minutes=5), scheduled_for=now - timedelta(minutes=5))
    CallScheduleItemFactory(next_attempt_at=now + timedelta(hours=5))  # not due yet
    CallScheduleItemFactory(
        status=CallStatus.QUEUED, next_attempt_at=now - timedelta(seconds=90), claimed_at=now - timedelta(seconds=30)
    )
    record = CallRecordFactory(outcome="completed", call__status=CallStatus.COMPLETED)
    patient = PatientFactory()
    for n, due in enumerate((now - timedelta(hours=1), now + timedelta(hours=1))):
        Escalation.objects.create(
            patient=patient,
            call=record.call,
            record=record,
            tier=EscalationTier.URGENT,
            reason="Test red flag",
            source=EscalationSource.values[0],
            rule_key=f"test-{n}",
            due_by=due,
        )

    samples = scrape()
    assert samples[("postop_calls_due_waiting", ())] == 2
    assert 29 * 60 < samples[("postop_calls_oldest_overdue_seconds", ())] < 35 * 60
    assert samples[("postop_calls", (("status", "pending"),))] == 3
    assert samples[("postop_calls", (("status", "completed"),))] == 1
    assert samples[("postop_calls", (("status", "queued"),))] == 1
    assert samples[("postop_call_attempts", (("outcome", "completed"),))] == 1
    assert 59 <= samples[("postop_dispatch_lag_seconds", (("stat", "max"),))] <= 61
    assert samples[("postop_escalations_open", (("tier", "urgent"),))] == 2
    assert samples[("postop_escalations_past_target", (("tier", "urgent"),))] == 1
    assert samples[("postop_qcluster_alive", ())] == 0


def test_due_calls_grow_when_nothing_dispatches(scrape):
    before = scrape()[("postop_calls_due_waiting", ())]
    CallScheduleItemFactory(next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert scrape()[("postop_calls_due_waiting", ())] == before + 1


def test_requests_db_time_and_agent_api_errors_are_counted(scrape, client):
    client.get("/healthz")
    client.post("/api/v1/agent/calls/999999/events/", data={}, content_type="application/json")  # no token: 401/403
    samples = scrape()
    healthz = [
        v
        for (name, labels), v in samples.items()
        if name == "postop_http_requests_total" and ("view", "healthz") in labels
    ]
    assert healthz and healthz[0] >= 1
    assert any(name == "postop_http_request_db_seconds_count" for name, _ in samples)
    errors = [
        v
        for (name, labels), v in samples.items()
        if name == "postop_agent_api_errors_total" and ("endpoint", "events") in labels
    ]
    assert errors and errors[0] >= 1


def test_metrics_never_name_a_patient(scrape, client):
    PatientFactory(first_name="Zebulon", last_name="Quixote", phone="+12125550199")
    client.get("/healthz")
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    assert "Zebulon" not in body and "Quixote" not in body and "5550199" not in body
