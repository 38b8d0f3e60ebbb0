"""get_worker_stats, manage.py callstats and manage.py setup_schedules."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule, Task

from calls.models import CallStatus
from calls.monitoring import get_worker_stats
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def make_task(*, success: bool, minutes_ago: int) -> None:
    stopped = timezone.now() - timedelta(minutes=minutes_ago)
    Task.objects.create(
        id=f"t{success}{minutes_ago}",
        name=f"t{success}{minutes_ago}",
        func="calls.tasks.process_pending_calls",
        started=stopped - timedelta(seconds=1),
        stopped=stopped,
        success=success,
    )


def test_stats_count_calls_tasks_and_backlog(settings):
    settings.MAX_CONCURRENT_CALLS = 2
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))
    now = timezone.now()
    CallScheduleItemFactory(patient=patient, status=CallStatus.IN_PROGRESS, attempts=1)
    oldest = CallScheduleItemFactory(patient=patient, next_attempt_at=now - timedelta(minutes=42))
    for minutes in (5, 3, 1):
        CallScheduleItemFactory(patient=patient, next_attempt_at=now - timedelta(minutes=minutes))
    CallScheduleItemFactory(patient=patient, next_attempt_at=now + timedelta(hours=2))
    CallScheduleItemFactory(patient=patient, status=CallStatus.FAILED, needs_attention=True)
    make_task(success=True, minutes_ago=5)
    make_task(success=True, minutes_ago=10)
    make_task(success=False, minutes_ago=20)
    make_task(success=False, minutes_ago=90)  # outside the last hour

    stats = get_worker_stats(now=now)

    assert stats["calls_by_status"]["pending"] == 5
    assert stats["calls_by_status"]["in_progress"] == 1
    assert stats["calls_due_now"] == 4
    assert stats["calls_active"] == 1
    assert stats["backlog_beyond_capacity"] == 3  # one free line for four due calls
    assert stats["oldest_overdue_at"] == oldest.next_attempt_at.isoformat()
    assert stats["oldest_overdue_seconds"] == 42 * 60
    assert (stats["tasks_succeeded_last_hour"], stats["tasks_failed_last_hour"]) == (2, 1)
    assert stats["needs_attention"] == 1
    assert stats["queue_size"] == 0
    assert stats["broker_error"] == ""
    assert stats["clusters_alive"] == len(stats["clusters"])
    json.dumps(stats)  # plain values only


def test_callstats_prints_readable_text_and_json():
    CallScheduleItemFactory(next_attempt_at=timezone.now() - timedelta(minutes=3))
    out = StringIO()
    call_command("callstats", stdout=out)
    text = out.getvalue()
    assert "due now: 1" in text
    assert "Oldest overdue call: due" in text
    out = StringIO()
    call_command("callstats", "--json", stdout=out)
    assert json.loads(out.getvalue())["calls_due_now"] == 1


def test_setup_schedules_is_idempotent():
    call_command("setup_schedules", stdout=StringIO())
    Schedule.objects.filter(func="calls.tasks.process_pending_calls").update(minutes=30)
    out = StringIO()
    call_command("setup_schedules", stdout=out)
    call_command("setup_schedules", stdout=StringIO())

    schedules = {s.func: s for s in Schedule.objects.all()}
    assert set(schedules) == {"calls.tasks.process_pending_calls", "calls.tasks.recover_stale_calls"}
    assert schedules["calls.tasks.process_pending_calls"].minutes == 1
    assert schedules["calls.tasks.recover_stale_calls"].minutes == 5
    assert all(s.schedule_type == Schedule.MINUTES and s.repeats == -1 for s in schedules.values())
    assert "up to date" in out.getvalue()


def test_demo_setup_runs_setup_schedules():
    from postop.management.commands.demo_setup import DEMO_STEPS

    assert ("setup_schedules", []) in DEMO_STEPS
