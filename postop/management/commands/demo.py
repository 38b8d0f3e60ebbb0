from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the demo: set up, then serve the portal on 127.0.0.1:8000 with the django-q2 cluster beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("demo_setup")
        manage = [sys.executable, "manage.py"]
        procs = [
            subprocess.Popen([*manage, "runserver", options["addr"], "--noreload"]),  # noqa: S603
            subprocess.Popen([*manage, "qcluster"]),  # noqa: S603
        ]
        banner = f"Portal: http://{options['addr']}/  (Ctrl-C stops the portal and the workers)"
        self.stdout.write(self.style.SUCCESS(banner))

        def stop(*_: Any) -> None:
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 15
            for proc in procs:
                try:
                    proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
                except subprocess.TimeoutExpired:
                    proc.kill()

        signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
        try:
            while all(proc.poll() is None for proc in procs):
                time.sleep(0.5)
            self.stderr.write("A demo process stopped; stopping the other.")
        except KeyboardInterrupt:
            pass
        finally:
            stop()
