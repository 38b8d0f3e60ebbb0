from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from postop.accounts import staff_user_save
from postop.clinics import default_clinic
from postop.models import Clinic

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

# A second clinic with its own nurse and patient shows the separation (postop/clinics.py): each
# nurse sees only their clinic's patients. (slug, name, zone, caller, callback, nurse, password, patient MRN)
SECOND_CLINIC = (
    "west",
    "Demo West Surgery Center",
    "America/Los_Angeles",
    "West Surgery Center",
    "+14155550100",
    "nurse.west",
    "postop-demo-west",
    "DEMO-WEST-1",
)

# Each step is a management command that loads data idempotently.
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("migrate", ["--no-input"]),
    ("load_order_catalog", []),
    ("setup_schedules", []),
    ("build_knowledge", ["--sample"]),
    ("demo_patients", []),  # demo only: a patient where it is daytime now, so a call can be watched at any hour
    ("demo_patients", ["--language", "es"]),  # and a Spanish-speaking one: a whole call in Spanish
    ("demo_patients", ["--caregiver"]),  # an adult patient's wife answers and reports a red flag about him
    ("demo_patients", ["--caregiver", "--language", "es"]),
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
        self._second_clinic()

    def _second_clinic(self) -> None:
        from patients.models import Patient

        slug, name, zone, caller, callback, username, password, mrn = SECOND_CLINIC
        home = default_clinic()
        west, _ = Clinic.objects.update_or_create(
            slug=slug, defaults={"name": name, "time_zone": zone, "caller_name": caller, "callback_number": callback}
        )
        result = staff_user_save(
            username=username, role="nurse", password=password, first_name="West", last_name="Nurse", update=True
        )
        result.user.clinics.set([west])
        # The other demo logins belong to the default clinic only (the admin is a superuser: every clinic).
        for _, other, *_rest in DEMO_LOGINS:
            home.members.add(*type(result.user).objects.filter(username=other))
        Patient.objects.get_or_create(
            external_id=mrn,
            defaults={
                "clinic": west,
                "first_name": "Wes",
                "last_name": "Westclinic",
                "phone": "+14155550123",
                "time_zone": zone,
            },
        )
        self.stdout.write(
            f"  {'nurse':<14} username {username!r:<14} password {password!r}  "
            f"(clinic {name!r} only: sees patient {mrn}, not {home.name}'s patients)"
        )
