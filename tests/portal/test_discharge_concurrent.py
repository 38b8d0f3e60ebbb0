"""Six concurrent submits of one new-patient discharge form (same submission key): one patient, one
discharge, six successes (issue 22, item 9). Real threads, each on its own PostgreSQL connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from tests.portal.test_discharge import new_patient_post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the SQLite test database is one in-memory cache shared by the threads, whose "
        "table locks fail at once instead of waiting (a real SQLite file serialises these writers with "
        "BEGIN IMMEDIATE)",
    ),
]

SUBMITS = 6


def submit_concurrently(nurse, data: dict) -> list:
    barrier = threading.Barrier(SUBMITS)
    responses: list = [None] * SUBMITS
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        try:
            client = Client(raise_request_exception=False)
            client.force_login(nurse)
            barrier.wait(timeout=60)
            responses[slot] = client.post("/patients/discharge/", data)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return responses


@pytest.mark.parametrize("mrn", ["MRN-7781", ""], ids=["with-mrn", "without-mrn"])
def test_six_submits_of_one_form_make_one_patient_and_one_discharge(transactional_db, catalog, nurse, mrn):
    responses = submit_concurrently(nurse, new_patient_post(**{"new-external_id": mrn}))

    assert Patient.objects.count() == 1
    assert Discharge.objects.count() == 1
    patient = Patient.objects.get()
    assert patient.external_id == (mrn or None)
    statuses = [response.status_code for response in responses]
    assert statuses == [302] * SUBMITS, statuses
    assert {response["Location"] for response in responses} == {f"/patients/{patient.pk}/"}
    calls = CallScheduleItem.objects.filter(discharge=Discharge.objects.get())
    assert calls.count() == CallScheduleItem.objects.count() > 0  # no calls from a half-made discharge
