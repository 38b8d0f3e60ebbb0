"""`python -m agent_worker` registers both agents with a LiveKit worker endpoint (issue 7).

The LiveKit side is a real local peer speaking the worker protocol (livekit_worker_peer.py);
the worker is the real module in a subprocess, with its own process group so teardown can
always reap it. Provider keys are dummies: nothing calls OpenAI or Cartesia at registration.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from livekit.agents import __version__ as agents_version

from agent_worker.config import CALLBACK_AGENT_NAME, FOLLOWUP_AGENT_NAME
from tests.agent_worker.livekit_worker_peer import LiveKitWorkerPeer, OutboundTrap, running_peer, running_trap
from tests.patience import patience

pytestmark = pytest.mark.integration

DEADLINE = 60.0
ROOT = Path(__file__).resolve().parents[2]
BOTH = {FOLLOWUP_AGENT_NAME, CALLBACK_AGENT_NAME}
DOWNLOAD_HINTS = ("huggingface", "hf_hub", "Downloading", "download_files")


@pytest.fixture
def livekit_peer() -> Iterator[LiveKitWorkerPeer]:
    with running_peer() as peer:
        yield peer


@pytest.fixture
def outbound_trap() -> Iterator[OutboundTrap]:
    with running_trap() as trap:
        yield trap


def worker_env(peer: LiveKitWorkerPeer, trap: OutboundTrap, *, secret: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "AGENT_")) and "PROXY" not in k}
    env.update(
        LIVEKIT_URL=peer.url,
        LIVEKIT_API_KEY=peer.api_key,
        LIVEKIT_API_SECRET=secret or peer.api_secret,
        OPENAI_API_KEY="sk-test-not-used",
        CARTESIA_API_KEY="cartesia-test-not-used",
        AGENT_SERVICE_KEY="service-key-not-used",
        PORTAL_URL="http://127.0.0.1:9",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        # Anything that tries to fetch a model or file (requests, httpx, urllib) goes to the trap.
        # Lower-case only: livekit-agents sends its own LiveKit connection through the upper-case
        # HTTPS_PROXY/HTTP_PROXY and ignores NO_PROXY.
        http_proxy=trap.url,
        https_proxy=trap.url,
        no_proxy="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def run_worker(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Path]]]:
    started: list[subprocess.Popen[bytes]] = []

    def _run(env: dict[str, str], mode: str = "dev") -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "agent_worker", "--agent", "all", mode],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the follow-up server and the callback child
            )
        started.append(proc)
        return proc, log

    yield _run
    for proc in started:
        if group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def registered_names(seen: dict[str, Any]) -> set[str]:
    return {r.agent_name for r in seen["registrations"]}


def stop_and_wait(proc: subprocess.Popen[bytes], sig: signal.Signals, *, group: bool = False) -> int:
    (os.killpg if group else os.kill)(proc.pid, sig)
    rc = proc.wait(timeout=patience(30))
    deadline = time.monotonic() + 15
    while group_alive(proc.pid) and time.monotonic() < deadline:  # the callback child
        time.sleep(0.2)
    assert not group_alive(proc.pid), "a worker process outlived the signal"
    return rc


def assert_nothing_downloaded(log: Path, trap: OutboundTrap) -> str:
    text = log.read_text(errors="replace")
    assert trap.requests == []
    assert not [hint for hint in DOWNLOAD_HINTS if hint in text]
    return text


@pytest.mark.parametrize(("sig", "group"), [(signal.SIGTERM, False), (signal.SIGINT, True)], ids=["sigterm", "ctrl-c"])
def test_dev_registers_both_agents_stays_up_and_exits_cleanly(
    livekit_peer: LiveKitWorkerPeer, outbound_trap: OutboundTrap, run_worker: Any, sig: signal.Signals, group: bool
) -> None:
    proc, log = run_worker(worker_env(livekit_peer, outbound_trap))

    seen = livekit_peer.wait_for(lambda s: registered_names(s) >= BOTH, timeout=patience(DEADLINE))
    assert registered_names(seen) == BOTH, log.read_text(errors="replace")[-3000:]
    assert len(seen["registrations"]) == 2  # once each, no reconnect loop
    for reg in seen["registrations"]:
        assert reg.job_type == "JT_ROOM"  # one job per room: the portal dispatches into the call's room
        assert reg.version == agents_version
        assert reg.namespace == "" and reg.deployment == ""
        assert reg.permissions == {
            "can_publish": True,
            "can_subscribe": True,
            "can_publish_data": True,
            "hidden": False,
            "agent": True,
        }
        assert reg.token_agent_grant
    assert seen["rejected"] == []

    # After registering, each worker keeps reporting itself available over the same socket.
    ids = {r.worker_id for r in seen["registrations"]}
    seen = livekit_peer.wait_for(
        lambda s: {wid for wid, status in s["status_updates"] if status == "WS_AVAILABLE"} >= ids,
        timeout=patience(DEADLINE),
    )
    assert {wid for wid, status in seen["status_updates"] if status == "WS_AVAILABLE"} >= ids
    assert proc.poll() is None and seen["disconnects"] == []

    assert stop_and_wait(proc, sig, group=group) == 0
    after = livekit_peer.wait_for(lambda s: set(s["disconnects"]) >= ids, timeout=patience(10))
    assert set(after["disconnects"]) >= ids
    text = assert_nothing_downloaded(log, outbound_trap)
    assert text.count("registered worker") == 2
    assert "Traceback" not in text and "worker failed" not in text


def free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("0.0.0.0", port + 1))
                except OSError:
                    continue
                return port
    raise RuntimeError("no two consecutive free ports")


def test_start_mode_runs_both_servers_with_prewarmed_processes(
    livekit_peer: LiveKitWorkerPeer, outbound_trap: OutboundTrap, run_worker: Any
) -> None:
    """Production mode: both agents register (each on its own health port) and prewarm offline."""
    port = free_port_pair()
    env = worker_env(livekit_peer, outbound_trap) | {"AGENT_HEALTH_PORT": str(port)}
    proc, log = run_worker(env, mode="start")

    seen = livekit_peer.wait_for(lambda s: registered_names(s) >= BOTH, timeout=patience(DEADLINE))
    assert registered_names(seen) == BOTH, log.read_text(errors="replace")[-3000:]
    for health in (port, port + 1):
        with urllib.request.urlopen(f"http://127.0.0.1:{health}/", timeout=5) as response:
            assert response.status == 200 and response.read() == b"OK"
    deadline = time.monotonic() + DEADLINE  # idle job processes ran prewarm (Silero VAD from the wheel)
    while log.read_text(errors="replace").count('"process initialized"') < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert log.read_text(errors="replace").count('"process initialized"') >= 2

    assert stop_and_wait(proc, signal.SIGTERM) == 0
    text = assert_nothing_downloaded(log, outbound_trap)
    assert "worker failed" not in text and "address already in use" not in text


def test_wrong_secret_is_refused_and_the_worker_keeps_retrying(
    livekit_peer: LiveKitWorkerPeer, outbound_trap: OutboundTrap, run_worker: Any
) -> None:
    env = worker_env(livekit_peer, outbound_trap, secret="not-the-secret-livekit-was-configured-with")
    proc, log = run_worker(env)

    # livekit-agents retries after 0, 2, 4 ... s; both servers are refused, three times each.
    seen = livekit_peer.wait_for(lambda s: len(s["rejected"]) >= 6, timeout=patience(DEADLINE))
    assert len(seen["rejected"]) >= 6
    assert {status for status, _ in seen["rejected"]} == {401}
    assert {reason for _, reason in seen["rejected"]} == {"InvalidSignatureError"}
    assert seen["registrations"] == [] and seen["status_updates"] == []

    text = log.read_text(errors="replace")
    assert "failed to connect to livekit, retrying" in text
    assert "registered worker" not in text
    assert proc.poll() is None  # still retrying, not exited and not registered

    assert stop_and_wait(proc, signal.SIGTERM) == 0
    assert_nothing_downloaded(log, outbound_trap)
