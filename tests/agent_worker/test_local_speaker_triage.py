"""The agent's own reading of a turn (agent_worker/triage.py) hears who is speaking and someone else's
emergency as the portal does: the speaker comes in the call's context, the bystander line from the catalogue."""

from __future__ import annotations

import pytest

from agent_worker import triage as local
from calls.triage.rules import bystander_emergencies, evaluate_rules


@pytest.fixture(params=["portal process", "livekit worker"])
def where(request, monkeypatch):
    if request.param == "livekit worker":  # no Django settings: the catalogues are passed in, as in the worker
        monkeypatch.setattr(local, "_django_settings_ready", lambda: False)
    return request.param


@pytest.mark.parametrize(
    "text,language,speaker",
    [
        ("my dad's lips look bluish", "en", "caregiver"),
        ("my dad's lips look bluish", "en", None),
        ("mi papá tiene la boca moradita", "es", "caregiver"),
        ("my neighbour here is having a seizure", "en", None),
        ("mi vecino está convulsionando", "es", None),
        ("my mom had chest pain years ago", "en", None),
        ("my husband has chest pain but he's not the one who had surgery", "en", "caregiver"),
    ],
)
def test_the_agent_reads_a_turn_as_the_portal_does(where, text, language, speaker):
    reading = local.triage_locally(text, language=language, speaker=speaker)
    portal = evaluate_rules(text, language=language, speaker=speaker)
    assert reading.keys == tuple(m.key for m in portal)
    others = bystander_emergencies(text, language=language, speaker=speaker)
    assert reading.bystander == (others[0].instruction if others and not portal else "")


def test_a_caregivers_relative_gets_the_911_instruction(where):
    reading = local.triage_locally("my mom is talking funny, her words are slurred", speaker="caregiver")
    assert reading.tier == "emergent" and reading.say.startswith("Please hang up and call 911 now.")
    assert reading.bystander == ""


def test_someone_elses_emergency_has_no_tier_but_a_line_for_them(where):
    reading = local.triage_locally("my neighbour here is having a seizure")
    assert reading.tier is None and reading.keys == () and reading.say == ""
    assert reading.bystander == "If they are with you and having a seizure now, please hang up and call 911 for them."
    assert reading.as_event() == {"tier": None, "keys": [], "catalogue": reading.catalogue}
