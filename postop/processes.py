"""Child processes that stop when asked: each runs in its own process group, is sent SIGTERM, and
what is still alive after a grace period (django-q2's qcluster can hang on SIGTERM, and its workers
are its children) is killed with SIGKILL, group and all."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Sequence

import psutil

logger = logging.getLogger(__name__)

DEFAULT_GRACE_SECONDS = 10.0


def group_alive(pgid: int) -> bool:
    """Is any process of the group still running? Zombies (dead, waiting for a parent that was
    killed to reap them) do not count: kill -0 would still find them."""
    for proc in psutil.process_iter(["status"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                return True
        except (ProcessLookupError, psutil.Error):
            continue
    return False


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


class ProcessGroup:
    """Start commands in process groups of their own; `stop()` ends every one of them for sure."""

    def __init__(self, *, grace: float = DEFAULT_GRACE_SECONDS) -> None:
        self.grace = grace
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, args: Sequence[str], **kwargs: object) -> subprocess.Popen[bytes]:
        # A new session: the terminal's Ctrl-C reaches only us, and we stop the children in order.
        proc = subprocess.Popen(list(args), start_new_session=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603
        self.procs.append(proc)
        return proc

    def any_exited(self) -> bool:
        return any(proc.poll() is not None for proc in self.procs)

    def stop(self) -> list[int]:
        """SIGTERM every group, wait up to `grace` seconds, SIGKILL what is left. Returns the pids
        whose group had to be killed."""
        for proc in self.procs:
            _signal_group(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and any(group_alive(proc.pid) for proc in self.procs):
            for proc in self.procs:
                proc.poll()  # reap an exited leader so its group can empty
            time.sleep(0.05)
        killed = []
        for proc in self.procs:
            if group_alive(proc.pid):
                logger.warning("process group %s did not stop within %.0f s; killing it", proc.pid, self.grace)
                _signal_group(proc.pid, signal.SIGKILL)
                killed.append(proc.pid)
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
                logger.error("process %s survived SIGKILL", proc.pid)
        return killed
