"""A nurse works the review queue in Chromium: a pain score of 8 waits highlighted, she signs it off (audited)
and it leaves the queue; the patient's page charts the pain going from 3 to 8 across two calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from calls.capture.models import CallCapture
from calls.capture.selectors import awaiting_review
from orders.models import DischargeOrder
from tests.capture.helpers import completed_call
from tests.factories import TEST_PASSWORD, NurseFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINE = {"pain_controlled": "yes", "medicines_as_prescribed": "yes"}
ABNORMAL_BACKGROUND = "rgb(253, 230, 228)"  # --bad-bg in static/css/portal.css


def sign_in(page, nurse) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(nurse.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def two_calls():
    call_command("load_order_catalog", verbosity=0)
    order = DischargeOrder.objects.get(key="vm_pain_medication")
    patient = PatientFactory(first_name="Sam", last_name="Rivera")
    now = timezone.now()
    first = completed_call(
        order=order, patient=patient, when=now - timedelta(days=2), answers={**FINE, "pain_score": "3"}
    )
    second = completed_call(
        order=order, patient=patient, when=now - timedelta(hours=3), answers={**FINE, "pain_score": "8"}
    )
    return patient, first, second


def test_a_pain_of_eight_waits_highlighted_and_sign_off_clears_it(page, artifacts, two_calls):
    from playwright.sync_api import expect

    _, first, second = two_calls
    nurse = NurseFactory(username="nurse.review", first_name="Carla", last_name="Espinosa")
    sign_in(page, nurse)
    page.get_by_role("link", name="Review").click()
    assert page.url.endswith("/calls/review/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()

    item = page.locator(f"#review-call-{second.pk}")
    expect(item).to_be_visible()
    expect(page.locator(f"#review-call-{first.pk}")).to_have_count(0)  # a pain of 3 needs no review
    expect(item).to_contain_text("Sam Rivera")
    abnormal = item.locator("li.answer-abnormal")
    expect(abnormal).to_contain_text("Pain 7 or more out of 10")
    expect(abnormal.locator("mark")).to_have_text("8 / 10")
    assert abnormal.evaluate("el => getComputedStyle(el).backgroundColor") == ABNORMAL_BACKGROUND
    page.screenshot(path=artifacts / "review-queue-pain-8.png", full_page=True)

    item.get_by_label("Note (optional)").fill("Called back; pain plan reviewed with the surgeon.")
    item.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Signed off the call with Sam Rivera.")).to_be_visible()
    expect(page.locator(f"#review-call-{second.pk}")).to_have_count(0)
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    assert second not in awaiting_review()
    capture = CallCapture.objects.get(call=second)
    assert capture.signed_off_by == nurse and capture.sign_off_note.startswith("Called back")
    entry = LogEntry.objects.get_for_object(capture).latest("timestamp")
    assert entry.actor == nurse and "signed_off_by" in entry.changes_dict


def test_the_patient_page_charts_the_pain_trend_across_two_calls(page, artifacts, two_calls):
    from playwright.sync_api import expect

    patient, _, _ = two_calls
    sign_in(page, NurseFactory(username="nurse.chart"))
    page.goto(f"/patients/{patient.pk}/")
    chart = page.locator("#chart-pain_score")
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    points = chart.locator("circle")
    expect(points).to_have_count(2)
    assert [points.nth(i).get_attribute("data-value") for i in range(2)] == ["3", "8"]
    first_box, second_box = points.nth(0).bounding_box(), points.nth(1).bounding_box()
    assert second_box["x"] > first_box["x"] and second_box["y"] < first_box["y"]  # later and higher: pain rose
    assert "chart-point-abnormal" in (points.nth(1).get_attribute("class") or "")
    expect(chart.locator("polyline")).to_have_count(1)
    expect(page.locator("#answers-table")).to_contain_text("8 / 10")
    chart.screenshot(path=artifacts / "patient-pain-trend.png")
    page.locator("#patient-answers").screenshot(path=artifacts / "patient-answers.png")
