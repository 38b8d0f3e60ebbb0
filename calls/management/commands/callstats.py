from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from calls.monitoring import format_worker_stats, get_worker_stats


class Command(BaseCommand):
    help = "Show the job queue, the running qclusters and the state of scheduled calls."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the statistics as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        stats = get_worker_stats()
        if options["json"]:
            self.stdout.write(json.dumps(stats, indent=2, sort_keys=True))
        else:
            self.stdout.write(format_worker_stats(stats))
