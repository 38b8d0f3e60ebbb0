"""Per-key throttling: each API key has its own bucket (and may carry its own rate)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from postop.audit import request_api_key


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Scope `api_key` for key requests (ApiKey.throttle_rate overrides the default), `api_user` for sessions."""

    scope = "api_key"

    def allow_request(self, request: Request, view: Any) -> bool:
        key = request_api_key(request)
        if key is None:
            self.scope = "api_user"
            self.rate = self.THROTTLE_RATES.get("api_user")
        else:
            self.scope = "api_key"
            self.rate = key.throttle_rate or self.THROTTLE_RATES.get("api_key")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        key = request_api_key(request)
        if key is not None:
            return self.cache_format % {"scope": "api_key", "ident": key.pk}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": "api_user", "ident": request.user.pk}
        return None
