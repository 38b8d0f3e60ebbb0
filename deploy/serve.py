"""`make serve`: the production stack on this machine: gunicorn (HTTPS, self-signed) and the
django-q2 cluster, DJANGO_DEBUG=0, on PostgreSQL and Redis.

    make serve                                  # https://127.0.0.1:8443/
    .venv/bin/python deploy/serve.py manage create_staff_user --role nurse --username ana   # any manage.py command

Defaults (override in the environment): DATABASE_URL=postgres://postgres@127.0.0.1:5432/postop_serve,
REDIS_URL=redis://127.0.0.1:6379/0, SERVE_PORT=8443. A SECRET_KEY and a METRICS_TOKEN are made
once and kept in .serve/ (never commit it). tests/deploy/test_production_stack.py drives the
same functions.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
QCLUSTER_STOP_SECONDS = 15  # then SIGKILL, as systemd's TimeoutStopSec does


def _kept_secret(state: Path, name: str) -> str:
    path = state / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def serve_environment(state: Path, *, port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    """The production environment for a local stack; values already in `base` win."""
    state.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ if base is None else base)
    origin = f"https://127.0.0.1:{port}"
    defaults = {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": _kept_secret(state, "secret_key"),
        "METRICS_TOKEN": _kept_secret(state, "metrics_token"),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postop_serve",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": origin,
        "PORTAL_URL": origin,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_CERTFILE": str(state / "cert.pem"),
        "GUNICORN_KEYFILE": str(state / "key.pem"),
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(state / "metrics"),
        # The simulated agent inside the qcluster posts to PORTAL_URL: trust the local certificate.
        "SSL_CERT_FILE": str(state / "cert.pem"),
        "Q_STATS_DIR": str(state / "qstats"),
        "SECURE_HSTS_SECONDS": "0",  # a self-signed local host must not be pinned to HTTPS for a year
        "LOG_FORMAT": "json",
    }
    for name, value in defaults.items():
        env.setdefault(name, value)
    return env


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(PYTHON), "manage.py", *args], cwd=REPO, env=env, check=check)  # noqa: S603


def create_database(env: dict[str, str]) -> None:
    """CREATE DATABASE when the PostgreSQL database in DATABASE_URL does not exist yet."""
    import psycopg

    url = urlsplit(env["DATABASE_URL"])
    if url.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"make serve runs on PostgreSQL; DATABASE_URL is {url.scheme}://...")
    name = url.path.lstrip("/")
    admin_url = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def prepare(env: dict[str, str], state: Path) -> None:
    """Database, static files, catalog, knowledge, schedules and the local certificate."""
    create_database(env)
    if not (state / "cert.pem").exists():
        manage(env, "make_local_cert", "--out", str(state), "--host", "127.0.0.1", "--host", "localhost")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "load_order_catalog")
    manage(env, "build_knowledge", "--sample")
    manage(env, "setup_schedules")


def start_web(env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    out = log.open("ab") if log else None
    return subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "--config", str(REPO / "deploy" / "gunicorn.conf.py")],
        cwd=REPO,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
    )


def start_qcluster(env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    out = log.open("ab") if log else None
    return subprocess.Popen(  # noqa: S603
        [str(PYTHON), "manage.py", "qcluster"],
        cwd=REPO,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
        start_new_session=True,  # its own process group: stopping it reaches its workers too
    )


def stop(process: subprocess.Popen, *, grace: float = QCLUSTER_STOP_SECONDS) -> None:
    """SIGTERM, then SIGKILL to the whole process group after `grace` seconds (qcluster can hang
    on SIGTERM; systemd's KillMode=mixed + TimeoutStopSec does the same)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
        process.wait()


def main(argv: list[str]) -> int:
    state = REPO / ".serve"
    port = int(os.environ.get("SERVE_PORT", "8443"))
    env = serve_environment(state, port=port)
    if argv[:1] == ["manage"]:
        return manage(env, *argv[1:], check=False).returncode
    prepare(env, state)
    web = start_web(env)
    cluster = start_qcluster(env)
    print(
        f"\nPostOp AI (production settings) on https://127.0.0.1:{port}/ (self-signed certificate)\n"
        f"  readiness: https://127.0.0.1:{port}/readyz   metrics token: {state / 'metrics_token'}\n"
        "  a first account: .venv/bin/python deploy/serve.py manage create_staff_user --role admin --username you\n"
        "  Ctrl-C stops both processes.\n",
        flush=True,
    )
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping and web.poll() is None and cluster.poll() is None:
            time.sleep(0.5)
    finally:
        stop(web, grace=30)
        stop(cluster)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
