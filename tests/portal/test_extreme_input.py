"""Extreme input through the portal's forms: a message on the form, never a 500 (issue 22 items 4, 5, 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from tests.factories import CallScheduleItemFactory, PatientFactory
from tests.portal.test_discharge import new_patient_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_calls_list_date_out_of_range_is_a_form_error(nurse_client, day):
    CallScheduleItemFactory()
    for field in ("date_to", "date_from"):
        response = nurse_client.get("/calls/", {field: day})
        assert response.status_code == 200
        assert "use a date between 1900 and 2100" in response.content.decode()


@pytest.mark.parametrize(
    ("when", "says"),
    [
        ("9999-12-31T23:59", "9999"),
        ("0001-01-01T00:00", "year 1"),
        ("1950-06-01T10:00", "more than 30 days ago"),
        ((timezone.now() - timedelta(days=45)).strftime("%Y-%m-%dT%H:%M"), "more than 30 days ago"),
    ],
)
def test_a_discharge_out_of_bounds_is_refused_on_the_form(nurse_client, catalog, when, says):
    response = nurse_client.post("/patients/discharge/", new_patient_post(discharged_at=when))
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Discharge.objects.exists() and not Patient.objects.exists()


@pytest.mark.parametrize("dob", ["2090-01-01", "1850-05-05"])
def test_a_date_of_birth_out_of_bounds_is_refused_on_the_form(nurse_client, catalog, dob):
    response = nurse_client.post("/patients/discharge/", new_patient_post(**{"new-date_of_birth": dob}))
    assert response.status_code == 400
    assert "The date of birth" in response.content.decode()
    assert not Patient.objects.exists()


def test_a_school_return_in_9999_is_refused_on_the_form(nurse_client, catalog):
    response = nurse_client.post("/patients/discharge/", new_patient_post(param__vm_school__return_date="9999-12-31"))
    assert response.status_code == 400
    assert "return date is in the year 9999; use a date between 1900 and 2100" in response.content.decode()
    assert not CallScheduleItem.objects.exists()
    too_far = (timezone.localdate() + timedelta(days=800)).isoformat()
    response = nurse_client.post("/patients/discharge/", new_patient_post(param__vm_school__return_date=too_far))
    assert response.status_code == 400
    assert "more than two years away" in response.content.decode()


def test_a_past_return_date_makes_no_call_and_the_nurse_is_told(nurse_client, catalog):
    passed = timezone.localdate() - timedelta(days=2)
    data = new_patient_post(param__vm_school__return_date=passed.isoformat())
    preview = nurse_client.post("/patients/discharge/preview/", data).content.decode()
    words = f"{passed:%B} {passed.day}, {passed.year}"
    assert words in preview and "already passed" in preview
    response = nurse_client.post("/patients/discharge/", data, follow=True)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not CallScheduleItem.objects.filter(order__key="vm_school").exists()
    assert CallScheduleItem.objects.filter(order__key="vm_compression").exists()


@pytest.mark.parametrize("picked", ["9999-12-31T23:59", "0001-01-01T00:00", "2099-01-01T10:00"])
def test_a_reschedule_out_of_bounds_is_a_form_error(nurse_client, picked):
    call = CallScheduleItemFactory(patient=PatientFactory())
    response = nurse_client.post(f"/calls/{call.pk}/reschedule/", {"reschedule-when_at": picked})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "use a date between 1900 and 2100" in html or "more than two years away" in html
    call.refresh_from_db()
    assert call.next_attempt_at == call.scheduled_for
