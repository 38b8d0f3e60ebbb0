"""Log context for django-q2 jobs: the task id stands in for a request id, and a job about one
call (its first argument is the call id) carries that call's reference on every line."""

from __future__ import annotations

from typing import Any

from postop.telemetry.logging import call_ref_var, call_reference, request_id_var

# Jobs whose first positional argument is a CallScheduleItem id.
CALL_JOBS = {"calls.tasks.execute_followup_call"}


def _func_path(func: Any) -> str:
    if isinstance(func, str):
        return func
    return f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', '')}"


def job_started(sender: Any, func: Any, task: dict[str, Any], **_: Any) -> None:
    request_id_var.set(f"task-{str(task.get('id', ''))[:32]}")
    args = task.get("args") or ()
    if _func_path(func) in CALL_JOBS and args:
        call_ref_var.set(call_reference(args[0]))
    else:
        call_ref_var.set("-")


def job_finished(sender: Any, func: Any, task: dict[str, Any], **_: Any) -> None:
    request_id_var.set("-")
    call_ref_var.set("-")


def connect() -> None:
    from django_q.signals import post_execute_in_worker, pre_execute

    pre_execute.connect(job_started, dispatch_uid="postop.telemetry.job_started")
    post_execute_in_worker.connect(job_finished, dispatch_uid="postop.telemetry.job_finished")
