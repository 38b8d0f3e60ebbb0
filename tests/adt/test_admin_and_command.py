"""The message log is PHI: read-only in admin, every read audited. The command refuses a bad setup."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from patients.adt.models import AckCode, AdtMessage, MessageOutcome, OrderSetRule
from postop.models import AccessEvent
from tests.adt.messages import adt
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    patient = PatientFactory()
    return AdtMessage.objects.create(
        raw=adt("A08", control="ADMIN-1"),
        control_id="ADMIN-1",
        sending_facility="GENHOSP",
        message_type="ADT^A08",
        event="A08",
        outcome=MessageOutcome.APPLIED,
        ack_code=AckCode.ACCEPT,
        patient=patient,
    )


def test_reading_a_raw_message_in_admin_is_an_access_event(admin_client_, stored):
    listing = admin_client_.get("/admin/adt/adtmessage/")
    assert listing.status_code == 200 and "Lopez" not in listing.content.decode()  # the raw text is not listed

    detail = admin_client_.get(f"/admin/adt/adtmessage/{stored.pk}/change/")

    assert detail.status_code == 200 and "Lopez^Maria" in detail.content.decode()
    event = AccessEvent.objects.get(object_id=str(stored.pk))
    assert event.patient_id == stored.patient_id and event.actor == "compliance.admin"


def test_the_message_log_cannot_be_edited_or_deleted(admin_client_, stored):
    assert admin_client_.post(f"/admin/adt/adtmessage/{stored.pk}/change/", {"raw": "x"}).status_code == 403
    assert admin_client_.post(f"/admin/adt/adtmessage/{stored.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client_.get("/admin/adt/adtmessage/add/").status_code == 403
    stored.refresh_from_db()
    assert stored.raw.startswith("MSH|")


def test_the_listener_refuses_to_start_without_accepted_facilities(settings):
    settings.ADT_SENDING_FACILITIES = []
    with pytest.raises(CommandError, match="ADT_SENDING_FACILITIES"):
        call_command("adt_listener")


def test_the_listener_refuses_a_port_out_of_range(settings):
    settings.ADT_SENDING_FACILITIES = ["GENHOSP"]
    with pytest.raises(CommandError, match="port"):
        call_command("adt_listener", "--port", "70000")


def test_a_rule_that_could_not_schedule_is_refused_in_admin(admin_client_, catalog):
    url = "/admin/adt/ordersetrule/add/"
    base = {"name": "School", "kind": "procedure", "code": "37241", "active": "on"}

    refused = admin_client_.post(url, {**base, "orders": [catalog["vm_school"].pk], "order_params": "{}"})
    assert refused.status_code == 200 and "return" in refused.content.decode().lower()
    stray = admin_client_.post(
        url, {**base, "orders": [catalog["vm_compression"].pk], "order_params": '{"vm_school": {}}'}
    )
    assert "does not include: vm_school" in stray.content.decode()
    assert not OrderSetRule.objects.exists()

    saved = admin_client_.post(
        url, {**base, "code": " 37241 ", "orders": [catalog["vm_compression"].pk], "order_params": "{}"}
    )
    assert saved.status_code == 302
    assert OrderSetRule.objects.get().code == "37241"
