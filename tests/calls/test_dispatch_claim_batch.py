"""The claim of a dispatch batch: id lists as one parameter, the re-checks at claim time, one log line a batch."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from calls import services, tasks
from calls.id_lists import IdIn
from calls.models import CallScheduleItem, CallStatus
from patients.models import Patient
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def due_call(minutes_ago: int = 5, **patient_fields):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12), **patient_fields)
    return CallScheduleItemFactory(patient=patient, scheduled_for=when, next_attempt_at=when)


def test_an_id_list_filters_like_pk_in_whatever_its_length():
    calls = [due_call() for _ in range(3)]
    wanted = [calls[0].pk, calls[2].pk]
    # 40,000 ids: one parameter, so neither a long statement nor SQLite's limit on parameters.
    many = wanted + list(range(10**9, 10**9 + 40_000))
    assert sorted(CallScheduleItem.objects.filter(IdIn("pk", many)).values_list("pk", flat=True)) == wanted
    assert not CallScheduleItem.objects.filter(IdIn("pk", [])).exists()
    # Through a join, as the calling-frequency rules use it.
    assert list(Patient.objects.filter(IdIn("calls__id", [calls[1].pk])).values_list("pk", flat=True)) == [
        calls[1].patient_id
    ]


def test_a_batch_that_fits_the_free_slots_rechecks_every_call_when_it_claims(settings):
    """Between the screen and the claim a nurse may cancel a call, or a patient opt out: neither is claimed."""
    settings.MAX_CONCURRENT_CALLS = 10
    ready, opted_out, cancelled, late = due_call(), due_call(), due_call(), due_call()
    now = timezone.now()
    Patient.objects.filter(pk=opted_out.patient_id).update(do_not_call=True)
    CallScheduleItem.objects.filter(pk=cancelled.pk).update(status=CallStatus.CANCELLED)
    CallScheduleItem.objects.filter(pk=late.pk).update(deadline=now - timedelta(minutes=1))

    rows = services._claim([c.pk for c in (ready, opted_out, cancelled, late)], now=now, batch_size=500)

    assert [row[0] for row in rows] == [ready.pk]
    assert CallScheduleItem.objects.get(pk=ready.pk).status == CallStatus.QUEUED
    assert CallScheduleItem.objects.get(pk=opted_out.pk).status == CallStatus.PENDING
    assert CallScheduleItem.objects.get(pk=late.pk).status == CallStatus.PENDING
    # Claiming the same batch again claims nothing: each call is claimed once.
    assert services._claim([ready.pk], now=now, batch_size=500) == []


def test_a_batch_larger_than_the_free_slots_claims_the_first_due(settings):
    settings.MAX_CONCURRENT_CALLS = 2
    calls = [due_call(minutes_ago=30 - i) for i in range(4)]
    rows = services._claim([c.pk for c in calls], now=timezone.now(), batch_size=500)
    assert sorted(row[0] for row in rows) == [calls[0].pk, calls[1].pk]


def test_a_dispatch_logs_one_line_per_claimed_batch_listing_its_calls(settings, caplog):
    settings.MAX_CONCURRENT_CALLS = 10
    settings.DISPATCH_BATCH_SIZE = 2
    calls = [due_call(minutes_ago=30 - i) for i in range(3)]
    with caplog.at_level(logging.INFO, logger="calls.state"):
        assert services.call_dispatch_due() == [c.pk for c in calls]
    lines = [r.getMessage() for r in caplog.records if r.name == "calls.state"]
    assert lines == [
        f"call_state calls=call-{calls[0].pk},call-{calls[1].pk} count=2 attempt=0 status=pending->queued "
        "outcome=- reason=dispatched",
        f"call_state calls=call-{calls[2].pk} count=1 attempt=0 status=pending->queued outcome=- reason=dispatched",
    ]


def test_of_two_due_calls_the_one_with_a_deadline_goes_first_on_every_database():
    """Earliest deadline first; a call without one is the least pressing (PostgreSQL sorted so; SQLite did not)."""
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))
    when = timezone.now() - timedelta(minutes=5)
    open_ended = CallScheduleItemFactory(patient=patient, scheduled_for=when, next_attempt_at=when, priority=1)
    with_deadline = CallScheduleItemFactory(
        patient=patient,
        scheduled_for=when,
        next_attempt_at=when,
        priority=3,
        deadline=timezone.now() + timedelta(days=2),
    )
    assert services.call_dispatch_due() == [with_deadline.pk]
    open_ended.refresh_from_db()
    assert open_ended.status == CallStatus.PENDING
    assert open_ended.status_reason.startswith("Deferred: another call to this patient is due now")


@pytest.mark.django_db(transaction=True)
def test_enqueueing_the_jobs_keeps_the_dispatchs_database_connection(settings):
    """django-q2's ORM broker closes the connection when made outside a transaction (CONN_MAX_AGE=0)."""
    settings.MAX_CONCURRENT_CALLS = 10
    due_call()
    connection.ensure_connection()
    before = connection.connection
    assert tasks.process_pending_calls() == 1  # outside any transaction: the jobs are written at once
    assert connection.connection is before
