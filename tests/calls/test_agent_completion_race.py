"""Completions racing on PostgreSQL with different event ids: exactly one wins, the rest get 409."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from calls.models import CallRecord, CallStatus
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so completions cannot race",
    ),
]

RACERS = 5


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_several_concurrent_completions_is_accepted():
    record = CallRecordFactory(call__status=CallStatus.IN_PROGRESS, call__attempts=1)
    token = make_agent_token(call_id=record.call_id, attempt=1)
    barrier = threading.Barrier(RACERS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def complete(slot: int) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
            barrier.wait()
            response = client.post(
                f"/api/v1/agent/calls/{record.call_id}/complete/",
                {"event_id": f"done-{slot}", "outcome": "completed", "summary": f"Summary {slot}"},
                content_type="application/json",
            )
            statuses.append(response.status_code)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=complete, args=(slot,)) for slot in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(statuses) == [200] + [409] * (RACERS - 1)
    stored = CallRecord.objects.get(pk=record.pk)
    winner = stored.completion_event_id
    assert winner.startswith("done-") and stored.summary == f"Summary {winner.removeprefix('done-')}"
