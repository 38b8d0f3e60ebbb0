"""Session safeguards: automatic logoff after inactivity, TOTP for password sessions, and a
periodic re-check with the identity provider for single sign-on sessions."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from postop.auth.oidc import (
    BACKEND_PATH,
    CHECKED_AT_SESSION_KEY,
    mapped_clinics,
    mapped_roles,
    sync_clinics,
    sync_roles,
)

logger = logging.getLogger(__name__)

# When the session signed in (set at login, saved with the login itself).
LAST_ACTIVITY_SESSION_KEY = "last_activity"
# The time of the person's last activity since: a signed cookie, so tracking activity costs no
# database write per request. Forging it needs SECRET_KEY; keeping an old one only ends the
# session sooner; dropping it falls back to the sign-in time.
ACTIVITY_COOKIE = "postop_activity"
ACTIVITY_COOKIE_SALT = "postop.auth.idle"


def record_sign_in_time(sender: Any, request: HttpRequest, user: Any, **_: Any) -> None:
    """user_logged_in: the idle clock starts at sign-in (an activity cookie left by an earlier
    session is older and so does not count)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_SESSION_KEY] = time.time()


def activity_cookie_value(when: float) -> str:
    """The signed cookie value recording activity at `when` (epoch seconds)."""
    response = HttpResponse()
    response.set_signed_cookie(ACTIVITY_COOKIE, str(round(when, 3)), salt=ACTIVITY_COOKIE_SALT)
    return response.cookies[ACTIVITY_COOKIE].value


def activity_from_cookie(value: str | None) -> float | None:
    """The time a signed activity cookie records, or None when it is missing, forged or unreadable."""
    if not value:
        return None
    probe = HttpRequest()
    probe.COOKIES[ACTIVITY_COOKIE] = value
    signed = probe.get_signed_cookie(ACTIVITY_COOKIE, default=None, salt=ACTIVITY_COOKIE_SALT)
    try:
        return float(signed) if signed else None
    except ValueError:
        return None


def last_activity(request: HttpRequest) -> float | None:
    times = []
    signed_in = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    if isinstance(signed_in, int | float):
        times.append(float(signed_in))
    cookie = activity_from_cookie(request.COOKIES.get(ACTIVITY_COOKIE))
    if cookie is not None:
        times.append(cookie)
    return max(times) if times else None


def is_sso_session(request: HttpRequest) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH


def _signed_out(request: HttpRequest, reason: str) -> HttpResponse:
    """Where a request goes once its session has been ended: the login page (with why), or for
    HTMX and the API an answer their callers understand."""
    htmx = bool(request.headers.get("HX-Request"))
    next_path = request.get_full_path() if request.method == "GET" and not htmx else "/"
    login_url = f"{reverse('login')}?{urlencode({'signed_out': reason, 'next': next_path})}"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Your session has ended; sign in again."}, status=401)
    if htmx:
        return HttpResponseClientRedirect(login_url)
    return HttpResponseRedirect(login_url)


def counts_as_activity(request: HttpRequest) -> bool:
    """What a person does: page loads and form posts. HTMX GETs are mostly the page's own polls
    (live transcripts, the escalation panel), which must not keep an unattended screen signed in."""
    return not (request.headers.get("HX-Request") and request.method in ("GET", "HEAD"))


class IdleLogoffMiddleware:
    """Ends a staff session after SESSION_IDLE_MINUTES without activity (HIPAA automatic logoff)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        last = last_activity(request)
        if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
            logger.info("session ended after inactivity user_id=%s", request.user.pk)
            logout(request)
            response = _signed_out(request, "idle")
            response.delete_cookie(ACTIVITY_COOKIE)
            return response
        response = self.get_response(request)
        if last is None or counts_as_activity(request):
            response.set_cookie(
                ACTIVITY_COOKIE,
                activity_cookie_value(now),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class OIDCRecheckMiddleware:
    """Every OIDC_RECHECK_SECONDS, asks the provider's userinfo endpoint (with the session's access
    token) whether the person still has access. A revoked token, a disabled account or a
    withdrawn group ends the session; a provider that cannot be reached is retried on the next
    request and logged, so an outage of the provider does not sign every nurse out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OIDC_ENABLED and request.user.is_authenticated and is_sso_session(request):
            checked = request.session.get(CHECKED_AT_SESSION_KEY, 0)
            if time.time() - checked >= settings.OIDC_RECHECK_SECONDS:
                verdict = self.recheck(request)
                if verdict is not None:
                    logger.warning("sso session ended: %s user_id=%s", verdict, request.user.pk)
                    logout(request)
                    return _signed_out(request, "revoked")
        return self.get_response(request)

    def recheck(self, request: HttpRequest) -> str | None:
        """None when access holds (or cannot be checked now); otherwise why it ended."""
        token = request.session.get("oidc_access_token")
        if not token:
            return "no access token in the session"
        try:
            response = requests.get(
                settings.OIDC_OP_USER_ENDPOINT,
                headers={"Authorization": f"Bearer {token}"},
                timeout=settings.OIDC_TIMEOUT,
                verify=settings.OIDC_VERIFY_SSL,
            )
        except requests.RequestException as exc:
            logger.warning("sso recheck postponed: provider unreachable (%s)", type(exc).__name__)
            return None
        if response.status_code in (401, 403):
            return f"provider refused the token ({response.status_code})"
        if response.status_code != 200:
            logger.warning("sso recheck postponed: provider answered %s", response.status_code)
            return None
        try:
            claims: dict[str, Any] = response.json()
        except ValueError:
            logger.warning("sso recheck postponed: provider sent no JSON")
            return None
        roles = mapped_roles(claims)
        sync_roles(request.user, roles)  # type: ignore[arg-type]
        if not roles:
            return "no mapped group any more"
        clinics = mapped_clinics(claims)
        sync_clinics(request.user, clinics)  # type: ignore[arg-type]
        if not clinics:
            return "no clinic group any more"
        request.session[CHECKED_AT_SESSION_KEY] = time.time()
        return None


# URL names a password session may open before it has passed MFA.
MFA_OPEN_URL_NAMES = {"login", "logout", "mfa_setup", "mfa_verify", "session_keepalive"}


class MFARequiredMiddleware:
    """Password (local-account) sessions must pass a TOTP code before any staff page, admin page or
    session-authenticated API call. Single sign-on sessions are exempt (the provider's own MFA)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not settings.MFA_REQUIRED or not request.user.is_authenticated or is_sso_session(request):
            return None
        if request.user.is_verified():  # type: ignore[union-attr]
            return None
        match = request.resolver_match
        if match is not None and match.view_name in MFA_OPEN_URL_NAMES:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Finish signing in with your authenticator code in the portal first."}, status=403
            )
        if not getattr(view_func, "login_required", True) and (match is None or "admin" not in match.namespaces):
            return None  # public endpoints (health, agent API) do not depend on who is signed in
        from django_otp import devices_for_user

        confirmed = any(True for _ in devices_for_user(request.user, confirmed=True))
        target = "mfa_verify" if confirmed else "mfa_setup"
        next_path = request.get_full_path() if request.method == "GET" else "/"
        url = f"{reverse(target)}?{urlencode({'next': next_path})}"
        if request.headers.get("HX-Request"):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
