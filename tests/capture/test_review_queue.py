"""The nurse review queue: which completed calls wait, oldest first, abnormal answers inline; sign-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from calls.capture.models import CallCapture
from calls.capture.selectors import awaiting_review, review_state
from calls.capture.services import ReviewActionError, capture_sign_off
from calls.triage import escalation_raise
from tests.capture.helpers import completed_call
from tests.factories import CallScheduleItemFactory

pytestmark = pytest.mark.django_db

FINE = {"pain_score": "2", "pain_controlled": "yes", "medicines_as_prescribed": "yes"}


def test_only_calls_with_something_to_review_wait(catalog):
    order = catalog["vm_pain_medication"]
    fine = completed_call(order=order, answers=FINE)
    painful = completed_call(order=order, answers={**FINE, "pain_score": "8"})
    missing = completed_call(order=order, answers={"pain_score": "2", "pain_controlled": "yes"})
    escalated = completed_call(order=order, answers=FINE)
    escalation_raise(
        record=escalated.records.get(), tier="urgent", reason="Fever", source="rule", patient_words="fever 102"
    )
    pending = CallScheduleItemFactory(order=order)

    assert set(awaiting_review()) == {painful, missing, escalated}
    assert review_state(call=fine) == "not_needed" and review_state(call=pending) == "not_due"
    assert missing.capture.answers.get(question_id="medicines_as_prescribed").status == "unanswered"


def test_the_queue_page_lists_oldest_first_with_abnormal_answers_highlighted(catalog, nurse_client):
    order = catalog["vm_pain_medication"]
    newer = completed_call(order=order, answers={**FINE, "pain_score": "9"})
    older = completed_call(order=order, answers={**FINE, "pain_controlled": "no"})
    older.records.update(ended_at=timezone.now() - timedelta(days=1))

    page = nurse_client.get(reverse("calls:review_queue")).content.decode()
    assert page.index(f'id="review-call-{older.pk}"') < page.index(f'id="review-call-{newer.pk}"')
    assert 'class="answer-abnormal"' in page
    assert "Pain 7 or more out of 10" in page and "<mark>9 / 10</mark>" in page
    assert "Pain not controlled by the medicine" in page


def test_sign_off_removes_the_call_and_is_audited(catalog, nurse, nurse_client):
    call = completed_call(order=catalog["vm_pain_medication"], answers={**FINE, "pain_score": "8"})
    response = nurse_client.post(
        reverse("calls:review_sign_off", args=[call.pk]), {"note": "Called back; pain medicine adjusted by Dr. Lee."}
    )
    assert response.status_code == 302 and response.url == reverse("calls:review_queue")
    assert call not in awaiting_review()
    capture = CallCapture.objects.get(call=call)
    assert (capture.signed_off_by, capture.sign_off_note) == (nurse, "Called back; pain medicine adjusted by Dr. Lee.")
    entry = LogEntry.objects.get_for_object(capture).latest("timestamp")
    assert entry.actor == nurse and "signed_off_at" in entry.changes_dict
    assert f'id="review-call-{call.pk}"' not in nurse_client.get(reverse("calls:review_queue")).content.decode()


def test_sign_off_twice_or_of_a_call_with_nothing_to_review_is_refused(catalog, nurse):
    order = catalog["vm_pain_medication"]
    call = completed_call(order=order, answers={**FINE, "pain_score": "8"})
    capture_sign_off(call=call, by=nurse)
    with pytest.raises(ReviewActionError, match="already signed off"):
        capture_sign_off(call=call, by=nurse)
    with pytest.raises(ReviewActionError, match="not waiting for review"):
        capture_sign_off(call=completed_call(order=order, answers=FINE), by=nurse)


def test_a_stranger_cannot_see_the_queue_or_sign_off(catalog, stranger, client):
    call = completed_call(order=catalog["vm_pain_medication"], answers={**FINE, "pain_score": "8"})
    client.force_login(stranger)
    assert client.get(reverse("calls:review_queue")).status_code in (302, 403)
    assert client.post(reverse("calls:review_sign_off", args=[call.pk])).status_code in (302, 403)
    assert call in awaiting_review()


def test_the_queue_page_costs_the_same_queries_for_one_or_many_calls(
    catalog, nurse_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    order = catalog["vm_pain_medication"]
    completed_call(order=order, answers={**FINE, "pain_score": "8"})
    with CaptureQueriesContext(connection) as one:
        nurse_client.get(reverse("calls:review_queue"))
    for _ in range(4):
        completed_call(order=order, answers={**FINE, "pain_score": "9", "pain_controlled": "no"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = nurse_client.get(reverse("calls:review_queue")).content.decode()
    assert page.count('class="card review-item"') == 5


def test_a_call_without_questions_but_with_an_escalation_can_be_signed_off(nurse):
    from tests.factories import CallRecordFactory

    call = CallScheduleItemFactory(order=None, status="completed", attempts=1)
    record = CallRecordFactory(call=call, attempt=1, ended_at=timezone.now())
    escalation_raise(record=record, tier="routine", reason="Question for the nurse", source="agent_tool")
    assert call in awaiting_review()
    capture = capture_sign_off(call=call, by=nurse, note="Answered by phone.")
    assert capture.questionnaire is None and call not in awaiting_review()


def test_the_call_page_shows_the_answers_and_signs_off_from_there(catalog, nurse_client):
    call = completed_call(order=catalog["vm_pain_medication"], answers={**FINE, "pain_score": "8"})
    url = reverse("calls:detail", args=[call.pk])
    page = nurse_client.get(url).content.decode()
    section = page[page.index('id="call-answers"') :]
    assert "Awaiting nurse review" in section and "8 / 10" in section and "Pain 7 or more out of 10" in section
    response = nurse_client.post(
        reverse("calls:review_sign_off", args=[call.pk]), {"note": "Spoke to her.", "next": url}
    )
    assert response.status_code == 302 and response.url == url
    page = nurse_client.get(url).content.decode()
    assert "Signed off by" in page and "Spoke to her." in page
