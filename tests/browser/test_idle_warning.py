"""Automatic logoff in the browser: the warning appears a minute before the session ends, "Stay
signed in" restarts the clock on the server, and an ended session sends the page to sign in."""

from __future__ import annotations

import time

import pytest

from postop.auth.middleware import (
    ACTIVITY_COOKIE,
    LAST_ACTIVITY_SESSION_KEY,
    activity_cookie_value,
    activity_from_cookie,
)
from tests.factories import TEST_PASSWORD, NurseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def activity_time(page) -> float:
    [cookie] = [c for c in page.context.cookies() if c["name"] == ACTIVITY_COOKIE]
    return activity_from_cookie(cookie["value"].strip('"'))


def test_the_warning_shows_a_minute_before_and_stay_signed_in_keeps_the_session(page, settings, artifacts):
    from playwright.sync_api import expect

    # 64 seconds of allowed idleness: the one-minute warning is due 4 seconds after the page loads.
    settings.SESSION_IDLE_MINUTES = 64 / 60
    nurse = NurseFactory(username="nurse.idle")
    page.goto("/login/")
    page.get_by_label("Username").fill(nurse.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")

    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("You will be signed out for inactivity in")
    page.screenshot(path=artifacts / "idle-warning.png")

    before = activity_time(page)
    with page.expect_response("**/account/session/keepalive/") as answer:
        warning.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 200
    expect(warning).to_be_hidden()
    assert activity_time(page) > before  # the server recorded the click as activity


def test_an_ended_session_sends_the_page_to_sign_in(page, settings):
    from django.contrib.sessions.models import Session
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.idle2")
    page.goto("/login/")
    page.get_by_label("Username").fill(nurse.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")

    # The nurse walked away: sign-in and last activity are both longer ago than the limit.
    long_ago = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 5
    session = Session.objects.get()
    data = session.get_decoded()
    data[LAST_ACTIVITY_SESSION_KEY] = long_ago
    session.session_data = Session.objects.encode(data)
    session.save()
    [cookie] = [c for c in page.context.cookies() if c["name"] == ACTIVITY_COOKIE]
    page.context.add_cookies([{**cookie, "value": activity_cookie_value(long_ago)}])
    page.goto("/calls/")
    page.wait_for_url("**/login/?signed_out=idle*")
    expect(page.get_by_text("signed out after 15 minutes without activity")).to_be_visible()
