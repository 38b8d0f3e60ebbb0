"""A nurse discharges a Spanish-speaking patient: the preview and the call page say the calls are in
Spanish and show the Spanish opening line (screenshots in tests/artifacts/)."""

from __future__ import annotations

import pytest

from calls.models import CallScheduleItem
from patients.models import Patient
from tests.browser.test_discharge_flow import log_in
from tests.factories import NurseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_spanish_patients_preview_and_call_page_show_the_spanish_call(page, catalog, artifacts):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.spanish")
    log_in(page, nurse.username)
    page.get_by_role("link", name="Discharge", exact=True).click()
    page.get_by_label("New patient").check()
    page.get_by_label("First name").fill("Lucía")
    page.get_by_label("Last name").fill("Hernández")
    page.get_by_label("MRN").fill("MRN-515151")
    page.get_by_label("Phone").fill("(212) 555-0143")
    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_label("Language").select_option("es")
    page.get_by_label("Procedure").fill("Sclerotherapy of a venous malformation")
    page.get_by_label("Compression bandage").check()

    preview = page.locator("#preview")
    expect(preview.locator(".language-notice")).to_contain_text("Language: Spanish. Calls are in Spanish")
    opening = preview.locator(".opening-line").first
    expect(opening).to_contain_text("The patient hears first (in Spanish):")
    expect(opening).to_contain_text("Hola, le habla el asistente automatizado")
    expect(preview.get_by_text("un recordatorio sobre su vendaje de compresión")).to_be_visible()
    page.screenshot(path=artifacts / "spanish-discharge-preview.png", full_page=True)

    page.get_by_role("button", name="Record discharge and schedule calls").click()
    expect(page.get_by_text("Discharge recorded.")).to_be_visible()
    patient = Patient.objects.get(external_id="MRN-515151")
    call = CallScheduleItem.objects.filter(patient=patient).first()
    page.goto(f"/calls/{call.pk}/")
    expect(page.locator('[data-call-language="es"]')).to_have_text("Calls in Spanish")
    expect(page.locator(".opening-line")).to_contain_text("llamo para Lucía")
    page.screenshot(path=artifacts / "spanish-call-page.png", full_page=True)


def test_a_call_held_for_its_language_is_made_in_english_from_the_call_page(page, catalog, artifacts):
    """The patient switched to Spanish after an English-only order's call was planned: the dashboard and the
    call page say why it waits; the nurse makes it in English with a reason (screenshot)."""
    from playwright.sync_api import expect

    from patients.services import patient_contact_update
    from tests.factories import CallScheduleItemFactory, DischargeOrderFactory, PatientFactory

    nurse = NurseFactory(username="nurse.hold")
    patient = PatientFactory(first_name="Lucía", preferred_language="en")
    call = CallScheduleItemFactory(patient=patient, order=DischargeOrderFactory(key="own_check", title="Own check"))
    patient_contact_update(patient=patient, by=nurse, reason="Prefers Spanish", preferred_language="es")

    log_in(page, nurse.username)
    expect(page.get_by_text("Own check has no Spanish version").first).to_be_visible()  # the dashboard
    page.goto(f"/calls/{call.pk}/")
    expect(page.locator(".reason")).to_contain_text("On hold: Own check has no Spanish version")
    page.get_by_text("Make this call in English…").click()
    page.get_by_label("Why may this call be in English?").fill("Lucía agreed to an English call today.")
    page.screenshot(path=artifacts / "language-hold-call-page.png", full_page=True)
    page.get_by_role("button", name="Make this call in English").click()
    expect(page.get_by_text("The call will be made in English.")).to_be_visible()
    expect(page.locator('[data-call-language="en"]')).to_have_text("Calls in English")
    call.refresh_from_db()
    assert (call.status, call.language) == ("pending", "en")
