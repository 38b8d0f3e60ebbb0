"""django-q2 jobs: thin wrappers that take ids and call the services.

Schedules (manage.py setup_schedules): process_pending_calls every minute,
recover_stale_calls every 5 minutes. `manage.py qcluster` runs the workers and the scheduler.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_q.conf import Conf
from django_q.tasks import async_task

from calls import services

logger = logging.getLogger(__name__)

EXECUTE_TASK = "calls.tasks.execute_followup_call"


def _enqueue_calls(call_ids: list[int]) -> None:
    """Enqueue one execute_followup_call per call; with the ORM broker, all in one transaction."""
    if Conf.SYNC:
        for call_id in call_ids:
            async_task(EXECUTE_TASK, call_id, task_name=f"call-{call_id}")
        return
    with transaction.atomic():
        for call_id in call_ids:
            async_task(EXECUTE_TASK, call_id, task_name=f"call-{call_id}")


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
