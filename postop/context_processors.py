from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "CLINIC_NAME": settings.CLINIC_NAME,
        "DIALER_BACKEND": settings.DIALER_BACKEND,
        "DIALER_IS_SIMULATED": settings.DIALER_BACKEND == "simulated",
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "OIDC_PROVIDER_NAME": settings.OIDC_PROVIDER_NAME,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "SESSION_IDLE_SECONDS": settings.SESSION_IDLE_MINUTES * 60,
    }
