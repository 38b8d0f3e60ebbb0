"""django-axes: repeated wrong passwords lock the account, even for the right password."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def attempt(username: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_wrong_passwords_lock_the_username_after_the_limit(nurse, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(nurse.username, f"wrong-{n}")
        assert response.status_code == 200  # the login form again, with its error
        assert b"Please enter a correct username and password" in response.content
    locked = attempt(nurse.username, "wrong-last")
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content

    # Now even the right password is refused, from another address too.
    right = attempt(nurse.username, TEST_PASSWORD, address="10.9.9.9")
    assert right.status_code == 429
    assert "_auth_user_id" not in right.client.session


def test_the_lockout_page_says_how_to_get_back_in(nurse, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(nurse.username, f"wrong-{n}")
    assert b"Try again in" in response.content and b"axes_reset_username" in response.content


def test_other_accounts_are_not_locked(nurse, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(nurse.username, f"wrong-{n}")
    assert attempt(admin_user.username, TEST_PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(nurse, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(nurse.username, f"wrong-{n}")
    assert attempt(nurse.username, TEST_PASSWORD).status_code == 302
    assert attempt(nurse.username, "wrong-again").status_code == 200


def test_an_administrator_unlocks_the_account(nurse, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(nurse.username, f"wrong-{n}")
    assert AccessAttempt.objects.filter(username=nurse.username).exists()
    call_command("axes_reset_username", nurse.username)
    assert attempt(nurse.username, TEST_PASSWORD).status_code == 302


def test_the_admin_login_is_protected_the_same_way(admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = Client().post("/admin/login/", {"username": admin_user.username, "password": f"wrong-{n}"})
    assert response.status_code == 429
