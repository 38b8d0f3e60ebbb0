from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class StaffRequiredMiddleware(LoginRequiredMiddleware):
    """Every portal page needs a logged-in staff user.

    Views opt out with @login_not_required (the login page) or, like DRF views,
    by setting `login_required = False` and authenticating themselves.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):
            return None
        if not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        if not request.user.is_staff:
            if request.path.startswith("/admin/"):
                return redirect_to_login(request.get_full_path(), "/admin/login/")
            raise PermissionDenied("Only clinic staff can use the portal.")
        return None
