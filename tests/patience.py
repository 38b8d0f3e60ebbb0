"""How long a test may wait for a condition before it calls it a failure, on a machine shared with others.

Tests wait on conditions, never on fixed sleeps; these bounds only decide when to give up. A bound
written for an idle machine is stretched by the current load (1-minute load average per core), so
a subprocess that migrates a fresh database or a worker that forks its job processes is not failed
for being slow on a busy CI host. It never shrinks a bound.
"""

from __future__ import annotations

import os


def load_factor() -> float:
    """The 1-minute load average per core, at least 1."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available on this platform
        return 1.0
    return max(1.0, load / (os.cpu_count() or 1))


def patience(seconds: float) -> float:
    """`seconds` on an idle machine, stretched by the current load."""
    return seconds * load_factor()
