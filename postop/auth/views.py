"""TOTP enrolment and verification for password sessions, and the idle-logoff keep-alive."""

from __future__ import annotations

import logging

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)


class TokenForm(forms.Form):
    otp_token = forms.RegexField(
        label="Code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Enter the 6-digit code your authenticator app shows now."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def code(self) -> str:
        return self.cleaned_data["otp_token"].strip()


def _signed_in_staff(request: HttpRequest) -> HttpResponse | None:
    """These views skip the portal middleware (they run before MFA is passed): check here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise PermissionDenied("Only clinic staff can use the portal.")
    return None


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_not_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """First password sign-in: scan a QR code into an authenticator app and confirm one code."""
    refused = _signed_in_staff(request)
    if refused:
        return refused
    if any(True for _ in devices_for_user(request.user, confirmed=True)):
        return redirect(f"/account/mfa/verify/?next={_next_url(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.code()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            logger.info("mfa enrolled user_id=%s", request.user.pk)
            return redirect(_next_url(request))
        form.add_error("otp_token", "That code did not match. Check the phone's clock and enter the newest code.")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    context = {
        "form": form,
        "qr_svg": image.to_string(encoding="unicode"),
        "secret": _base32(device),
        "next": _next_url(request),
    }
    return render(request, "registration/mfa_setup.html", context)


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


@login_not_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Every password sign-in: the current code from the enrolled authenticator."""
    refused = _signed_in_staff(request)
    if refused:
        return refused
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"/account/mfa/setup/?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                form.add_error(None, "Too many wrong codes. Wait a minute, then enter the newest code.")
                break
            if device.verify_token(form.code()):
                otp_login(request, device)
                return redirect(_next_url(request))
        else:
            logger.warning("mfa code refused user_id=%s", request.user.pk)
            form.add_error("otp_token", "That code did not match. Enter the newest code your app shows.")
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next_url(request)})


@login_not_required
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the idle warning: the POST itself is activity (IdleLogoffMiddleware)."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Your session has ended; sign in again."}, status=401)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    from django.conf import settings

    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_MINUTES * 60})
