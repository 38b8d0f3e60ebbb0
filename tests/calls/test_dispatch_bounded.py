"""Dispatch cost follows the free capacity, not the table: it reads a bounded slice of the due index."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from calls import services
from calls.models import CallScheduleItem, CallStatus
from calls.timing import move_into_window
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def due_call(patient, minutes_ago: int, **fields):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    return CallScheduleItemFactory(patient=patient, scheduled_for=when, next_attempt_at=when, **fields)


def test_a_dispatch_reads_only_the_free_slots_and_their_lookahead(settings):
    settings.MAX_CONCURRENT_CALLS = 1
    zone = scripted_dialer.zone_at_local_hour(12)
    ready = due_call(PatientFactory(time_zone=zone), minutes_ago=60)
    # Behind it, due calls the rules would close: only the ones the dispatch reads get closed.
    opted_out = [
        due_call(PatientFactory(time_zone=zone, do_not_call=True, do_not_call_reason="Asked"), minutes_ago=50 - i)
        for i in range(10)
    ]

    assert services.call_dispatch_due() == [ready.pk]

    statuses = [CallScheduleItem.objects.get(pk=c.pk).status for c in opted_out]
    read = services.DISPATCH_LOOKAHEAD * 1  # one free slot
    assert statuses == [CallStatus.CANCELLED] * read + [CallStatus.PENDING] * (10 - read)


def test_at_capacity_a_dispatch_reads_no_due_call(settings, django_assert_max_num_queries):
    settings.MAX_CONCURRENT_CALLS = 1
    zone = scripted_dialer.zone_at_local_hour(12)
    CallScheduleItemFactory(
        patient=PatientFactory(time_zone=zone),
        status=CallStatus.IN_PROGRESS,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(minutes=10),
    )
    waiting = due_call(PatientFactory(time_zone=zone, do_not_call=True, do_not_call_reason="Asked"), minutes_ago=5)

    with django_assert_max_num_queries(2):  # the deadline sweep and the capacity count
        assert services.call_dispatch_due() == []
    waiting.refresh_from_db()
    assert waiting.status == CallStatus.PENDING  # not even read: it is closed when a slot frees up


def test_a_due_call_outside_the_window_waits_for_its_opening(caplog):
    night = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(3))
    waiting = due_call(night, minutes_ago=5)
    too_late = due_call(night, minutes_ago=5, deadline=timezone.now() + timedelta(hours=1))

    now = timezone.now()
    with caplog.at_level(logging.INFO, logger="calls.state"):
        assert services.call_dispatch_due(now=now) == []

    waiting.refresh_from_db()
    assert waiting.status == CallStatus.PENDING
    assert waiting.next_attempt_at == move_into_window(now, night.time_zone, night.calling_window())
    assert waiting.next_attempt_at > now
    assert "calling window" in waiting.status_reason
    too_late.refresh_from_db()
    assert too_late.status == CallStatus.FAILED
    assert too_late.needs_attention
    assert "deadline comes before the patient's next calling window" in too_late.status_reason
    assert f"call=call-{waiting.pk} attempt=0 status=pending->pending outcome=- reason=outside_window" in caplog.text
    for secret in (night.first_name, night.last_name, night.phone):
        assert secret not in caplog.text


def test_calls_behind_a_backlog_outside_the_window_are_still_reached(settings):
    settings.MAX_CONCURRENT_CALLS = 2
    night = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(3))
    backlog = [due_call(night, minutes_ago=120 - i) for i in range(30)]
    ready = due_call(PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12)), minutes_ago=1)

    assert services.call_dispatch_due() == [ready.pk]
    # The backlog left the due set for its window's opening, so the next dispatch does not read it again.
    assert not CallScheduleItem.objects.due(timezone.now()).filter(pk__in=[c.pk for c in backlog]).exists()


def _plan(queryset) -> str:
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # Tiny test tables make a sequential scan cheapest; ask whether the index can serve the query.
            cursor.execute("SET LOCAL enable_seqscan = off")
            return queryset.explain()
    return queryset.explain()


@pytest.mark.parametrize(
    "query",
    [
        lambda now: services._due(now).order_by("next_attempt_at", "priority", "id")[:20],
        lambda now: services._due(now).filter(deadline__lt=now).values_list("pk", flat=True),
    ],
    ids=["due pick", "deadline sweep"],
)
def test_dispatch_queries_never_read_final_rows(query):
    """Both dispatch reads go through an index that starts at pending rows: final history is never read."""
    plan = _plan(query(timezone.now()))
    table = CallScheduleItem._meta.db_table
    if connection.vendor == "postgresql":
        # Through a partial index on pending rows, or the (status, ...) index at status = 'pending'.
        assert f"Seq Scan on {table}" not in plan, plan
        assert (
            "call_due_idx" in plan
            or "call_pending_deadline_idx" in plan
            or ("call_status_time_idx" in plan and "(status)::text = 'pending'" in plan)
        ), plan
    else:
        # SQLite: a search through the partial indexes, or through (status, ...) at status = 'pending'.
        lines = [line for line in plan.splitlines() if table in line]
        allowed = ("call_due_idx", "call_pending_deadline_idx", "call_status_time_idx (status=?")
        assert lines, plan
        assert all(any(index in line for index in allowed) for line in lines), plan
