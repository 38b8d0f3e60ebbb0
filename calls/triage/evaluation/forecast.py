"""The learned stage's time-ordered forecast: what it adds on a batch the rules have not been tuned on yet.

Run it on a fresh development batch before any rule is changed for it (the batch need not be registered yet):

    python -m calls.triage.evaluation.forecast /path/to/utterances_X.jsonl en

It scores the batch with the rules alone and with the learned stage at each threshold of a grid, trained as this
checkout trains it (the development data registered here, which does not include the new batch), and prints recall
per tier and the false alarms on "none", both as a call hears it and from the words alone. For a batch that is
already registered and tuned on, check out its registration commit in a detached worktree and run this there with
the stage trained without it (THRESHOLDS in calls/triage/learned.py records the batches and commits read on 1 Dec).
Never run it on the test half or a held-out batch: the thresholds are chosen from its output.
"""

from __future__ import annotations

import json
import os
import sys

GRID = (-0.5, -0.4, -0.3, -0.2, -0.1, 0.0)


def main(path: str, language: str) -> None:
    from django.conf import settings

    from calls.triage.catalogue import TIER_RANK
    from calls.triage.evaluation.report import predicted_tier, speaker_for_row
    from calls.triage.evaluation.split import Utterance

    with open(path, encoding="utf-8") as lines:
        items = [Utterance(**json.loads(line), language=language, half="forecast") for line in lines if line.strip()]
    for words_only in (False, True):
        print(f"{os.path.basename(path)}: {'words only' if words_only else 'as a call hears it'}")
        for threshold in (None, *GRID):
            settings.TRIAGE_LEARNED_STAGE = threshold is not None
            settings.TRIAGE_LEARNED_LANGUAGES = [language]
            settings.TRIAGE_LEARNED_THRESHOLDS = {"en": threshold or 0.0, "es": threshold or 0.0}
            caught = {tier: [0, 0] for tier in TIER_RANK}
            alarms = [0, 0]
            for item in items:
                got, _ = predicted_tier(item.text, language, speaker_for_row(item, words_only=words_only))
                if item.tier == "none":
                    alarms[0] += got != "none"
                    alarms[1] += 1
                else:
                    caught[item.tier][0] += got != "none" and TIER_RANK[got] >= TIER_RANK[item.tier]
                    caught[item.tier][1] += 1
            label = "rules only" if threshold is None else f"t={threshold:+.1f}"
            ordered = sorted(caught.items(), key=lambda kv: -TIER_RANK[kv[0]])
            recall = "  ".join(f"{tier} {a}/{b}" for tier, (a, b) in ordered)
            print(f"  {label:>10}: {recall}  false alarms {alarms[0]}/{alarms[1]}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postop.settings")
    import django

    django.setup()
    main(sys.argv[1], sys.argv[2])
