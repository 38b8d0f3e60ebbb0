"""The triage evaluation set, split once into a development half and a test half.

Rules are tuned on `load("dev")` only; `load("test")` is what `make bench` reports. The split is a
function of the committed data and a fixed seed: within each stratum (a catalogue key, or for
"none" utterances their context) utterances are ordered by a SHA-256 hash of the seed and their id
and dealt alternately to the two halves, so every key has phrasings in both and nobody can move an
utterance between halves without changing its id or the seed.

Batches written later are separate files registered in `BATCHES`, one line each: development batches to tune
on (and train the learned stage on), and held-out batches that are only ever scored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

SEED = "postop-triage-2026"
DATA_DIR = Path(__file__).resolve().parent
FILES = {"en": DATA_DIR / "utterances.jsonl", "es": DATA_DIR / "utterances_es.jsonl"}

Role = Literal["development", "held_out"]


@dataclass(frozen=True)
class Batch:
    """A separately written evaluation file, never dealt into either half of the labelled set.

    "development" batches are tuned on (their misses are listed) and, unless `learned` is False, trained on by
    the learned stage; "held_out" batches are scored with the final rules only: never tuned on, never trained
    on, their misses never listed. `note` records who wrote the batch, what was dropped when it was copied in,
    and for a batch that was held out its last held-out reading.
    """

    name: str
    language: str
    file: str
    role: Role
    note: str
    learned: bool = True

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file

    @property
    def held_out(self) -> bool:
        return self.role == "held_out"

    @property
    def trained_on(self) -> bool:
        """Whether the learned stage trains on it (development data only, ever)."""
        return self.role == "development" and self.learned


# Every separate evaluation file, one entry each: registering a batch is one entry here (the loaders, triage_eval's
# choices and the learned stage's training parts all read this). A held-out batch that becomes development data
# keeps its entry, renamed (git mv) with role "development" and its last held-out reading in the note.
BATCHES: tuple[Batch, ...] = (
    # English
    Batch("dev_extra", "en", "utterances_dev_extra.jsonl", "development", "Written after the split to tune on."),
    Batch(
        "dev_fresh", "en", "utterances_dev_fresh.jsonl", "development",
        "Issue 14: scored before the rules were changed for it (the forecast for unseen phrasings), then tuned on.",
    ),
    Batch(
        "dev_fresh2", "en", "utterances_dev_fresh2.jsonl", "development",
        "Written after the dev_fresh round; scored as the generalisation after it, never tuned on.",
    ),
    Batch(
        "dev_fresh3", "en", "utterances_dev_fresh3.jsonl", "development",
        "By another engineer who never saw the rules; scored untuned first, then tuned on.",
    ),
    Batch(
        "dev_fresh5", "en", "utterances_dev_fresh5.jsonl", "development",
        "Same kind of writer; scored untuned first, then tuned on (key none stored as null; a line repeating "
        "another file word for word dropped).",
    ),
    Batch(
        "dev_fresh4", "en", "utterances_dev_fresh4.jsonl", "development",
        "Same writer as dev_fresh3: held out until main 9106cf2, last read there at emergent 0.85 / urgent 0.91 / "
        "routine 0.83 / false alarms 5.9%, then tuned on.",
    ),
    Batch(
        "dev_fresh6", "en", "utterances_dev_fresh6.jsonl", "development",
        "By an engineer who never saw the rules (key none stored as null; two lines repeating another file dropped): "
        "held out as holdout_fresh6 until round 4, last read after round 3 (main 97d819a) at emergent 0.84 / "
        "urgent 0.93 / false alarms 9.0%.",
    ),
    Batch(
        "dev_fresh7", "en", "utterances_dev_fresh7.jsonl", "development",
        "Written on 30 Nov by an engineer who never saw the rules (260 lines; five repeating another file's text "
        "dropped on copying, no id clash). Untuned, on main 212f8a0's rules: emergent 0.88 / urgent 0.95 / false "
        "alarms 9.9% rules only, 0.91 / 0.95 / 9.9% with the learned stage as trained there.",
    ),
    Batch(
        "dev_fresh9", "en", "utterances_dev_fresh9.jsonl", "development",
        "Written on 30 Nov evening by an engineer who never saw the rules (240 lines; seven repeating another file's "
        "text dropped on copying, no id clash), for round 5; scored untuned first, then tuned on.",
    ),
    Batch(
        "dev_fresh10", "en", "utterances_dev_fresh10.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules (295 lines; two repeating another file's text "
        "dropped on copying, no id clash), for round 6; scored untuned first, then tuned on. Untuned, on main "
        "8888476's rules: emergent 0.95 / urgent 0.93 / routine 0.90 / false alarms 16.9% rules only (words only "
        "0.91 / 0.92 / 0.90 / 16.9%); 0.97 / 0.97 / 0.95 / 16.9% as the call hears it with the learned stage "
        "(trained on this batch).",
    ),
    Batch(
        "dev_fresh11", "en", "utterances_dev_fresh11.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, asked for hard phrasings only (no textbook words, "
        "vivid look-alikes; 204 lines, one repeating another file's text dropped on copying), for round 7; scored "
        "untuned first, then tuned on. Untuned, on main 98876b2's rules: emergent 0.83 / urgent 0.88 / routine 0.83 "
        "/ false alarms 8.2% rules only (words only 0.82 / 0.88 / 0.83 / 9.8%); the learned stage trains on it.",
    ),
    Batch(
        "dev_fresh12", "en", "utterances_dev_fresh12.jsonl", "development",
        "Written on 1 Dec by an independent writer who never saw the rules, everyday US English (265 lines; one "
        "repeating another file's text dropped on copying, no id clash), for round 8; scored untuned first, then "
        "tuned on. Untuned, on main 92bc9d3's rules: emergent 0.84 / urgent 0.87 / routine 0.73 / false alarms 3.7% "
        "(3 of 81) rules only; 0.92 / 0.90 / 0.80 / 4.9% as the call hears it and words only, with the learned "
        "stage not yet trained on it.",
    ),
    Batch(
        "dev_fresh13", "en", "utterances_dev_fresh13.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, hard phrasings only (no textbook words; 220 "
        "lines, none dropped), for round 8; scored untuned first, then tuned on. Untuned, on main 92bc9d3's rules: "
        "emergent 0.44 / urgent 0.49 / routine 0.78 / false alarms 10.4% (7 of 67) rules only; 0.53 / 0.59 / 0.89 / "
        "10.4% as the call hears it (words only 0.52 / 0.59 / 0.89 / 10.4%), the learned stage not yet trained on it.",
    ),
    Batch(
        "dev_answers1", "en", "utterances_dev_answers1.jsonl", "development",
        "Everyday answers to the call's own questions (pain 0-10, medicines, eating, bowels, the wound, appointments), "
        "written on 1 Dec by an engineer who never saw the rules (202 lines, two repeating another file dropped; 146 "
        "none). Untuned, on main 804a6eb: rules only 3/3 emergent, 28/33 urgent, 17/18 routine, false alarms 5 of 146 "
        "(3.4%); the learned stage not trained on it added 1 (0.0) to 6 (-0.3) false alarms for 0-1 catches (of 148).",
    ),
    Batch(
        "dev_fresh14", "en", "utterances_dev_fresh14.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, emergent-heavy (120 of 240), understated and "
        "indirect everyday US speech (239 lines, one repeating another file dropped), for round 9; scored untuned "
        "first, then tuned on. Untuned, on main 8c2c8a2, the learned stage not trained on it: emergent 0.87 / urgent "
        "0.95 / routine 0.90 / false alarms 5.8% (4 of 69) as the call hears it; words only 0.86 / 0.95 / 0.90; rules"
        " only 0.83 / 0.93 / 0.80.",
    ),
    Batch(
        "dev_fresh15", "en", "utterances_dev_fresh15.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, the emergent/urgent boundary (115 emergent, 65 "
        "urgent of 240) in everyday US speech, for round 10; scored untuned first, then tuned on. Untuned, on main "
        "db6627e, the learned stage not trained on it: emergent 0.95 / urgent 0.92 / routine 0.87 / false alarms 6.7% "
        "(3 of 45) as the call hears it; words only 0.94 / 0.92 / 0.87 / 6.7%; rules only 0.94 / 0.91 / 0.87 / 6.7%.",
    ),
    Batch(
        "dev_fresh16", "en", "utterances_dev_fresh16.jsonl", "development",
        "Answers to the call's own questions with red flags slipped in, written on 1 Dec by an engineer who never saw"
        " the rules (219 lines, 110 none, one repeating another file dropped), for round 10; scored untuned first, "
        "then tuned on. Untuned, on main db6627e, the learned stage not trained on it: emergent 0.93 / urgent 0.94 / "
        "routine 1.00 / false alarms 9.1% (10 of 110), the same words only and rules only.",
    ),
    Batch(
        "dev_fresh17", "en", "utterances_dev_fresh17.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, emergent-heavy (130 of 240), every emergent concept "
        "said ten or more ways (sensations, euphemisms, what others noticed), for round 11 (239 lines, one repeating "
        "another file dropped); scored untuned first, then tuned on. Untuned, on main 7ddc258, the learned stage not "
        "trained on it: emergent 0.95 / urgent 0.96 / routine 0.93 / false alarms 2.6% (1 of 39) as the call hears it,"
        " the same words only; rules only 0.88 / 0.93 / 0.93 / 2.6%.",
    ),
    Batch(
        "dev_fresh18", "en", "utterances_dev_fresh18.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, red flags played down (understated, older adults, "
        "non-native, run-on speech-to-text, slang) and the emergent/urgent boundary, for round 12 (239 lines, one "
        "repeating another file dropped); scored untuned first, then tuned on. Untuned, on main 0f66547, the learned "
        "stage not trained on it: emergent 0.96 / urgent 1.00 / routine 0.85 / false alarms 5.0% (3 of 60) as the "
        "call hears it; words only 0.96 / 1.00 / 0.80 / 5.0%; rules only 0.88 / 0.96 / 0.85 / 5.0%.",
    ),
    Batch(
        "dev_fresh19", "en", "utterances_dev_fresh19.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, calls answered by someone at home (60 red flags said "
        "by or about a relative, hard look-alikes), for round 13 (199 lines, one repeating another file dropped); "
        "scored untuned first, then tuned on. Untuned, on main 2a380d4, the learned stage not trained on it: emergent "
        "0.91 / urgent 0.92 / routine 0.93 / false alarms 18.0% (9 of 50) as the call hears it; words only the same; "
        "rules only 0.88 / 0.86 / 0.93 / 18.0%. On 320f49a (before the seen-from-outside reading, chosen before this "
        "batch was written): 0.87 / 0.92 / 0.93 / 16.0%.",
    ),
    Batch(
        "holdout_fresh8", "en", "utterances_holdout_fresh8.jsonl", "held_out",
        "Written on 30 Nov by an engineer who never saw the rules (230 lines; two repeating another file's text "
        "dropped on copying, no id clash): scored with the final rules only.",
    ),
    # Spanish (the learned stage, off for Spanish by default, trains on every development batch as in English)
    Batch(
        "dev_extra", "es", "utterances_es_dev_extra.jsonl", "development",
        "Written to tune on: regional lay idiom, misspellings, missing accents, code-switching, hard none lines.",
    ),
    Batch(
        "fresh1", "es", "utterances_es_dev_fresh1.jsonl", "development",
        "Written before the lexicon and context fixes it then guided; scored as the rules stood, then tuned on.",
    ),
    Batch(
        "fresh2", "es", "utterances_es_dev_fresh2.jsonl", "development",
        "Written after the fresh1 fixes; scored once, then tuned on in the next round.",
    ),
    Batch(
        "fresh3", "es", "utterances_es_dev_fresh3.jsonl", "development",
        "By another engineer who never saw the rules; scored before the rules were changed for it, then tuned on.",
    ),
    Batch(
        "fresh4", "es", "utterances_es_dev_fresh4.jsonl", "development",
        "Same writer as fresh3: held out for two rounds as holdout_fresh4, last read at emergent 0.89 / urgent 0.81 / "
        "routine 0.89 / false alarms 5.7%, then tuned on.",
    ),
    Batch(
        "fresh5", "es", "utterances_es_dev_fresh5.jsonl", "development",
        "Same writer, after the holdout_fresh4 round; scored, then tuned on (three lines repeating fresh3 or "
        "dev_extra dropped).",
    ),
    Batch(
        "fresh6", "es", "utterances_es_dev_fresh6.jsonl", "development",
        "By another engineer who never saw the rules (key none stored as null; no line dropped): held out as "
        "holdout_fresh6 until round 4, last read after round 3 (main 97d819a) at emergent 0.92 / urgent 0.89 / "
        "false alarms 16.4%.",
    ),
    Batch(
        "fresh7", "es", "utterances_es_dev_fresh7.jsonl", "development",
        "Written on 30 Nov by an engineer who never saw the rules (220 lines; two repeating another file's text "
        "dropped on copying, no id clash). Untuned, on main 212f8a0's rules: emergent 0.86 / urgent 1.00 / false "
        "alarms 16.1%.",
    ),
    Batch(
        "fresh9", "es", "utterances_es_dev_fresh9.jsonl", "development",
        "Written on 30 Nov evening by an engineer who never saw the rules (230 lines; six repeating another file's "
        "text dropped on copying, no id clash), for round 5; scored untuned first, then tuned on.",
    ),
    Batch(
        "fresh10", "es", "utterances_es_dev_fresh10.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules (314 lines; three repeating another file's text "
        "dropped on copying, no id clash), for round 6; scored untuned first, then tuned on. Untuned, on main "
        "8888476's rules (the Spanish learned stage is off): emergent 0.95 / urgent 0.89 / routine 0.96 / false "
        "alarms 20.7% as the call hears it; words only 0.89 / 0.83 / 0.87 / 19.5%.",
    ),
    Batch(
        "fresh11", "es", "utterances_es_dev_fresh11.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, asked for hard phrasings only (no textbook words, "
        "vivid look-alikes; 219 lines, none dropped), for round 7; scored untuned first, then tuned on. Untuned, on "
        "main 98876b2's rules: emergent 0.77 / urgent 0.81 / routine 0.92 / false alarms 24.2% as the call hears it; "
        "words only 0.63 / 0.75 / 0.69 / 24.2%.",
    ),
    Batch(
        "fresh12", "es", "utterances_es_dev_fresh12.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules: everyday Spanish of many regions, code-switching "
        "(274 lines; two repeating another file's text dropped on copying, no id clash), for round 8; scored "
        "untuned first, then tuned on. Untuned, on main 92bc9d3's rules: "
        "emergent 0.88 / urgent 0.92 / routine 0.89 / false alarms 17.1% as the call hears it; words only 0.80 / "
        "0.86 / 0.83 / 17.1%.",
    ),
    Batch(
        "fresh13", "es", "utterances_es_dev_fresh13.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, asked for hard phrasings only (no textbook words; "
        "223 lines, none dropped), for round 8; scored untuned first, then tuned on. Untuned, on main 92bc9d3's "
        "rules: emergent 0.39 / urgent 0.46 / routine 0.89 / false alarms 5.7% as the call hears it; words only "
        "0.38 / 0.45 / 0.89 / 4.3%.",
    ),
    Batch(
        "answers1", "es", "utterances_es_dev_answers1.jsonl", "development",
        "Everyday answers to the call's own questions, written on 1 Dec by an engineer who never saw the rules (225 "
        "lines, 172 none). Untuned, on main 804a6eb: rules only 4/4 emergent, 28/32 urgent, 15/17 routine, false "
        "alarms 13 of 172 (7.6%) as the call hears it; the learned stage (off for Spanish, not trained on it) would "
        "add 1 (0.0) to 5 (-0.3) false alarms for 0-1 catches.",
    ),
    Batch(
        "fresh14", "es", "utterances_es_dev_fresh14.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, emergent-heavy (110 of 240), Mexican, Caribbean and"
        " Central American speech with code-switching (238 lines, two repeating another file dropped), for round 9; "
        "scored untuned first, then tuned on. Untuned, on main 8c2c8a2, the learned stage not trained on it: emergent"
        " 0.92 / urgent 0.98 / routine 0.87 / false alarms 5.8% (4 of 69) as the call hears it; words only 0.78 / "
        "0.91 / 0.67 / 4.3%; rules only 0.91 / 0.93 / 0.87 / 5.8%.",
    ),
    Batch(
        "fresh15", "es", "utterances_es_dev_fresh15.jsonl", "development",
        "Answers to the call's own questions with red flags slipped in, written on 1 Dec by an engineer who never saw"
        " the rules (220 lines, 105 none, none dropped), for round 9; scored untuned first, then tuned on. Untuned, "
        "on main 8c2c8a2, the learned stage not trained on it: emergent 0.96 / urgent 1.00 / routine 0.90 / false "
        "alarms 8.6% (9 of 105) as the call hears it; words only 0.92 / 0.96 / 0.75 / 8.6%; rules only 0.96 / 1.00 / "
        "0.80 / 7.6%.",
    ),
    Batch(
        "fresh16", "es", "utterances_es_dev_fresh16.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, emergent-heavy (110 of 240), Mexican, Caribbean, "
        "Central and South American speech and relatives answering (240 lines, none dropped), for round 10; scored "
        "untuned first, then tuned on. Untuned, on main db6627e, the learned stage not trained on it: emergent 0.88 / "
        "urgent 0.93 / routine 1.00 / false alarms 1.8% (1 of 55) as the call hears it; words only 0.82 / 0.90 / "
        "1.00 / 1.8%; rules only 0.86 / 0.92 / 0.87 / 1.8%.",
    ),
    Batch(
        "fresh17", "es", "utterances_es_dev_fresh17.jsonl", "development",
        "Answers to the call's own questions, false-alarm traps with red flags slipped in, written on 1 Dec by an "
        "engineer who never saw the rules (230 lines, 125 none, none dropped), for round 10; scored untuned first, "
        "then tuned on. Untuned, on main db6627e, the learned stage not trained on it: emergent 1.00 / urgent 0.96 / "
        "routine 0.90 / false alarms 9.6% (12 of 125) as the call hears it; words only 0.94 / 0.94 / 0.80 / 9.6%; "
        "rules only 0.97 / 0.96 / 0.90 / 8.8%.",
    ),
    Batch(
        "fresh18", "es", "utterances_es_dev_fresh18.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, emergent-heavy (130 of 240), every emergent concept "
        "said ten or more ways, Mexican, Central American, Caribbean and South American speech, for round 11 (234 "
        "lines, six repeating another file dropped); scored untuned first, then tuned on. Untuned, on main 7ddc258, "
        "the learned stage not trained on it: emergent 0.95 / urgent 0.96 / routine 0.87 / false alarms 5.4% (2 of 37)"
        " as the call hears it; words only 0.94 / 0.96 / 0.87 / 5.4%; rules only 0.94 / 0.96 / 0.80 / 5.4%.",
    ),
    Batch(
        "fresh19", "es", "utterances_es_dev_fresh19.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, what must not alarm (139 none of 219: questions, "
        "someone else's trouble, history, denial, normal recovery) beside red flags said the same way, for round 11 "
        "(one repeating another file dropped); scored untuned first, then tuned on. Untuned, on main 7ddc258, "
        "the learned stage not trained on it: emergent 0.93 / urgent 1.00 / routine 0.93 / false alarms 6.5% (9 of "
        "139) as the call hears it; words only 0.80 / 0.97 / 0.80 / 6.5%; rules only 0.93 / 1.00 / 0.87 / 6.5%.",
    ),
    Batch(
        "fresh20", "es", "utterances_es_dev_fresh20.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, Caribbean, Mexican and Central American wording, "
        "code-switching, speech-to-text without accents, symptoms played down (237 lines, three repeating another "
        "file dropped), for round 12; scored untuned first, then tuned on. Untuned, on main 0f66547, the learned "
        "stage not trained on it: emergent 0.91 / urgent 0.90 / routine 0.95 / false alarms 6.1% (3 of 49) as the "
        "call hears it; words only 0.85 / 0.87 / 0.89 / 6.1%; rules only 0.88 / 0.90 / 0.89 / 6.1%.",
    ),
    Batch(
        "fresh21", "es", "utterances_es_dev_fresh21.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, what must not alarm (130 none of 220: denial, "
        "history, questions, someone else's, normal recovery) beside red flags said the same way, for round 12; "
        "scored untuned first, then tuned on. Untuned, on main 0f66547, the learned stage not trained on it: "
        "emergent 1.00 / urgent 0.98 / routine 0.80 / false alarms 7.7% (10 of 130) as the call hears it; words "
        "only 0.93 / 0.96 / 0.73 / 6.9%; rules only 0.97 / 0.98 / 0.67 / 7.7%.",
    ),
    Batch(
        "fresh22", "es", "utterances_es_dev_fresh22.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, calls answered by someone at home (60 red flags in a "
        "carer's or parent's words, hard look-alikes), for round 13; scored untuned first, then tuned on. Untuned, on "
        "main 2a380d4, the learned stage not trained on it: emergent 0.93 / urgent 0.96 / routine 1.00 / false alarms "
        "14.5% (8 of 55) as the call hears it; words only 0.84 / 0.86 / 0.87 / 10.9%; rules only 0.91 / 0.94 / 1.00 / "
        "14.5%. On 320f49a (before the seen-from-outside reading, chosen before this batch was written): 0.90 / 0.96 / "
        "1.00 / 14.5%; words only 0.78 / 0.86 / 0.87 / 10.9%.",
    ),
    Batch(
        "fresh23", "es", "utterances_es_dev_fresh23.jsonl", "development",
        "Written on 1 Dec by an engineer who never saw the rules, emergencies in unusual everyday words (110 emergent "
        "of 200: metaphors, slang, understatement, trailing off, in passing), for round 13 (198 lines, two repeating "
        "another file dropped); scored untuned first, then tuned on. Untuned, on main 1d23961, the learned stage not "
        "trained on it: emergent 0.92 / urgent 0.97 / routine 1.00 / false alarms 7.5% (3 of 40) as the call hears "
        "it; words only 0.90 / 0.95 / 1.00 / 7.5%; rules only 0.91 / 0.97 / 1.00 / 7.5%.",
    ),
    Batch(
        "holdout_fresh8", "es", "utterances_es_holdout_fresh8.jsonl", "held_out",
        "Written on 30 Nov by an engineer who never saw the rules (210 lines; six repeating another file's text "
        "dropped on copying, no id clash): scored with the final rules only.",
    ),
)  # fmt: skip
# Later batches also label a caregiver (a spouse or adult child) speaking for the patient, and the Spanish ones a
# regional idiom and a non-native speaker: styles a batch may use beside its language's own. dev_fresh12 (English)
# also labels regional, older-adult, understated, teen and slang speech and a sensation described.
EXTRA_STYLES = {
    "en": ("caregiver", "regional", "older_adult", "understated", "teen", "slang", "sensation"),
    "es": ("caregiver", "regional", "non_native"),
}


def batches(language: str | None = None, *, role: Role | None = None) -> tuple[Batch, ...]:
    """The registered batches, in registry order, of one language and role (or all)."""
    return tuple(b for b in BATCHES if language in (None, b.language) and role in (None, b.role))


def batch(name: str, language: str) -> Batch:
    """The batch registered under `name` for `language`; DatasetError naming the registered ones otherwise."""
    for candidate in BATCHES:
        if (candidate.name, candidate.language) == (name, language):
            return candidate
    names = sorted(b.name for b in batches(language))
    raise DatasetError(f"no {language!r} batch named {name!r}; registered: {names}")


def batch_names(*, role: Role | None = None) -> tuple[str, ...]:
    """Every registered batch name of `role` (any language), each once, in registry order."""
    return tuple(dict.fromkeys(b.name for b in batches(role=role)))


def _by_name(role: Role) -> dict[str, dict[str, Path]]:
    return {name: {b.language: b.path for b in batches(role=role) if b.name == name} for name in batch_names(role=role)}


# Views of the registry by name and language, kept for callers that read them.
DEV_ONLY_FILES = _by_name("development")
HOLDOUT_FILES = _by_name("held_out")

# "dev", "test", "all" (the labelled set) or a registered batch name; load() checks it at run time (a Literal
# cannot be derived from the registry).
Half = str

# The catalogue concepts the set is labelled with, and the tier a nurse gives each.
KEY_TIERS: dict[str, str] = {
    "chest_pain": "emergent",
    "shortness_of_breath": "emergent",
    "fainting": "emergent",
    "cyanosis": "emergent",
    "seizure": "emergent",
    "stroke": "emergent",
    "anaphylaxis": "emergent",
    "blood_coughed_or_vomited": "emergent",
    "unresponsive": "emergent",
    "self_harm": "emergent",
    "bleeding_uncontrolled": "emergent",
    "fever": "urgent",
    "wound_infection": "urgent",
    "wound_opening": "urgent",
    "bleeding_soaked_dressing": "urgent",
    "blood_clot": "urgent",
    "circulation": "urgent",
    "skin_damage": "urgent",
    "uncontrolled_pain": "urgent",
    "urinary_retention": "urgent",
    "vomiting_no_fluids": "urgent",
    "child_dehydration": "urgent",
    "medication_reaction": "urgent",
    "medication_overdose": "urgent",
    "mild_fever": "routine",
    "constipation": "routine",
    "nurse_request": "routine",
}
TIERS = ("emergent", "urgent", "routine", "none")
CONTEXTS = ("affirmed", "uncertain", "negated", "historical", "hypothetical", "other_person", "benign")
# A red flag is labelled with its key when the patient reports it as present or possibly present;
# every other context describes an utterance that is not a red flag for this patient.
FLAG_CONTEXTS = ("affirmed", "uncertain")
STYLES = ("plain", "lay", "misspelt", "parent", "non_native", "run_on_stt", "code_switch")
# The Spanish set has no non-native speakers; it has speakers mixing English in ("tiene fever de 102").
STYLES_BY_LANGUAGE = {
    "en": ("plain", "lay", "misspelt", "parent", "non_native", "run_on_stt"),
    "es": ("plain", "lay", "misspelt", "parent", "run_on_stt", "code_switch"),
}


class DatasetError(ValueError):
    """A line of an evaluation file that does not follow the schema; the message says what to fix."""


@dataclass(frozen=True)
class Utterance:
    id: str
    text: str
    tier: str
    key: str | None
    context: str
    style: str
    language: str
    half: str  # "dev" or "test" for the labelled set, else the batch name


def _check(row: object, where: str, styles: tuple[str, ...]) -> dict:
    if not isinstance(row, dict):
        raise DatasetError(f"{where}: expected a JSON object")
    expected = {"id", "text", "tier", "key", "context", "style"}
    if set(row) != expected:
        raise DatasetError(f"{where}: fields must be exactly {sorted(expected)}, got {sorted(row)}")
    if not isinstance(row["id"], str) or not row["id"]:
        raise DatasetError(f"{where}: id must be a non-empty string")
    if not isinstance(row["text"], str) or not row["text"].strip():
        raise DatasetError(f"{where} ({row['id']}): text must be a non-empty string")
    if row["tier"] not in TIERS:
        raise DatasetError(f"{where} ({row['id']}): tier must be one of {TIERS}")
    if row["context"] not in CONTEXTS:
        raise DatasetError(f"{where} ({row['id']}): context must be one of {CONTEXTS}")
    if row["style"] not in styles:
        raise DatasetError(f"{where} ({row['id']}): style must be one of {styles}")
    key = row["key"]
    if row["tier"] == "none":
        if key is not None:
            raise DatasetError(f"{where} ({row['id']}): a tier 'none' utterance must have key null")
        if row["context"] in FLAG_CONTEXTS:
            raise DatasetError(f"{where} ({row['id']}): a tier 'none' utterance cannot be {row['context']}")
    else:
        if key not in KEY_TIERS:
            raise DatasetError(f"{where} ({row['id']}): key must be one of the catalogue keys, got {key!r}")
        if KEY_TIERS[key] != row["tier"]:
            raise DatasetError(f"{where} ({row['id']}): key {key} is tier {KEY_TIERS[key]}, not {row['tier']}")
        if row["context"] not in FLAG_CONTEXTS:
            raise DatasetError(f"{where} ({row['id']}): a red flag must be affirmed or uncertain")
    return row


def _rank(row_id: str) -> str:
    return hashlib.sha256(f"{SEED}:{row_id}".encode()).hexdigest()


def stratum(row: dict) -> str:
    return row["key"] if row["key"] is not None else f"none:{row['context']}"


def _read(path: Path, language: str, *, extra_styles: tuple[str, ...] = ()) -> list[dict]:
    """The checked rows of one JSON Lines file; `extra_styles` are allowed beside the language's own."""
    styles = STYLES_BY_LANGUAGE.get(language, STYLES) + extra_styles
    rows: list[dict] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
            row = _check(row, where, styles)
            if row["id"] in seen:
                raise DatasetError(f"{where}: id {row['id']} is used twice")
            seen.add(row["id"])
            rows.append(row)
    return rows


@cache
def _load(language: str) -> tuple[Utterance, ...]:
    if language not in FILES:
        raise DatasetError(f"language must be one of {sorted(FILES)}, got {language!r}")
    rows = _read(FILES[language], language)
    strata: dict[str, list[dict]] = {}
    for row in rows:
        strata.setdefault(stratum(row), []).append(row)
    half_of: dict[str, Literal["dev", "test"]] = {}
    for name, members in strata.items():
        # Which half takes the odd one out alternates by stratum, so neither half is favoured.
        first = int(_rank(f"stratum:{name}"), 16) % 2
        for index, row in enumerate(sorted(members, key=lambda r: _rank(r["id"]))):
            half_of[row["id"]] = "dev" if (index + first) % 2 == 0 else "test"
    return tuple(Utterance(**row, language=language, half=half_of[row["id"]]) for row in rows)


def _read_batch(wanted: Batch) -> list[dict]:
    return _read(wanted.path, wanted.language, extra_styles=EXTRA_STYLES.get(wanted.language, ()))


@cache
def load_batch(name: str, language: str) -> tuple[Utterance, ...]:
    """Every utterance of a registered batch, its half the batch name; DatasetError on a bad line or an id that
    another evaluation file of the language also uses."""
    wanted = batch(name, language)
    rows = _read_batch(wanted)
    taken = {u.id for u in _load(language)}
    for other in batches(language):
        if other != wanted:
            taken |= {row["id"] for row in _read_batch(other)}
    clash = {row["id"] for row in rows} & taken
    if clash:
        raise DatasetError(f"{wanted.file}: ids {sorted(clash)[:5]} are also in another evaluation file; use new ids")
    return tuple(Utterance(**row, language=language, half=name) for row in rows)


def load(half: Half = "all", *, language: str = "en") -> list[Utterance]:
    """The utterances of one half ("dev" to tune on, "test" to report) or of both ("all"), in file order.

    Any other `half` is a registered batch's name (see BATCHES): its file, or nothing for a language it is not
    registered in; "all" means the two halves of the labelled file and never includes a batch.
    """
    if half not in ("dev", "test", "all", *batch_names()):
        raise DatasetError(f"half must be 'dev', 'test', 'all' or one of {sorted(batch_names())}, got {half!r}")
    if half not in ("dev", "test", "all"):
        registered = any(b.name == half for b in batches(language))
        return list(load_batch(half, language)) if registered else []
    rows = _load(language)
    return [u for u in rows if half == "all" or u.half == half]
