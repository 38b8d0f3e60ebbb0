"""/healthz and /readyz: what a load balancer sees, what staff see, and each check turning red."""

from __future__ import annotations

import pytest

from postop.health import checks
from tests.calls.livekit_peer import point_settings_at, running_peer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_heartbeat_memory():
    checks.reset_heartbeat_memory()
    yield
    checks.reset_heartbeat_memory()


@pytest.fixture
def cluster_running(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(checks, "qcluster_heartbeats", lambda *, max_age: [timezone.now()])


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readyz_is_bare_for_anonymous_callers(client, cluster_running):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_gives_staff_the_detail_of_every_check(nurse_client, cluster_running):
    body = nurse_client.get("/readyz").json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "broker", "migrations", "qcluster", "livekit"}
    assert body["checks"]["livekit"] == {"ok": True, "detail": "not configured (simulated calls)", "skipped": True}
    assert body["checks"]["migrations"]["detail"] == "all applied"


def test_readyz_detail_with_the_metrics_token(client, settings, cluster_running):
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    body = client.get("/readyz", headers={"Authorization": "Bearer scrape-token-0123456789"}).json()
    assert "checks" in body
    assert "checks" not in client.get("/readyz", headers={"Authorization": "Bearer wrong"}).json()


def test_no_cluster_heartbeat_is_not_ready(nurse_client):
    # No qcluster runs in this test: django-q2 has no status for any cluster.
    response = nurse_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
    qcluster = response.json()["checks"]["qcluster"]
    assert qcluster["ok"] is False and "manage.py qcluster" in qcluster["detail"]


def test_a_heartbeat_older_than_the_window_is_not_ready(client, settings, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    settings.QCLUSTER_HEARTBEAT_SECONDS = 5
    monkeypatch.setattr(checks, "qcluster_heartbeats", lambda *, max_age: [timezone.now()])
    assert client.get("/readyz").status_code == 200
    # The cluster stops: no new heartbeats; the remembered one ages past the window.
    monkeypatch.setattr(checks, "qcluster_heartbeats", lambda *, max_age: [])
    assert client.get("/readyz").status_code == 200  # inside the window a gap between writes is tolerated
    monkeypatch.setattr(checks, "_last_heartbeat", timezone.now() - timedelta(seconds=6))
    assert client.get("/readyz").status_code == 503


def test_unapplied_migrations_are_not_ready(nurse_client, cluster_running, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(checks, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("migration", False)])
    response = nurse_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "detail": "1 migration(s) not applied; run `manage.py migrate`",
    }


def test_an_unreachable_redis_broker_is_not_ready(nurse_client, settings, cluster_running):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = nurse_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "detail": "Redis unreachable (ConnectionError)"}


def test_livekit_is_checked_when_configured(nurse_client, settings, cluster_running):
    with running_peer() as peer:
        point_settings_at(settings, peer)
        body = nurse_client.get("/readyz").json()
        assert body["checks"]["livekit"]["ok"] is True
    # The peer is gone: the same URL now refuses connections.
    response = nurse_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["livekit"] == {"ok": False, "detail": "API unreachable (ConnectError)"}


def test_load_balancers_may_probe_with_head(client, cluster_running):
    assert client.head("/healthz").status_code == 200
    assert client.head("/readyz").status_code == 200
    assert client.post("/healthz").status_code == 405
