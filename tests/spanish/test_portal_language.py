"""The discharge preview and the call page show the patient's language and what they will hear in it;
a Spanish-speaking patient is never given an order without reviewed Spanish; other languages get English
calls with a plain interpreter note for the nurse."""

from __future__ import annotations

import pytest
from django.urls import reverse

from calls.models import CallScheduleItem
from patients.models import Discharge
from tests.factories import CallRecordFactory, CallScheduleItemFactory, DischargeOrderFactory, PatientFactory
from tests.portal.test_discharge import new_patient_post

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
SPANISH_OPENING = "“Hola, le habla el asistente automatizado de"


def preview(client, **overrides) -> str:
    return client.post("/patients/discharge/preview/", new_patient_post(**overrides), headers=HX).content.decode()


def test_the_preview_for_a_spanish_patient_shows_the_spanish_opening_and_purpose(nurse_client, catalog):
    html = preview(nurse_client, **{"new-preferred_language": "es"}, orders=["vm_compression"])
    assert "Language: Spanish." in html and "Calls are in Spanish" in html
    assert "The patient hears first (in Spanish):" in html
    assert SPANISH_OPENING in html and "llamo para Maya" in html
    assert "“un recordatorio sobre su vendaje de compresión”" in html
    assert 'lang="es"' in html


def test_the_preview_for_an_english_patient_is_unchanged(nurse_client, catalog):
    html = preview(nurse_client, orders=["vm_compression"])
    assert "Language: English." in html and "Calls are in English." in html
    assert "The patient hears first:" in html and SPANISH_OPENING not in html


def test_an_order_without_spanish_is_refused_for_a_spanish_patient_at_discharge(nurse_client, catalog):
    DischargeOrderFactory(key="own_check", title="Own check")  # a clinic's order with no Spanish text
    post = new_patient_post(**{"new-preferred_language": "es"}, orders=["own_check"])
    html = nurse_client.post("/patients/discharge/preview/", post, headers=HX).content.decode()
    assert "Own check: no reviewed Spanish text for the order&#x27;s instructions" in html
    assert "will not call a Spanish-speaking patient in English" in html
    refused = nurse_client.post("/patients/discharge/", post)
    assert refused.status_code == 400 and not Discharge.objects.exists() and not CallScheduleItem.objects.exists()


def test_another_language_gets_english_calls_and_an_interpreter_note(nurse_client, catalog):
    html = preview(nurse_client, **{"new-preferred_language": "vi"}, orders=["vm_compression"])
    assert "Language: Vietnamese." in html
    assert "Calls will be in English: PostOp AI has no reviewed Vietnamese content." in html
    assert "qualified Vietnamese interpreter" in html and "message-warning" in html
    done = nurse_client.post("/patients/discharge/", new_patient_post(**{"new-preferred_language": "vi"}))
    assert done.status_code == 302 and CallScheduleItem.objects.exists()  # the safety net still calls


def test_the_call_page_labels_the_language_and_the_attempts(nurse_client, catalog):
    patient = PatientFactory(first_name="Lucía", preferred_language="es")
    call = CallScheduleItemFactory(patient=patient, order=catalog["vm_compression"])
    CallRecordFactory(call=call, attempt=1)
    html = nurse_client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert 'data-call-language="es">Calls in Spanish' in html
    assert "What the patient hears first (in Spanish):" in html and "llamo para Lucía" in html
    assert "<td>Spanish</td>" in html  # the attempt's language


def test_an_attempt_switched_to_spanish_shows_it(nurse_client, catalog):
    call = CallScheduleItemFactory(patient=PatientFactory(preferred_language="en"), order=catalog["vm_compression"])
    CallRecordFactory(call=call, attempt=1, language="es")
    html = nurse_client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "Calls in English" in html and "<td>Spanish</td>" in html
