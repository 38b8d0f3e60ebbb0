"""In Chromium, under the Content-Security-Policy: the portal works with no policy violation, and
patient searches never put the patient's name in a URL (issue 22, items 7 and 13)."""

from __future__ import annotations

import pytest

from tests.browser.test_discharge_flow import log_in
from tests.factories import CallRecordFactory, NurseFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page) -> tuple[list[str], list[str]]:
    """(every URL requested, every console message about the security policy)."""
    urls: list[str] = []
    violations: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return urls, violations


def test_searching_for_a_patient_keeps_the_name_out_of_every_url(page, catalog):
    from playwright.sync_api import expect

    NurseFactory(username="nurse.csp")
    patient = PatientFactory(first_name="Zelda", last_name="Quistgaard")
    urls, violations = watch(page)
    log_in(page, "nurse.csp")

    page.goto("/patients/discharge/")
    page.get_by_label("Find the patient").fill("Quistgaard")
    expect(page.get_by_text("Quistgaard, Zelda")).to_be_visible()
    page.get_by_label("Find the patient").press("Enter")  # searches; never submits the discharge
    expect(page.get_by_role("heading", name="New discharge")).to_be_visible()

    page.goto("/patients/")
    page.get_by_label("Search patients").fill("Quistgaard")
    expect(page.locator("#results").get_by_text("1 patient matching")).to_be_visible()
    page.get_by_role("link", name="Quistgaard").click()
    page.wait_for_url(f"**/patients/{patient.pk}/")
    page.go_back()
    expect(page.get_by_role("link", name="Quistgaard, Zelda")).to_be_visible()  # the results came back

    assert not [url for url in urls if "quist" in url.lower() or "zelda" in url.lower()]
    assert violations == []


def test_pages_and_swagger_run_without_a_policy_violation(page):
    from playwright.sync_api import expect

    NurseFactory(username="nurse.pages")
    record = CallRecordFactory()
    _, violations = watch(page)
    log_in(page, "nurse.pages")
    for url in ["/", "/calls/", f"/calls/{record.call_id}/", f"/patients/{record.call.patient_id}/", "/knowledge/"]:
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
    page.goto("/api/v1/docs/")
    expect(page.locator("#swagger-ui .info")).to_be_visible()
    assert violations == []
