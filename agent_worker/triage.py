"""The portal's red-flag rules, run in the agent worker on the patient's words as they are heard.

The agent needs the tier's wording for its very next line, so it reads each patient turn with the
same rules the portal uses (calls.triage.rules and what it imports: reviewed YAML, spaCy/ConText,
no Django, no database) instead of waiting on an HTTP round trip. The portal stays the authority:
it triages every patient turn it receives (in the background batches), raises the escalation, and
answers its own reading of the turn in the batch's result. When the two differ (say the worker was
started before a catalogue change) the portal's reading wins (CallState.server_triage).

`calls` is imported on first use only: importing agent_worker never loads the portal's code.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

TIER_RANK = {None: 0, "routine": 1, "urgent": 2, "emergent": 3}


@dataclass(frozen=True)
class LocalTriage:
    """The agent's own reading of one patient turn."""

    tier: str | None
    keys: tuple[str, ...]
    title: str
    say: str
    catalogue: str
    # Someone else's emergency named in the turn ("my mom has chest pain"): the reviewed 911 line for them.
    bystander: str = ""

    def as_event(self) -> dict[str, Any]:
        """What the turn's event carries to the portal, which compares it with its own reading."""
        return {"tier": self.tier, "keys": list(self.keys), "catalogue": self.catalogue}


def _django_settings_ready() -> bool:
    """Whether this process has the portal's settings (the simulated agent runs inside the portal's workers)."""
    if "django.conf" not in sys.modules:
        return False
    from django.conf import settings

    return bool(settings.configured)


def triage_locally(
    text: str,
    *,
    order_sets: Iterable[str] = (),
    language: str = "en",
    callback: str = "",
    learned: dict[str, float] | None = None,
    speaker: str | None = None,
) -> LocalTriage:
    """The red flags in `text` by the portal's rules; `callback` is the clinic's number as it is spoken.

    Inside the portal's processes (Django configured) this is exactly the portal's evaluate_rules,
    the learned stage included when it is on. In the LiveKit worker (no Django) it is the rules, then,
    with the learned stage for the languages in `learned` (language -> threshold, as the portal sent them in the
    call's context) added as the portal's evaluate_rules adds it (rules.with_learned_stage).
    `speaker` is who the portal says is speaking (calls.triage.escalations speaker_for): the call's context
    at first ("caregiver" for a child patient), then the portal's answer to verify_identity (the patient, or a
    caregiver speaking for them, as the person said; CallState.speaker). An emergency named of someone else,
    when the patient has no emergent red flag, gives `bystander`: the line the portal's turn_result says for it.
    """
    from calls.triage import rules
    from calls.triage.catalogue import load_catalogue

    flags = None
    if not _django_settings_ready():
        if language == "es":
            from calls.triage.catalogue_es import load_catalogue_es

            flags = load_catalogue_es()
        else:
            flags = load_catalogue()
    options: dict[str, Any] = {"order_sets": list(order_sets), "flags": flags, "language": language, "speaker": speaker}
    matches = rules.evaluate_rules(text, **options)
    if flags is not None and language in (learned or {}):
        applicable = tuple(flag for flag in flags if flag.applies_to(list(order_sets)))
        matches = rules.with_learned_stage(text, matches, applicable, language, (learned or {})[language])
    bystander = ""
    if not matches or matches[0].tier != "emergent":
        others = rules.bystander_emergencies(text, **options)
        bystander = others[0].instruction if others else ""
    if not matches:
        return LocalTriage(None, (), "", "", rules.catalogue_version(), bystander)
    top = matches[0]
    say = f"{top.instruction_for(callback)} {bystander}".strip()
    return LocalTriage(top.tier, tuple(m.key for m in matches), top.title, say, rules.catalogue_version(), bystander)


def more_serious(server: dict[str, Any], local: LocalTriage | None) -> bool:
    """Whether the portal's reading of a turn asks for more than the agent's own one did."""
    return TIER_RANK.get(server.get("tier"), 0) > TIER_RANK.get(local.tier if local else None, 0)


def warm_up() -> float:
    """Load the catalogues, the spaCy/ConText pipeline and the learned stage's default models now (once
    per process); seconds taken. The call context names the languages the stage is on for; the default
    ones are trained here so a call's first turn does not wait a second or more for scikit-learn."""
    from calls.triage import learned

    started = time.perf_counter()
    triage_locally("I have chest pain and a feaver of 102.")
    triage_locally("Tengo dolor de pecho y fiebre de treinta y nueve.", language="es")
    for language in learned.DEFAULT_LANGUAGES:
        learned.warm(language)
    return time.perf_counter() - started
