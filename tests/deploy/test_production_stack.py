"""The production stack as `make serve` runs it (deploy/serve.py): gunicorn over HTTPS and a
qcluster, DJANGO_DEBUG=0, PostgreSQL and Redis. A nurse signs in through the OpenID Connect
provider, discharges a patient, the call completes (simulated dialer), /readyz and /metrics
answer; stopping the qcluster turns /readyz not ready and the due-calls gauge grows.

Runs when the suite runs on PostgreSQL with REDIS_TEST_URL set (the second pass of .ci/run)."""

from __future__ import annotations

import importlib.util
import os
import re
import ssl
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from django.conf import settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from tests.oidc_provider.server import free_port, running_provider, sso_login, wait_until
from tests.patience import patience

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (ON_POSTGRES and REDIS_TEST_URL), reason="needs DATABASE_URL on PostgreSQL and REDIS_TEST_URL"
    ),
]

REPO = Path(settings.BASE_DIR)
HEARTBEAT_SECONDS = 5
ZONES = ["Pacific/Honolulu", "America/Los_Angeles", "America/New_York", "Europe/London", "Asia/Kolkata", "Asia/Tokyo"]
KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "UV_LINK_MODE")


def load_serve():
    spec = importlib.util.spec_from_file_location("postop_serve", REPO / "deploy" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def database_url() -> Iterator[str]:
    import psycopg

    default = settings.DATABASES["default"]
    params = {"host": default["HOST"] or "127.0.0.1", "port": default["PORT"] or 5432, "user": default["USER"]}
    if default.get("PASSWORD"):
        params["password"] = default["PASSWORD"]
    name = f"test_postop_stack_{uuid.uuid4().hex[:8]}"
    password = f":{default['PASSWORD']}" if default.get("PASSWORD") else ""
    yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def daytime_zone() -> str:
    now = timezone.now()
    return next(z for z in ZONES if 10 <= now.astimezone(ZoneInfo(z)).hour < 16)


def metric_samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def discharge(client: httpx.Client, portal: str, *, last_name: str, key: str) -> str:
    """Discharges a new patient with a wellness check (due two hours after discharge, so now);
    returns the patient page's URL."""
    form = client.get(f"{portal}/patients/discharge/")
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    clinic_time = timezone.now().astimezone(ZoneInfo("America/New_York")) - timedelta(hours=3)
    response = client.post(
        f"{portal}/patients/discharge/",
        data={
            "csrfmiddlewaretoken": token,
            "submission_key": key,
            "patient_mode": "new",
            "new-first_name": "Odette",
            "new-last_name": last_name,
            "new-external_id": f"MRN-{key}",
            "new-phone": "(212) 555-0166",
            "new-date_of_birth": "1958-03-09",
            "new-time_zone": daytime_zone(),
            "new-preferred_language": "en",
            "discharged_at": clinic_time.strftime("%Y-%m-%dT%H:%M"),
            "procedure": "Sclerotherapy of a venous malformation",
            "orders": ["post_wellness_check"],
        },
        headers={"Referer": f"{portal}/patients/discharge/"},
    )
    assert response.status_code == 302, response.text[:2000]
    return f"{portal}{response.headers['location']}"


def test_the_production_stack_end_to_end(tmp_path, database_url):
    serve = load_serve()
    port = free_port()
    portal = f"https://127.0.0.1:{port}"
    idp_state = tmp_path / "idp"
    idp_state.mkdir()
    with running_provider(idp_state, f"{portal}/oidc/callback/") as idp:
        idp.add_user("nora.nurse", ["hosp-nurses"])
        base = {name: os.environ[name] for name in KEEP if name in os.environ}
        base.update(idp.portal_settings("hosp-nurses=Nurses"))
        base.update(
            {
                "DATABASE_URL": database_url,
                "REDIS_URL": REDIS_TEST_URL,
                "Q_CLUSTER_NAME": f"stack{uuid.uuid4().hex[:8]}",
                "QCLUSTER_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
                "OIDC_RECHECK_SECONDS": "300",
            }
        )
        state = tmp_path / "serve"
        env = serve.serve_environment(state, port=port, base=base)
        serve.prepare(env, state)
        web = serve.start_web(env, log=tmp_path / "web.log")
        cluster = serve.start_qcluster(env, log=tmp_path / "qcluster.log")
        token = (state / "metrics_token").read_text().strip()
        auth = {"Authorization": f"Bearer {token}"}
        try:
            with httpx.Client(verify=ssl.create_default_context(cafile=state / "cert.pem"), timeout=60) as client:
                ready = wait_until(
                    lambda: (r := client.get(f"{portal}/readyz", headers=auth)).status_code == 200 and r,
                    timeout=patience(120),
                    what="/readyz to report ready",
                    interval=1,
                )
                checks = ready.json()["checks"]
                assert checks["broker"]["detail"] == "redis" and checks["database"]["detail"] == "postgresql"
                assert client.get(f"{portal}/healthz").json() == {"status": "alive"}
                assert client.get(f"{portal}/readyz").json() == {"status": "ready"}  # bare without the token

                # Single sign-on: no TOTP step for SSO sessions; the session cookie is Secure (HTTPS only).
                home = sso_login(client, portal, "nora.nurse")
                assert home.status_code == 200 and "Dashboard" in home.text, home.text[:1000]
                session_cookie = next(c for c in client.cookies.jar if c.name == "sessionid")
                assert session_cookie.secure

                patient_url = discharge(client, portal, last_name="Stackwell", key="stack-1")
                page = client.get(patient_url).text
                call_id = int(re.search(r'href="/calls/(\d+)/"', page).group(1))

                def call_status() -> str | None:
                    body = client.get(f"{portal}/api/v1/calls/{call_id}/").json()
                    return body["status"] if body["status"] in ("completed", "voicemail", "failed") else None

                assert (
                    wait_until(call_status, timeout=patience(240), what="the simulated call to finish", interval=2)
                    == "completed"
                )

                samples = metric_samples(client.get(f"{portal}/metrics", headers=auth).text)
                assert samples[("postop_calls", (("status", "completed"),))] >= 1
                assert samples[("postop_qcluster_alive", ())] == 1
                assert any(name == "postop_http_requests_total" for name, _ in samples)
                assert client.get(f"{portal}/metrics").status_code == 401
                due_before = samples[("postop_calls_due_waiting", ())]

                # The job cluster stops: readiness follows within the heartbeat window.
                serve.stop(cluster)
                wait_until(
                    lambda: client.get(f"{portal}/readyz", headers=auth).status_code == 503,
                    timeout=60,
                    what="/readyz to report not ready",
                    interval=1,
                )
                detail = client.get(f"{portal}/readyz", headers=auth).json()["checks"]["qcluster"]
                assert detail["ok"] is False

                discharge(client, portal, last_name="Waitley", key="stack-2")
                samples = metric_samples(client.get(f"{portal}/metrics", headers=auth).text)
                assert samples[("postop_calls_due_waiting", ())] == due_before + 1
                assert samples[("postop_calls_oldest_overdue_seconds", ())] > 0
        finally:
            serve.stop(cluster)
            serve.stop(web, grace=30)

    # The stack's logs are JSON lines and never hold the patients' details.
    for log in ("web.log", "qcluster.log"):
        text = (tmp_path / log).read_text(errors="replace")
        for term in ("Odette", "Stackwell", "Waitley", "555-0166", "5550166", "1958-03-09"):
            assert term not in text, f"{log} holds {term!r}"
