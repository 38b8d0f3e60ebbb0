"""Local accounts: a password alone opens nothing; TOTP enrolment, then a code at every sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]


def password_login(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def test_passwords_are_stored_with_argon2(nurse):
    assert identify_hasher(nurse.password).algorithm == "argon2"


def test_a_password_alone_leads_to_authenticator_enrolment(client, nurse):
    response = password_login(client, nurse.username)
    assert response.status_code == 302
    dashboard = client.get("/")
    assert dashboard.status_code == 302
    assert dashboard["Location"] == "/account/mfa/setup/?next=%2F"
    # The API and admin are closed too until the second step.
    assert client.get("/api/v1/patients/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, nurse):
    password_login(client, nurse.username)
    page = client.get("/account/mfa/setup/?next=/patients/")
    assert page.status_code == 200
    assert b"<svg" in page.content and b"Scan this code" in page.content
    device = TOTPDevice.objects.get(user=nurse, confirmed=False)

    wrong = client.post(
        "/account/mfa/setup/", {"otp_token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert b"That code did not match" in wrong.content
    assert client.get("/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/account/mfa/setup/", {"otp_token": current_code(device), "next": "/patients/"})
    assert done.status_code == 302 and done["Location"] == "/patients/"
    assert TOTPDevice.objects.get(user=nurse).confirmed
    assert client.get("/").status_code == 200


def test_an_enrolled_user_enters_a_code_at_every_sign_in(client, nurse):
    device = TOTPDevice.objects.create(user=nurse, name="phone", confirmed=True)
    password_login(client, nurse.username)
    response = client.get("/calls/")
    assert response["Location"] == "/account/mfa/verify/?next=%2Fcalls%2F"
    assert client.post("/account/mfa/verify/", {"otp_token": "12345"}).status_code == 200  # not 6 digits
    done = client.post("/account/mfa/verify/", {"otp_token": current_code(device), "next": "/calls/"})
    assert done.status_code == 302 and done["Location"] == "/calls/"
    assert client.get("/calls/").status_code == 200


def test_the_verify_page_refuses_an_outside_redirect(client, nurse):
    device = TOTPDevice.objects.create(user=nurse, name="phone", confirmed=True)
    password_login(client, nurse.username)
    done = client.post("/account/mfa/verify/", {"otp_token": current_code(device), "next": "https://evil.example/"})
    assert done["Location"] == "/"


def test_htmx_requests_are_sent_to_the_second_step(client, nurse):
    password_login(client, nurse.username)
    response = client.get("/calls/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/account/mfa/setup/")


def test_mfa_pages_need_a_signed_in_staff_member(client, stranger):
    assert client.get("/account/mfa/verify/")["Location"].startswith("/login/")
    client.force_login(stranger)
    assert client.get("/account/mfa/setup/").status_code == 403


def test_mfa_cannot_be_switched_off_in_production(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import postop.settings

    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "k" * 10 + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN")
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example")
    monkeypatch.setenv("MFA_REQUIRED", "0")
    try:
        with pytest.raises(ImproperlyConfigured, match="MFA_REQUIRED=0 is refused"):
            importlib.reload(postop.settings)
    finally:
        monkeypatch.undo()
        importlib.reload(postop.settings)
