"""Extreme input through the REST API: field errors with messages, never a 500 (issue 22 items 4, 5, 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from patients.models import Discharge
from tests.api.conftest import zone_in_window_now
from tests.api.test_discharges import catalog, payload  # noqa: F401 - the fixture and its payload
from tests.factories import CallScheduleItemFactory, PatientFactory

DISCHARGES = "/api/v1/discharges/"
pytestmark = pytest.mark.django_db


def field_error(response, field: str) -> str:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert field in response.json(), response.json()
    return str(response.json()[field])


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00Z", "1950-06-01T10:00:00-04:00", "2021-03-01T10:00:00Z"]
)
def test_a_discharge_out_of_bounds_is_a_field_error(api, catalog, when):  # noqa: F811
    response = api.post(DISCHARGES, payload(PatientFactory(), discharged_at=when), format="json")
    field_error(response, "discharged_at")
    assert not Discharge.objects.exists()


def test_a_discharge_older_than_the_setting_says_how_far_back_is_allowed(api, catalog, settings):  # noqa: F811
    settings.DISCHARGE_MAX_PAST_DAYS = 10
    patient = PatientFactory()
    old = (timezone.now() - timedelta(days=11)).isoformat()
    assert "more than 10 days ago" in field_error(
        api.post(DISCHARGES, payload(patient, discharged_at=old), format="json"), "discharged_at"
    )
    recent = (timezone.now() - timedelta(days=9)).isoformat()
    assert api.post(DISCHARGES, payload(patient, discharged_at=recent), format="json").status_code == 201


@pytest.mark.parametrize("offset", ["+20:00", "-16:30", "+14:30"])
def test_utc_offsets_beyond_14_hours_are_refused_everywhere(api, catalog, offset):  # noqa: F811
    when = f"{timezone.localdate().isoformat()}T10:00:00{offset}"
    for url, field in (
        ("/api/v1/calls/", "scheduled_after"),
        ("/api/v1/call-records/", "started_before"),
        (DISCHARGES, "discharged_after"),
    ):
        assert "offset" in field_error(api.get(url, {field: when}), field)
    posted = api.post(DISCHARGES, payload(PatientFactory(), discharged_at=when), format="json")
    assert "offset" in field_error(posted, "discharged_at")


def test_a_filter_in_the_year_9999_is_a_field_error(api):
    assert "9999" in field_error(
        api.get("/api/v1/calls/", {"scheduled_before": "9999-12-31T23:59:59-12:00"}), "scheduled_before"
    )


@pytest.mark.parametrize("return_date", ["0001-01-01", "9999-12-31"])
def test_an_absurd_return_date_is_a_field_error(api, catalog, return_date):  # noqa: F811
    data = payload(PatientFactory(), order_params={"school": {"return_date": return_date}})
    response = api.post(DISCHARGES, data, format="json")
    assert response.status_code == 400, response.content
    assert "school" in response.json()["order_params"]
    assert not Discharge.objects.exists()


def test_a_past_return_date_makes_no_call_and_says_so(api, catalog):  # noqa: F811
    passed = timezone.localdate() - timedelta(days=3)
    data = payload(PatientFactory(), order_params={"school": {"return_date": passed.isoformat()}})
    response = api.post(DISCHARGES, data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [call["order"] for call in body["calls"]] == ["bandage"]
    (warning,) = body["warnings"]
    assert f"{passed:%B} {passed.day}, {passed.year}" in warning and "already passed" in warning
    assert api.get(f"{DISCHARGES}{body['id']}/").json()["warnings"] == [warning]


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-12:00", "0001-01-01T10:00:00", "2099-06-01T10:00:00-04:00", "2030-01-01T10:00+20:00"]
)
def test_a_reschedule_out_of_bounds_is_a_field_error(api, when):
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone=zone_in_window_now()))
    response = api.post(f"/api/v1/calls/{call.pk}/reschedule/", {"when": when}, format="json")
    field_error(response, "when")
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING and call.next_attempt_at == call.scheduled_for


@pytest.mark.parametrize("dob", ["2090-01-01", "1850-05-05", "0001-01-01"])
def test_a_date_of_birth_in_the_future_or_before_1900_is_refused(api, dob):
    data = {"first_name": "Ana", "last_name": "Diaz", "phone": "+12125550123", "date_of_birth": dob}
    assert "date of birth" in field_error(api.post("/api/v1/patients/", data, format="json"), "date_of_birth")
    patient = PatientFactory()
    patched = api.patch(f"/api/v1/patients/{patient.pk}/", {"date_of_birth": dob}, format="json")
    field_error(patched, "date_of_birth")


@pytest.mark.parametrize(
    "query",
    [
        "needs_attention=2",
        "needs_attention=maybe",
        "needs_attention=",
        "page_size=null",
        "page_size=0",
        "page_size=201",
        "page=",
        "page=first",
        "scheduled_after=",
        "patient=",
    ],
)
def test_lenient_query_values_are_400s(api, query):
    CallScheduleItemFactory()
    response = api.get(f"/api/v1/calls/?{query}")
    field_error(response, query.split("=")[0])


def test_a_body_of_100000_nested_brackets_is_a_400_with_a_message(api):
    response = api.post(DISCHARGES, "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert not CallScheduleItem.objects.exists()


def test_a_number_where_text_belongs_is_refused_not_turned_into_text(api, catalog):  # noqa: F811
    data = {"mrn": 0, "first_name": "Ana", "last_name": "Diaz", "phone": "+12125550123"}
    field_error(api.post("/api/v1/patients/", data, format="json"), "mrn")
    field_error(api.post(DISCHARGES, payload(PatientFactory(), procedure=12), format="json"), "procedure")
    call = CallScheduleItemFactory()
    field_error(api.post(f"/api/v1/calls/{call.pk}/cancel/", {"reason": 5}, format="json"), "reason")
