"""Every portal URL, GET and POST, as a staff user with no role (403 everywhere) and as a nurse
(exactly what the Nurses group allows). The walk comes from the URL resolver, so a URL added
later is covered without touching this file; one missing from PORTAL_PERMISSIONS fails here."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from postop.access import PORTAL_PERMISSIONS, required_permissions
from postop.roles import NURSE_GROUP
from tests.factories import CallRecordFactory, PatientFactory, UserFactory

# Reachable by anyone signed in (or by anyone at all): signing in and out.
OPEN_TO_ANY_STAFF = {"login", "logout"}


def portal_patterns(patterns: list, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """(namespaced URL name, pattern) for every portal URL: not admin, not a DRF/API view."""
    found: list[tuple[str, URLPattern]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or str(entry.pattern).startswith("api/"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(portal_patterns(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern):
            if getattr(entry.callback, "login_required", True) is False:
                continue  # authenticates itself (DRF) or is public on purpose
            found.append((f"{namespace}{entry.name}" if entry.name else "", entry))
    return found


PORTAL = portal_patterns(get_resolver().url_patterns)


def test_the_walk_sees_every_app():
    names = {name for name, _ in PORTAL}
    assert {"dashboard", "patients:discharge", "calls:call_now", "calls:escalation_resolve", "knowledge:edit"} <= names


@pytest.mark.parametrize("name", sorted({name for name, _ in PORTAL}))
def test_every_portal_url_is_in_the_permission_table(name):
    assert name, "a portal URL without a name cannot be given a permission; name it"
    assert required_permissions(name) is not None, f"{name} is missing from postop/access.py PORTAL_PERMISSIONS"


def test_only_signing_in_and_out_need_no_permission():
    assert {name for name, needed in PORTAL_PERMISSIONS.items() if not needed} == OPEN_TO_ANY_STAFF


@pytest.fixture
def objects(db, knowledge_base):
    from calls.models import Escalation, EscalationSource, EscalationTier
    from knowledge.models import KnowledgeDocument

    patient = PatientFactory()
    record = CallRecordFactory(call__patient=patient)
    call = record.call
    escalation = Escalation.objects.create(
        patient=patient,
        call=call,
        record=record,
        tier=EscalationTier.URGENT,
        reason="Test red flag",
        source=EscalationSource.values[0],
        rule_key="test",
        due_by=call.scheduled_for,
    )
    return {"patient": patient, "call": call, "escalation": escalation, "doc": KnowledgeDocument.objects.first()}


def url_for(name: str, pattern: URLPattern, objects: dict) -> str:
    params = re.findall(r"<(?:(\w+):)?(\w+)>", str(pattern.pattern))
    if not params:
        return reverse(name)
    if name.startswith("calls:escalation"):
        obj = objects["escalation"]
    elif name.startswith("calls:"):
        obj = objects["call"]
    elif name.startswith("knowledge:"):
        obj = objects["doc"]
    else:
        obj = objects["patient"]
    kwargs = {}
    for converter, key in params:
        value = getattr(obj, key, None) if key in ("pk", "slug") else None
        kwargs[key] = value if value is not None else ("1" if converter in ("", "int") else "x")
    return reverse(name, kwargs=kwargs)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_staff_user_with_no_role_is_refused_everywhere(objects):
    client = signed_in(UserFactory(username="no.role", is_staff=True))
    for name, pattern in PORTAL:
        if name in OPEN_TO_ANY_STAFF:
            continue
        url = url_for(name, pattern, objects)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 403, f"{method.upper()} {url} ({name}) answered {response.status_code}"
            assert b"You cannot open this page" in response.content


@pytest.mark.django_db
def test_a_nurse_gets_exactly_what_the_nurses_group_allows(objects):
    nurse = UserFactory(username="walk.nurse", is_staff=True)
    nurse.groups.add(Group.objects.get(name=NURSE_GROUP))
    group_perms = {
        f"{app}.{code}"
        for app, code in Group.objects.get(name=NURSE_GROUP).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    client = signed_in(nurse)
    for name, pattern in PORTAL:
        if name == "logout":
            continue  # would end the session the walk runs in
        allowed = set(required_permissions(name) or ("<unlisted>",)) <= group_perms
        url = url_for(name, pattern, objects)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if allowed:
                assert response.status_code != 403, f"{method.upper()} {url} ({name}) refused a nurse"
                assert response.status_code < 500
            else:
                assert response.status_code == 403, f"{method.upper()} {url} ({name}) let a nurse in"


@pytest.mark.django_db
def test_the_nurse_walk_would_notice_a_permission_the_group_lacks(objects, monkeypatch):
    """The same check with one permission the Nurses group does not hold: the page is refused."""
    nurse = UserFactory(username="walk.nurse2", is_staff=True)
    nurse.groups.add(Group.objects.get(name=NURSE_GROUP))
    monkeypatch.setitem(PORTAL_PERMISSIONS, "calls:list", "knowledge.delete_knowledgedocument")
    response = signed_in(nurse).get(reverse("calls:list"))
    assert response.status_code == 403
    assert b"Can delete knowledge document" in response.content


@pytest.mark.django_db
def test_an_unlisted_portal_url_is_refused_even_to_a_superuser(objects, monkeypatch, admin_client_):
    monkeypatch.delitem(PORTAL_PERMISSIONS, "calls:list")
    assert admin_client_.get(reverse("calls:list")).status_code == 403


def test_the_table_names_no_url_that_does_not_exist():
    names = {name for name, _ in PORTAL}
    assert set(PORTAL_PERMISSIONS) - names - {"login"} == set()


@pytest.mark.django_db
def test_every_permission_in_the_table_exists():
    """A misspelt permission would close a page to everyone but superusers."""
    from django.contrib.auth.models import Permission

    known = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    named = {
        perm for needed in PORTAL_PERMISSIONS.values() for perm in ((needed,) if isinstance(needed, str) else needed)
    }
    assert named - known == set()
