from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

RETURN_DATE = (timezone.now() + timedelta(days=10)).date()


def new_patient_post(**overrides: str) -> dict:
    data = {
        "submission_key": "key-one",
        "patient_mode": "new",
        "new-first_name": "Maya",
        "new-last_name": "Okafor",
        "new-external_id": "MRN-7781",
        "new-phone": "(212) 555-0187",
        "new-time_zone": "America/Chicago",
        "new-preferred_language": "en",
        "discharged_at": timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "procedure": "Sclerotherapy of a venous malformation",
        "orders": ["vm_compression", "vm_activity", "vm_school"],
        "param__vm_school__return_date": RETURN_DATE.isoformat(),
    }
    data.update(overrides)
    return data


def test_the_page_offers_the_catalog_grouped_with_instructions(nurse_client, catalog):
    response = nurse_client.get("/patients/discharge/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h3>Venous malformation</h3>" in html
    assert catalog["vm_school"].instructions in html
    assert 'name="param__vm_school__return_date"' in html
    assert 'type="datetime-local"' in html
    assert response.context["form"]["submission_key"].value()


def test_preview_lists_the_calls_with_local_times_and_prompt_lines(nurse_client, catalog):
    response = nurse_client.post("/patients/discharge/preview/", new_patient_post(), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="preview"')
    assert len(response.context["preview_calls"]) >= 3
    assert "America/Chicago" in html
    assert "Return to school" in html
    assert "Maya" in html  # the prompt's first lines
    assert not Discharge.objects.exists() and not Patient.objects.exists()


def test_preview_shows_a_missing_school_date_beside_the_order(nurse_client, catalog):
    data = new_patient_post(param__vm_school__return_date="")
    html = nurse_client.post("/patients/discharge/preview/", data, headers={"HX-Request": "true"}).content.decode()
    marker = 'id="errors-order-vm_school" hx-swap-oob="true" aria-live="polite"><span class="field-error">'
    assert marker in html
    assert "date" in html.split(marker)[1].split("</span>")[0]


def test_preview_flags_a_bad_phone_and_zone_inline(nurse_client, catalog):
    data = new_patient_post(**{"new-phone": "12", "new-time_zone": "Mars/Olympus"})
    html = nurse_client.post("/patients/discharge/preview/", data, headers={"HX-Request": "true"}).content.decode()
    assert 'id="errors-new-phone" hx-swap-oob="true"' in html
    assert "not a phone number" in html or "numbering plan" in html
    assert "is not a time zone" in html


def test_submit_creates_patient_discharge_and_calls_and_lands_on_the_patient(nurse_client, nurse, catalog):
    response = nurse_client.post("/patients/discharge/", new_patient_post())
    patient = Patient.objects.get(external_id="MRN-7781")
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{patient.pk}/"
    assert patient.phone == "+12125550187"
    assert patient.time_zone == "America/Chicago"
    discharge = patient.discharges.get()
    assert discharge.discharged_by == nurse
    assert discharge.order_params["vm_school"] == {"return_date": RETURN_DATE.isoformat()}
    assert CallScheduleItem.objects.filter(discharge=discharge).count() >= 3
    page = nurse_client.get(response["Location"]).content.decode()
    assert "Discharge recorded." in page


def test_a_double_submit_creates_nothing_twice(nurse_client, catalog):
    first = nurse_client.post("/patients/discharge/", new_patient_post())
    calls = CallScheduleItem.objects.count()
    second = nurse_client.post("/patients/discharge/", new_patient_post())
    assert second["Location"] == first["Location"]
    assert Patient.objects.count() == 1
    assert Discharge.objects.count() == 1
    assert CallScheduleItem.objects.count() == calls


def test_an_existing_patient_can_be_discharged(nurse_client, catalog):
    patient = PatientFactory(first_name="Lee")
    data = new_patient_post(patient_mode="existing", patient=str(patient.pk), orders=["vm_compression"])
    response = nurse_client.post("/patients/discharge/", data)
    assert response.status_code == 302
    assert patient.discharges.count() == 1
    assert Patient.objects.count() == 1


def test_a_rejected_submit_keeps_what_the_nurse_typed(nurse_client, catalog):
    data = new_patient_post(**{"new-phone": "555", "procedure": "Foam sclerotherapy"})
    response = nurse_client.post("/patients/discharge/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Patient.objects.exists()
    assert 'value="Maya"' in html and 'value="Foam sclerotherapy"' in html
    assert 'value="555"' in html
    assert f'value="{RETURN_DATE.isoformat()}"' in html
    assert 'id="order-vm_school" checked' in html
    assert 'value="key-one"' in html  # the same one-time token, so a later success is still deduplicated
    assert "was not recorded" in html


def test_it_refuses_a_new_patient_with_a_known_mrn(nurse_client, catalog):
    PatientFactory(external_id="MRN-7781")
    response = nurse_client.post("/patients/discharge/", new_patient_post())
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert not Discharge.objects.exists()


def test_existing_mode_needs_a_patient(nurse_client, catalog):
    response = nurse_client.post("/patients/discharge/", new_patient_post(patient_mode="existing"))
    assert response.status_code == 400
    assert "Search for the patient and select them" in response.content.decode()


def test_discharge_time_is_read_in_the_clinic_zone(nurse_client, catalog, settings):
    # A recent day (discharges older than DISCHARGE_MAX_PAST_DAYS are refused), 10:30 on the clinic's clock.
    clinic = ZoneInfo(settings.CLINIC_TIME_ZONE)
    day = (timezone.now() - timedelta(days=3)).astimezone(clinic).date()
    data = new_patient_post(discharged_at=f"{day.isoformat()}T10:30", orders=["vm_compression"])
    nurse_client.post("/patients/discharge/", data)
    discharged = Discharge.objects.get().discharged_at
    expected = datetime.combine(day, time(10, 30), tzinfo=clinic)
    assert discharged == expected  # the same instant: 10:30 in New York, whatever the server's zone
    assert discharged.astimezone(UTC).hour == expected.astimezone(UTC).hour != 10
