"""process_pending_calls writes the claimed calls' jobs to the ORM broker in bulk, as async_task would."""

from __future__ import annotations

import pytest
from django_q.models import OrmQ
from django_q.signing import SignedPackage

from calls.models import CallStatus
from calls.tasks import EXECUTE_TASK, process_pending_calls
from tests.calls.scripted_dialer import zone_at_local_hour
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_each_claimed_call_gets_one_signed_job_after_commit(settings, django_capture_on_commit_callbacks):
    settings.MAX_CONCURRENT_CALLS = 10
    patient = PatientFactory(time_zone=zone_at_local_hour(12))
    # One patient each: a patient gets at most one call a day (calls/rules.py).
    calls = [CallScheduleItemFactory(patient=PatientFactory(time_zone=patient.time_zone)) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert process_pending_calls() == 3
    assert OrmQ.objects.count() == 0, "jobs must not be visible before the claim commits"
    for callback in callbacks:
        callback()

    jobs = [SignedPackage.loads(row.payload) for row in OrmQ.objects.all()]
    assert sorted(job["args"][0] for job in jobs) == sorted(c.pk for c in calls)
    assert {job["func"] for job in jobs} == {EXECUTE_TASK}
    assert {job["name"] for job in jobs} == {f"call-{c.pk}" for c in calls}
    assert len({job["id"] for job in jobs}) == 3
    assert all(row.key == settings.Q_CLUSTER["name"] for row in OrmQ.objects.all())
    for call in calls:
        call.refresh_from_db()
        assert call.status == CallStatus.QUEUED


def test_nothing_due_enqueues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert process_pending_calls() == 0
    assert OrmQ.objects.count() == 0


def test_a_large_dispatch_writes_batch_jobs_that_enqueue_each_call_once(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from calls import tasks

    monkeypatch.setattr(tasks, "FANOUT_MIN", 2)
    monkeypatch.setattr(tasks, "FANOUT_SIZE", 2)
    settings.MAX_CONCURRENT_CALLS = 10
    zone = zone_at_local_hour(12)
    calls = [CallScheduleItemFactory(patient=PatientFactory(time_zone=zone)) for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        assert process_pending_calls() == 5
    batches = [SignedPackage.loads(row.payload) for row in OrmQ.objects.all()]
    assert {job["func"] for job in batches} == {tasks.ENQUEUE_TASK}
    assert sorted(len(job["args"][0]) for job in batches) == [1, 2, 2]
    OrmQ.objects.all().delete()
    for job in batches:  # what a worker does with each batch job
        tasks.enqueue_followup_calls(*job["args"])
    jobs = [SignedPackage.loads(row.payload) for row in OrmQ.objects.all()]
    assert {job["func"] for job in jobs} == {EXECUTE_TASK}
    assert sorted(job["args"][0] for job in jobs) == sorted(c.pk for c in calls)
    assert len({job["id"] for job in jobs}) == 5
