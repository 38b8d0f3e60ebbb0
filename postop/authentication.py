"""`Authorization: Api-Key <key>` for integrations; the portal session covers staff in a browser."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from postop.audit import bind_audit_actor
from postop.clinics import restrict_request_to
from postop.models import ApiKey

KEYWORD = "Api-Key"
# last_used_at is for "is this integration still alive?", not per-request bookkeeping.
LAST_USED_RESOLUTION = timedelta(minutes=1)
INVALID_KEY = "This API key is not valid or was revoked. Ask the clinic's administrator for a new key."


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(f"Send the key as 'Authorization: {KEYWORD} <key>', with no spaces in the key.")
        try:
            raw_key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(INVALID_KEY) from None
        prefix, dot, _secret = raw_key.partition(".")
        key = ApiKey.objects.usable().select_related("user", "clinic").filter(prefix=prefix).first() if dot else None
        if key is None or not key.matches(raw_key):
            raise AuthenticationFailed(INVALID_KEY)
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        bind_audit_actor(user=key.user, api_key=key)
        # The rest of the request reads and writes the key's clinic only (postop/clinics.py).
        restrict_request_to(key.clinic)
        return key.user, key

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "postop.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An integration key issued by the clinic (admin, or `manage.py create_api_key`), sent as "
                "`Authorization: Api-Key <key>`. The key acts with its service user's Django permissions."
            ),
        }
