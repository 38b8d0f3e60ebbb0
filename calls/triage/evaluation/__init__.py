"""Labelled patient utterances for measuring the red-flag rules, written independently of them.

Labelling conventions (how a post-operative nurse hears the words):
- A red flag the patient reports, or may have ("I don't think it's infected but it's red and hot"),
  carries its catalogue key and tier with context "affirmed" or "uncertain". An utterance with a
  benign part and a red flag takes the red flag's tier; with two red flags, the more serious key.
- A parent or carer speaking about the child or the person who had the procedure speaks for the
  patient ("my son's calf is swollen", "I'm calling for my husband, he's the patient").
  Someone else's symptom ("my mom has chest pain", "my friend had a stroke") is tier "none" with
  context "other_person" for this patient's record.
- "none" also covers negated ("no fever, no chills"), historical ("I had chest pain before the
  surgery, it's gone now"), hypothetical ("what if I get a fever?") and benign statements or
  questions the care guide answers ("is some swelling normal?", "the bruise is turning yellow",
  near-misses such as "I'm short on breath mints").
- "nurse_request" (routine) is a request for a person: a nurse or the clinic calling back.
- Temperatures: 101 F / 38.3 C or higher, or chills, is "fever" (urgent); 100.0-100.9 F
  (37.8-38.2 C) is "mild_fever" (routine); 99.5 F / 37.5 C or lower is normal. The set holds no
  readings between 99.5 F and 100 F, where nurses differ.

`utterances.jsonl` is English (ids u0001...); `utterances_es.jsonl` is Spanish (ids es0001...), with
Caribbean, Mexican and Central American everyday wording ("calentura", "me dio un patatús", "el
cipote", "los labios moraos") and speakers mixing in English ("tiene fever de 102", style
"code_switch"). `load(half, language="en"|"es")` reads either, with the same split.
"""

from __future__ import annotations

from calls.triage.evaluation.split import KEY_TIERS, DatasetError, Utterance, load

__all__ = ["KEY_TIERS", "DatasetError", "Utterance", "load"]
