"""Clinic separation, walked: a nurse and an API key of clinic A, given clinic B's object ids, get 404
on every portal URL and every API operation (from the resolver and the OpenAPI schema, so a URL or
operation added later is walked too); list pages and list answers hold none of B's patients; a
compliance auditor of A finds none of B in the admin; an agent token of B's call opens nothing of A.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from calls.capture.models import CallCapture
from calls.models import CallStatus, Escalation, EscalationSource, EscalationTier
from calls.tokens import make_agent_token
from patients.adt.models import AdtMessage, CallHold, HospitalEncounter, PatientMerge
from patients.models import Discharge, NurseContact, Patient
from postop.clinics import ClinicScope
from postop.models import AccessEvent, ApiKey, Clinic
from postop.roles import COMPLIANCE_GROUP
from postop.services import api_key_create
from tests.factories import (
    CallRecordFactory,
    DischargeFactory,
    PatientFactory,
    PatientResponseFactory,
    TranscriptTurnFactory,
    UserFactory,
)
from tests.postop.test_portal_permissions import PORTAL

# Markers only clinic B's rows carry: none may appear in anything clinic A is shown.
B_NAME, B_MRN = "Bravoclinicson", "MRN-BRAVO-7"
A_NAME = "Alphaclinicson"


def _clinic_rows(clinic: Clinic, *, last_name: str, mrn: str, facility: str) -> dict:
    patient = PatientFactory(clinic=clinic, last_name=last_name, external_id=mrn)
    discharge = DischargeFactory(patient=patient)
    record = CallRecordFactory(call__patient=patient, call__discharge=discharge)
    turn = TranscriptTurnFactory(record=record, text=f"{last_name} said the bandage is dry.")
    response = PatientResponseFactory(record=record)
    call = record.call
    capture = CallCapture.objects.create(call=call)
    escalation = Escalation.objects.create(
        patient=patient,
        call=call,
        record=record,
        tier=EscalationTier.URGENT,
        reason=f"Red flag for {last_name}",
        source=EscalationSource.values[0],
        rule_key="test",
        due_by=call.scheduled_for,
    )
    message = AdtMessage.objects.create(
        raw=f"MSH|^~\\&|EHR|{facility}", outcome="applied", ack_code="AA", patient=patient, sending_facility=facility
    )
    encounter = HospitalEncounter.objects.create(discharge=discharge, patient=patient, sending_facility=facility)
    hold = CallHold.objects.create(patient=patient, event="A01", reason="Readmitted (A01)", message=message)
    contact = NurseContact.objects.create(
        patient=patient, kind="task", note=f"Follow up {last_name}", contacted_at=timezone.now()
    )
    key = api_key_create(name=f"feed-{clinic.slug}", write=True, clinic=clinic)
    merged = PatientFactory(clinic=clinic, last_name=f"{last_name}-Old", external_id=f"{mrn}-OLD")
    merge = PatientMerge.objects.create(survivor=patient, merged=merged, prior_mrn=f"{mrn}-OLD", message=message)
    return {
        "turn": turn,
        "response": response,
        "capture": capture,
        "merge": merge,
        "patient": patient,
        "discharge": discharge,
        "call": call,
        "record": record,
        "escalation": escalation,
        "encounter": encounter,
        "hold": hold,
        "contact": contact,
        "message": message,
        "key": key,
    }


@pytest.fixture
def clinics(db, knowledge_base):
    a = Clinic.objects.create(name="Clinic A", slug="clinic-a", facility_codes="NORTH")
    b = Clinic.objects.create(name="Clinic B", slug="clinic-b", facility_codes="SOUTH")
    rows_a = _clinic_rows(a, last_name=A_NAME, mrn="MRN-ALPHA-1", facility="NORTH")
    rows_b = _clinic_rows(b, last_name=B_NAME, mrn=B_MRN, facility="SOUTH")
    rows_b["access"] = AccessEvent.objects.create(
        actor="someone",
        patient=rows_b["patient"],
        patient_ref=rows_b["patient"].ref,
        content_type=ContentType.objects.get_for_model(rows_b["patient"]),
        object_id=str(rows_b["patient"].pk),
    )
    return {"a": a, "b": b, "A": rows_a, "B": rows_b}


def _every_permission_user(username: str, clinic: Clinic):
    """Not a superuser (a superuser sees every clinic) but holding every permission: only scoping stops it."""
    user = UserFactory(username=username, is_staff=True, clinics=[clinic])
    user.user_permissions.set(Permission.objects.all())
    return user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _b_leaks(content: bytes) -> list[str]:
    return [marker for marker in (B_NAME, B_MRN) if marker.encode() in content]


# Which of B's rows a portal URL's <pk> names (by URL name prefix; the first match wins).
PORTAL_OBJECTS = [
    ("calls:escalation", "escalation"),
    ("calls:", "call"),
    ("adt:hold", "hold"),
    ("adt:", "encounter"),
    ("patients:", "patient"),
]


def _portal_url(name: str, pattern, rows: dict) -> str | None:
    params = re.findall(r"<(?:(\w+):)?(\w+)>", str(pattern.pattern))
    if not params:
        return reverse(name)
    if name.startswith("knowledge:"):
        return None  # the care guide is shared by every clinic
    kind = next(kind for prefix, kind in PORTAL_OBJECTS if name.startswith(prefix))
    return reverse(name, kwargs={"pk": rows[kind].pk})


def _walk_portal(client: Client, rows: dict) -> tuple[list[str], list[str]]:
    """(URLs with B's ids that did not answer 404, list pages that showed B's patient)."""
    not_404, leaked = [], []
    for name, pattern in PORTAL:
        if name == "logout":
            continue
        url = _portal_url(name, pattern, rows)
        if url is None:
            continue
        has_object = "<" in str(pattern.pattern)
        statuses = {}
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            statuses[method.upper()] = response.status_code
            if _b_leaks(response.content):
                leaked.append(f"{method.upper()} {url} ({name}) shows {_b_leaks(response.content)}")
        # 405: the URL does not take that method at all (a POST-only action); the other must be 404.
        if has_object and (set(statuses.values()) - {404, 405} or 404 not in statuses.values()):
            not_404.append(f"{url} ({name}) -> {statuses}")
    return not_404, leaked


@pytest.mark.django_db
def test_a_nurse_of_clinic_a_gets_404_for_every_portal_url_with_clinic_bs_objects(clinics):
    client = _signed_in(_every_permission_user("walk.a", clinics["a"]))
    not_404, leaked = _walk_portal(client, clinics["B"])
    assert not_404 == []
    assert leaked == []
    # Nothing was changed either: B's call is still pending, its escalation open.
    clinics["B"]["call"].refresh_from_db()
    assert clinics["B"]["call"].status == CallStatus.PENDING
    # The same nurse does see her own clinic's patient.
    assert A_NAME.encode() in client.get(reverse("patients:detail", kwargs={"pk": clinics["A"]["patient"].pk})).content


@pytest.mark.django_db
def test_the_portal_walk_would_notice_a_leak(clinics, monkeypatch):
    """With scoping switched off the same walk finds B's patient: the walk can fail."""
    monkeypatch.setattr("postop.clinics.scope_for_user", lambda user: ClinicScope())
    client = _signed_in(_every_permission_user("walk.a2", clinics["a"]))
    not_404, leaked = _walk_portal(client, clinics["B"])
    assert any("patients:detail" in line for line in not_404)
    assert leaked


# ------------------------------------------------------------------------- API ------

API_OBJECTS = {"patients": "patient", "discharges": "discharge", "calls": "call", "call-records": "record"}
# Resources every clinic shares (the order catalogue by key); any other resource with an id in its path must
# be in API_OBJECTS, so an operation added later is walked, not skipped.
SHARED_RESOURCES = {"orders"}


def _operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method)
        for path, operations in schema["paths"].items()
        if not path.startswith("/api/v1/agent/")
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    ]


def _api_get(client: Client, method: str, path: str, key: str, body: dict | None = None):
    return getattr(client, method)(
        path, data=body or {}, content_type="application/json", HTTP_AUTHORIZATION=f"Api-Key {key}"
    )


def _listed_ids(response) -> set[int]:
    assert response.status_code == 200, f"{response.status_code}: {response.content[:200]!r}"
    data = response.json()
    items = data["results"] if isinstance(data, dict) else data
    return {item["id"] for item in items}


def _walk_api(key: str, rows: dict) -> tuple[list[str], list[str], int]:
    client = Client()
    not_404, leaked, walked = [], [], 0
    for path, method in _operations():
        resource = path.split("/")[3]
        if "{" in path:
            if resource in SHARED_RESOURCES:
                continue
            assert resource in API_OBJECTS, f"{path}: name which of clinic B's rows its id is (API_OBJECTS)"
            url = re.sub(r"\{\w+\}", str(rows[API_OBJECTS[resource]].pk), path)
            response = _api_get(client, method, url, key)
            walked += 1
            if response.status_code != 404:
                not_404.append(f"{method.upper()} {url} -> {response.status_code}")
        else:
            body = {"name": B_NAME} if path.endswith("/search/") else None
            response = _api_get(client, method, path, key, body)
            walked += 1
            if _b_leaks(response.content):
                leaked.append(f"{method.upper()} {path} shows {_b_leaks(response.content)}")
            if method == "get" and resource in API_OBJECTS and rows[API_OBJECTS[resource]].pk in _listed_ids(response):
                # A list of calls or records names no patient: B's row is found by its id.
                leaked.append(f"GET {path} lists clinic B's {API_OBJECTS[resource]}")
    return not_404, leaked, walked


@pytest.mark.django_db
def test_an_api_key_of_clinic_a_gets_404_for_every_api_operation_on_clinic_bs_objects(clinics):
    _, raw_key = clinics["A"]["key"]
    not_404, leaked, walked = _walk_api(raw_key, clinics["B"])
    assert walked >= 20
    assert not_404 == []
    assert leaked == []
    # Its own clinic's patient it does read.
    own = _api_get(Client(), "get", f"/api/v1/patients/{clinics['A']['patient'].pk}/", raw_key)
    assert own.status_code == 200


@pytest.mark.django_db
def test_the_api_walk_would_notice_a_leak(clinics, monkeypatch):
    monkeypatch.setattr("postop.authentication.restrict_request_to", lambda clinic: None)
    _, raw_key = clinics["A"]["key"]
    not_404, leaked, _ = _walk_api(raw_key, clinics["B"])
    assert any("/patients/" in line for line in not_404)
    assert any("lists clinic B's call" in line for line in leaked)


@pytest.mark.django_db
def test_a_key_of_clinic_a_cannot_discharge_clinic_bs_patient_nor_list_b_in_search(clinics):
    _, raw_key = clinics["A"]["key"]
    before = Discharge.objects.count()
    response = _api_get(
        Client(),
        "post",
        "/api/v1/discharges/",
        raw_key,
        {"patient": clinics["B"]["patient"].pk, "discharged_at": timezone.now().isoformat(), "procedure": "x"},
    )
    assert response.status_code == 400
    assert "patient" in response.json()
    assert Discharge.objects.count() == before


@pytest.mark.django_db
def test_a_patient_created_through_a_clinic_key_belongs_to_its_clinic(clinics):
    _, raw_key = clinics["B"]["key"]
    response = _api_get(
        Client(),
        "post",
        "/api/v1/patients/",
        raw_key,
        {"first_name": "New", "last_name": "Southpatient", "phone": "+12125550177", "mrn": "MRN-NEW-B"},
    )
    assert response.status_code == 201, response.content
    assert Patient.objects.get(external_id="MRN-NEW-B").clinic == clinics["b"]


# ----------------------------------------------------------------------- admin ------


@pytest.mark.django_db
def test_a_compliance_auditor_of_clinic_a_finds_nothing_of_clinic_b_in_the_admin(clinics):
    from django.contrib import admin
    from django.contrib.auth.models import Group

    auditor = UserFactory(username="audit.a", is_staff=True, clinics=[clinics["a"]])
    auditor.groups.add(Group.objects.get(name=COMPLIANCE_GROUP))
    client = _signed_in(auditor)
    opened, leaked, not_found = 0, [], []
    rows_b = {type(obj): obj for obj in clinics["B"].values() if hasattr(obj, "_meta")}
    rows_b[ApiKey] = clinics["B"]["key"][0]
    from postop.clinics import ClinicScopedQuerySet

    scoped = {m for m in admin.site._registry if issubclass(m.objects._queryset_class, ClinicScopedQuerySet)}
    # Every clinic-scoped model the admin shows has one of B's rows here, so its change page is tried too.
    assert scoped - set(rows_b) == set()
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(changelist)
        if response.status_code == 200:
            opened += 1
            if _b_leaks(response.content):
                leaked.append(changelist)
        if model in rows_b:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[rows_b[model].pk])
            response = client.get(change)
            # Django's admin answers a missing object with a redirect to the index, never the page.
            if response.status_code == 200 or _b_leaks(response.content):
                not_found.append(f"{change} -> {response.status_code}")
    export = client.get(reverse("admin:calls_callrecord_export"), {"start": "2000-01-01", "end": "2100-01-01"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert opened >= 5
    assert leaked == []
    assert not_found == []
    assert _b_leaks(body) == []
    assert A_NAME.encode() in client.get(reverse("admin:patients_patient_changelist")).content


# ----------------------------------------------------------------------- agent ------


@pytest.mark.django_db
def test_an_agent_token_for_clinic_bs_call_opens_nothing_of_clinic_a(clinics):
    record_b, call_a = clinics["B"]["record"], clinics["A"]["call"]
    token = make_agent_token(call_id=record_b.call_id, attempt=record_b.attempt)
    client, answered = Client(), []
    paths = [p for p, _ in _all_agent_operations() if "{call_id}" in p]
    assert len(paths) >= 8
    for path in paths:
        url = path.replace("{call_id}", str(call_a.pk))
        method = "get" if url.endswith("/context/") else "post"
        response = getattr(client, method)(
            url, data={}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        if response.status_code not in (403, 404):
            answered.append(f"{method.upper()} {url} -> {response.status_code}")
        if A_NAME.encode() in response.content:
            answered.append(f"{url} named clinic A's patient")
    assert answered == []
    # The token does open its own call, and what the agent is told is B's clinic (its caller name).
    context = client.get(
        f"/api/v1/agent/calls/{record_b.call_id}/context/", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert context["clinic"]["name"] == "Clinic B"


def _all_agent_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method) for path, ops in schema["paths"].items() if path.startswith("/api/v1/agent/") for method in ops
    ]


# ------------------------------------------------------------- the queryset itself ------


@pytest.mark.django_db
def test_a_queryset_built_before_the_request_is_scoped_when_used_and_never_caches_a_clinics_rows(clinics):
    from postop.clinics import clinic_scope

    shared = Patient.objects.filter(last_name__in=[A_NAME, B_NAME])  # e.g. a class attribute
    with clinic_scope([clinics["a"]]):
        assert [p.last_name for p in shared] == [A_NAME]
        assert shared.count() == 1 and len(shared) == 1 and shared.exists()
        assert list(shared.all().values_list("last_name", flat=True)) == [A_NAME]
    with clinic_scope([clinics["b"]]):
        assert [p.last_name for p in shared] == [B_NAME]  # nothing of A's was cached on it
        assert not shared.filter(last_name=A_NAME).exists()
        assert shared.filter(last_name=A_NAME).update(first_name="Changed") == 0
    with clinic_scope(None):
        assert shared.count() == 2
    assert Patient.objects.for_clinics([clinics["a"]]).filter(last_name=B_NAME).count() == 0
