"""PortalClient: events are delivered in order, retried, buffered while the portal is down, never dropped."""

from __future__ import annotations

import asyncio

import pytest

from agent_worker.portal_client import PortalClient, PortalError, ServiceClient
from tests.agent_worker.conftest import TOKEN, FakePortal, free_port, start_portal

pytestmark = pytest.mark.anyio


def client(url: str, **kwargs: object) -> PortalClient:
    return PortalClient(base_url=url, token=TOKEN, call_id=41, retry_base=0.02, retry_cap=0.1, **kwargs)


async def test_events_survive_portal_errors_in_order(portal):
    portal.fail_next = 3
    c = client(portal.url)
    ids = [c.post_event({"kind": "turn", "speaker": "agent", "text": f"line {n}"}) for n in range(5)]
    assert await c.flush(5)
    await c.aclose()
    assert portal.event_ids() == ids
    assert c.delivered == ids


async def test_events_are_buffered_while_the_portal_is_unreachable_and_flushed_later(anyio_backend):
    port = free_port()
    c = client(f"http://127.0.0.1:{port}")
    ids = [c.post_event({"kind": "turn", "speaker": "patient", "text": "hello"}) for _ in range(3)]
    await asyncio.sleep(0.3)  # several refused connections
    assert c.pending == 3
    fake = FakePortal()
    runner = await start_portal(fake, port)
    try:
        assert await c.flush(5)
        await c.aclose()
    finally:
        await runner.cleanup()
    assert fake.event_ids() == ids


async def test_a_refused_event_is_not_retried_forever(portal):
    c = client(portal.url)
    bad = c.post_event({"text": "no kind"})
    good = c.post_event({"kind": "turn", "speaker": "agent", "text": "ok"})
    await c.aclose(flush_timeout=5)
    assert c.rejected == [bad]
    assert portal.event_ids() == [good]


async def test_completion_goes_after_every_earlier_event(portal):
    c = client(portal.url)
    c.post_event({"kind": "turn", "speaker": "agent", "text": "bye"})
    c.post_completion(outcome="completed", summary="done", event_id="done-41-1")
    await c.aclose(flush_timeout=5)
    assert len(portal.events) == 1
    assert portal.completions == [{"event_id": "done-41-1", "outcome": "completed", "summary": "done"}]


async def test_a_refused_reminder_comes_back_with_the_portals_reason(portal):
    portal.reminder_answer = (400, {"detail": "This patient asked not to be called."})
    c = client(portal.url)
    answer = await c.schedule_reminder(when="tomorrow", purpose="x", event_id="rem-1")
    await c.aclose()
    assert answer == {"scheduled": False, "reason": "This patient asked not to be called."}


async def test_a_wrong_token_is_an_error_not_a_retry_loop(portal):
    c = PortalClient(base_url=portal.url, token="forged", call_id=41, retry_base=0.02)
    with pytest.raises(PortalError) as excinfo:
        await c.lookup("symptom", symptom="swelling")
    await c.aclose()
    assert excinfo.value.status == 401
    assert portal.hits == 1


async def test_the_service_client_sends_its_key_header(portal):
    s = ServiceClient(base_url=portal.url, service_key="k")
    with pytest.raises(PortalError):  # the fake portal only knows call tokens
        await s.start_inbound_call(caller_number="+12125550111")
    await s.aclose()
