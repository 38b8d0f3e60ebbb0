"""The qcluster parent imports the agent stack before it forks its workers (calls/warmup.py)."""

from __future__ import annotations

import subprocess
import sys
import threading

from calls.warmup import AGENT_STACK, is_qcluster, warm_agent_stack


def test_only_the_qcluster_command_warms():
    assert is_qcluster(["manage.py", "qcluster"])
    assert not is_qcluster(["manage.py", "runserver"])
    assert not is_qcluster(["pytest"])


def test_warming_imports_the_dial_path_and_starts_no_thread():
    before = set(threading.enumerate())
    warm_agent_stack()
    assert all(name in sys.modules for name in AGENT_STACK)
    assert set(threading.enumerate()) == before  # nothing that would be unsafe across fork


def test_the_app_warms_when_started_as_qcluster():
    code = (
        "import sys, django; sys.argv = ['manage.py', 'qcluster']; "
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'postop.settings'); django.setup(); "
        "print('agent_worker.simulation' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip().splitlines()[-1] == "True"
