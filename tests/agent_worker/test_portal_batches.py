"""PortalClient batches: events go out in the background, in order, several per request, without loss
or duplication, while the call goes on; the completion only after every earlier event."""

from __future__ import annotations

import asyncio

import pytest

from agent_worker.portal_client import PortalClient
from tests.agent_worker.conftest import TOKEN

pytestmark = pytest.mark.anyio


def client(url: str, **kwargs: object) -> PortalClient:
    kwargs.setdefault("flush_interval", 0.05)
    return PortalClient(base_url=url, token=TOKEN, call_id=41, retry_base=0.02, retry_cap=0.1, **kwargs)


async def until(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def turn(n: int) -> dict:
    return {"kind": "turn", "speaker": "agent", "text": f"line {n}"}


async def test_events_queued_together_go_in_one_request_in_order(portal):
    c = client(portal.url)
    ids = [c.post_event(turn(n)) for n in range(7)]
    assert portal.hits == 0  # queued, not sent while the caller runs
    await c.aclose(flush_timeout=5)
    assert portal.batches == [ids]
    assert portal.event_ids() == ids and c.delivered == ids


async def test_events_reach_the_portal_during_the_call_without_a_flush(portal):
    c = client(portal.url, flush_interval=0.05)
    first = [c.post_event(turn(n)) for n in range(2)]
    await until(lambda: portal.event_ids() == first)  # the live page sees them while the call goes on
    later = c.post_event(turn(2))
    await until(lambda: portal.event_ids() == [*first, later])
    assert len(portal.batches) == 2
    await c.aclose(flush_timeout=5)


async def test_a_failed_batch_is_sent_again_whole_and_nothing_is_lost_or_doubled(portal):
    portal.fail_next = 2
    c = client(portal.url)
    ids = [c.post_event(turn(n)) for n in range(4)]
    await until(lambda: len(portal.paths) >= 1)
    more = [c.post_event(turn(n)) for n in range(4, 6)]
    assert await c.flush(5)
    await c.aclose()
    assert portal.event_ids() == [*ids, *more]
    assert c.delivered == [*ids, *more] and not c.rejected
    assert portal.batches[0][: len(ids)] == ids  # the retries start from the same head, in order


async def test_an_answer_lost_after_the_portal_stored_the_batch_is_harmless(portal):
    c = client(portal.url)
    ids = [c.post_event(turn(n)) for n in range(3)]
    assert await c.flush(5)
    c._queue.extend(("event", {"event_id": i, **turn(9)}) for i in ids)  # the same batch again
    c.post_event(turn(3))
    assert await c.flush(5)
    await c.aclose()
    assert len(portal.events) == 4 and len(set(portal.event_ids())) == 4


async def test_the_completion_waits_for_every_earlier_event_even_when_the_portal_fails(portal):
    portal.fail_next = 3
    c = client(portal.url)
    ids = [c.post_event(turn(n)) for n in range(3)]
    c.post_completion(outcome="completed", summary="done", event_id="done-41-1")
    await c.aclose(flush_timeout=5)
    assert portal.event_ids() == ids
    assert [d["event_id"] for d in portal.completions] == ["done-41-1"]
    assert portal.batches[-1] == ids  # the events and the completion in one request, the events first
    assert c.delivered == [*ids, "done-41-1"]


async def test_a_refused_event_in_a_batch_does_not_hold_back_the_others(portal):
    c = client(portal.url)
    good1 = c.post_event(turn(1))
    bad = c.post_event({"text": "no kind"})
    good2 = c.post_event(turn(2))
    await c.aclose(flush_timeout=5)
    assert c.rejected == [bad]
    assert portal.event_ids() == [good1, good2]
    assert len(portal.batches) == 1


async def test_the_triage_check_carries_the_queued_events(portal):
    portal.triage_answers = {"chest pain": {"tier": "emergent", "say": "Call 911 now.", "title": "Chest pain"}}
    c = client(portal.url, flush_interval=30)  # the background sender would wait; the triage does not
    agent = c.post_event(turn(1))
    patient = c.post_event({"kind": "turn", "speaker": "patient", "text": "I have chest pain"})
    answer = await c.triage("I have chest pain")
    assert answer["tier"] == "emergent"
    assert portal.event_ids() == [agent, patient] and portal.hits == 1
    assert portal.triaged == ["I have chest pain"]
    await c.aclose(flush_timeout=5)
    assert portal.hits == 1  # nothing left to send


async def test_batches_are_capped_and_keep_their_order(portal):
    c = client(portal.url, batch_size=3)
    ids = [c.post_event(turn(n)) for n in range(8)]
    await c.aclose(flush_timeout=5)
    assert portal.batches == [ids[0:3], ids[3:6], ids[6:8]]
