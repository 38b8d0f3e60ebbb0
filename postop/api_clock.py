"""The integration API keeps UTC (machines compare instants); pages a person reads use the clinic's zone.

settings.TIME_ZONE is the clinic's zone so the portal, the admin and exports show clinic time;
this middleware makes every /api/ response render its datetimes in UTC, as it always has.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

API_PREFIX = "/api/"


class ApiUtcMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        # Serializers turn datetimes into text inside the view, and Django renders DRF's response
        # before it leaves the view layer: both happen inside this override.
        with timezone.override(UTC):
            return self.get_response(request)
