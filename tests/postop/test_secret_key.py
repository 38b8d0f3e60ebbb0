"""With DEBUG off the process refuses a weak SECRET_KEY, naming the variable (item 17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from postop.settings import DEV_SECRET_KEY, check_secret_key

ROOT = Path(__file__).resolve().parents[2]
STRONG = "k3J9-xQv_2LmZp8RtYw0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"


def start(secret: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_DEBUG": "0", "SECRET_KEY": secret, "ALLOWED_HOSTS": "portal.example"}
    env["DJANGO_SETTINGS_MODULE"] = "postop.settings"
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_secret_key_x_does_not_start_with_debug_off():
    result = start("x")
    assert result.returncode != 0 and "started" not in result.stdout
    assert "SECRET_KEY" in result.stderr


def test_a_strong_key_starts():
    result = start(STRONG)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("", "must be set"),
        ("x", "published"),
        (DEV_SECRET_KEY, "published"),
        ("django-insecure-" + "a1b2c3d4e5" * 6, "published"),
        ("abcDEF123-" * 4, "characters long"),
        ("ab" * 40, "different characters"),
    ],
)
def test_weak_keys_are_named_and_explained(key, why):
    with pytest.raises(ImproperlyConfigured) as caught:
        check_secret_key(key)
    assert "SECRET_KEY" in str(caught.value) and why in str(caught.value)


def test_check_accepts_a_random_key():
    assert check_secret_key(STRONG) == STRONG
