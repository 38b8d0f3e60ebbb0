"""manage.py clinic: set up clinics, who belongs to them, and which clinic an API key serves.

manage.py clinic list
manage.py clinic create north --name "North clinic" [--time-zone America/Chicago]
    [--window 09:00-17:00] [--caller-name "North Surgery"] [--callback +13125550100]
    [--oidc-group hosp-clinic-north] [--facilities NORTH,NORTHEAST]
manage.py clinic update north --callback +13125550199          (only the options given change)
manage.py clinic add-member north nurse.jackie [more usernames]
manage.py clinic remove-member north nurse.jackie
manage.py clinic move-key north epic-adt-feed                  (the key now serves north only)
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from patients.models import normalize_phone
from postop.models import ApiKey, Clinic

SETTINGS = ("name", "time_zone", "window", "caller_name", "callback", "oidc_group", "facilities")


def _window(text: str) -> tuple[time | None, time | None]:
    if not text:
        return None, None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise CommandError(f"--window looks like 09:00-17:00, got {text!r}.") from None
    return start, end


class Command(BaseCommand):
    help = "Create and list clinics, add or remove members, move an API key to a clinic."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Every clinic with its settings, members and keys.")
        for action in ("create", "update"):
            cmd = sub.add_parser(action, help=f"{action.title()} a clinic.")
            cmd.add_argument("slug")
            cmd.add_argument("--name", required=action == "create")
            cmd.add_argument("--time-zone", help="IANA zone; blank uses CLINIC_TIME_ZONE.")
            cmd.add_argument("--window", help="Calling window, e.g. 09:00-17:00; blank uses CALLING_WINDOW.")
            cmd.add_argument("--caller-name", help="Who the agent says is calling; blank uses the clinic's name.")
            cmd.add_argument("--callback", help="The number patients call back; blank uses CLINIC_CALLBACK_NUMBER.")
            cmd.add_argument("--oidc-group", help="The identity provider's group of this clinic's staff.")
            cmd.add_argument("--facilities", help="Comma-separated HL7 sending facilities (MSH-4) of this clinic.")
        for action in ("add-member", "remove-member"):
            cmd = sub.add_parser(action, help=f"{action.replace('-', ' ').title()} (staff usernames).")
            cmd.add_argument("slug")
            cmd.add_argument("usernames", nargs="+")
        cmd = sub.add_parser("move-key", help="The API key reads and writes this clinic's patients from now on.")
        cmd.add_argument("slug")
        cmd.add_argument("key_name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
            return
        if action == "create":
            if Clinic.objects.filter(slug=options["slug"]).exists():
                raise CommandError(f"Clinic {options['slug']!r} exists; use `clinic update`.")
            clinic = Clinic(slug=options["slug"])
        else:
            clinic = self._clinic(options["slug"])
        if action in ("create", "update"):
            self._save(clinic, options)
        elif action in ("add-member", "remove-member"):
            users = list(get_user_model().objects.filter(username__in=options["usernames"]))
            missing = set(options["usernames"]) - {u.get_username() for u in users}
            if missing:
                raise CommandError(f"No user named {', '.join(sorted(missing))}; nothing changed.")
            (clinic.members.add if action == "add-member" else clinic.members.remove)(*users)
            verb = "added to" if action == "add-member" else "removed from"
            self.stdout.write(f"{len(users)} user(s) {verb} {clinic.slug}.")
        elif action == "move-key":
            key = ApiKey.objects.filter(name=options["key_name"]).first()
            if key is None:
                raise CommandError(f"No API key named {options['key_name']!r}.")
            ApiKey.objects.filter(pk=key.pk).update(clinic=clinic)
            self.stdout.write(f"API key {key.name!r} now serves {clinic.slug}.")

    def _clinic(self, slug: str) -> Clinic:
        clinic = Clinic.objects.filter(slug=slug).first()
        if clinic is None:
            raise CommandError(f"No clinic {slug!r}; `manage.py clinic list` shows them.")
        return clinic

    def _save(self, clinic: Clinic, options: dict[str, Any]) -> None:
        given = {name: options.get(name) for name in SETTINGS if options.get(name) is not None}
        if "name" in given:
            clinic.name = given["name"]
        if "time_zone" in given:
            clinic.time_zone = given["time_zone"].strip()
        if "window" in given:
            clinic.calling_window_start, clinic.calling_window_end = _window(given["window"].strip())
        if "caller_name" in given:
            clinic.caller_name = given["caller_name"].strip()
        if "callback" in given:
            try:
                clinic.callback_number = normalize_phone(given["callback"]) if given["callback"].strip() else ""
            except ValidationError as exc:
                raise CommandError(f"--callback: {' '.join(exc.messages)}") from None
        if "oidc_group" in given:
            clinic.oidc_group = given["oidc_group"].strip()
        if "facilities" in given:
            clinic.facility_codes = ",".join(c.strip() for c in given["facilities"].split(",") if c.strip())
        try:
            clinic.full_clean()
        except ValidationError as exc:
            problems = [f"{field}: {m}" for field, ms in exc.message_dict.items() for m in ms]
            raise CommandError("Nothing was saved. " + " ".join(problems)) from None
        with transaction.atomic():
            clinic.save()
        self.stdout.write(self.style.SUCCESS(f"Saved clinic {clinic.slug} ({clinic.name})."))

    def _list(self) -> None:
        for clinic in Clinic.objects.order_by("-is_default", "name").prefetch_related("members", "api_keys"):
            start, end = clinic.calling_window
            self.stdout.write(
                f"{clinic.slug}{' (default)' if clinic.is_default else ''}: {clinic.name}; zone {clinic.zone_name}; "
                f"window {start:%H:%M}-{end:%H:%M}; caller {clinic.caller!r}; callback {clinic.callback}; "
                f"oidc group {clinic.oidc_group or '-'}; facilities {clinic.facility_codes or '-'}"
            )
            members = ", ".join(sorted(u.get_username() for u in clinic.members.all())) or "-"
            keys = ", ".join(sorted(k.name for k in clinic.api_keys.all())) or "-"
            self.stdout.write(f"    members: {members}")
            self.stdout.write(f"    API keys: {keys}")
