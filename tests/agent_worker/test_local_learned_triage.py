"""The agent worker reads a patient's turn as the portal does when the learned triage stage is on: the
portal sends the stage's thresholds in the call's context, and the worker (no Django) runs the same
classifier where the rules found nothing, so the tier's instruction is its next line, not a turn later."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agent_worker.triage import triage_locally
from calls.selectors import call_agent_context
from calls.triage import learned
from calls.triage.rules import evaluate_rules
from tests.factories import CallRecordFactory

# Written for this file; the rules alone miss it, the learned stage names it.
LEARNED_ONLY = "I swallowed a bunch more of the oxy than I should"


def _in_a_process_without_django(code: str) -> str:
    """What `code` prints, run in a fresh Python as the LiveKit worker runs (no Django settings)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=".")
    assert done.returncode == 0, done.stderr[-500:]
    return done.stdout.strip()


def test_the_worker_runs_the_learned_stage_without_django():
    code = (
        "import sys; from agent_worker.triage import triage_locally;"
        f"r = triage_locally({LEARNED_ONLY!r}, learned={{'en': 0.0}});"
        "q = triage_locally('When can I take a shower?', learned={'en': 0.0});"
        "print(r.tier, r.keys[0], q.tier, "
        "sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'patients', 'orders', 'knowledge', 'postop'}))"
    )
    output = _in_a_process_without_django(code)
    assert output == "urgent medication_overdose None []"


def test_inside_the_portal_the_reading_is_evaluate_rules_with_the_stage_on():
    local = triage_locally(LEARNED_ONLY, learned={"en": 0.0})
    [match] = evaluate_rules(LEARNED_ONLY)
    assert (local.tier, local.keys) == (match.tier, (match.key,)) == ("urgent", ("medication_overdose",))


@pytest.mark.django_db
def test_the_call_context_carries_the_learned_thresholds(settings):
    record = CallRecordFactory()
    assert call_agent_context(record=record)["triage"]["learned"] == {"en": 0.0, "es": 0.0}
    settings.TRIAGE_LEARNED_STAGE = False
    assert call_agent_context(record=record)["triage"]["learned"] == {}


def test_the_workers_warm_up_trains_the_default_learned_models_without_django():
    """A call's first turn must not wait for scikit-learn to train: the worker's warm-up does it."""
    code = (
        "import sys; from agent_worker.triage import warm_up; from calls.triage import learned;"
        "warm_up(); print(learned._model.cache_info().currsize, "
        "'django.conf' in sys.modules and bool(sys.modules['django.conf'].settings.configured))"
    )
    output = _in_a_process_without_django(code)
    trained, django_configured = output.split()
    assert int(trained) == len(learned.DEFAULT_LANGUAGES)
    assert django_configured == "False"


def test_the_worker_adds_an_emergent_concept_the_stage_names_over_the_rules_urgent_one_without_django():
    """The emergent upgrade (calls.triage.rules.with_learned_stage) is the worker's too: the stage's prediction is
    fixed in the subprocess so the test reads the combining, not the model."""
    code = (
        "from calls.triage import learned; from agent_worker.triage import triage_locally;"
        "learned.predict = lambda text, language='en', **kw: learned.LearnedPrediction('bleeding_uncontrolled', 0.5);"
        "r = triage_locally('The dressing is soaked through with blood.', learned={'en': 0.0});"
        "off = triage_locally('The dressing is soaked through with blood.', learned={});"
        "print(r.tier, ','.join(r.keys), off.tier, ','.join(off.keys))"
    )
    output = _in_a_process_without_django(code)
    assert output == "emergent bleeding_uncontrolled urgent bleeding_soaked_dressing"
