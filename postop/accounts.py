"""Staff accounts with a role (postop/roles.py): what `manage.py create_staff_user` and the demo use."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from postop.roles import ROLE_CHOICES


@dataclass
class StaffUserResult:
    user: AbstractBaseUser
    created: bool


@transaction.atomic
def staff_user_save(
    *,
    username: str,
    role: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    update: bool = False,
) -> StaffUserResult:
    """Create a staff user with exactly one role, or (update=True) give an existing one this role.

    The password is required for a new user and checked by the password validators; for an update
    None keeps the current one. An "admin" is a superuser; the other roles are their group.
    """
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": ["Give a username, e.g. --username jpeyton."]})
    if role not in ROLE_CHOICES:
        raise ValidationError({"role": [f"Unknown role {role!r}; use one of {', '.join(ROLE_CHOICES)}."]})
    user_model = get_user_model()
    user = user_model.objects.select_for_update().filter(username=username).first()
    created = user is None
    if not created and not update:
        raise ValidationError(
            {"username": [f"A user named {username!r} exists; add --update to give it the {role} role."]}
        )
    if created:
        if not password:
            raise ValidationError({"password": ["A new user needs a password."]})
        user = user_model(username=username)
    assert user is not None
    for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if value:
            setattr(user, name, value)
    if password:
        validate_password(password, user)
        user.set_password(password)
    group_name = ROLE_CHOICES[role]
    user.is_staff = True
    user.is_active = True
    user.is_superuser = group_name is None
    user.save()
    user.groups.set([Group.objects.get(name=group_name)] if group_name else [])
    return StaffUserResult(user=user, created=created)
