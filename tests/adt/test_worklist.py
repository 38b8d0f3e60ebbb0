"""The "Discharges to set up" worklist: a nurse picks the orders, resumes or replaces held calls."""

from __future__ import annotations

import pytest

from calls.models import CallScheduleItem, CallStatus
from patients.adt.models import CallHold, HoldStatus, HospitalEncounter, SetupStatus
from postop.access import PORTAL_PERMISSIONS
from tests.adt.conftest import ack_code
from tests.adt.messages import adt
from tests.factories import NurseFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nurse_client(client):
    client.force_login(NurseFactory(username="nurse.adt"))
    return client


def test_a_discharge_from_the_feed_waits_on_the_worklist_until_a_nurse_picks_orders(send, nurse_client, catalog):
    assert ack_code(send(adt("A03", procedures=(("99999", "Knee arthroscopy"),)))) == "AA"
    encounter = HospitalEncounter.objects.get()

    page = nurse_client.get("/discharges/")
    assert page.status_code == 200 and "Knee arthroscopy" in page.content.decode()

    missing = nurse_client.post(f"/discharges/{encounter.pk}/set-up/", {})
    assert missing.status_code == 400 and "Pick at least one discharge order." in missing.content.decode()
    needs_date = nurse_client.post(f"/discharges/{encounter.pk}/set-up/", {"orders": ["vm_school"]})
    assert needs_date.status_code == 400 and "return" in needs_date.content.decode().lower()
    assert not CallScheduleItem.objects.exists()

    done = nurse_client.post(f"/discharges/{encounter.pk}/set-up/", {"orders": ["vm_compression"]})
    assert done.status_code == 302
    encounter.refresh_from_db()
    assert encounter.setup_status == SetupStatus.SET_UP and encounter.set_up_by.username == "nurse.adt"
    assert CallScheduleItem.objects.filter(discharge=encounter.discharge, order__key="vm_compression").exists()
    # Set up once: a second post changes nothing.
    again = nurse_client.post(f"/discharges/{encounter.pk}/set-up/", {"orders": ["vm_activity"]})
    assert again.status_code == 400
    assert not CallScheduleItem.objects.filter(order__key="vm_activity").exists()


def _held(send, catalog) -> CallHold:
    assert ack_code(send(adt("A03", control="first-stay", visit="V1"))) == "AA"
    encounter = HospitalEncounter.objects.get()
    from patients.adt.worklist import encounter_set_up

    encounter_set_up(encounter=encounter, orders=["vm_compression"], order_params={}, by=None)
    assert ack_code(send(adt("A01", control="back", visit="V2"))) == "AA"
    assert ack_code(send(adt("A03", control="second-stay", visit="V2"))) == "AA"
    return CallHold.objects.get()


def test_the_worklist_says_why_calls_are_held_and_a_nurse_resumes_them(send, nurse_client, catalog):
    hold = _held(send, catalog)
    page = nurse_client.get("/discharges/").content.decode()
    assert "readmitted to the hospital (A01 admission)" in page and "Discharged again" in page

    assert nurse_client.post(f"/discharges/holds/{hold.pk}/resume/").status_code == 302

    hold.refresh_from_db()
    assert hold.status == HoldStatus.RESUMED
    assert set(hold.calls.values_list("status", flat=True)) == {CallStatus.PENDING}
    # A second decision is refused with a message, nothing changes.
    nurse_client.post(f"/discharges/holds/{hold.pk}/replace/")
    assert set(hold.calls.values_list("status", flat=True)) == {CallStatus.PENDING}


def test_a_nurse_replaces_held_calls(send, nurse_client, catalog):
    hold = _held(send, catalog)

    assert nurse_client.post(f"/discharges/holds/{hold.pk}/replace/").status_code == 302

    hold.refresh_from_db()
    assert hold.status == HoldStatus.REPLACED and hold.resolved_by.username == "nurse.adt"
    assert set(hold.calls.values_list("status", flat=True)) == {CallStatus.CANCELLED}
    # The new discharge is on the worklist to get its own orders.
    assert HospitalEncounter.objects.filter(visit_number="V2", setup_status=SetupStatus.TO_SET_UP).exists()


def test_staff_without_the_permissions_get_403(client, send, catalog):
    hold = _held(send, catalog)
    client.force_login(UserFactory(username="clerk", is_staff=True))

    assert client.get("/discharges/").status_code == 403
    assert client.post(f"/discharges/holds/{hold.pk}/resume/").status_code == 403
    hold.refresh_from_db()
    assert hold.status == HoldStatus.HELD


def test_every_worklist_url_is_in_the_portal_permission_table():
    from patients.adt.urls import urlpatterns

    assert {f"adt:{pattern.name}" for pattern in urlpatterns} <= set(PORTAL_PERMISSIONS)
