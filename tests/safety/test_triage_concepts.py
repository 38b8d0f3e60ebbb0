"""The triage concept tests of every tuning round, in one place: each round's phrasings are data in
tests/safety/concept_rounds/ (one module a round, its docstring naming the batch it was widened after), and the
checks below are parametrised over all of them, ids naming the round, the list and the line
(`es_round5-QUIET-3`).

What a list of a round module asks is said by its name:

- WIDENED: (key, text) or (speaker, key, text): the key fires. CAREGIVER_WIDENED: (key, text) said by a carer.
- WIDENED_EMERGENT: (key, text): the key fires and the call is emergent.
- WIDENED_TO_ITS_TIER: (key, text): something fires at the key's tier or above.
- WIDENED_KEY_AT_ITS_TIER: (key, text): the key fires, and the most serious match is at its tier or above.
- WIDENED_OR_HIGHER: (key, text): the key fires, or something more serious than its tier does.
- CAREGIVER: text or (key, text): the caller speaks for the patient, and something fires (that key, if named).
- QUIET, SOMEONE_ELSE, STILL_QUIET: text or (speaker, text); QUIET_BECAUSE: (why, text): nothing fires.
- NOT_URGENT: text; NOT_URGENT_BECAUSE: (why, text): nothing urgent or emergent fires.
- TIERS: (text, tier): the most serious tier fired is that one ("none" for nothing).

A round is heard in its language, with the learned stage off (the `rules_only` fixture of
tests/safety/conftest.py) unless registered otherwise, and its phrasings are checked to be in no dataset file.

A new round: write tests/safety/concept_rounds/<name>.py holding only its lists (and comments saying why each
line is there), import it below and register it with one line in ROUNDS, e.g. `Round(es_round7, language="es")`.
A test refuses a round module that is not registered, and a list whose name no check reads. A check a list
cannot say (one phrasing with its own assertion) is written as an explicit test at the end of this module.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from types import ModuleType

import pytest

from calls.triage import evaluate_rules
from calls.triage.caregiver_es import speaks_for_patient_es
from calls.triage.catalogue import TIER_RANK
from calls.triage.context import speaks_for_patient
from calls.triage.evaluation.split import KEY_TIERS
from calls.triage.spelling_es import normalize_es
from tests.safety import concept_rounds
from tests.safety.concept_rounds import (
    es_fresh3,
    es_fresh4,
    es_fresh5,
    es_round4,
    es_round5,
    es_round6,
    es_round7,
    es_round8,
    es_round9,
    es_round9_quiet,
    es_round10,
    es_round10_answers,
    es_round10_quiet,
    es_round11,
    es_round11_quiet,
    es_round11_review,
    es_round12,
    es_round12_quiet,
    es_round13,
    generalise_en,
    generalise_en3,
    generalise_en5,
    generalise_en6,
    generalise_en7,
    generalise_en8,
    generalise_en9,
    generalise_en10,
    generalise_en11,
    generalise_en12,
    generalise_en13,
    generalise_en14,
    generalise_en14_review,
    generalise_en15,
    generalise_en16,
)
from tests.safety.triage_phrasings import dataset_texts, keys, tier


@dataclass(frozen=True)
class Round:
    data: ModuleType
    language: str = "en"
    rules_only: bool = True  # heard with the learned stage off
    in_no_dataset: bool = True  # its phrasings are checked against every dataset file

    @property
    def name(self) -> str:
        return self.data.__name__.rpartition(".")[2]


ROUNDS = [
    Round(generalise_en, rules_only=False, in_no_dataset=False),
    Round(generalise_en3),
    Round(generalise_en5),
    Round(generalise_en6),
    Round(generalise_en7),
    Round(generalise_en8),
    Round(generalise_en9),
    Round(generalise_en10),
    Round(generalise_en11),
    Round(generalise_en12),
    Round(generalise_en13),
    Round(generalise_en14),
    Round(generalise_en14_review),
    Round(generalise_en15),
    Round(generalise_en16),
    Round(es_fresh3, language="es"),
    Round(es_fresh4, language="es"),
    Round(es_fresh5, language="es"),
    Round(es_round4, language="es"),
    Round(es_round5, language="es"),
    Round(es_round6, language="es"),
    Round(es_round7, language="es"),
    Round(es_round8, language="es"),
    Round(es_round9, language="es"),
    Round(es_round9_quiet, language="es"),
    Round(es_round10, language="es"),
    Round(es_round10_quiet, language="es"),
    Round(es_round11, language="es"),
    Round(es_round11_quiet, language="es"),
    Round(es_round11_review, language="es"),
    Round(es_round12, language="es"),
    Round(es_round12_quiet, language="es"),
    Round(es_round13, language="es"),
    Round(es_round10_answers, language="es"),
]

QUIET_LISTS = ("QUIET", "SOMEONE_ELSE", "STILL_QUIET", "QUIET_BECAUSE")
NOT_URGENT_LISTS = ("NOT_URGENT", "NOT_URGENT_BECAUSE")
LISTS = (
    "WIDENED",
    "CAREGIVER_WIDENED",
    "WIDENED_EMERGENT",
    "WIDENED_TO_ITS_TIER",
    "WIDENED_KEY_AT_ITS_TIER",
    "WIDENED_OR_HIGHER",
    "CAREGIVER",
    "TIERS",
    *QUIET_LISTS,
    *NOT_URGENT_LISTS,
)


@dataclass(frozen=True)
class Line:
    """One line of a round's list, read: who says it (None for unknown), the key or tier it expects, the text."""

    round: Round
    speaker: str | None
    expected: str | None
    text: str

    @property
    def language(self) -> str:
        return self.round.language


def read(name: str, line: str | tuple) -> tuple[str | None, str | None, str]:
    """(speaker, expected, text) of a line of the list `name`."""
    if isinstance(line, str):
        return None, None, line
    if name == "TIERS":
        text, expected = line
        return None, expected, text
    if name.endswith("_BECAUSE"):
        return None, None, line[1]  # the why is for the reader
    if name == "CAREGIVER_WIDENED":
        return "caregiver", line[0], line[1]
    if len(line) == 3:
        return line
    if name in QUIET_LISTS:
        return line[0], None, line[1]
    return None, line[0], line[1]


def lines_of(*names: str) -> list:
    """Every line of the lists `names` of every round, one pytest param each."""
    return [
        pytest.param(Line(r, *read(name, line)), id=f"{r.name}-{name}-{index}")
        for r in ROUNDS
        for name in names
        for index, line in enumerate(getattr(r.data, name, ()))
    ]


@pytest.fixture
def heard(request):
    """The line under test, heard as its round was: the learned stage off unless the round says otherwise."""
    line: Line = request.param
    if line.round.rules_only:
        request.getfixturevalue("rules_only")
    return line


def parametrise(*names: str):
    return pytest.mark.parametrize("heard", lines_of(*names), indirect=True)


# --- what each list asks ---------------------------------------------------------------------------------------


@parametrise("WIDENED", "CAREGIVER_WIDENED")
def test_a_widened_concept_fires_in_fresh_words(heard: Line) -> None:
    fired = keys(heard.text, heard.language, speaker=heard.speaker)
    assert heard.expected in fired, fired


@parametrise("WIDENED_EMERGENT")
def test_a_widened_concept_fires_and_is_emergent(heard: Line) -> None:
    assert heard.expected in keys(heard.text, heard.language)
    assert tier(heard.text, heard.language) == "emergent"


@parametrise("WIDENED_TO_ITS_TIER")
def test_a_widened_concept_raises_its_tier_or_above(heard: Line) -> None:
    matches = evaluate_rules(heard.text, language=heard.language)
    assert matches and TIER_RANK[matches[0].tier] >= TIER_RANK[KEY_TIERS[heard.expected]], [m.key for m in matches]


@parametrise("WIDENED_KEY_AT_ITS_TIER")
def test_a_widened_concept_fires_its_key_at_its_tier_or_above(heard: Line) -> None:
    matches = evaluate_rules(heard.text, language=heard.language)
    assert heard.expected in [m.key for m in matches], [m.key for m in matches]
    assert TIER_RANK[matches[0].tier] >= TIER_RANK[KEY_TIERS[heard.expected]]


@parametrise("WIDENED_OR_HIGHER")
def test_a_widened_concept_fires_its_key_or_a_more_serious_one(heard: Line) -> None:
    fired = keys(heard.text, heard.language)
    assert (
        heard.expected in fired or TIER_RANK[tier(heard.text, heard.language)] > TIER_RANK[KEY_TIERS[heard.expected]]
    ), fired


@parametrise("CAREGIVER")
def test_a_caregiver_naming_the_operated_relative_speaks_for_the_patient(heard: Line) -> None:
    speaks = speaks_for_patient_es if heard.language == "es" else speaks_for_patient
    assert speaks(heard.text)
    fired = keys(heard.text, heard.language)
    assert heard.expected in fired if heard.expected else fired, fired


@parametrise(*QUIET_LISTS)
def test_a_look_alike_raises_nothing(heard: Line) -> None:
    assert keys(heard.text, heard.language, speaker=heard.speaker) == []


@parametrise(*NOT_URGENT_LISTS)
def test_a_look_alike_raises_nothing_urgent(heard: Line) -> None:
    assert tier(heard.text, heard.language) in ("none", "routine"), keys(heard.text, heard.language)


@parametrise("TIERS")
def test_a_phrasing_gets_its_tier(heard: Line) -> None:
    assert tier(heard.text, heard.language) == heard.expected


@pytest.mark.parametrize("round_", [pytest.param(r, id=r.name) for r in ROUNDS if r.in_no_dataset])
def test_a_rounds_phrasings_are_in_no_dataset_file(round_: Round) -> None:
    written = [read(name, line)[2] for name in LISTS for line in getattr(round_.data, name, ())]
    assert written
    assert [t for t in written if t.casefold().strip() in dataset_texts()] == []


# --- the rounds themselves -------------------------------------------------------------------------------------


def test_every_round_module_is_registered_once():
    names = [r.name for r in ROUNDS]
    assert sorted(names) == sorted({m.name for m in pkgutil.iter_modules(concept_rounds.__path__)})
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("round_", [pytest.param(r, id=r.name) for r in ROUNDS])
def test_every_list_of_a_round_is_one_a_check_reads(round_: Round) -> None:
    lists = [name for name, value in vars(round_.data).items() if name.isupper() and isinstance(value, list)]
    assert lists and [name for name in lists if name not in LISTS] == []
    assert round_.language in ("en", "es")


# --- one-off checks, each from the round named ------------------------------------------------------------------


def test_a_relative_who_had_the_procedure_speaks_for_the_patient():  # generalise_en: learned stage on
    assert "unresponsive" in keys("my mum had her hip replaced on monday and she won't wake up")
    assert keys("my mum is confused, she's not the one who had surgery") == []


@pytest.mark.usefixtures("rules_only")
class TestOnTheRulesAlone:
    """The one-off checks of the rounds heard with the learned stage off."""

    def test_new_exertion_symptom_never_felt_before_is_not_history(self):  # generalise_en3
        # "never used to" says the symptom is new: it is not the past.
        assert "chest_pain" in keys("my chest goes heavy and tight on the stairs, it never used to")

    def test_a_rating_scale_is_not_a_negation(self):  # generalise_en5
        assert "uncontrolled_pain" in keys("on a scale from zero to ten it's a solid nine, even right after the pills")

    def test_a_denial_of_pus_still_lets_urine_that_does_not_come_fire(self):  # es_fresh3
        assert keys("no me sale la orina desde la mañana", "es") == ["urinary_retention"]
        assert keys("no estoy orinando bien, apenas unas gotitas", "es") == ["urinary_retention"]

    def test_swelling_in_the_preterite_is_not_read_as_a_noun(self):  # es_fresh4
        # "hincharon" was corrected to "hinchazon" before it joined the vocabulary.
        assert "hincharon" in normalize_es("se me hincharon los tobillos")

    def test_a_yes_still_fires_and_a_flag_said_with_a_tag_is_not_lost(self):  # es_fresh4
        assert keys("sí me sangra mucho la herida", "es") == ["bleeding_soaked_dressing"]
        assert "bleeding_uncontrolled" in keys("me sangra mucho la herida y aprieto la gasa y no para", "es")

    def test_a_limb_asleep_under_a_cast_still_fires_whatever_the_posture(self):  # es_fresh5
        assert "circulation" in keys("se me duermen los dedos con la férula y los siento helados", "es")

    def test_the_bladder_is_not_a_blister(self):  # es_fresh5
        # "vejiga" is a blister in some countries ("me salió una vejiga en el talón"), the bladder with its article.
        assert "skin_damage" not in keys("me arde la vejiga cuando orino", "es")
        assert "skin_damage" in keys("me salieron vejigas alrededor de la herida", "es")

    def test_a_caregiver_whose_relative_only_saw_it_speaks_of_the_caller(self) -> None:  # es_round4
        said = "tuve como una convulsión en el sillón, mi esposa me vio temblar"
        assert "seizure" in keys(said, "es")

    def test_a_neighbour_named_by_a_carer_stays_someone_else(self) -> None:  # es_round5
        assert keys("la señora de al lado tiene dolor de pecho", "es", speaker="caregiver") == []

    def test_breathless_with_housework_still_fires(self) -> None:  # es_round5
        assert "shortness_of_breath" in keys("me ahogo con el trabajo de la casa", "es")
