"""Red-flag triage: the catalogue's matching (rules) and the escalations nurses work (escalations).

`evaluate_rules(text, *, order_sets=None, language="en", speaker=None)` is the one public entry point every
trigger goes through; `language` is the patient's ("es" reads Spanish: redflags_es.yaml, context_es.yaml);
`speaker` is who is talking as the call knows it (None: the words decide; "patient"; "caregiver": a close
relative named with a red flag is the patient). `bystander_emergencies` (same arguments) names the emergent
concepts said of someone else ("my mom has chest pain"), with the reviewed 911 line for them.

The names below are imported on first use (PEP 562), so that `calls.triage.rules` and what it imports
stay Django-free: the agent worker, which has no database, runs the same rules on the patient's words
(agent_worker/triage.py), while `calls.triage.escalations` needs the models.
"""

from __future__ import annotations

import importlib
from typing import Any

_FROM = {
    "EscalationActionError": "escalations",
    "escalation_acknowledge": "escalations",
    "escalation_due_by": "escalations",
    "escalation_raise": "escalations",
    "escalation_resolve": "escalations",
    "escalations_for_matches": "escalations",
    "order_sets_for": "escalations",
    "speaker_for": "escalations",
    "triage_text": "escalations",
    "triage_turn": "escalations",
    "Bystander": "rules",
    "RuleMatch": "rules",
    "bystander_emergencies": "rules",
    "evaluate_rules": "rules",
    "red_flag_catalogue": "rules",
    "temperatures": "rules",
}

__all__ = sorted(_FROM)


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_FROM])
