"""django-q2 jobs: thin wrappers that take ids and call the services.

Schedules (manage.py setup_schedules): process_pending_calls every minute,
recover_stale_calls every 5 minutes. `manage.py qcluster` runs the workers and the scheduler.
"""

from __future__ import annotations

import logging
from uuid import uuid4

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from django_q.brokers import Broker, get_broker
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.signals import pre_enqueue
from django_q.signing import SignedPackage
from django_q.tasks import async_task

from calls import services

logger = logging.getLogger(__name__)

EXECUTE_TASK = "calls.tasks.execute_followup_call"


# A dispatch that claims more calls than FANOUT_MIN writes one job per FANOUT_SIZE calls instead of one per
# call: building and signing thousands of packages would make the dispatch's own work several times the
# claim. A worker runs the batch job, which writes the per-call jobs (enqueue_followup_calls). Dialling
# stays at most once (call_execute claims queued -> in_progress, so a job run twice dials once) and a
# batch job lost before it ran leaves its calls queued until their lease expires (recover_stale_calls),
# as a lost per-call job does. At the production capacity (a handful of calls) every call gets its own job.
ENQUEUE_TASK = "calls.tasks.enqueue_followup_calls"
FANOUT_MIN = 50
FANOUT_SIZE = 500


def _package(func: str, args: tuple[object, ...], name: str) -> str:
    """The signed task package django_q.tasks.async_task would build."""
    task: dict[str, object] = {
        # async_task's id is uuid4 hex; its human-readable name is replaced by ours anyway.
        "id": uuid4().hex,
        "name": name,
        "func": func,
        "args": args,
        "kwargs": {},
        "started": timezone.now(),
    }
    if Conf.CACHED:
        task["cached"] = Conf.CACHED
    if Conf.ACK_FAILURES:
        task["ack_failure"] = Conf.ACK_FAILURES
    pre_enqueue.send(sender="django_q", task=task)
    return SignedPackage.dumps(task)


def _broker() -> Broker:
    """django-q2's broker, made inside a transaction so that it keeps the database connection.

    Made outside one, the ORM broker calls close_old_connections(), which with the default
    CONN_MAX_AGE=0 closes the connection the dispatch has just used: the job INSERT right after
    it then opens a new connection, on every dispatch.
    """
    with transaction.atomic(using=Conf.ORM or DEFAULT_DB_ALIAS):
        return get_broker()


def _write(packages: list[str]) -> None:
    """Write packages to the broker in one statement (ORM) or one pipeline (Redis)."""
    broker = _broker()
    if isinstance(broker, ORM):
        now = timezone.now()
        key = broker.list_key or Conf.CLUSTER_NAME
        OrmQ.objects.using(Conf.ORM).bulk_create(
            [OrmQ(key=key, payload=package, lock=now) for package in packages], batch_size=1000
        )
    elif hasattr(broker.connection, "pipeline"):  # Redis
        pipe = broker.connection.pipeline(transaction=False)
        for package in packages:
            pipe.rpush(broker.list_key, package)
        pipe.execute()
    else:
        for package in packages:
            broker.enqueue(package)
    logger.info("enqueued jobs count=%s broker=%s", len(packages), type(broker).__name__)


def _enqueue_calls(call_ids: list[int]) -> None:
    """Enqueue one execute_followup_call per call, in bulk (or one batch job per FANOUT_SIZE calls).

    async_task() costs one INSERT (ORM broker) or one round trip (Redis) per task; a
    dispatch of thousands of due calls would spend most of its time there. The packages
    are the same ones async_task builds, written in one statement or one pipeline.
    """
    if not call_ids:
        return
    if Conf.SYNC:
        for call_id in call_ids:
            async_task(EXECUTE_TASK, call_id, task_name=f"call-{call_id}")
        return
    if len(call_ids) > FANOUT_MIN:
        chunks = [call_ids[i : i + FANOUT_SIZE] for i in range(0, len(call_ids), FANOUT_SIZE)]
        _write([_package(ENQUEUE_TASK, (chunk,), f"calls-{chunk[0]}-x{len(chunk)}") for chunk in chunks])
        return
    _write([_package(EXECUTE_TASK, (call_id,), f"call-{call_id}") for call_id in call_ids])


def enqueue_followup_calls(call_ids: list[int]) -> int:
    """The batch job of a large dispatch: one execute_followup_call job per call, written in bulk."""
    ids = [int(call_id) for call_id in call_ids]
    _write([_package(EXECUTE_TASK, (call_id,), f"call-{call_id}") for call_id in ids])
    return len(ids)


def process_pending_calls() -> int:
    """Claim every due call (up to capacity) and enqueue its execution after the claim commits.

    A call claimed but never enqueued (the process died in between) stays queued until its
    lease expires; recover_stale_calls then puts it back.
    """
    call_ids = services.call_dispatch_due()
    if call_ids:
        transaction.on_commit(lambda: _enqueue_calls(call_ids))
        logger.info("dispatch queued=%s", len(call_ids))
    return len(call_ids)


def execute_followup_call(call_id: int) -> None:
    services.call_execute(call_id=call_id)


def generate_patient_calls(discharge_id: int) -> int:
    """Create the calls of one discharge (idempotent); returns how many calls it has."""
    from calls.scheduler import generate_calls_for_discharge
    from patients.models import Discharge

    discharge = Discharge.objects.get(pk=discharge_id)
    return len(generate_calls_for_discharge(discharge))


def recover_stale_calls() -> int:
    recovered = services.call_recover_stale()
    if recovered:
        logger.warning("recovered stale calls count=%s", len(recovered))
    return len(recovered)
