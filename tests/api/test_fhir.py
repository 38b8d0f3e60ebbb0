"""GET /api/v1/discharges/<id>/fhir/ and /api/v1/calls/<id>/fhir/: FHIR R4 Bundles validated by fhir.resources."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from fhir.resources.R4B.bundle import Bundle

from calls.models import CallOutcome, CallStatus
from patients.adt.models import HospitalEncounter
from postop.models import AccessEvent
from postop.services import api_key_create
from tests.api.conftest import key_client
from tests.factories import CallRecordFactory, CallScheduleItemFactory, DischargeFactory, PatientFactory

pytestmark = pytest.mark.django_db

STARTED = datetime(2025, 6, 22, 14, 0, tzinfo=UTC)


@pytest.fixture
def completed_call():
    patient = PatientFactory(
        first_name="Maria",
        last_name="Lopez",
        external_id="MRN-FHIR",
        date_of_birth=date(1980, 4, 3),
        preferred_language="es",
        phone="+12125550123",
    )
    discharge = DischargeFactory(patient=patient, discharged_at=STARTED - timedelta(days=1))
    HospitalEncounter.objects.create(
        discharge=discharge,
        patient=patient,
        sending_facility="GENHOSP",
        visit_number="V1",
        patient_class="I",
        location="GENHOSP/3N/301",
        attending="Gregory House (1234)",
        admitted_at=STARTED - timedelta(days=3),
    )
    call = CallScheduleItemFactory(
        patient=patient,
        discharge=discharge,
        status=CallStatus.COMPLETED,
        purpose="Compression bandage",
        scheduled_for=STARTED,
        attempts=2,
    )
    CallRecordFactory(
        call=call,
        attempt=1,
        outcome=CallOutcome.NO_ANSWER,
        started_at=STARTED,
        ended_at=STARTED + timedelta(seconds=30),
    )
    CallRecordFactory(
        call=call,
        attempt=2,
        outcome=CallOutcome.COMPLETED,
        started_at=STARTED + timedelta(hours=1),
        answered_at=STARTED + timedelta(hours=1, seconds=8),
        ended_at=STARTED + timedelta(hours=1, minutes=4),
        summary="Bandage on, no pain.",
    )
    return call


def _resources(body: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in body["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


def test_the_bundle_of_a_completed_call_validates_and_round_trips(read_api, completed_call):
    response = read_api.get(f"/api/v1/calls/{completed_call.pk}/fhir/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    body = json.loads(response.content)
    bundle = Bundle.model_validate(body)  # raises on anything FHIR R4(B) does not allow
    assert bundle.type == "collection"
    again = json.loads(Bundle.model_validate_json(bundle.model_dump_json()).model_dump_json())
    assert again == json.loads(bundle.model_dump_json()) == body

    resources = _resources(body)
    assert [len(resources[t]) for t in ("Patient", "Encounter", "CommunicationRequest", "Communication")] == [
        1,
        1,
        1,
        2,
    ]
    patient = resources["Patient"][0]
    assert patient["identifier"][0]["value"] == "MRN-FHIR" and patient["birthDate"] == "1980-04-03"
    assert patient["communication"][0]["language"]["coding"][0]["code"] == "es"
    encounter = resources["Encounter"][0]
    assert encounter["status"] == "finished" and encounter["class"]["code"] == "IMP"
    assert encounter["participant"][0]["individual"]["display"] == "Gregory House (1234)"
    request = resources["CommunicationRequest"][0]
    assert request["status"] == "completed" and request["payload"][0]["contentString"] == "Compression bandage"
    first, second = sorted(resources["Communication"], key=lambda r: r["sent"])
    assert first["status"] == "not-done" and first["statusReason"]["coding"][0]["code"] == "no_answer"
    assert second["status"] == "completed" and second["payload"][0]["contentString"] == "Bandage on, no pain."
    assert datetime.fromisoformat(second["received"]) == STARTED + timedelta(hours=1, seconds=8)
    urls = {entry["resource"]["id"]: entry["fullUrl"] for entry in body["entry"]}
    assert second["basedOn"][0]["reference"] == urls[request["id"]]
    assert second["subject"]["reference"] == urls[patient["id"]]
    assert AccessEvent.objects.filter(object_id=str(completed_call.pk), action="export").exists()


def test_the_discharge_bundle_has_every_call_and_a_held_call_is_on_hold(read_api, completed_call):
    held = CallScheduleItemFactory(
        patient=completed_call.patient, discharge=completed_call.discharge, status=CallStatus.ON_HOLD
    )
    response = read_api.get(f"/api/v1/discharges/{completed_call.discharge_id}/fhir/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    Bundle.model_validate(response.json())
    requests = {r["id"]: r for r in _resources(response.json())["CommunicationRequest"]}
    assert requests[f"call-{held.pk}"]["status"] == "on-hold"
    assert requests[f"call-{completed_call.pk}"]["status"] == "completed"


def test_a_key_without_patient_and_call_record_rights_is_refused(completed_call):
    key, raw = api_key_create(name="discharges-only", write=False)
    key.user.groups.clear()
    key.user.user_permissions.set(Permission.objects.filter(codename__in=["view_discharge", "view_callscheduleitem"]))
    client = key_client(raw)

    # The plain endpoints answer, the bundles (demographics and attempts) do not.
    assert client.get(f"/api/v1/discharges/{completed_call.discharge_id}/").status_code == 200
    assert client.get(f"/api/v1/calls/{completed_call.pk}/fhir/").status_code == 403
    assert client.get(f"/api/v1/discharges/{completed_call.discharge_id}/fhir/").status_code == 403
    assert not AccessEvent.objects.filter(action="export").exists()


def test_no_key_is_401_and_an_unknown_id_is_404(read_api, client, completed_call):
    assert client.get(f"/api/v1/calls/{completed_call.pk}/fhir/").status_code in (401, 403)
    assert read_api.get("/api/v1/calls/999999/fhir/").status_code == 404
    assert read_api.get("/api/v1/discharges/999999/fhir/").status_code == 404


def test_the_schema_documents_both_bundles(read_api):
    schema = read_api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/calls/{id}/fhir/" in schema["paths"]
    assert "/api/v1/discharges/{id}/fhir/" in schema["paths"]
    content = schema["paths"]["/api/v1/calls/{id}/fhir/"]["get"]["responses"]["200"]["content"]
    assert "application/fhir+json" in content


def test_a_portal_discharge_without_hospital_details_still_validates(read_api):
    discharge = DischargeFactory(
        patient=PatientFactory(external_id=None, date_of_birth=None, preferred_language="other")
    )
    CallScheduleItemFactory(patient=discharge.patient, discharge=discharge)

    response = read_api.get(f"/api/v1/discharges/{discharge.pk}/fhir/")

    assert response.status_code == 200
    Bundle.model_validate(response.json())
    resources = _resources(response.json())
    assert "identifier" not in resources["Patient"][0] and "communication" not in resources["Patient"][0]
    encounter = resources["Encounter"][0]
    assert list(encounter["period"]) == ["end"] and "participant" not in encounter
    assert datetime.fromisoformat(encounter["period"]["end"]) == discharge.discharged_at
    assert resources["CommunicationRequest"][0]["status"] == "active" and "Communication" not in resources
