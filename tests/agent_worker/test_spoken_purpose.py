"""The agent speaks of a call's purpose in words for patients, never the order's title; caregiver context."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from agent_worker.agents import build_instructions
from agent_worker.scripted import main_question
from orders.catalog import ORDER_CATALOG
from tests.factories import DischargeOrderFactory


def test_the_question_is_read_from_a_quoted_opening():
    prompt = 'Start with: "Hi Sam, this is PostOp AI. How are you feeling since you got home?" Ask about pain.'
    assert main_question({"llm_prompt": prompt}) == "How are you feeling since you got home?"


def test_without_a_question_it_uses_the_spoken_purpose_never_the_title():
    context = {
        "llm_prompt": "Check in.",
        "order": {
            "title": "Wellness check within 24 hours",
            "spoken_purpose": "how you are feeling since you got home",
        },
    }
    assert main_question(context) == "How are things going with how you are feeling since you got home?"
    assert "Wellness check" not in main_question(
        {"llm_prompt": "", "order": {"title": "Wellness check within 24 hours"}}
    )


def test_every_catalog_call_has_a_spoken_purpose_that_is_not_its_title():
    for entry in ORDER_CATALOG:
        template = entry.get("call_template") or {}
        if template:
            spoken = template.get("spoken_purpose", "")
            assert spoken and spoken.casefold() != entry["title"].casefold(), entry["key"]


@pytest.mark.django_db
def test_an_order_whose_spoken_purpose_is_its_title_is_refused():
    order = DischargeOrderFactory.build(title="Incision check")
    order.call_template = {**order.call_template, "spoken_purpose": "Incision check"}
    with pytest.raises(ValidationError, match="not the order's title"):
        order.clean()


def test_the_caregiver_reaches_the_instructions_by_first_name_and_relationship():
    text = build_instructions({"llm_prompt": "Check in.", "caregiver": {"first_name": "Ann", "relationship": "mother"}})
    assert "The patient's mother, Ann, is on file as their caregiver" in text
    assert "caregiver" not in build_instructions({"llm_prompt": "Check in."}).split("Check in.")[1]
