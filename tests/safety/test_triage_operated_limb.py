"""A limb weak or stiff because of its own operation is the surgery, not a stroke; idioms that only look like red flags.

After shoulder, elbow or hand surgery "I can't lift my right arm" is expected (a sling, the nerve block), and a nurse
would not send that patient to 911; said with no reason, or with another limb's operation, it is a stroke sign and
fires. The stroke entries' `unless` words (redflags.yaml, redflags_es.yaml; lexicon classes own_operation) explain it
away, and the learned stage, which names a concept but no words, is vetoed by them anywhere in the text. Found on
1 Dec reading the round-8 tuners' reports (the Spanish one fired stroke and unresponsive, both emergent)."""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules

EXPLAINED = [
    ("en", "I can't lift my right arm because of the shoulder surgery"),
    ("en", "since my rotator cuff repair I can't lift my right arm"),
    ("en", "I can't lift my left arm out of the sling"),
    ("en", "I can't raise my right arm, the operated shoulder is still stiff"),
    ("es", "No puedo levantar el brazo derecho por la cirugía del hombro"),
    ("es", "no puedo levantar el brazo derecho, me operaron del hombro"),
    ("es", "todavía no puedo levantar el brazo izquierdo con el cabestrillo"),
]

STILL_A_STROKE = [
    ("en", "I can't lift my right arm"),
    ("en", "all of a sudden I can't raise my left arm"),
    ("en", "I can't raise my left arm after the knee surgery"),
    ("es", "de repente no puedo levantar el brazo derecho"),
    ("es", "mi papá no puede levantar el brazo izquierdo, lo operaron de la rodilla"),
    ("es", "no puedo levantar el brazo derecho y se me durmió la cara"),
]

IDIOMS = [
    ("en", "my face fell when I saw the bill"),
    ("en", "I'm drinking through a straw so I don't spill"),
    ("en", "I can only drink through a straw for now"),
    ("es", "no puedo levantar cosas pesadas todavía"),
]

STILL_FIRES = [
    ("en", "it feels like I'm breathing through a straw", "shortness_of_breath"),
    ("en", "it's like sucking air through a coffee straw", "shortness_of_breath"),
    ("en", "my face fell on one side", "stroke"),
    ("es", "no la puedo levantar, no reacciona", "unresponsive"),
]


@pytest.mark.parametrize("learned_on", [False, True], ids=["rules_only", "with_learned"])
@pytest.mark.parametrize(("language", "said"), EXPLAINED + IDIOMS)
def test_explained_by_its_own_operation_or_an_idiom_raises_nothing(settings, learned_on, language, said):
    settings.TRIAGE_LEARNED_STAGE = learned_on
    assert evaluate_rules(said, language=language) == []


@pytest.mark.usefixtures("rules_only")
@pytest.mark.parametrize(("language", "said"), STILL_A_STROKE)
def test_a_weak_arm_with_no_reason_or_another_limbs_operation_is_a_stroke(language, said):
    matches = evaluate_rules(said, language=language)
    assert matches and matches[0].key == "stroke" and matches[0].tier == "emergent"


@pytest.mark.usefixtures("rules_only")
@pytest.mark.parametrize(("language", "said", "key"), STILL_FIRES)
def test_the_red_flag_beside_the_idiom_still_fires(language, said, key):
    assert key in [m.key for m in evaluate_rules(said, language=language)]
