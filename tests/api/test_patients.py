"""/api/v1/patients/: create, read, update, search; every read is an access event."""

from __future__ import annotations

import pytest

from postop.models import AccessEvent
from tests.factories import PatientFactory

PATIENTS = "/api/v1/patients/"


def test_it_creates_a_patient_with_a_normalized_phone(api):
    response = api.post(
        PATIENTS,
        {"mrn": "MRN555", "first_name": "Ana", "last_name": "Diaz", "phone": "(212) 555-0142", "time_zone": "UTC"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phone"] == "+12125550142"
    assert body["mrn"] == "MRN555"
    assert body["time_zone"] == "UTC"


def test_it_rejects_a_bad_phone_with_a_field_error(api):
    response = api.post(PATIENTS, {"first_name": "Ana", "last_name": "Diaz", "phone": "12"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert "country code" in response.json()["phone"][0]


def test_it_rejects_a_duplicate_mrn_and_an_unknown_time_zone(api):
    PatientFactory(external_id="MRN1")
    response = api.post(
        PATIENTS,
        {"mrn": "MRN1", "first_name": "A", "last_name": "B", "phone": "+12125550100", "time_zone": "Mars/Base"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"mrn", "time_zone"}


def test_it_reads_a_patient_and_logs_the_access(api, write_key):
    patient = PatientFactory()
    response = api.get(f"{PATIENTS}{patient.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert response.json()["last_name"] == patient.last_name
    event = AccessEvent.objects.get(patient=patient)
    assert event.api_key == write_key[0]
    assert event.actor == "api-key:ehr-feed"
    assert event.action == "view"
    assert event.remote_addr == "10.1.2.3"


def test_it_updates_part_of_a_patient(api):
    patient = PatientFactory(phone="+12125550100")
    response = api.patch(f"{PATIENTS}{patient.pk}/", {"phone": "212 555 0199", "mrn": "NEW-MRN"}, format="json")
    assert response.status_code == 200, response.json()
    patient.refresh_from_db()
    assert patient.phone == "+12125550199"
    assert patient.external_id == "NEW-MRN"


def test_an_update_keeps_the_calling_window_inside_the_clinic_hours(api):
    patient = PatientFactory()
    response = api.patch(f"{PATIENTS}{patient.pk}/", {"calling_window_start": "06:00"}, format="json")
    assert response.status_code == 400
    assert "calling_window_start" in response.json()


def test_it_searches_by_name_mrn_and_phone_in_the_body(api):
    ana = PatientFactory(first_name="Ana", last_name="Zamora", external_id="MRN-77", phone="+12125550177")
    PatientFactory(first_name="Bob", last_name="Young", external_id="MRN-88", phone="+12125550188")

    def ids(terms: dict) -> list[int]:
        response = api.post(f"{PATIENTS}search/", terms, format="json")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids({"q": "zamora"}) == [ana.pk]
    assert ids({"name": "Ana"}) == [ana.pk]
    assert ids({"mrn": "mrn-77"}) == [ana.pk]
    assert ids({"phone": "555-0177"}) == [ana.pk]
    assert ids({"name": "Ana", "mrn": "MRN-88"}) == []
    assert AccessEvent.objects.filter(patient=ana, action="list").count() == 4


def test_a_phone_search_needs_four_digits(api):
    response = api.post(f"{PATIENTS}search/", {"phone": "12"}, format="json")
    assert response.status_code == 400
    assert "phone" in response.json()
    empty = api.post(f"{PATIENTS}search/", {}, format="json")
    assert empty.status_code == 400 and "at least one of" in empty.json()["non_field_errors"][0]


@pytest.mark.parametrize("query", ["q=zamora", "name=Ana", "mrn=MRN-77", "phone=5550177"])
def test_patient_details_in_the_query_string_are_refused(api, query):
    PatientFactory(first_name="Ana", last_name="Zamora", external_id="MRN-77", phone="+12125550177")
    response = api.get(f"{PATIENTS}?{query}")
    assert response.status_code == 400
    assert "POST /api/v1/patients/search/" in str(response.json())


def test_a_read_only_key_may_search(read_api):
    PatientFactory(last_name="Zamora")
    assert read_api.post(f"{PATIENTS}search/", {"q": "zamora"}, format="json").status_code == 200


def test_the_list_is_paginated(api):
    PatientFactory.create_batch(3)
    body = api.get(f"{PATIENTS}?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]
