from __future__ import annotations

import signal
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from postop.processes import ProcessGroup


class Command(BaseCommand):
    help = "Run the demo: set up, then serve the portal on 127.0.0.1:8000 with the django-q2 cluster beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument(
            "--stop-grace",
            type=float,
            default=10.0,
            help="Seconds the portal and the cluster get to stop before they are killed (qcluster can hang).",
        )
        parser.add_argument("--skip-setup", action="store_true", help="Do not run demo_setup first.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["skip_setup"]:
            call_command("demo_setup")
        manage = [sys.executable, "manage.py"]
        group = ProcessGroup(grace=options["stop_grace"])
        group.start([*manage, "runserver", options["addr"], "--noreload"])
        group.start([*manage, "qcluster"])
        banner = f"Portal: http://{options['addr']}/  (Ctrl-C stops the portal and the workers)"
        self.stdout.write(self.style.SUCCESS(banner))

        def on_stop_signal(*_: Any) -> None:
            raise KeyboardInterrupt

        # Ctrl-C (SIGINT) and SIGTERM both stop everything, even where a shell started us with
        # SIGINT ignored (a background job): the children are in their own groups and hear only us.
        signal.signal(signal.SIGTERM, on_stop_signal)
        signal.signal(signal.SIGINT, on_stop_signal)
        try:
            while not group.any_exited():
                time.sleep(0.5)
            self.stderr.write("A demo process stopped; stopping the other.")
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
            self.stdout.write("Stopping the portal and the workers...")
            killed = group.stop()
            if killed:
                self.stdout.write(f"Killed {len(killed)} process group(s) that did not stop in time.")
