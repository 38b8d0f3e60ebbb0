"""django-axes lockout as the first authentication backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesBackend
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
