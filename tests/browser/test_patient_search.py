"""The discharge page's existing-patient search answers every search in one page load."""

from __future__ import annotations

import pytest

from tests.browser.test_discharge_flow import log_in
from tests.factories import NurseFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_searches_in_one_page_load(page, live_server, artifacts):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.search")
    PatientFactory(first_name="Ada", last_name="Lovelace")
    grace = PatientFactory(first_name="Grace", last_name="Hopper", date_of_birth="2019-05-04")
    log_in(page, nurse.username)
    page.goto("/patients/discharge/")
    page.evaluate("window.__noReload = true")
    posts = []
    page.on("request", lambda r: posts.append(r) if r.url.endswith("/patients/") else None)

    search = page.get_by_label("Find the patient")
    search.fill("Lovelace")
    picker = page.locator("#patient-picker")
    expect(picker.get_by_text("Lovelace, Ada")).to_be_visible()

    search.fill("Hopper")
    expect(picker.get_by_text("Hopper, Grace")).to_be_visible()
    expect(picker.get_by_text("Lovelace, Ada")).to_have_count(0)
    expect(picker).to_contain_text("age ")  # the age beside the date of birth

    search.fill("Nobody-here")
    expect(picker).to_contain_text("No patient matches")
    assert page.evaluate("window.__noReload") is True
    assert len(posts) >= 3 and all(r.method == "POST" for r in posts)
    assert all("Hopper" not in r.url and "Lovelace" not in r.url for r in posts)  # no PHI in URLs

    search.fill("Hopper")
    picker.get_by_text("Hopper, Grace").click()
    expect(page.locator(f'input[name="patient"][value="{grace.pk}"]')).to_be_checked()
    page.screenshot(path=artifacts / "patient-search.png", full_page=False)


def test_a_possible_duplicate_offers_the_existing_record(page, live_server, catalog):
    from playwright.sync_api import expect

    from patients.models import Patient

    nurse = NurseFactory(username="nurse.duplicate")
    existing = PatientFactory(first_name="Maya", last_name="Okafor", external_id=None, date_of_birth="2016-02-01")
    log_in(page, nurse.username)
    page.goto("/patients/discharge/")
    page.get_by_label("New patient").check()
    page.get_by_label("First name").fill("maya")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Date of birth").fill("2016-02-01")
    page.get_by_label("Phone").fill("(212) 555-0199")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_label("Procedure").fill("Sclerotherapy")
    page.get_by_label("Compression bandage").check()
    box = page.locator(".duplicates")
    expect(box).to_contain_text("Already on file?")

    page.get_by_role("button", name="Record discharge and schedule calls").click()
    expect(page.get_by_text("The discharge was not recorded. A patient with this name")).to_be_visible()
    assert Patient.objects.count() == 1  # nothing created

    page.locator(".duplicates").get_by_role("button", name="Use this patient").click()
    expect(page.get_by_label("Existing patient")).to_be_checked()
    expect(page.locator(f'#patient-picker input[value="{existing.pk}"]')).to_be_checked()
    page.get_by_role("button", name="Record discharge and schedule calls").click()
    expect(page.get_by_text("Discharge recorded.")).to_be_visible()
    assert page.url.endswith(f"/patients/{existing.pk}/")
    assert Patient.objects.count() == 1 and existing.discharges.count() == 1
