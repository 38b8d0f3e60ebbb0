"""Warm the agent stack in the qcluster parent, before it forks its workers.

django-q2 starts its sentinel and workers with the "fork" start method on Linux (and forks a new
worker from the sentinel whenever one is recycled). Importing the dial path here (the simulated
agent: livekit-agents, httpx, the scripted model; the LiveKit dialer: livekit-api) once in the
parent means every worker starts with it in memory, instead of each worker paying the import on
its first call (seconds on a loaded machine). Imports only: no threads, sockets or database
connections are opened here, so nothing unsafe crosses the fork.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time

logger = logging.getLogger(__name__)

AGENT_STACK = (
    "calls.tasks",
    "calls.dialing.simulated",
    "calls.dialing.livekit",
    "agent_worker.agents",
    "agent_worker.scripted",
    "agent_worker.simulation",
    "agent_worker.triage",
    "calls.triage.rules",  # the agent reads the patient's words with the portal's rules (imports only)
)


def is_qcluster(argv: list[str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    return len(argv) > 1 and argv[1] == "qcluster"


def warm_agent_stack() -> float:
    """Import the dial path; returns the seconds it took."""
    started = time.perf_counter()
    for name in AGENT_STACK:
        importlib.import_module(name)
    took = time.perf_counter() - started
    logger.info("agent stack warmed in the qcluster parent in %.1f s", took)
    return took
