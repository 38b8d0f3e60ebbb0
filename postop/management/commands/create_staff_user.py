"""manage.py create_staff_user --role nurse|clinical-lead|compliance|admin --username NAME

The password comes from the environment variable named by --password-env (default
POSTOP_STAFF_PASSWORD) or, at a terminal, from a prompt; never from the command line, where it
would stay in shell history and process lists.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from postop.accounts import staff_user_save
from postop.clinics import default_clinic
from postop.models import Clinic
from postop.roles import ROLE_CHOICES

DEFAULT_PASSWORD_ENV = "POSTOP_STAFF_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a clinic staff account with one role (nurse, clinical-lead, compliance or admin), or with "
        "--update give an existing account that role. The password is read from $POSTOP_STAFF_PASSWORD "
        "(or the variable --password-env names) or asked for at the terminal."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--role", required=True, choices=list(ROLE_CHOICES))
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            default=DEFAULT_PASSWORD_ENV,
            help=f"Environment variable holding the password (default {DEFAULT_PASSWORD_ENV}).",
        )
        parser.add_argument(
            "--clinic",
            action="append",
            default=[],
            help="A clinic's slug the user belongs to (repeat for several; default: the default clinic on create). "
            "`manage.py clinic list` shows them.",
        )
        parser.add_argument(
            "--update", action="store_true", help="The user exists: set this role (and the password, if given)."
        )

    def _password(self, options: dict[str, Any]) -> str | None:
        variable = options["password_env"]
        if os.environ.get(variable):
            return os.environ[variable]
        if options["update"]:
            return None  # keep the current password
        if not sys.stdin.isatty():
            raise CommandError(
                f"Set the password in the environment variable {variable} (or run this at a terminal to be "
                "asked for it). Passwords are never taken from the command line."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was created.")
        return first

    def handle(self, *args: Any, **options: Any) -> None:
        clinics = list(Clinic.objects.filter(slug__in=options["clinic"]))
        unknown = set(options["clinic"]) - {c.slug for c in clinics}
        if unknown:
            raise CommandError(f"No clinic {', '.join(sorted(unknown))}; `manage.py clinic list` shows them.")
        try:
            result = staff_user_save(
                username=options["username"],
                role=options["role"],
                password=self._password(options),
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                update=options["update"],
            )
        except ValidationError as exc:
            problems = (
                [f"{field}: {m}" for field, ms in exc.message_dict.items() for m in ms]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            raise CommandError("Nothing was saved. " + " ".join(problems)) from None
        if clinics:
            result.user.clinics.add(*clinics)
        elif result.created:
            result.user.clinics.add(default_clinic())
        verb = "Created" if result.created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {result.user.get_username()!r} with the {options['role']} role."))
