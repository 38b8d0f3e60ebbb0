"""Each attempt carries its call's patient: the limits count attempts by patient (record_patient_started_idx)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls import rules
from calls.models import CallRecord
from patients.adt.handlers import merge_patients
from tests.callrules.helpers import NOW, dialled, due_call, patient_in

pytestmark = pytest.mark.django_db


def test_a_record_takes_its_calls_patient_whether_the_call_is_loaded_or_only_its_id():
    patient = patient_in("America/New_York")
    loaded = dialled(patient, NOW - timedelta(days=1))
    call = due_call(patient)
    by_id = CallRecord.objects.create(call_id=call.pk, attempt=1, backend="simulated", started_at=NOW)
    assert CallRecord.objects.get(pk=loaded.pk).patient_id == patient.pk
    assert CallRecord.objects.get(pk=by_id.pk).patient_id == patient.pk


def test_after_a_merge_the_merged_patients_attempts_count_against_the_survivor():
    survivor, merged = patient_in("America/New_York"), patient_in("America/New_York")
    for days in (1, 2, 3):
        dialled(merged, NOW - timedelta(days=days))
    merge_patients(survivor=survivor, merged=merged)
    usage = rules.usage_for_patients(
        patient_ids=[survivor.pk], zones=[survivor.time_zone], now=NOW, include_queued=False
    )
    assert usage[survivor.pk].week == 3
    assert set(CallRecord.objects.values_list("patient_id", flat=True)) == {survivor.pk}
    assert rules.deferral_for(
        usage[survivor.pk], zone_name=survivor.time_zone, window=survivor.calling_window(), now=NOW
    )


def test_the_usage_query_reads_attempts_by_their_own_patient_column_not_through_every_call():
    patient = patient_in("America/New_York")
    dialled(patient, NOW - timedelta(hours=30))
    with CaptureQueriesContext(connection) as queries:
        usage = rules.usage_for_patients(
            patient_ids=[patient.pk], zones=[patient.time_zone], now=NOW, include_queued=False
        )
    assert usage[patient.pk].week == 1
    sql = queries.captured_queries[0]["sql"]
    assert '"calls_callrecord"."patient_id"' in sql
    assert '"calls_callscheduleitem"."patient_id"' not in sql
