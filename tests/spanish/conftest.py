"""A live portal with the simulated dialer and the offline scripted model, for whole calls in Spanish."""

from __future__ import annotations

import pytest
from django_q.conf import Conf


@pytest.fixture(scope="session")
def triage_loaded():
    """The red-flag pipelines loaded before a call: the first load (spaCy, both catalogues) can take longer
    than the agent's 10-second triage request on a busy machine, and the live server loads them lazily."""
    from calls.triage.rules import warm_up

    warm_up()


@pytest.fixture
def portal(live_server, settings, monkeypatch, triage_loaded):
    settings.PORTAL_URL = live_server.url
    settings.DIALER_BACKEND = "simulated"
    settings.OPENAI_API_KEY = ""  # the offline scripted model
    monkeypatch.setattr(Conf, "SYNC", True)
    return live_server


@pytest.fixture
def scripted_dialer(monkeypatch):
    """Use a SimulatedDialer with a chosen patient scenario and answers for the next calls."""
    from calls.dialing.simulated import SimulatedDialer

    def install(scenario: str | None = "cooperative", answers: dict[str, list[str]] | None = None) -> SimulatedDialer:
        dialer = SimulatedDialer(scenario=scenario, answers=answers)
        monkeypatch.setattr("calls.dialing.backends.get_backend", lambda name=None: dialer)
        return dialer

    return install
