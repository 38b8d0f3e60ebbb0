"""Red-flag triage over what a patient said: the one entry point every trigger goes through.

Three tiers (calls.models.EscalationTier):
    emergent  the agent tells the patient to hang up and call 911; the nurse sees it at once
    urgent    same-day nurse callback, due ESCALATION_URGENT_MINUTES after it is raised
    routine   next-business-day queue, due by ESCALATION_ROUTINE_DUE_TIME (clinic time)

The concepts, their titles, instructions and lay phrasings are reviewed data (redflags.yaml,
loaded by calls.triage.catalogue); context (negated, historical, hypothetical, someone else,
uncertain) is medspaCy's ConText (calls.triage.context). Patient turns, recorded responses, the
agent's escalate_to_nurse and symptom lookups all call `evaluate_rules`, so the tier never
rests on the language model alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from calls.triage.catalogue import CLINIC_NUMBER_WORDS, TIER_RANK, RedFlag, load_bystander_lines, load_catalogue
from calls.triage.context import LANGUAGES, SPEAKERS, Reading, read_text, temperatures
from calls.triage.spoken_language import sounds_spanish

__all__ = [
    "SPEAKERS",
    "Bystander",
    "RuleMatch",
    "bystander_emergencies",
    "catalogue_version",
    "evaluate_rules",
    "red_flag_catalogue",
    "temperatures",
    "warm_up",
    "with_learned_stage",
]


@dataclass(frozen=True)
class RuleMatch:
    key: str
    tier: str
    reason: str  # the nurse-facing title of the concept
    words: str  # the sentence that fired it, in the patient's words
    instruction: str = ""  # what the agent says to the patient, word for word ({callback}: the clinic's number)
    uncertain: bool = False  # said with doubt ("I don't think it's infected but..."): fires all the same
    language: str = "en"  # the language of `instruction`
    stage: str = "rules"  # what found it: "rules" (phrasings and lexicon, with ConText) or "learned"

    @property
    def title(self) -> str:
        return self.reason

    def instruction_for(self, callback: str = "") -> str:
        return self.instruction.replace(
            "{callback}", callback or CLINIC_NUMBER_WORDS.get(self.language, "the clinic's number")
        )


@dataclass(frozen=True)
class Bystander:
    """An emergency named of someone else ("my neighbour here is having a seizure"): no red flag for the patient."""

    key: str
    reason: str  # the concept's nurse-facing title
    words: str  # the sentence that named it
    instruction: str  # what the agent says: call 911 for them (reviewed, redflags.yaml `bystander`)
    language: str = "en"

    @property
    def title(self) -> str:
        return self.reason


def red_flag_catalogue() -> tuple[RedFlag, ...]:
    return load_catalogue()


@cache
def catalogue_version() -> str:
    """A short digest of the reviewed triage data (the catalogues, context cues and lexicons, both languages).

    The agent worker sends it with its own reading of a patient turn, so a mismatch with the portal's
    reading can be told apart from a difference in data (a worker started before a catalogue change).
    """
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def evaluate_rules(
    text: str,
    *,
    order_sets: Iterable[str] | None = None,
    flags: tuple[RedFlag, ...] | None = None,
    language: str = "en",
    speaker: str | None = None,
) -> list[RuleMatch]:
    """The red flags `text` fires, most serious first; of entries sharing a group only the most serious.

    `language` is the patient's ("en" or "es"): Spanish text is read with the Spanish phrasings and
    context cues (plus the English ones, for code-switching), and each match carries the Spanish
    instruction. Any other language is read as English (the rules know no other). English words that sound
    Spanish ("me duele el pecho") are read with the Spanish rules as well, the matches carrying the English
    instruction (calls.triage.spoken_language).

    `speaker` is who is talking, as the call knows it: None (unknown: the words decide who is meant),
    "patient" (the same reading), or "caregiver": someone speaking for the patient, so a close relative
    named with a red flag ("my dad's lips look bluish") is the patient unless the words say otherwise
    ("but he's not the one who had surgery", "my other son", "el que no operaron").
    """
    language = language if language in LANGUAGES else "en"
    applicable = _applicable(order_sets, flags, language)
    best: dict[str, RuleMatch] = {}
    for finding in _reading(text, applicable, language, speaker).findings:
        flag = finding.flag
        _keep_most_serious(
            best,
            flag.group,
            RuleMatch(
                flag.key, flag.tier, flag.title, finding.sentence, flag.instruction, finding.uncertain, flag.language
            ),
        )
    if language == "en" and flags is None and sounds_spanish(text):
        # Spanish said on an English call (a record's language can be wrong): the Spanish rules hear it too, and the
        # match carries the call's English instruction, so the agent's next line stays in the call's language.
        by_key = {flag.key: flag for flag in applicable}
        for heard in evaluate_rules(text, order_sets=order_sets, language="es", speaker=speaker):
            if (flag := by_key.get(heard.key)) is not None:
                _keep_most_serious(
                    best,
                    flag.group,
                    RuleMatch(
                        flag.key,
                        flag.tier,
                        flag.title,
                        heard.words,
                        flag.instruction,
                        heard.uncertain,
                        flag.language,
                        heard.stage,
                    ),
                )
    matches = sorted(best.values(), key=lambda m: -TIER_RANK[m.tier])
    if flags is None:
        from calls.triage import learned

        if learned.enabled(language):
            matches = with_learned_stage(text, matches, applicable, language, learned.threshold_for(language))
    return matches


def with_learned_stage(
    text: str, matches: list[RuleMatch], applicable: tuple[RedFlag, ...], language: str, threshold: float
) -> list[RuleMatch]:
    """The rules' `matches` with what the learned stage adds, most serious first (the portal's evaluate_rules and
    the agent worker's local reading both end here).

    Where the rules found nothing, the concept the stage names, at its own tier. Where they found no emergency,
    only an emergent concept it names: the rules that heard "hives on my chest, I'm hoarse, it's getting harder to
    breathe" as a medicine reaction (urgent) are joined by anaphylaxis, which outranks what shares its group. A
    concept the rules already found at its tier, or one less serious than theirs, adds nothing. The stage's own
    vetoes hold (ConText hearing any word negated, historical, hypothetical or someone else's; the concept's
    `unless` words said anywhere).
    """
    if (matches and matches[0].tier == "emergent") or not (text and text.strip()):
        return matches
    from calls.triage import learned

    prediction = learned.predict(text, language, threshold=threshold)  # with its ConText veto
    flag = next((f for f in applicable if prediction and f.key == prediction.key), None)
    if flag is None or (matches and flag.tier != "emergent") or _said_unless(text, flag, language):
        return matches
    words = " ".join(text.split())
    found = RuleMatch(flag.key, flag.tier, flag.title, words, flag.instruction, False, flag.language, "learned")
    groups = {f.key: f.group for f in applicable}
    best = {groups.get(m.key, m.key): m for m in matches}
    _keep_most_serious(best, flag.group, found)
    return sorted(best.values(), key=lambda m: -TIER_RANK[m.tier])


def _keep_most_serious(best: dict[str, RuleMatch], group: str, match: RuleMatch) -> None:
    """Of the matches of entries sharing a group, keep the most serious."""
    current = best.get(group)
    if current is None or TIER_RANK[match.tier] > TIER_RANK[current.tier]:
        best[group] = match


def _said_unless(text: str, flag: RedFlag, language: str) -> bool:
    """Whether the words that explain `flag` away (its reviewed `unless`) are said anywhere in `text`: the learned
    stage names a concept but no trigger words, so "I can't lift my arm out of the sling" is the sling for it too."""
    if flag.unless is None:
        return False
    if language == "es":
        from calls.triage.catalogue_es import fold

        text = fold(text)
    return flag.unless.search(text) is not None


@lru_cache(maxsize=256)
def _reading(text: str, flags: tuple[RedFlag, ...], language: str, speaker: str | None) -> Reading:
    """read_text, remembered: a turn is read for the patient (evaluate_rules) and for someone else
    (bystander_emergencies) with the same words; the catalogue is fixed for the life of the process."""
    return read_text(text, flags, language=language, speaker=speaker)


def _applicable(
    order_sets: Iterable[str] | None, flags: tuple[RedFlag, ...] | None, language: str
) -> tuple[RedFlag, ...]:
    if flags is not None:
        catalogue = flags
    elif language == "es":
        from calls.triage.catalogue_es import load_catalogue_es

        catalogue = load_catalogue_es()
    else:
        catalogue = load_catalogue()
    wanted = list(order_sets or [])
    return tuple(flag for flag in catalogue if flag.applies_to(wanted))


def bystander_emergencies(
    text: str,
    *,
    order_sets: Iterable[str] | None = None,
    flags: tuple[RedFlag, ...] | None = None,
    language: str = "en",
    speaker: str | None = None,
) -> list[Bystander]:
    """Emergent concepts `text` names of someone else, not of the patient, in the catalogue's order.

    "My mom has chest pain" is someone else's (no red flag for the patient, evaluate_rules), but worth a
    911 line if she is there: each one carries the reviewed line to say. Only what was held back because
    it is another person's counts: negated, historical or hypothetical words ("my mom had chest pain years
    ago") name no emergency, and a concept that fired for the patient is not repeated here.
    """
    language = language if language in LANGUAGES else "en"
    applicable = _applicable(order_sets, flags, language)
    lines = load_bystander_lines(language)
    named = [
        Bystander(
            finding.flag.key,
            finding.flag.title,
            finding.sentence,
            lines.get(finding.flag.key, lines["default"]),
            language,
        )
        for finding in _reading(text, applicable, language, speaker).bystanders
    ]
    if language == "en" and flags is None and sounds_spanish(text):  # as evaluate_rules: the call's line, in English
        keys = {flag.key for flag in applicable} - {b.key for b in named}
        named += [
            Bystander(b.key, b.title, b.words, lines.get(b.key, lines["default"]), language)
            for b in bystander_emergencies(text, order_sets=order_sets, language="es", speaker=speaker)
            if b.key in keys
        ]
    return named


def warm_up() -> float:
    """Load the catalogue, the spaCy/ConText pipeline and the spelling list now (once per process); seconds taken."""
    import time

    started = time.perf_counter()
    evaluate_rules("I have chest pain and a feaver of 102.")
    evaluate_rules("Tengo dolor de pecho y fiebre de treinta y nueve.", language="es")
    from calls.triage import learned

    for language in learned.enabled_languages():  # train the models now rather than on a patient's first turn
        learned.predict("warm up", language)
    return time.perf_counter() - started
