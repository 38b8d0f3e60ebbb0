"""A clinic goes live by setting four environment variables, and only all four."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIVEKIT_ENV = {
    "LIVEKIT_URL": "wss://clinic-project.livekit.cloud",
    "LIVEKIT_API_KEY": "APIclinic",
    "LIVEKIT_API_SECRET": "clinic-secret-0123456789abcdef",
    "SIP_OUTBOUND_TRUNK_ID": "ST_clinictrunk",
}
PRINT_BACKEND = "import django; django.setup(); from django.conf import settings; print(settings.DIALER_BACKEND)"


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in LIVEKIT_ENV}
    base["DJANGO_SETTINGS_MODULE"] = "postop.settings"
    return subprocess.run(
        [sys.executable, "-c", PRINT_BACKEND],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_livekit_variables_calls_are_simulated() -> None:
    proc = run_settings()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "simulated"


def test_all_four_variables_switch_the_clinic_to_livekit() -> None:
    proc = run_settings(**LIVEKIT_ENV)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "livekit"


@pytest.mark.parametrize("missing", sorted(LIVEKIT_ENV))
def test_a_half_configuration_refuses_to_start(missing: str) -> None:
    env = {k: v for k, v in LIVEKIT_ENV.items() if k != missing}

    proc = run_settings(**env)

    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "LiveKit is half configured" in proc.stderr
    assert f"Missing: {missing}" in proc.stderr
    # The message names the variables, never their values.
    assert "clinic-secret" not in proc.stderr
