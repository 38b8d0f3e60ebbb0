"""What the schema declares is what the API sends and accepts: calling hours are local times, paging is strict."""

from __future__ import annotations

import re
from datetime import time

import pytest

from tests.api.test_schemathesis import generated_schema
from tests.factories import CallRecordFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_calling_hours_are_patterned_local_times_not_rfc3339_times():
    schema = generated_schema()
    for name in ("Patient", "PatchedPatient"):
        for field in ("calling_window_start", "calling_window_end"):
            declared = schema["components"]["schemas"][name]["properties"][field]
            assert "format" not in declared, declared  # RFC 3339 full-time needs an offset these never have
            assert declared["type"] == "string" and declared["pattern"]


def test_the_api_sends_calling_hours_that_match_the_declared_pattern(api):
    patient = PatientFactory(calling_window_start=time(13, 39, 30), calling_window_end=time(18, 0))
    body = api.get(f"/api/v1/patients/{patient.pk}/").json()
    pattern = generated_schema()["components"]["schemas"]["Patient"]["properties"]["calling_window_start"]["pattern"]
    assert body["calling_window_start"] == "13:39:30" and re.fullmatch(pattern, body["calling_window_start"])
    assert body["calling_window_end"] == "18:00:00"


@pytest.mark.parametrize("value", ["13:39:30+05:00", "25:00", "9am", "10:00:00.5"])
def test_calling_hours_with_an_offset_or_out_of_range_are_refused(api, value):
    patient = PatientFactory()
    response = api.patch(f"/api/v1/patients/{patient.pk}/", {"calling_window_start": value}, format="json")
    assert response.status_code == 400
    assert "HH:MM" in str(response.json()["calling_window_start"])


def test_calling_hours_accept_hh_mm(api):
    patient = PatientFactory()
    response = api.patch(f"/api/v1/patients/{patient.pk}/", {"calling_window_start": "10:30"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["calling_window_start"] == "10:30:00"


def test_page_size_is_declared_with_its_bounds():
    schema = generated_schema()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/calls/"]["get"]["parameters"]}
    assert params["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}


def test_an_attempt_in_progress_sends_a_blank_outcome_the_schema_declares(api):
    record = CallRecordFactory(outcome="")  # dialled, not ended
    body = api.get(f"/api/v1/call-records/{record.pk}/").json()
    assert body["outcome"] == "" and body["answered_by"] == ""
    schemas = generated_schema()["components"]["schemas"]
    for field in ("outcome", "answered_by"):
        declared = [ref["$ref"].rsplit("/", 1)[-1] for ref in schemas["CallRecord"]["properties"][field]["oneOf"]]
        assert "" in [value for name in declared for value in schemas[name]["enum"]], (field, declared)


def test_every_choice_set_has_its_own_name_in_the_schema():
    schemas = generated_schema()["components"]["schemas"]
    # No hashed names such as "Outcome113Enum" from two choice sets sharing a field name.
    assert not [name for name in schemas if re.fullmatch(r".*[0-9a-f]{3}Enum", name)]
    assert schemas["CallOutcomeEnum"]["enum"][0] == "completed" and "on_hold" in schemas["CallStatusEnum"]["enum"]
