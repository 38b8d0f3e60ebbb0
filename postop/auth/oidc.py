"""Single sign-on through the hospital's OpenID Connect provider (mozilla-django-oidc).

A person signs in at the identity provider; the provider's groups claim decides the portal
role: OIDC_GROUP_MAP maps provider group names onto the roles of postop/roles.py (Nurses,
Clinical lead, Compliance). Someone with no mapped group is refused and any role they held is
taken away. The same claim decides the clinics (postop/clinics.py): a clinic's `oidc_group` names
the provider group of its staff; once any clinic names one, a person with a role but no clinic
group is refused too (with a message saying so). With no clinic naming a group (one clinic), SSO
staff belong to the default clinic. Accounts are keyed on the provider's subject (`sub`), never on an e-mail address a
local account could share, so an SSO login can never take over a local account.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from postop.clinics import default_clinic
from postop.models import Clinic
from postop.roles import ROLES

logger = logging.getLogger(__name__)

BACKEND_PATH = "postop.auth.oidc.GroupMappingOIDCBackend"
USERNAME_PREFIX = "sso."
CHECKED_AT_SESSION_KEY = "oidc_checked_at"
REFUSAL_SESSION_KEY = "oidc_refusal"


def sso_username(subject: str) -> str:
    """A stable username for the provider's subject; long subjects are hashed to fit 150 chars."""
    if len(subject) <= 100 and all(ch.isalnum() or ch in "@.+-_" for ch in subject):
        return f"{USERNAME_PREFIX}{subject}"
    return f"{USERNAME_PREFIX}{hashlib.sha256(subject.encode()).hexdigest()}"


def mapped_roles(claims: dict[str, Any]) -> set[str]:
    """The portal roles the provider's groups claim grants (unknown groups are ignored)."""
    raw = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(raw, str):
        raw = [raw]
    return {settings.OIDC_GROUP_MAP[group] for group in raw if group in settings.OIDC_GROUP_MAP} & set(ROLES)


def claim_groups(claims: dict[str, Any]) -> set[str]:
    raw = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    return {raw} if isinstance(raw, str) else {str(group) for group in raw}


def mapped_clinics(claims: dict[str, Any]) -> list[Clinic]:
    """The clinics whose `oidc_group` the person is in; the default clinic when no clinic names a group."""
    named = Clinic.objects.exclude(oidc_group="")
    if not named.exists():
        return [default_clinic()]
    return list(named.filter(oidc_group__in=claim_groups(claims)))


def sync_clinics(user: AbstractUser, clinics: list[Clinic]) -> None:
    """The provider is the source of truth for an SSO account's clinics too."""
    user.clinics.set(clinics)  # type: ignore[attr-defined]


def sync_roles(user: AbstractUser, roles: set[str]) -> None:
    """Give the user exactly these portal roles; groups that are not portal roles are left alone."""
    current = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    if current - roles:
        user.groups.remove(*Group.objects.filter(name__in=current - roles))
    if roles - current:
        user.groups.add(*Group.objects.filter(name__in=roles - current))


class GroupMappingOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        subject = claims.get("sub")
        if not subject:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username=sso_username(str(subject)))

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get("sub"):
            logger.warning("sso refused: the provider sent no subject")
            return False
        username = sso_username(str(claims["sub"]))
        if mapped_roles(claims):
            if mapped_clinics(claims):
                return True
            for user in self.UserModel.objects.filter(username=username):
                sync_clinics(user, [])
            self.request.session[REFUSAL_SESSION_KEY] = "no-clinic"
            logger.warning("sso refused: no clinic group user=%s", username)
            return False
        # Access withdrawn at the provider: an existing account loses its roles as well.
        for user in self.UserModel.objects.filter(username=username):
            sync_roles(user, set())
        logger.warning("sso refused: no mapped group user=%s", username)
        return False

    def create_user(self, claims: dict[str, Any]) -> AbstractUser:
        user = get_user_model()(username=sso_username(str(claims["sub"])))
        user.set_unusable_password()  # SSO accounts never sign in with a password
        return self.update_user(user, claims)

    def update_user(self, user: AbstractUser, claims: dict[str, Any]) -> AbstractUser:
        user.email = str(claims.get("email") or "")[:254]
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.is_staff = True
        user.save()
        sync_roles(user, mapped_roles(claims))
        sync_clinics(user, mapped_clinics(claims))
        logger.info("sso sign-in user=%s", user.username)
        return user

    def store_tokens(self, access_token: str, id_token: str) -> None:
        super().store_tokens(access_token, id_token)
        self.request.session[CHECKED_AT_SESSION_KEY] = time.time()


@method_decorator(login_not_required, name="dispatch")
class AuthenticateView(OIDCAuthenticationRequestView):
    """Starts the sign-in at the provider (404 when SSO is not configured)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not settings.OIDC_ENABLED:
            return
        super().__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A stale or forged state: send the person back to sign in, never a 400 page.
            logger.warning("sso callback refused: state or nonce mismatch")
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        if self.request.session.pop(REFUSAL_SESSION_KEY, None) == "no-clinic":
            return HttpResponseRedirect("/login/?sso=no-clinic")
        return super().login_failure()
