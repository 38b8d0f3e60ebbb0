"""/api/v1/discharges/ and /api/v1/orders/: the same language rule as the portal form (calls.language).

A Spanish-speaking patient's discharge is refused, all or nothing, when an order has no reviewed
Spanish text, with a message naming the order and what to do; the catalog says which languages each
order's call can be made in, so an integration can choose before it posts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge
from tests.factories import DischargeOrderFactory, PatientFactory

DISCHARGES = "/api/v1/discharges/"


@pytest.fixture
def own_check(db):
    return DischargeOrderFactory(key="own_check", title="Own check")  # a clinic's order with no Spanish text


def _post(api, patient, orders):
    data = {
        "patient": patient.pk,
        "discharged_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "procedure": "Sclerotherapy",
        "orders": orders,
        "order_params": {},
    }
    return api.post(DISCHARGES, data, format="json")


def test_it_refuses_an_order_without_spanish_for_a_spanish_speaking_patient(api, catalog, own_check):
    response = _post(api, PatientFactory(preferred_language="es"), ["vm_compression", "own_check"])
    assert response.status_code == 400
    [message] = response.json()["order_params"]["own_check"]
    assert message.startswith("Own check: no reviewed Spanish text for the order's instructions")
    assert "choose another order" in message and "correct their preferred language" in message
    assert not Discharge.objects.exists() and not CallScheduleItem.objects.exists()


def test_orders_with_reviewed_spanish_are_accepted(api, catalog):
    response = _post(api, PatientFactory(preferred_language="es"), ["vm_compression"])
    assert response.status_code == 201, response.json()
    assert CallScheduleItem.objects.filter(discharge_id=response.json()["id"]).exists()


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_rule_is_only_for_a_language_the_calls_are_made_in(api, own_check, language):
    # English calls for English speakers; other languages get English calls and an interpreter note.
    response = _post(api, PatientFactory(preferred_language=language), ["own_check"])
    assert response.status_code == 201, response.json()


def test_a_do_not_call_patient_is_not_refused_for_a_call_that_will_not_be_made(api, own_check):
    response = _post(api, PatientFactory(preferred_language="es", do_not_call=True), ["own_check"])
    assert response.status_code == 201, response.json()
    assert not CallScheduleItem.objects.exists()


def test_the_catalog_says_which_languages_each_call_can_be_made_in(api, catalog, own_check):
    assert api.get("/api/v1/orders/vm_compression/").json()["call"]["languages"] == ["en", "es"]
    assert api.get("/api/v1/orders/own_check/").json()["call"]["languages"] == ["en"]
