"""The call's commonest answers raise nothing: a mild pain rating or medicine that helps is controlled pain.

Found on 1 Dec when the everyday-answers batches (dev_answers1, answers1) were scored before anything was tuned on
them: the learned stage, which reads "pain" and "pills" together as uncontrolled pain, raised an urgent escalation for
"my pain is a 3 and the pills help" in both languages. The uncontrolled-pain entries' `unless` words (a rating of 0-6,
the medicine helping, "controlled") explain a rule match away close by and veto the learned stage anywhere."""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules

CONTROLLED = [
    ("en", "my pain is a 3 and the pills help"),
    ("en", "the pain is controlled with the medicine"),
    ("en", "pain's about a 5 but the tylenol takes care of it"),
    ("es", "el dolor está en tres y las pastillas me ayudan"),
    ("es", "el dolor está controlado"),
    ("es", "el dolor es un seis cuando me muevo pero las pastillas me ayudan"),
]

NOT_CONTROLLED = [
    ("en", "the pain is bad and the pills dont help"),
    ("en", "pain meds just don't work, it's a 9"),
    ("en", "the pain is a 10 even after the oxy"),
    ("es", "el dolor es un diez y la medicina no me lo baja nada"),
    ("es", "las pastillas ya no me ayudan, el dolor es insoportable"),
    # the medicine that "doesn't bring it down", and the b/v slip of a texting patient (not the batch's words)
    ("es", "me tomo el tramadol cada seis horas pero no me baja el dolor"),
    ("es", "la pastilla no me sirbe de nada"),
    ("es", "los calmantes no me aiudan nada"),
]


@pytest.mark.parametrize("learned_on", [False, True], ids=["rules_only", "with_learned"])
@pytest.mark.parametrize(("language", "said"), CONTROLLED)
def test_controlled_pain_raises_nothing(settings, learned_on, language, said):
    settings.TRIAGE_LEARNED_STAGE = learned_on
    settings.TRIAGE_LEARNED_LANGUAGES = ["en", "es"]
    assert evaluate_rules(said, language=language) == []


@pytest.mark.parametrize(("language", "said"), NOT_CONTROLLED)
def test_pain_the_medicine_does_not_control_still_fires(language, said):
    assert "uncontrolled_pain" in [m.key for m in evaluate_rules(said, language=language)]
