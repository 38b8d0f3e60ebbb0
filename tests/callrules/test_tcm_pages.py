"""Transitional care in the portal: the patient page's contacts and form, the dashboard's worklist and share."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from patients.contact import contact_deadline_for, nurse_contact_record
from patients.models import ContactKind, NurseContact
from tests.factories import CallRecordFactory, CallScheduleItemFactory, DischargeFactory, PatientFactory

pytestmark = pytest.mark.django_db


def discharge_with_deadline(*, deadline_in: timedelta, **patient_fields: object):
    now = timezone.now()
    return DischargeFactory(
        patient=PatientFactory(**patient_fields),
        discharged_at=now - timedelta(days=2),
        contact_deadline=now + deadline_in,
    )


def test_dashboard_lists_near_and_past_deadlines_without_nurse_contact(nurse_client, nurse):
    near = discharge_with_deadline(deadline_in=timedelta(hours=5), last_name="Nearby")
    past = discharge_with_deadline(deadline_in=-timedelta(hours=3), last_name="Overdue")
    later = discharge_with_deadline(deadline_in=timedelta(days=2), last_name="Later")
    done = discharge_with_deadline(deadline_in=-timedelta(hours=1), last_name="Reached")
    nurse_contact_record(
        patient=done.patient,
        discharge=done,
        by=nurse,
        kind=ContactKind.CONTACT,
        method="phone",
        contacted_at=timezone.now() - timedelta(hours=2),
        note="All well.",
    )
    # An AI call that reached the patient does not take them off the list.
    call = CallScheduleItemFactory(patient=past.patient, discharge=past)
    NurseContact.objects.create(
        patient=past.patient,
        discharge=past,
        kind=ContactKind.TASK,
        contacted_at=timezone.now(),
        note="AI summary",
        call_record=CallRecordFactory(call=call),
    )

    page = nurse_client.get("/").content.decode()

    panel = page[page.index('id="tcm-panel"') :]
    assert "Nearby" in panel and "Overdue" in panel
    assert "Later" not in panel and "Reached" not in panel
    assert panel.index("Overdue") < panel.index("Nearby")  # earliest deadline first
    assert "AI call follow-up open" in panel
    assert f"/patients/{near.patient_id}/" in panel and f"/patients/{later.patient_id}/" not in panel


def test_share_contacted_in_time_over_a_chosen_period(nurse_client, nurse):
    now = timezone.now()
    for days_ago, contacted in [(2, True), (3, False), (20, True), (60, False)]:
        discharged = now - timedelta(days=days_ago + 3)
        discharge = DischargeFactory(discharged_at=discharged, contact_deadline=now - timedelta(days=days_ago))
        if contacted:
            nurse_contact_record(
                patient=discharge.patient,
                discharge=discharge,
                by=nurse,
                kind=ContactKind.CONTACT,
                method="phone",
                contacted_at=discharged + timedelta(hours=20),
                note="Called.",
            )

    week = nurse_client.get("/patients/transitional-care/share/?days=7", HTTP_HX_REQUEST="true").content.decode()
    month = nurse_client.get("/patients/transitional-care/share/?days=30").content.decode()
    quarter = nurse_client.get("/patients/transitional-care/share/?days=90").content.decode()

    assert "50%" in week and "1 of 2" in week
    assert "67%" in month and "2 of 3" in month
    assert "50%" in quarter and "2 of 4" in quarter
    assert "30 days" in nurse_client.get("/").content.decode()


def test_patient_page_records_a_contact_and_shows_every_attempt(nurse_client, nurse):
    discharge = discharge_with_deadline(deadline_in=timedelta(hours=5))
    url = f"/patients/{discharge.patient_id}/contacts/"
    when = (timezone.now() - timedelta(hours=1)).astimezone(discharge.patient.zone)
    form = {"discharge": discharge.pk, "staff": nurse.pk, "method": "phone", "note": ""}
    stamp = when.strftime("%Y-%m-%dT%H:%M")

    tried = nurse_client.post(url, {**form, "kind": "attempt", "contacted_at": stamp}, HTTP_HX_REQUEST="true")
    reached = nurse_client.post(url, {**form, "kind": "contact", "contacted_at": stamp, "note": "Wound fine."})
    refused = nurse_client.post(url, {**form, "kind": "contact", "contacted_at": stamp}, HTTP_HX_REQUEST="true")

    assert tried.status_code == 200 and "Attempt, not reached" in tried.content.decode()
    assert reached.status_code == 302
    assert refused.status_code == 400 and "Write a short note" in refused.content.decode()
    page = nurse_client.get(f"/patients/{discharge.patient_id}/").content.decode()
    assert "Attempt, not reached" in page and "Wound fine." in page and "Reached" in page
    assert NurseContact.objects.filter(kind=ContactKind.CONTACT, staff=nurse, created_by=nurse).count() == 1
    assert LogEntry.objects.get_for_model(NurseContact).count() == 2  # audited
    assert discharge.patient.full_name not in url


def test_only_staff_with_permission_may_record(client, stranger, admin_user):
    discharge = DischargeFactory(contact_deadline=contact_deadline_for(timezone.now()))
    client.force_login(stranger)
    response = client.post(f"/patients/{discharge.patient_id}/contacts/", {"kind": "contact"})
    assert response.status_code in (302, 403)
    assert not NurseContact.objects.exists()
