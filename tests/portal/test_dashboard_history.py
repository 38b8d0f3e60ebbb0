"""The dashboard reads only what it shows: no query over the whole call history."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls.models import CallScheduleItem
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_never_counts_every_call(nurse_client):
    CallScheduleItemFactory(patient=PatientFactory())
    table = CallScheduleItem._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = nurse_client.get("/")
    assert response.status_code == 200
    # A read of the calls table with no WHERE clause grows with every call ever made.
    unbounded = [
        q["sql"]
        for q in queries.captured_queries
        if re.search(rf'FROM "{table}"', q["sql"]) and " WHERE " not in q["sql"]
    ]
    assert unbounded == []


def test_the_api_still_reports_all_time_counts_by_status():
    from calls.monitoring import get_worker_stats

    CallScheduleItemFactory(patient=PatientFactory())
    assert get_worker_stats()["calls_by_status"]["pending"] == 1
    dashboard = get_worker_stats(all_time_counts=False)
    assert "calls_by_status" not in dashboard
    assert dashboard["calls_active"] == 0
