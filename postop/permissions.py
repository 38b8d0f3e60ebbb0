"""Django model permissions for the API: reading needs view_*, writing add_/change_*."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission, DjangoModelPermissions
from rest_framework.request import Request


class ModelPermissions(DjangoModelPermissions):
    """DjangoModelPermissions with GET guarded by view_*.

    A view may name the permission an extra action needs in `action_permissions`
    (e.g. {"cancel": "change"}), since a POST to an action changes a row rather than adding one.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        action = getattr(view, "action", None)
        verb = getattr(view, "action_permissions", {}).get(action)
        if verb is None:
            return super().has_permission(request, view)
        if not request.user or not request.user.is_authenticated:
            return False
        model = self._queryset(view).model
        return request.user.has_perm(f"{model._meta.app_label}.{verb}_{model._meta.model_name}")


class HasPermissions(BasePermission):
    """For views without a model: the user needs every permission in `view.required_permissions`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return user.has_perms(getattr(view, "required_permissions", ()))


# Reading the API (its schema and Swagger UI included) needs these; Nurses, Compliance and the
# integrations' API-key users hold them, a signed-in user with no role does not.
API_DOCS_PERMISSIONS = ("patients.view_patient", "calls.view_callscheduleitem")


class CanReadApiDocs(BasePermission):
    """The OpenAPI schema and Swagger UI: clinic staff or an integration's API key, with API read access."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        from postop.models import ApiKey

        by_key = isinstance(request.auth, ApiKey)
        return (user.is_staff or by_key) and user.has_perms(API_DOCS_PERMISSIONS)
