"""django-axes lockout as the first authentication backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesBackend
from django.contrib.auth.models import Permission
from django.http import HttpRequest


class LockoutBackend(AxesBackend):
    """Every sign-in that comes with a request (the login page, admin, DRF) is counted and
    refused while locked out. authenticate() without a request (Django's test client `.login()`,
    a script) cannot be tied to a client, so axes steps aside there and ModelBackend decides."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """ModelBackend's answer (the user's own permissions and their groups'), in one query instead of two.

        Every portal page checks the nurse's permissions (postop/access.py), so this is one round trip
        fewer per page. Cached on the user for the request, in the attribute ModelBackend reads too.
        """
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                perms = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                fields = ("content_type__app_label", "codename")
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*fields)
                perms = own.union(Permission.objects.filter(group__user=user_obj).order_by().values_list(*fields))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in perms}
        return user_obj._perm_cache
