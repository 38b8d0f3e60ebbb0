"""The OpenAPI schema and Swagger UI: readable by staff with API access; a signed-out browser is
sent to the login page (and back), a program gets the usual JSON 401."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.request import Request


def _wants_html(request: Request) -> bool:
    return "text/html" in request.META.get("HTTP_ACCEPT", "")


class LoginRedirectMixin:
    def handle_exception(self, exc: Exception) -> HttpResponse:
        request: Request = self.request  # type: ignore[attr-defined]
        signed_out = isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed)
        if signed_out and not request.user.is_authenticated and _wants_html(request):
            return redirect_to_login(request.get_full_path())
        return super().handle_exception(exc)  # type: ignore[misc]


class SchemaView(LoginRedirectMixin, SpectacularAPIView):
    pass


class SwaggerView(LoginRedirectMixin, SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file (?script), so the page needs no inline
    script under the Content-Security-Policy."""
