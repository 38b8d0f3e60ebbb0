"""A nurse logs in, discharges a new patient with three orders, opens a generated call and cancels it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from patients.models import Patient
from tests.factories import TEST_PASSWORD, CallScheduleItemFactory, NurseFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_discharge_a_new_patient_then_cancel_one_of_the_calls(page, catalog, artifacts):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.browser", first_name="Jackie", last_name="Peyton")
    # Something on the dashboard besides zeros: a failed call and one due soon.
    other = PatientFactory(first_name="Ruth", last_name="Alvarez")
    CallScheduleItemFactory(patient=other, status=CallStatus.FAILED, attempts=3, status_reason="No answer 3 times")
    CallScheduleItemFactory(patient=other, scheduled_for=timezone.now() + timedelta(hours=1))

    log_in(page, nurse.username)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text("Out of attempts (3/3)")).to_be_visible()
    # Long status labels ("On hold (patient back in hospital)") wrap inside their tile, never past its card.
    spilled = page.evaluate(
        """() => [...document.querySelectorAll('.tile')].filter((tile) => {
            const card = tile.getBoundingClientRect(), badge = tile.querySelector('.status').getBoundingClientRect();
            return badge.left < card.left || badge.right > card.right;
        }).map((tile) => tile.className)"""
    )
    assert spilled == []
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)

    page.get_by_role("link", name="Discharge", exact=True).click()
    expect(page.get_by_role("heading", name="New discharge")).to_be_visible()
    page.get_by_label("New patient").check()
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("MRN").fill("MRN-424242")
    page.get_by_label("Phone").fill("212 555 01")
    page.get_by_label("Phone").blur()
    expect(page.locator("#errors-new-phone")).not_to_be_empty()  # inline validation while typing
    page.get_by_label("Phone").fill("(212) 555-0187")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_label("Procedure").fill("Sclerotherapy of a venous malformation")
    page.get_by_label("Compression bandage").check()
    page.get_by_label("Activity restrictions").check()
    date_input = page.locator('[name="param__vm_school__return_date"]')
    expect(date_input).to_be_hidden()
    page.get_by_label("Return to school or daycare").check()
    expect(date_input).to_be_visible()  # ticking the school order reveals its parameter
    return_date = (timezone.now() + timedelta(days=10)).date()
    date_input.fill(return_date.isoformat())
    date_input.blur()

    preview = page.locator("#preview")
    expect(preview.get_by_text("Return to school or daycare", exact=True)).to_be_visible()
    expect(preview.locator(".opening-line").first).to_contain_text("Hi Maya, this is PostOp AI")
    assert preview.locator(".preview-list > li").count() >= 3
    expect(preview.get_by_text("America/Chicago")).to_be_visible()
    expect(page.locator("#errors-new-phone")).to_be_empty()
    page.screenshot(path=artifacts / "discharge-preview.png", full_page=True)

    page.get_by_role("button", name="Record discharge and schedule calls").click()
    expect(page.get_by_text("Discharge recorded.")).to_be_visible()
    patient = Patient.objects.get(external_id="MRN-424242")
    assert page.url.endswith(f"/patients/{patient.pk}/")
    calls = CallScheduleItem.objects.filter(patient=patient)
    assert calls.count() >= 3
    page.screenshot(path=artifacts / "patient.png", full_page=True)

    page.locator(".timeline a").first.click()
    expect(page.get_by_role("heading", name="Actions")).to_be_visible()
    page.screenshot(path=artifacts / "call.png", full_page=True)

    page.get_by_text("Cancel call…").click()
    page.get_by_label("Reason for cancelling").fill("Family will call the clinic instead")
    page.get_by_role("button", name="Yes, cancel this call").click()
    expect(page.get_by_text("The call is cancelled")).to_be_visible()
    expect(page.locator("#call-status .status")).to_have_text("Cancelled")
    assert calls.filter(status=CallStatus.CANCELLED).count() == 1
