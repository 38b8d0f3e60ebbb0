"""Integration personas: a read-write key, a read-only key, and clients that send them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from postop.services import api_key_create


def key_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


@pytest.fixture
def write_key(db):
    return api_key_create(name="ehr-feed", write=True)


@pytest.fixture
def read_key(db):
    return api_key_create(name="outcomes-dashboard", write=False)


@pytest.fixture
def api(write_key) -> APIClient:
    return key_client(write_key[1])


@pytest.fixture
def read_api(read_key) -> APIClient:
    return key_client(read_key[1])


def zone_in_window_now() -> str:
    """A time zone where it is now mid-afternoon, so 'call now' is inside the calling window."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "UTC"
        if 12 <= now.astimezone(ZoneInfo(name)).hour <= 16:
            return name
    raise AssertionError("some zone is always mid-afternoon")
