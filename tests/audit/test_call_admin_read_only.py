"""Calls change only through the services: Django admin shows them and changes nothing (issue 22, item 3)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from calls.models import CallStatus
from postop.roles import CLINICAL_LEAD_GROUP, COMPLIANCE_GROUP
from tests.factories import CallRecordFactory, UserFactory

pytestmark = pytest.mark.django_db

EDIT = {"status": CallStatus.PENDING, "attempts": "0", "max_attempts": "3", "llm_prompt": "Say something else."}


def staff(role: str | None, *, superuser: bool = False) -> Client:
    user = UserFactory(username=f"admin-{role or 'super'}", is_staff=True, is_superuser=superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def completed_call():
    record = CallRecordFactory(call__status=CallStatus.COMPLETED, call__attempts=1)
    return record.call


@pytest.mark.parametrize("persona", ["nurse", "superuser", "clinical lead", "compliance"])
def test_nobody_changes_a_call_through_admin(persona, completed_call, nurse_client):
    client = {
        "nurse": lambda: nurse_client,
        "superuser": lambda: staff(None, superuser=True),
        "clinical lead": lambda: staff(CLINICAL_LEAD_GROUP),
        "compliance": lambda: staff(COMPLIANCE_GROUP),
    }[persona]()
    base = f"/admin/calls/callscheduleitem/{completed_call.pk}"
    original = (completed_call.status, completed_call.attempts, completed_call.llm_prompt)
    assert client.post(f"{base}/change/", EDIT).status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/calls/callscheduleitem/add/", EDIT).status_code == 403
    completed_call.refresh_from_db()
    assert (completed_call.status, completed_call.attempts, completed_call.llm_prompt) == original


def test_admins_can_still_read_a_call(completed_call):
    client = staff(None, superuser=True)
    page = client.get(f"/admin/calls/callscheduleitem/{completed_call.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # no save button: a read-only view


@pytest.mark.parametrize("model", ["callrecord", "transcriptturn", "patientresponse", "escalation"])
def test_call_records_turns_responses_and_escalations_have_no_add_or_delete(model):
    client = staff(None, superuser=True)
    assert client.post(f"/admin/calls/{model}/add/", {}).status_code == 403
