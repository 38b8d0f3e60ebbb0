"""Automatic logoff after SESSION_IDLE_MINUTES without activity, and the page's warning script."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from postop.auth.middleware import (
    ACTIVITY_COOKIE,
    LAST_ACTIVITY_SESSION_KEY,
    activity_cookie_value,
    activity_from_cookie,
)

pytestmark = pytest.mark.django_db


def idle_for(client, seconds: float) -> None:
    """The last activity (and the sign-in) `seconds` ago."""
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] = time.time() - seconds
    session.save()
    client.cookies[ACTIVITY_COOKIE] = activity_cookie_value(time.time() - seconds)


def activity_time(client) -> float:
    return activity_from_cookie(client.cookies[ACTIVITY_COOKIE].value)


def test_the_default_is_fifteen_minutes():
    assert django_settings.SESSION_IDLE_MINUTES == 15


def test_a_session_idle_past_the_limit_is_signed_out(nurse_client, settings):
    nurse_client.get("/")
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = nurse_client.get("/calls/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?signed_out=idle&next=%2Fcalls%2F"
    assert "_auth_user_id" not in nurse_client.session
    login = nurse_client.get(response["Location"])
    assert b"signed out after 15 minutes without activity" in login.content


def test_a_session_used_within_the_limit_stays(nurse_client, settings):
    nurse_client.get("/")
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert nurse_client.get("/calls/").status_code == 200
    # That page load was activity: the clock starts again.
    assert time.time() - activity_time(nurse_client) < 5


def test_htmx_polls_do_not_keep_a_screen_signed_in(nurse_client, settings):
    nurse_client.get("/")
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 - 60)
    poll = nurse_client.get("/calls/", headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert time.time() - activity_time(nurse_client) > settings.SESSION_IDLE_MINUTES * 60 - 65
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 + 1)
    ended = nurse_client.get("/calls/", headers={"HX-Request": "true"})
    assert ended["HX-Redirect"].startswith("/login/?signed_out=idle")


def test_stay_signed_in_restarts_the_clock(nurse_client, settings):
    nurse_client.get("/")
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 - 50)
    response = nurse_client.post("/account/session/keepalive/")
    assert response.status_code == 200
    assert response.json() == {"idle_seconds": settings.SESSION_IDLE_MINUTES * 60}
    assert time.time() - activity_time(nurse_client) < 5


def test_the_api_answers_401_once_the_session_has_ended(nurse_client, settings):
    nurse_client.get("/")
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = nurse_client.get("/api/v1/patients/")
    assert response.status_code == 401


def test_recording_activity_adds_no_database_query(nurse_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nurse_client.get("/calls/")
    with CaptureQueriesContext(connection) as just_now:
        nurse_client.get("/calls/")
    idle_for(nurse_client, 120)  # last active two minutes ago: this request records activity anew
    with CaptureQueriesContext(connection) as later:
        nurse_client.get("/calls/")
    assert len(later) == len(just_now)
    assert time.time() - activity_time(nurse_client) < 5


def test_a_forged_activity_cookie_counts_for_nothing(nurse_client, settings):
    nurse_client.get("/")
    idle_for(nurse_client, settings.SESSION_IDLE_MINUTES * 60 + 1)
    nurse_client.cookies[ACTIVITY_COOKIE] = f"{time.time()}:forged-signature"
    assert nurse_client.get("/calls/").status_code == 302


def test_an_old_activity_cookie_does_not_end_a_new_sign_in(client, nurse, settings):
    client.cookies[ACTIVITY_COOKIE] = activity_cookie_value(time.time() - settings.SESSION_IDLE_MINUTES * 60 - 100)
    client.force_login(nurse)
    assert client.get("/").status_code == 200


def test_the_limit_follows_the_setting(nurse_client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    nurse_client.get("/")
    idle_for(nurse_client, 5 * 60 + 1)
    assert nurse_client.get("/").status_code == 302


def test_pages_carry_the_timeout_for_the_warning_script(nurse_client, client):
    page = nurse_client.get("/").content.decode()
    assert 'data-idle-seconds="900"' in page
    assert 'data-keepalive-url="/account/session/keepalive/"' in page
    assert "js/session-timeout.js" in page
    assert "data-idle-seconds" not in client.get("/login/").content.decode()


def test_the_warning_script_warns_a_minute_before_and_has_no_inline_code():
    script = (Path(django_settings.BASE_DIR) / "static/js/session-timeout.js").read_text()
    assert "WARN_BEFORE_SECONDS = 60" in script
    assert "Stay signed in" in script
    assert "eval(" not in script and "innerHTML" not in script
