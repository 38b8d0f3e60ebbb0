"""The patient page: every answer in a table, and each numeric question charted over time as inline SVG."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.capture.selectors import patient_series
from tests.capture.helpers import completed_call
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient_with_two_calls(catalog):
    patient = PatientFactory(first_name="Ana", last_name="Lima")
    order = catalog["vm_warning_signs"]
    now = timezone.now()
    said = {"red_flag_understanding": "If the wound changed I'd call."}
    completed_call(
        order=order,
        patient=patient,
        when=now - timedelta(days=2),
        answers={**said, "pain_score": "3", "temperature": "99"},
    )
    completed_call(
        order=order,
        patient=patient,
        when=now - timedelta(hours=2),
        answers={**said, "pain_score": "8", "temperature": "38.9 C"},
    )
    return patient


def test_the_series_run_oldest_first_in_one_unit(patient_with_two_calls):
    series = {s.question_id: s for s in patient_series(patient=patient_with_two_calls)}
    assert [v for _, v, _, _ in series["pain_score"].points] == [3, 8]
    assert [abnormal for _, _, abnormal, _ in series["pain_score"].points] == [False, True]
    assert series["pain_score"].threshold == 7
    temps = [round(v, 1) for _, v, _, _ in series["temperature"].points]
    assert temps == [99.0, 102.0] and series["temperature"].unit == "°F"  # 38.9 °C shown as °F
    assert "red_flag_understanding" not in series  # text answers go in the table only


def test_the_patient_page_shows_the_chart_and_the_table(patient_with_two_calls, nurse_client):
    page = nurse_client.get(reverse("patients:detail", args=[patient_with_two_calls.pk])).content.decode()
    assert 'id="chart-pain_score"' in page and 'id="chart-temperature"' in page
    chart = page[page.index('id="chart-pain_score"') : page.index("</figure>", page.index('id="chart-pain_score"'))]
    assert "<svg" in chart and "<polyline" in chart
    assert chart.count("<circle") == 2 and chart.count("chart-point-abnormal") == 1
    assert 'data-value="3' in chart and 'data-value="8' in chart
    assert "Pain (0-10): 3 on" in chart and ", 8 on" in chart  # the accessible summary
    table = page[page.index('id="answers-table"') :]
    assert "8 / 10" in table and "If the wound changed I&#x27;d call." in table
    assert 'class="answer-abnormal"' in table
    assert "<script" not in chart
    # Drawn on the server: no chart library or stylesheet fetched from another host (a CDN). Checked on
    # the src/href attributes, not on the page's text: a random CSRF token once contained "cdn".
    assert re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page, flags=re.IGNORECASE) == []


def test_a_patient_without_answers_says_so(nurse_client):
    patient = PatientFactory()
    page = nurse_client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "No answers recorded yet." in page
