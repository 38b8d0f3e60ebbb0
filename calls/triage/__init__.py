"""Red-flag triage: the catalogue's matching (rules) and the escalations nurses work (escalations).

`evaluate_rules(text, *, order_sets=None, language="en")` is the one public entry point every trigger goes
through; `language` is the patient's ("es" reads Spanish: redflags_es.yaml, context_es.yaml).
"""

from __future__ import annotations

from calls.triage.escalations import (
    EscalationActionError,
    escalation_acknowledge,
    escalation_due_by,
    escalation_raise,
    escalation_resolve,
    escalations_for_matches,
    order_sets_for,
    triage_text,
    triage_turn,
)
from calls.triage.rules import RuleMatch, evaluate_rules, red_flag_catalogue, temperatures

__all__ = [
    "EscalationActionError",
    "RuleMatch",
    "escalation_acknowledge",
    "escalation_due_by",
    "escalation_raise",
    "escalation_resolve",
    "escalations_for_matches",
    "evaluate_rules",
    "order_sets_for",
    "red_flag_catalogue",
    "temperatures",
    "triage_text",
    "triage_turn",
]
