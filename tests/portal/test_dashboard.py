from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallStatus
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_it_counts_todays_calls_by_status(nurse_client):
    patient = PatientFactory()
    CallScheduleItemFactory.create_batch(2, patient=patient, status=CallStatus.COMPLETED)
    CallScheduleItemFactory(patient=patient, status=CallStatus.FAILED)
    response = nurse_client.get("/")
    today = {row["status"]: row["count"] for row in response.context["today"]}
    assert today["completed"] == 2
    assert today["failed"] == 1
    assert response.context["today_total"] == 3


def test_it_lists_failed_and_flagged_calls_as_needing_attention(nurse_client):
    failed = CallScheduleItemFactory(
        status=CallStatus.FAILED, attempts=3, max_attempts=3, status_reason="No answer 3 times"
    )
    flagged = CallScheduleItemFactory(needs_attention=True)
    CallScheduleItemFactory(status=CallStatus.COMPLETED)
    response = nurse_client.get("/")
    attention = {call.pk for call in response.context["attention"]}
    assert attention == {failed.pk, flagged.pk}
    html = response.content.decode()
    assert "Out of attempts (3/3)" in html
    assert f"/calls/{failed.pk}/" in html


def test_it_shows_calls_due_soon_and_the_backlog(nurse_client):
    CallScheduleItemFactory(scheduled_for=timezone.now() - timedelta(minutes=5))
    CallScheduleItemFactory(scheduled_for=timezone.now() + timedelta(hours=1))
    CallScheduleItemFactory(scheduled_for=timezone.now() + timedelta(hours=20))
    response = nurse_client.get("/")
    assert response.context["due_count"] == 2
    assert response.context["backlog"] == 1
    assert "Overdue" in response.content.decode()


def test_it_warns_about_configuration_problems(nurse_client):
    CallRecordFactory(configuration_problem=True, error="SIP trunk rejected the credentials")
    response = nurse_client.get("/")
    html = response.content.decode()
    assert "clinic's phone setup" in html
    assert "SIP trunk rejected the credentials" in html


def test_it_shows_in_progress_calls(nurse_client):
    call = CallScheduleItemFactory(status=CallStatus.IN_PROGRESS, attempts=1)
    response = nurse_client.get("/")
    assert [c.pk for c in response.context["active"]] == [call.pk]


def test_htmx_poll_returns_only_the_live_counts(nurse_client):
    response = nurse_client.get("/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="dashboard-live"')
    assert "<html" not in html
    assert 'hx-trigger="every 15s"' in html


def test_it_has_a_marked_place_for_escalations(nurse_client):
    assert 'id="escalations"' in nurse_client.get("/").content.decode()


def test_it_reports_workers_from_the_monitor(nurse_client):
    html = nurse_client.get("/").content.decode()
    # No qcluster runs in the tests: the nurse is told calls will not be placed.
    assert "No worker is running" in html or "unreachable" in html
    assert "Jobs, last hour" in html or "unavailable" in html
