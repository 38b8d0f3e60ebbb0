"""Issuing and revoking integration API keys."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from postop.models import ApiKey, Clinic, generate_raw_api_key, hash_api_secret

API_READ_GROUP = "API integrations (read-only)"
API_WRITE_GROUP = "API integrations (read-write)"

# (app_label, model, actions): what an integration may do through /api/v1/.
API_READ_PERMISSIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("patients", "patient", ("view",)),
    ("patients", "discharge", ("view",)),
    ("orders", "dischargeorder", ("view",)),
    ("calls", "callscheduleitem", ("view",)),
    ("calls", "callrecord", ("view",)),
    ("calls", "transcriptturn", ("view",)),
    ("calls", "patientresponse", ("view",)),
    ("knowledge", "knowledgedocument", ("view",)),
]
API_WRITE_PERMISSIONS: list[tuple[str, str, tuple[str, ...]]] = [
    *API_READ_PERMISSIONS,
    ("patients", "patient", ("add", "change")),
    ("patients", "discharge", ("add",)),
    ("calls", "callscheduleitem", ("change",)),
]
THROTTLE_RATE_RE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def api_access_group(*, write: bool) -> Group:
    """The group holding an integration's permissions, created and kept in sync on demand."""
    group, _ = Group.objects.get_or_create(name=API_WRITE_GROUP if write else API_READ_GROUP)
    wanted = API_WRITE_PERMISSIONS if write else API_READ_PERMISSIONS
    for app_label, model, actions in wanted:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    return group


def service_username(name: str) -> str:
    return f"api-{slugify(name)}"[:150]


def api_key_check(*, name: str, throttle_rate: str = "", new_user: bool = True) -> None:
    """Raise ValidationError (by field) when a key with this name and rate cannot be issued."""
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Name the integration, e.g. epic-adt-feed."]
    elif ApiKey.objects.filter(name__iexact=name).exists():
        errors["name"] = ["An API key with this name exists; pick another name (revoked keys keep theirs)."]
    elif new_user and get_user_model().objects.filter(username=service_username(name)).exists():
        errors["name"] = [f"A user named {service_username(name)} exists; pick another name."]
    if throttle_rate and not THROTTLE_RATE_RE.match(throttle_rate):
        errors["throttle_rate"] = ["Write the rate like 600/min, 20/s or 10000/day."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_key_issue(*, key: ApiKey, write: bool = False, by: AbstractBaseUser | None = None) -> str:
    """Save the unsaved `key` with a new secret and return the full key, the only time it exists in clear.

    Without a user, the key gets its own service user (no password, not staff) in the read-only or
    read-write integration group.
    """
    key.name = " ".join((key.name or "").split())
    api_key_check(name=key.name, throttle_rate=key.throttle_rate, new_user=key.user_id is None)
    if key.user_id is None:
        user_model = get_user_model()
        user = user_model(username=service_username(key.name), is_staff=False, is_active=True)
        user.set_unusable_password()
        user.save()
        user.groups.add(api_access_group(write=write))
        key.user = user
    key.prefix, raw_key = generate_raw_api_key()
    key.hashed_key = hash_api_secret(raw_key)
    key.created_by = by
    key.save()
    return raw_key


def api_key_create(
    *,
    name: str,
    write: bool = False,
    by: AbstractBaseUser | None = None,
    throttle_rate: str = "",
    user: AbstractBaseUser | None = None,
    clinic: Clinic | None = None,
) -> tuple[ApiKey, str]:
    """A key of `clinic` (default: the request's clinic, else the default clinic)."""
    key = ApiKey(name=name, throttle_rate=throttle_rate, user=user)
    if clinic is not None:
        key.clinic = clinic
    raw_key = api_key_issue(key=key, write=write, by=by)
    return key, raw_key


def api_key_revoke(*, key: ApiKey) -> None:
    """The key stops working at once; the row stays for the audit trail."""
    key.revoke()
