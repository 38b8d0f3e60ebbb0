"""The roles in postop/roles.py, the account command and the demo logins (issue 16, roles)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from postop.roles import CLINICAL_LEAD_GROUP, COMPLIANCE_GROUP, NURSE_GROUP, sync_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def perms(group_name: str) -> set[str]:
    rows = Group.objects.get(name=group_name).permissions.values_list("content_type__app_label", "codename")
    return {f"{app}.{code}" for app, code in rows}


def test_compliance_reads_everything_and_changes_nothing():
    granted = perms(COMPLIANCE_GROUP)
    assert {"auditlog.view_logentry", "postop.view_accessevent", "postop.export_call_records"} <= granted
    assert {"patients.view_patient", "calls.view_callrecord", "calls.view_transcriptturn"} <= granted
    assert not [p for p in granted if not p.split(".")[1].startswith(("view_", "export_"))]


def test_clinical_lead_has_every_nurse_permission_plus_the_catalog():
    lead, nurse = perms(CLINICAL_LEAD_GROUP), perms(NURSE_GROUP)
    assert nurse < lead
    assert {"orders.add_dischargeorder", "orders.change_dischargeorder"} <= lead - nurse
    assert "calls.call_now_callscheduleitem" in nurse


def test_knowledge_publishing_goes_to_the_clinical_lead_once_the_permission_exists():
    doc_type = ContentType.objects.get(app_label="knowledge", model="knowledgedocument")
    Permission.objects.get_or_create(
        content_type=doc_type, codename="publish_knowledgedocument", defaults={"name": "Can publish"}
    )
    sync_roles()
    assert "knowledge.publish_knowledgedocument" in perms(CLINICAL_LEAD_GROUP)
    assert "knowledge.publish_knowledgedocument" not in perms(NURSE_GROUP)


def test_sync_keeps_groups_exactly_as_the_code_says():
    stray = Permission.objects.get(codename="delete_patient")
    Group.objects.get(name=NURSE_GROUP).permissions.add(stray)
    sync_roles()
    assert "patients.delete_patient" not in perms(NURSE_GROUP)


def test_create_staff_user_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("POSTOP_STAFF_PASSWORD", "Tr1cky-but-fine-passphrase")
    out = io.StringIO()
    call_command("create_staff_user", "--role", "compliance", "--username", "auditor", stdout=out)
    user = get_user_model().objects.get(username="auditor")
    assert user.is_staff and not user.is_superuser and user.check_password("Tr1cky-but-fine-passphrase")
    assert [g.name for g in user.groups.all()] == [COMPLIANCE_GROUP]
    assert "Tr1cky" not in out.getvalue() and "compliance role" in out.getvalue()


def test_create_staff_user_refuses_without_a_password_source(monkeypatch):
    monkeypatch.delenv("POSTOP_STAFF_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(CommandError, match="POSTOP_STAFF_PASSWORD"):
        call_command("create_staff_user", "--role", "nurse", "--username", "jp")
    with pytest.raises(CommandError):
        call_command("create_staff_user", "--role", "nurse", "--username", "jp", "--password", "x")
    assert not get_user_model().objects.filter(username="jp").exists()


def test_weak_passwords_and_existing_users_are_refused_with_a_reason(monkeypatch):
    monkeypatch.setenv("POSTOP_STAFF_PASSWORD", "12345")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_staff_user", "--role", "nurse", "--username", "jp")
    UserFactory(username="taken")
    monkeypatch.setenv("POSTOP_STAFF_PASSWORD", "Tr1cky-but-fine-passphrase")
    with pytest.raises(CommandError, match="--update"):
        call_command("create_staff_user", "--role", "admin", "--username", "taken")
    call_command("create_staff_user", "--role", "admin", "--username", "taken", "--update", stdout=io.StringIO())
    assert get_user_model().objects.get(username="taken").is_superuser


def test_demo_setup_makes_and_prints_a_login_per_role(monkeypatch):
    from postop.management.commands import demo_setup

    monkeypatch.setattr(demo_setup, "DEMO_STEPS", [])
    out = io.StringIO()
    call_command("demo_setup", stdout=out)
    for role, username, password, *_ in demo_setup.DEMO_LOGINS:
        assert username in out.getvalue() and password in out.getvalue()
        client = Client()
        assert client.login(username=username, password=password), role
    assert len(demo_setup.DEMO_LOGINS) == 4


def test_a_nurse_in_admin_gets_a_helpful_page_not_a_bare_403(nurse_client):
    denied = nurse_client.get("/admin/postop/accessevent/")
    assert denied.status_code == 403
    assert b"compliance and administration view" in denied.content and b'href="/"' in denied.content
    index = nurse_client.get("/admin/")
    assert index.status_code == 200 and b"Nurses work in the" in index.content


def test_staff_with_no_role_is_told_how_to_get_one():
    client = Client()
    client.force_login(UserFactory(username="new.hire", is_staff=True))
    page = client.get("/admin/")
    assert page.status_code == 200 and b"Your account has no admin role" in page.content


def test_compliance_reads_a_call_but_is_offered_no_action(nurse_client):
    from tests.factories import CallScheduleItemFactory

    call = CallScheduleItemFactory()
    auditor = UserFactory(username="auditor2", is_staff=True)
    auditor.groups.add(Group.objects.get(name=COMPLIANCE_GROUP))
    client = Client()
    client.force_login(auditor)
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "Call now…" not in page and "Cancel call…" not in page and "not call, reschedule or cancel" in page
    assert 'href="/patients/discharge/"' not in page
    assert client.post(f"/calls/{call.pk}/call-now/").status_code == 403
    nurse_page = nurse_client.get(f"/calls/{call.pk}/").content.decode()
    assert "Call now…" in nurse_page and 'href="/patients/discharge/"' in nurse_page


def test_compliance_sees_an_escalation_without_acknowledge_or_resolve(nurse_client):
    from calls.models import Escalation, EscalationSource, EscalationTier
    from tests.factories import CallRecordFactory

    record = CallRecordFactory()
    escalation = Escalation.objects.create(
        patient=record.call.patient,
        call=record.call,
        record=record,
        tier=EscalationTier.URGENT,
        reason="Fever over 38.5",
        source=EscalationSource.values[0],
        rule_key="fever",
        due_by=record.started_at,
    )
    auditor = UserFactory(username="auditor3", is_staff=True)
    auditor.groups.add(Group.objects.get(name=COMPLIANCE_GROUP))
    client = Client()
    client.force_login(auditor)
    for url in (f"/calls/escalations/{escalation.pk}/", "/"):
        page = client.get(url).content.decode()
        assert "Fever over 38.5" in page
        assert f'action="/calls/escalations/{escalation.pk}/acknowledge/"' not in page
        assert f'action="/calls/escalations/{escalation.pk}/resolve/"' not in page
    assert "/acknowledge/" in nurse_client.get(f"/calls/escalations/{escalation.pk}/").content.decode()
