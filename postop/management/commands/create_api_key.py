"""Issue an integration API key and print it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from postop.models import Clinic
from postop.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for an integration. The key is printed once; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Which integration uses the key, e.g. epic-adt-feed.")
        parser.add_argument(
            "--write",
            action="store_true",
            help="May create patients and discharges and change calls (default: read-only).",
        )
        parser.add_argument("--user", help="Act as this existing user (its permissions) instead of a new service user.")
        parser.add_argument(
            "--clinic", help="The clinic's slug (see `manage.py clinic list`); default: the default clinic."
        )
        parser.add_argument("--throttle-rate", default="", help="e.g. 600/min; default API_KEY_THROTTLE_RATE.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {options['user']!r}.") from None
        clinic = None
        if options["clinic"]:
            clinic = Clinic.objects.filter(slug=options["clinic"]).first()
            if clinic is None:
                raise CommandError(f"No clinic {options['clinic']!r}; `manage.py clinic list` shows them.")
        try:
            key, raw_key = api_key_create(
                name=options["name"],
                write=options["write"],
                throttle_rate=options["throttle_rate"],
                user=user,
                clinic=clinic,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        access = "read-write" if options["write"] else "read-only"
        self.stderr.write(
            f"Created {access} API key {key.name!r} of clinic {key.clinic.slug!r} for user {key.user.get_username()}."
        )
        self.stderr.write("Copy it now: it is not stored and will not be shown again.")
        self.stdout.write(raw_key)
