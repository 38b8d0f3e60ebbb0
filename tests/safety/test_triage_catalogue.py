"""The red-flag catalogue (redflags.yaml): every concept the issue lists, reviewed wording, and a
loader that refuses a mistake with a message naming the entry and the field to fix."""

from __future__ import annotations

import pytest

from calls.triage.catalogue import EMERGENT_OPENING, CatalogueError, load_catalogue, parse_catalogue
from calls.triage.context import find_red_flags
from calls.triage.evaluation import KEY_TIERS

ENTRY = """
red_flags:
  - key: {key}
    tier: {tier}
    title: A title
    instruction: "{instruction}"
    phrasings: ["{phrasing}"]
"""


def entry(**changes: str) -> str:
    fields = {"key": "cast_tight", "tier": "urgent", "instruction": "Call the clinic.", "phrasing": "cast"}
    return ENTRY.format(**{**fields, **changes})


def test_the_catalogue_has_every_concept_at_its_tier_with_title_and_instruction():
    catalogue = load_catalogue()
    assert {flag.key: flag.tier for flag in catalogue} == KEY_TIERS
    for flag in catalogue:
        assert flag.title and flag.instruction and flag.patterns
        if flag.tier == "emergent" and flag.key != "self_harm":
            assert flag.instruction.startswith(EMERGENT_OPENING)
    self_harm = next(flag for flag in catalogue if flag.key == "self_harm")
    assert "988" in self_harm.instruction and "911" in self_harm.instruction
    assert [flag.tier for flag in catalogue] == sorted(
        (f.tier for f in catalogue), key=["emergent", "urgent", "routine"].index
    )


def test_urgent_instructions_give_the_clinics_number():
    for flag in load_catalogue():
        if flag.tier == "urgent":
            assert "{callback}" in flag.instruction and "{callback}" not in flag.instruction_for("212-555-0100")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("red_flags: []", "non-empty `red_flags` list"),
        ("red_flags: [", "not valid YAML"),
        (entry(tier="soon"), "tier 'soon' is not one of emergent, urgent, routine"),
        (entry(key="Cast Tight"), "lower_snake_case"),
        (entry(tier="emergent", instruction="Call us."), "must start with 'Please hang up and call 911 now.'"),
        (entry(key="self_harm", tier="emergent", instruction="Please hang up and call 911 now."), "988"),
        (entry(phrasing="(unclosed"), "red flag 'cast_tight', phrasing 1: not a valid regular expression"),
        (entry(phrasing="<nope>"), "unknown macro <nope>"),
        (entry() + entry().replace("red_flags:\n", ""), "appears twice"),
        (entry().replace("    title: A title\n", ""), "red flag 'cast_tight': `title` is missing or empty"),
        (entry().replace("    title:", "    colour: red\n    title:"), "unknown field(s) colour"),
    ],
)
def test_a_mistake_is_refused_with_what_to_fix(document, message):
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(document)
    assert message in str(raised.value)


def test_a_good_entry_loads():
    [flag] = parse_catalogue(entry())
    assert (flag.key, flag.tier, flag.order_sets, flag.group) == ("cast_tight", "urgent", ("*",), "cast_tight")


# --- `unless`: words said close by explain an entry away (from the concept round generalise_en7) ------------------

UNLESS_ENTRY = """
red_flags:
  - key: toes_purple
    tier: urgent
    title: Purple toes
    instruction: "Call the clinic."
    phrasings: ["toes? (?:are|is) purple"]
    unless: {unless}
"""


@pytest.mark.usefixtures("rules_only")
def test_a_catalogue_entry_is_explained_away_by_its_unless_words_said_close_by():
    flags = parse_catalogue(UNLESS_ENTRY.format(unless='["bruis\\\\w*"]'))
    assert [f.flag.key for f in find_red_flags("the toes are purple", flags)] == ["toes_purple"]
    assert find_red_flags("bruised toes are purple", flags) == []
    # Further off, or in another clause, the bruise explains nothing.
    said = "I bumped my shin and it bruised, but now the toes are purple"
    assert [f.flag.key for f in find_red_flags(said, flags)] == ["toes_purple"]


@pytest.mark.usefixtures("rules_only")
@pytest.mark.parametrize(
    ("unless", "message"), [('"bruise"', "`unless` must be a list"), ('["(bad"]', "unless: not a valid")]
)
def test_a_bad_unless_is_refused_with_what_to_fix(unless, message):
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(UNLESS_ENTRY.format(unless=unless))
