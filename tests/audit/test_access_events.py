"""Reads of patient records and call transcripts are access events: who, when, from where, what."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from calls.models import CallScheduleItem
from postop.models import AccessEvent
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    PatientFactory,
    TranscriptTurnFactory,
)


def test_reading_a_patients_call_page_records_the_nurse_and_the_time(nurse_client, nurse):
    call = CallScheduleItemFactory()
    TranscriptTurnFactory(record=CallRecordFactory(call=call), text="Is the bandage off?")
    before = timezone.now()
    response = nurse_client.get(f"/calls/{call.pk}/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox")
    assert response.status_code == 200
    assert b"Is the bandage off?" in response.content
    event = AccessEvent.objects.get()
    assert event.user == nurse
    assert event.actor == nurse.username
    assert before <= event.at <= timezone.now()
    assert event.patient_id == call.patient_id
    assert event.patient_ref == f"patient-{call.patient_id}"
    assert event.content_type == ContentType.objects.get_for_model(CallScheduleItem)
    assert event.object_id == str(call.pk)
    assert (event.method, event.path) == ("GET", f"/calls/{call.pk}/")
    assert (event.remote_addr, event.user_agent) == ("192.0.2.7", "Firefox")


def test_reading_a_patient_page_records_an_event(nurse_client, nurse):
    patient = PatientFactory()
    assert nurse_client.get(f"/patients/{patient.pk}/").status_code == 200
    assert AccessEvent.objects.filter(user=nurse, patient=patient, action="view").count() == 1


def test_a_missing_record_is_not_an_access(nurse_client):
    assert nurse_client.get("/calls/999999/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_reading_a_transcript_through_the_api_names_the_key(db):
    from postop.services import api_key_create
    from tests.api.conftest import key_client

    key, raw = api_key_create(name="quality-dashboard")
    record = CallRecordFactory()
    assert key_client(raw).get(f"/api/v1/call-records/{record.pk}/").status_code == 200
    event = AccessEvent.objects.get()
    assert (event.api_key, event.user, event.actor) == (key, key.user, "api-key:quality-dashboard")
    assert (event.action, event.patient_id) == ("transcript", record.call.patient_id)


def test_the_audit_view_is_read_only_and_filters_by_user_patient_and_date(admin_client_, nurse_client, nurse):
    ana, bob = PatientFactory(external_id="MRN-ANA"), PatientFactory()
    nurse_client.get(f"/patients/{ana.pk}/")
    nurse_client.get(f"/patients/{bob.pk}/")
    url = "/admin/postop/accessevent/"
    assert admin_client_.get(url).context["cl"].result_count == 2
    by_patient = admin_client_.get(url, {"patient": "MRN-ANA"})
    assert [e.patient_id for e in by_patient.context["cl"].result_list] == [ana.pk]
    assert admin_client_.get(url, {"patient": str(bob.pk)}).context["cl"].result_count == 1
    assert admin_client_.get(url, {"patient": "nobody"}).context["cl"].result_count == 0
    assert admin_client_.get(url, {"user__id__exact": nurse.pk}).context["cl"].result_count == 2
    today = timezone.localdate()
    dated = admin_client_.get(url, {"at__year": today.year, "at__month": today.month, "at__day": today.day})
    assert dated.context["cl"].result_count == 2
    event = AccessEvent.objects.first()
    assert admin_client_.get(f"{url}{event.pk}/change/").status_code == 200  # view only
    assert admin_client_.post(f"{url}{event.pk}/change/", {"actor": "someone-else"}).status_code == 403
    assert admin_client_.get(f"{url}add/").status_code == 403
    assert admin_client_.post(f"{url}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessEvent.objects.get(pk=event.pk).actor == nurse.username


def test_a_nurse_cannot_open_the_audit_view(nurse):
    client = Client()
    client.force_login(nurse)
    assert client.get("/admin/postop/accessevent/").status_code == 403
