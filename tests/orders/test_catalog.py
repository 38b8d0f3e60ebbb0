"""The shipped order catalog: loads idempotently, every order valid, prompts read naturally."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from calls.models import CallType
from calls.scheduler import preview_calls
from orders.catalog import CATALOG_KEYS, ORDER_CATALOG
from orders.models import DischargeOrder
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

GUIDE_ORDERS = {
    "vm_compression",
    "vm_activity",
    "vm_school",
    "vm_pain_medication",
    "vm_wound_care",
    "vm_followup_appointment",
    "vm_warning_signs",
}


def _load() -> str:
    out = StringIO()
    call_command("load_order_catalog", stdout=out)
    return out.getvalue()


def test_the_catalog_has_the_guides_orders_and_a_general_set(catalog):
    assert set(catalog) >= GUIDE_ORDERS
    general = {key for key, order in catalog.items() if order.procedure_group == "General post-operative"}
    assert len(general) == 4
    timings = {order.call_template["timing"] for order in catalog.values()}
    assert "within_24_hours" in timings
    assert catalog["vm_compression"].call_template["timing"] == "24_hours_after_discharge"
    assert catalog["vm_school"].call_template["timing"] == "day_before_date:{return_date}"
    assert catalog["vm_school"].required_parameters[0]["name"] == "return_date"


def test_loading_is_idempotent_and_reports_what_it_did(db):
    first = _load()
    assert f"{len(ORDER_CATALOG)} created, 0 updated, 0 unchanged" in first
    assert "created: vm_compression" in first
    assert f"0 created, 0 updated, {len(ORDER_CATALOG)} unchanged" in _load()
    assert DischargeOrder.objects.count() == len(ORDER_CATALOG)


def test_reloading_restores_edited_text_but_keeps_a_deactivated_order_off(catalog):
    DischargeOrder.objects.filter(key="vm_activity").update(title="Edited", active=False)
    output = _load()
    assert "updated: vm_activity" in output and "1 updated" in output
    order = DischargeOrder.objects.get(key="vm_activity")
    assert order.title == "Activity restrictions"
    assert order.active is False


def test_every_order_is_valid_and_uses_known_call_types(catalog):
    assert set(catalog) == CATALOG_KEYS
    for order in catalog.values():
        order.full_clean()
        assert order.call_template["call_type"] in CallType.values


def test_every_prompt_greets_by_first_name_states_instructions_and_asks_one_question(catalog):
    patient = PatientFactory(first_name="Maya", last_name="Lopez")
    params = {
        key: {p["name"]: "2030-06-23" for p in order.parameters} for key, order in catalog.items() if order.parameters
    }
    calls = preview_calls(
        patient=patient,
        discharged_at=datetime(2030, 6, 10, 14, 0, tzinfo=UTC),
        orders=list(catalog.values()),
        order_params=params,
        procedure="Sclerotherapy of a venous malformation",
    )
    assert {c.order.key for c in calls} == CATALOG_KEYS
    for call in calls:
        prompt = call.llm_prompt
        assert "Hi Maya, this is PostOp AI" in prompt, call.order.key
        assert call.order.instructions in prompt or "June 23, 2030" in prompt, call.order.key
        opening = prompt.split('Start with: "', 1)[1].split('"', 1)[0]
        assert opening.count("?") == 1, call.order.key
        assert "after their sclerotherapy of a venous malformation on June 10, 2030" in prompt
        assert "{" not in prompt and "2030-06-23" not in prompt
