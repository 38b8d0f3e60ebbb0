from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from postop.roles import NURSE_GROUP

DEMO_USERNAME = "nurse"
DEMO_PASSWORD = "postop-demo-nurse"

# Each step is a management command that loads data idempotently.
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("migrate", ["--no-input"]),
    ("load_order_catalog", []),
    ("setup_schedules", []),
    ("build_knowledge", ["--sample"]),
    ("demo_patients", []),  # demo only: a patient where it is daytime now, so a call can be watched at any hour
]


class Command(BaseCommand):
    help = "Prepare the embedded demo: migrate, load the catalog and sample data, create the demo nurse."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, command_args in DEMO_STEPS:
            self.stdout.write(f"-> manage.py {name} {' '.join(command_args)}")
            call_command(name, *command_args, verbosity=0 if name == "migrate" else 1)
        user_model = get_user_model()
        nurse, created = user_model.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Nurse", "is_staff": True}
        )
        if created:
            nurse.set_password(DEMO_PASSWORD)
            nurse.save()
        nurse.groups.add(Group.objects.get(name=NURSE_GROUP))
        self.stdout.write(
            self.style.SUCCESS(f"Demo nurse login: username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r}")
        )
