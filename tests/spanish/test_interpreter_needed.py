"""A patient whose language PostOp AI has no reviewed content for: the calls are in English, and the
nurse is told to arrange a qualified interpreter whichever way the discharge came in (the portal form,
the REST API, the HL7 feed), on the patient's page and on the transitional-care worklist, never silently."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge
from tests.api.conftest import key_client
from tests.factories import DischargeFactory, PatientFactory
from tests.portal.test_discharge import new_patient_post

pytestmark = pytest.mark.django_db
VIETNAMESE = "Calls will be in English: PostOp AI has no reviewed Vietnamese content."


@pytest.fixture
def api(db):
    from postop.services import api_key_create

    return key_client(api_key_create(name="ehr-feed", write=True)[1])


def _api_discharge(api, patient) -> dict:
    data = {
        "patient": patient.pk,
        "discharged_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "procedure": "Sclerotherapy",
        "orders": ["vm_compression"],
        "order_params": {},
    }
    response = api.post("/api/v1/discharges/", data, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_an_api_discharge_carries_the_interpreter_warning(api, catalog):
    body = _api_discharge(api, PatientFactory(preferred_language="vi"))
    assert body["calls"]  # the safety net still calls, in English
    [warning] = body["warnings"]
    assert warning.startswith(VIETNAMESE) and "qualified Vietnamese interpreter" in warning


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_interpreter_warning_when_the_calls_are_in_the_patients_language(api, catalog, language):
    assert _api_discharge(api, PatientFactory(preferred_language=language))["warnings"] == []


def test_another_language_without_a_name_asks_for_an_interpreter_in_the_patients_language(api, catalog):
    [warning] = _api_discharge(api, PatientFactory(preferred_language="other"))["warnings"]
    assert "no reviewed content in the patient's language" in warning
    assert "qualified interpreter in their language" in warning and "Other" not in warning


def test_no_warning_when_no_call_will_be_made(api, catalog):
    body = _api_discharge(api, PatientFactory(preferred_language="vi", do_not_call=True))
    assert body["calls"] == [] and not any("interpreter" in w for w in body["warnings"])


def test_the_portal_shows_the_note_once_in_the_preview_and_keeps_it_after_saving(nurse_client, catalog):
    post = new_patient_post(**{"new-preferred_language": "vi"})
    html = nurse_client.post("/patients/discharge/preview/", post, headers={"HX-Request": "true"}).content.decode()
    assert html.count(VIETNAMESE) == 1
    saved = nurse_client.post("/patients/discharge/", post, follow=True).content.decode()
    assert Discharge.objects.get().warnings[0].startswith(VIETNAMESE)
    assert VIETNAMESE in saved and 'id="interpreter-needed"' in saved


def test_the_patient_page_and_the_transitional_care_worklist_say_an_interpreter_is_needed(nurse_client, catalog):
    patient = PatientFactory(preferred_language="zh", first_name="Wei")
    DischargeFactory(
        patient=patient,
        discharged_at=timezone.now() - timedelta(days=3),
        contact_deadline=timezone.now() - timedelta(hours=1),
        warnings=["Calls will be in English: PostOp AI has no reviewed Chinese content. Arrange ..."],
    )
    page = nurse_client.get(f"/patients/{patient.pk}/").content.decode()
    assert 'id="interpreter-needed"' in page and "Interpreter needed (Chinese)" in page
    assert "This contact needs a qualified Chinese interpreter" in page
    assert "no reviewed Chinese content. Arrange ..." in page  # the discharge's stored warning
    dashboard = nurse_client.get("/").content.decode()
    assert "Chinese interpreter</span>" in dashboard


def test_an_english_or_spanish_speaking_patients_page_has_no_interpreter_alert(nurse_client):
    for language in ("en", "es"):
        patient = PatientFactory(preferred_language=language)
        assert 'id="interpreter-needed"' not in nurse_client.get(f"/patients/{patient.pk}/").content.decode()
    assert not CallScheduleItem.objects.exists()
