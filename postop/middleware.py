from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from postop.access import describe_permissions, missing_permissions, required_permissions

logger = logging.getLogger(__name__)


class StaffRequiredMiddleware(LoginRequiredMiddleware):
    """Every portal page needs a signed-in staff user holding the page's permissions.

    The permissions come from postop.access.PORTAL_PERMISSIONS by URL name; a page not listed
    there is refused (deny by default). Views opt out of all of this with @login_not_required
    (the login page) or, like DRF views, by setting `login_required = False` and checking
    permissions themselves. Django admin checks its own model permissions.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):
            return None
        if not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        match = request.resolver_match
        in_admin = match is not None and "admin" in match.namespaces
        if not request.user.is_staff:
            if in_admin:
                return redirect_to_login(request.get_full_path(), "/admin/login/")
            raise PermissionDenied("Only clinic staff can use the portal.")
        if in_admin:
            return None
        url_name = match.view_name if match is not None else None
        needed = required_permissions(url_name)
        if needed is None:
            logger.warning("portal url refused: not in PORTAL_PERMISSIONS url_name=%s", url_name)
            raise PermissionDenied("This page is not open to any role yet; ask an administrator.")
        missing = missing_permissions(request.user, needed)
        if missing:
            # The 403 page shows this: permission labels only, never a record's contents.
            raise PermissionDenied(f"Your account is missing: {'; '.join(describe_permissions(missing))}.")
        return None


class NoStoreMiddleware:
    """Pages and API answers carry patient data: no browser or proxy may keep a copy.

    Static files never reach this (WhiteNoise answers them first) and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response
