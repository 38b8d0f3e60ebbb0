"""A nurse keeps a patient's contact details right: audited with a reason; caregiver; age; national phones."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from calls.models import CallRecord
from calls.selectors import call_agent_context
from patients.models import Patient, age_on, display_phone
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def edit(client, patient: Patient, **changes: str):
    data = {
        "phone": patient.phone,
        "time_zone": patient.time_zone,
        "preferred_language": patient.preferred_language,
        "calling_window_start": "",
        "calling_window_end": "",
        "caregiver_name": "",
        "caregiver_relationship": "",
        "caregiver_phone": "",
        "reason": "Patient called with new details",
    }
    data.update(changes)
    return client.post(f"/patients/{patient.pk}/contact/", data)


def test_a_change_is_saved_and_audited_with_its_reason(nurse_client, nurse):
    patient = PatientFactory(time_zone="America/New_York")
    response = edit(nurse_client, patient, phone="(617) 555-0142", time_zone="America/Denver")
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "+16175550142" and patient.time_zone == "America/Denver"
    entry = LogEntry.objects.get_for_object(patient).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == nurse and set(entry.changes_dict) >= {"phone", "time_zone"}
    assert entry.additional_data["reason"] == "Patient called with new details"


def test_the_reason_is_required_and_nothing_is_saved_without_it(nurse_client):
    patient = PatientFactory()
    response = edit(nurse_client, patient, phone="(617) 555-0142", reason="")
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    patient.refresh_from_db()
    assert patient.phone != "+16175550142"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12"}, "phone number does not exist"),
        ({"time_zone": "Mars/Olympus"}, "is not a time zone"),
        ({"calling_window_start": "07:00"}, "The clinic does not call before"),
        ({"caregiver_name": "Ann Lee"}, "Give both the caregiver"),
        ({"caregiver_phone": "(617) 555-0100"}, "Give the name of the caregiver"),
    ],
)
def test_bad_details_say_what_to_fix(nurse_client, changes, message):
    response = edit(nurse_client, PatientFactory(), **changes)
    assert response.status_code == 400 and message in response.content.decode()


def test_no_change_saves_nothing(nurse_client):
    patient = PatientFactory()
    before = LogEntry.objects.count()
    response = edit(nurse_client, patient)
    assert response.status_code == 302 and LogEntry.objects.count() == before


def test_the_caregiver_reaches_the_agent_as_first_name_and_relationship_only(nurse_client):
    patient = PatientFactory(first_name="Leo")
    edit(nurse_client, patient, caregiver_name="Ann Lee", caregiver_relationship="mother", caregiver_phone="6175550177")
    patient.refresh_from_db()
    assert patient.caregiver_phone == "+16175550177"
    record = CallRecordFactory(call=CallScheduleItemFactory(patient=patient))
    context = call_agent_context(record=CallRecord.objects.select_related("call__patient").get(pk=record.pk))
    assert context["caregiver"] == {"first_name": "Ann", "relationship": "mother"}
    assert "Ann Lee" not in str(context) and "0177" not in str(context)
    page = nurse_client.get(f"/patients/{patient.pk}/").content.decode()
    assert "Ann Lee (mother)" in page and "(617) 555-0177" in page


def test_age_and_national_phone_format():
    assert age_on(date(2016, 2, 1), date(2026, 1, 31)) == "9"
    assert age_on(date(2016, 2, 1), date(2026, 2, 1)) == "10"
    assert age_on(date(2025, 6, 15), date(2026, 1, 10)) == "6 months"
    assert age_on(date(2030, 1, 1), date(2026, 1, 1)) == ""
    assert display_phone("+16175550142") == "(617) 555-0142"
    assert display_phone("+442079460018") == "+44 20 7946 0018"  # abroad: international, dialable


def test_a_future_date_of_birth_is_refused():
    patient = PatientFactory.build(date_of_birth=date(2999, 1, 1))
    with pytest.raises(ValidationError, match="date of birth is in the future"):
        patient.full_clean()


def test_staff_without_the_change_permission_cannot_edit(db):
    from django.test import Client

    from tests.factories import UserFactory

    viewer = UserFactory(username="viewer", is_staff=True)
    client = Client()
    client.force_login(viewer)
    patient = PatientFactory()
    assert edit(client, patient, phone="(617) 555-0142").status_code == 403
