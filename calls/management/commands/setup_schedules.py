"""Create or update the django-q2 schedules the call system needs. Safe to run any number of times."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_q.models import Schedule

# name -> (function, every N minutes)
SCHEDULES: dict[str, tuple[str, int]] = {
    "postop: place due calls": ("calls.tasks.process_pending_calls", 1),
    "postop: recover stale calls": ("calls.tasks.recover_stale_calls", 5),
}


def schedules_ensure() -> list[tuple[str, bool]]:
    """Make the schedules exist as defined above; returns (name, created) pairs."""
    results = []
    for name, (func, minutes) in SCHEDULES.items():
        _, created = Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "args": None,
                "kwargs": None,
                "schedule_type": Schedule.MINUTES,
                "minutes": minutes,
                "repeats": -1,
            },
            create_defaults={
                "func": func,
                "schedule_type": Schedule.MINUTES,
                "minutes": minutes,
                "repeats": -1,
                "next_run": timezone.now(),
            },
        )
        results.append((name, created))
    return results


class Command(BaseCommand):
    help = "Create or update the job schedules (place due calls every minute, recover stale calls every 5)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, created in schedules_ensure():
            func, minutes = SCHEDULES[name]
            verb = "created" if created else "up to date"
            self.stdout.write(f"{name}: {func} every {minutes} min ({verb})")
