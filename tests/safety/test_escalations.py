"""Escalations raised server-side: the triage over patient turns and responses, the agent tool, symptom lookups."""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calls.models import Escalation, EscalationSource, EscalationTier
from calls.triage import escalation_due_by
from knowledge.rag import LookupAnswer
from tests.safety.test_red_flag_rules import POSITIVES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "key", "tier"), POSITIVES)
def test_each_rule_on_a_patient_turn_lands_on_the_dashboard_at_its_tier(agent, record, nurse_client, text, key, tier):
    assert agent.patient_says(text).status_code == 201
    [escalation] = Escalation.objects.filter(record=record)
    assert (escalation.tier, escalation.source, escalation.rule_key) == (tier, EscalationSource.RULE, key)
    assert escalation.patient_id == record.call.patient_id and text.rstrip(".") in escalation.patient_words
    record.call.refresh_from_db()
    assert record.call.needs_attention
    page = nurse_client.get("/").content.decode()
    assert escalation.reason in page
    assert ('role="alert"' in page) == (tier == EscalationTier.EMERGENT)
    panel = nurse_client.get("/calls/escalations/panel/").content.decode()
    assert 'id="escalation-count" aria-live="polite">1<' in panel


def test_recorded_responses_are_checked_too_and_agent_turns_are_not(agent, record):
    agent.post_to("events", {"event_id": "a1", "kind": "turn", "speaker": "agent", "text": "Any chest pain?"})
    assert not Escalation.objects.exists()
    agent.post_to("events", {"event_id": "r1", "kind": "response", "question": "Fever?", "response": "Yes, 39.2 C"})
    assert Escalation.objects.get().rule_key == "fever"


def test_retries_and_repeats_merge_into_one_escalation_per_concept_with_the_later_words(agent, record):
    agent.patient_says("The bleeding won't stop.", event_id="m1")
    agent.patient_says("The bleeding won't stop.", event_id="m1")  # the same event, retried
    agent.patient_says("It is still bleeding, it won't stop.", event_id="m2")  # said again
    body = {"reason": "Bleeding", "severity": "urgent", "patient_words": "It won't stop bleeding"}
    first = agent.post_to("escalations", body)
    again = agent.post_to("escalations", body)
    [escalation] = Escalation.objects.all()
    assert (
        escalation.rule_key == "bleeding_uncontrolled"
        and escalation.reason == "Bleeding that spurts or will not stop with pressure"
    )
    assert escalation.triggers == ["rule:bleeding_uncontrolled", "agent_tool:bleeding_uncontrolled"]
    assert escalation.patient_words.splitlines() == [
        "The bleeding won't stop.",
        "It is still bleeding, it won't stop.",
        "It won't stop bleeding",
    ]
    assert first.status_code == again.status_code == 200 and first.json()["id"] == escalation.pk
    assert first.json()["tier"] == EscalationTier.EMERGENT  # the catalogue's tier, not the one the agent chose
    assert first.json()["instruction"].startswith("Please hang up and call 911 now.")


def test_an_agent_concern_with_no_red_flag_keeps_the_agents_tier_and_joins_a_covering_one(agent, record):
    agent.patient_says("My calf is swollen.")
    response = agent.post_to("escalations", {"reason": "Patient sounds worried about the leg", "severity": "urgent"})
    [escalation] = Escalation.objects.all()
    assert response.status_code == 200 and escalation.triggers == ["rule:blood_clot", "agent_tool:urgent"]


def test_a_more_serious_tier_opens_its_own_escalation(agent, record):
    agent.patient_says("My calf is swollen.")
    agent.patient_says("Now I have chest pain.")
    tiers = sorted(Escalation.objects.values_list("tier", flat=True))
    assert tiers == [EscalationTier.EMERGENT, EscalationTier.URGENT]


def test_the_agent_tool_answers_what_to_tell_the_patient(agent, record):
    response = agent.post_to("escalations", {"reason": "Wants a nurse to call about vitamins", "severity": "routine"})
    assert response.status_code == 201
    data = response.json()
    assert data["tier"] == "routine" and "nurse will call the patient back by" in data["say"]
    escalation = Escalation.objects.get()
    assert escalation.source == EscalationSource.AGENT_TOOL and escalation.due_by > timezone.now()
    assert agent.post_to("escalations", {"reason": "x", "severity": "critical"}).status_code == 400


def test_the_old_escalation_event_kind_still_escalates(agent, record):
    agent.post_to("events", {"event_id": "esc-1", "kind": "escalation", "text": "feels awful"})
    escalation = Escalation.objects.get()
    assert (escalation.tier, escalation.source) == (EscalationTier.URGENT, EscalationSource.AGENT_TOOL)


@pytest.mark.parametrize("urgency", ["emergency", "call_clinic", "routine"])
def test_a_symptom_lookup_with_no_red_flag_raises_nothing_whatever_the_guides_urgency(agent, record, urgency):
    answer = LookupAnswer(found=True, answer="Some swelling is normal.", sources=["Guide"], urgency=urgency)
    with mock.patch("knowledge.rag.lookup_symptom_guidance", return_value=answer):
        response = agent.post(
            "/api/v1/agent/knowledge/symptom/",
            {"symptom": "some swelling at the site"},
            content_type="application/json",
        )
    assert response.status_code == 200 and not Escalation.objects.exists()
    data = response.json()
    assert (data["escalation"], data["red_flags"], data["answer"]) == (None, [], "Some swelling is normal.")


def test_targets_emergent_now_urgent_same_day_routine_next_business_day(settings):
    settings.CLINIC_TIME_ZONE, settings.CLINIC_COUNTRY = "America/New_York", "US"
    friday = datetime(2026, 7, 3, 14, 0, tzinfo=ZoneInfo("America/New_York"))  # Independence Day observed
    assert escalation_due_by(tier="emergent", now=friday) == friday
    assert (escalation_due_by(tier="urgent", now=friday) - friday).total_seconds() == 120 * 60
    routine = escalation_due_by(tier="routine", now=friday).astimezone(ZoneInfo("America/New_York"))
    assert (routine.date().isoformat(), routine.hour) == ("2026-07-06", 17)  # Monday, 17:00
