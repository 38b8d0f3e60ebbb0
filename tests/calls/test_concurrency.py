"""Two dispatchers at the same moment (two clusters) on PostgreSQL: no call is claimed twice."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from calls import services
from calls.models import CallScheduleItem, CallStatus
from tests.calls import scripted_dialer
from tests.factories import PatientFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no concurrent claim to test",
    ),
]


def make_due_calls(n: int) -> None:
    # One patient per call: a patient gets at most one call a day (calls/rules.py).
    patients = PatientFactory.create_batch(n, time_zone=scripted_dialer.zone_at_local_hour(12))
    now = timezone.now()
    CallScheduleItem.objects.bulk_create(
        CallScheduleItem(
            patient=patients[i],
            call_type="discharge_reminder",
            llm_prompt="Check the bandage.",
            scheduled_for=now - timedelta(seconds=i),
            next_attempt_at=now - timedelta(seconds=i),
            priority=1 + i % 3,
        )
        for i in range(n)
    )


def race(workers: int) -> list[list[int]]:
    barrier = threading.Barrier(workers)
    results: list[list[int]] = [[] for _ in range(workers)]
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        try:
            barrier.wait()
            while claimed := services.call_dispatch_due():
                results[slot].extend(claimed)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_dispatchers_queue_each_of_500_calls_exactly_once(transactional_db, settings):
    settings.MAX_CONCURRENT_CALLS = 10_000
    settings.DISPATCH_BATCH_SIZE = 50
    make_due_calls(500)

    first, second = race(2)

    assert len(first) + len(second) == 500
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(CallScheduleItem.objects.values_list("pk", flat=True))
    assert CallScheduleItem.objects.filter(status=CallStatus.QUEUED).count() == 500


def test_concurrent_dispatchers_respect_the_capacity(transactional_db, settings):
    settings.MAX_CONCURRENT_CALLS = 37
    settings.DISPATCH_BATCH_SIZE = 10
    make_due_calls(200)

    results = race(3)

    claimed = [pk for result in results for pk in result]
    assert len(claimed) == len(set(claimed)) == 37
    assert CallScheduleItem.objects.active().count() == 37
