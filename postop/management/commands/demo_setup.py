from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from postop.accounts import staff_user_save

DEMO_USERNAME = "nurse"
DEMO_PASSWORD = "postop-demo-nurse"

# One demo login per role (postop/roles.py): (role, username, password, first name, last name).
# Demo-only passwords, printed on every start; a real install makes accounts with create_staff_user.
DEMO_LOGINS: list[tuple[str, str, str, str, str]] = [
    ("nurse", DEMO_USERNAME, DEMO_PASSWORD, "Demo", "Nurse"),
    ("clinical-lead", "lead", "postop-demo-lead", "Demo", "Clinical Lead"),
    ("compliance", "compliance", "postop-demo-compliance", "Demo", "Compliance"),
    ("admin", "admin", "postop-demo-admin", "Demo", "Administrator"),
]

# Each step is a management command that loads data idempotently.
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("migrate", ["--no-input"]),
    ("load_order_catalog", []),
    ("setup_schedules", []),
    ("build_knowledge", ["--sample"]),
    ("demo_patients", []),  # demo only: a patient where it is daytime now, so a call can be watched at any hour
    ("demo_patients", ["--language", "es"]),  # and a Spanish-speaking one: a whole call in Spanish
]


class Command(BaseCommand):
    help = "Prepare the embedded demo: migrate, load the catalog and sample data, create a demo login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, command_args in DEMO_STEPS:
            self.stdout.write(f"-> manage.py {name} {' '.join(command_args)}")
            call_command(name, *command_args, verbosity=0 if name == "migrate" else 1)
        self.stdout.write(self.style.SUCCESS("Demo logins (demo passwords; never use them on a real install):"))
        for role, username, password, first_name, last_name in DEMO_LOGINS:
            staff_user_save(
                username=username,
                role=role,
                password=password,
                first_name=first_name,
                last_name=last_name,
                update=True,
            )
            self.stdout.write(f"  {role:<14} username {username!r:<14} password {password!r}")
