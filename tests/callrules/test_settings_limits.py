"""Settings may lower the calling limits, never raise them; the 08:00-21:00 hours hold everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.test import override_settings

from calls import rules, services
from calls.models import CallStatus
from tests.callrules.helpers import NOW, dialled, due_call, patient_in

ROOT = Path(__file__).resolve().parents[2]
PRINT_LIMITS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CALLS_PER_DAY_MAX, settings.CALLS_PER_WEEK_MAX, settings.TCM_CONTACT_BUSINESS_DAYS)"
)


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    names = ("CALLS_PER_DAY_MAX", "CALLS_PER_WEEK_MAX", "TCM_CONTACT_BUSINESS_DAYS", "CALLING_WINDOW")
    base = {k: v for k, v in os.environ.items() if k not in names}
    base["DJANGO_SETTINGS_MODULE"] = "postop.settings"
    return subprocess.run(
        [sys.executable, "-c", PRINT_LIMITS], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_defaults_are_the_legal_maxima():
    proc = run_settings()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "3", "2"]


def test_lower_limits_are_accepted():
    proc = run_settings(CALLS_PER_WEEK_MAX="2", TCM_CONTACT_BUSINESS_DAYS="1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "2", "1"]


@pytest.mark.parametrize("env", [{"CALLS_PER_DAY_MAX": "2"}, {"CALLS_PER_WEEK_MAX": "4"}, {"CALLS_PER_WEEK_MAX": "0"}])
def test_higher_or_impossible_limits_refuse_to_start(env):
    proc = run_settings(**env)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "CALLS_PER_" in proc.stderr


def test_a_calling_window_wider_than_the_law_refuses_to_start():
    proc = run_settings(CALLING_WINDOW="07:30-19:00")
    assert proc.returncode != 0
    assert "08:00-21:00" in proc.stderr


@pytest.mark.django_db
@override_settings(CALLS_PER_WEEK_MAX=2)
def test_a_lowered_weekly_limit_is_enforced():
    patient = patient_in("America/New_York")
    dialled(patient, NOW - timedelta(days=2))
    dialled(patient, NOW - timedelta(days=4))
    call = due_call(patient)
    assert services.call_dispatch_due(now=NOW) == []
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING
    assert "2 calls in the last 7 days (limit 2 a week)" in call.status_reason


@override_settings(CALLS_PER_DAY_MAX=5, CALLS_PER_WEEK_MAX=9)
def test_a_raised_setting_is_clamped_to_the_law_at_run_time():
    assert rules.limits() == (1, 3)


@pytest.mark.django_db
def test_the_database_refuses_a_window_outside_0800_2100():
    patient = patient_in("America/New_York")
    patient.calling_window_start = time(7, 0)
    with pytest.raises(IntegrityError):
        patient.save()


@pytest.mark.django_db
@override_settings(CALLING_WINDOW=(time(6, 0), time(23, 0)))
def test_the_patients_window_never_leaves_0800_2100_even_if_settings_are_overridden():
    patient = patient_in("America/New_York")
    assert patient.calling_window() == (time(8, 0), time(21, 0))
