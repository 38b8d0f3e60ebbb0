"""A patient's language changes after the calls were planned: each waiting call that cannot be made in
the new language is held (Spanish) or flagged for an interpreter (a language PostOp AI has no content
for), for a nurse (the contact form, the REST API and HL7 A08 alike)."""

from __future__ import annotations

import pytest

from calls.models import CallScheduleItem, CallStatus
from patients.services import patient_contact_update, patient_upsert
from tests.api.conftest import key_client
from tests.factories import CallScheduleItemFactory, DischargeOrderFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(catalog):
    patient = PatientFactory(preferred_language="en", external_id="MRN-LC-1")
    own = DischargeOrderFactory(key="own_check", title="Own check")  # no Spanish text
    return {
        "own": CallScheduleItemFactory(patient=patient, order=own),
        "spanish_ok": CallScheduleItemFactory(patient=patient, order=catalog["vm_compression"]),
        "done": CallScheduleItemFactory(patient=patient, order=own, status=CallStatus.COMPLETED),
    }


def _flags(calls: dict) -> dict[str, str]:
    rows = CallScheduleItem.objects.in_bulk([c.pk for c in calls.values()])
    return {name: rows[c.pk].status_reason for name, c in calls.items() if rows[c.pk].needs_attention}


def test_a_switch_to_spanish_holds_the_calls_whose_order_has_no_spanish(calls):
    patient = calls["own"].patient
    assert patient_contact_update(patient=patient, by=None, reason="Patient asked", preferred_language="es")
    flags = _flags(calls)
    assert set(flags) == {"own"}
    # Held, not only flagged: dispatch skips it (tests/spanish/test_language_hold.py).
    assert flags["own"].startswith("On hold: Own check has no Spanish version; choose English for this call")
    assert CallScheduleItem.objects.get(pk=calls["own"].pk).status == CallStatus.ON_HOLD


def test_a_language_without_reviewed_content_flags_every_waiting_call_for_an_interpreter(calls):
    patient = calls["own"].patient
    patient_contact_update(patient=patient, by=None, reason="Interpreter services", preferred_language="vi")
    flags = _flags(calls)
    assert set(flags) == {"own", "spanish_ok"}
    assert all("now Vietnamese: the calls are in English; arrange a qualified interpreter" in f for f in flags.values())


def test_the_mrn_upsert_and_the_rest_api_flag_too(calls, db):
    patient = calls["own"].patient
    patient_upsert(external_id="MRN-LC-1", first_name=patient.first_name, last_name=patient.last_name,
                   phone=patient.phone, preferred_language="es")  # fmt: skip
    assert set(_flags(calls)) == {"own"}

    CallScheduleItem.objects.update(needs_attention=False, status_reason="")
    from postop.services import api_key_create

    api = key_client(api_key_create(name="ehr-feed", write=True)[1])
    response = api.patch(f"/api/v1/patients/{patient.pk}/", {"preferred_language": "zh"}, format="json")
    assert response.status_code == 200, response.json()
    assert set(_flags(calls)) == {"own", "spanish_ok"}


def test_no_change_in_language_flags_nothing(calls):
    patient = calls["own"].patient
    patient_contact_update(patient=patient, by=None, reason="New phone", phone="+12125550177")
    assert _flags(calls) == {}
