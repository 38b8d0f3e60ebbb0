"""Who may call the API: keys (hashed, revocable, throttled), sessions, and model permissions."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from postop.models import ApiKey, hash_api_secret
from postop.services import api_key_create
from tests.api.conftest import key_client
from tests.factories import PatientFactory, UserFactory

PATIENTS = "/api/v1/patients/"
NEW_PATIENT = {"first_name": "Ana", "last_name": "Diaz", "phone": "+1 212 555 0142"}


def test_it_stores_only_the_hash_and_a_visible_prefix(write_key):
    key, raw = write_key
    key.refresh_from_db()
    assert raw.startswith(key.prefix + ".")
    assert key.hashed_key == hash_api_secret(raw)
    assert raw not in (key.hashed_key, key.prefix)


def test_it_rejects_a_request_without_credentials(db):
    response = APIClient().get(PATIENTS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_it_rejects_a_wrong_secret_with_a_known_prefix(write_key):
    key, _raw = write_key
    response = key_client(f"{key.prefix}.not-the-secret").get(PATIENTS)
    assert response.status_code == 401


def test_it_rejects_a_revoked_key(write_key):
    key, raw = write_key
    assert key_client(raw).get(PATIENTS).status_code == 200
    key.revoke()
    response = key_client(raw).get(PATIENTS)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_it_records_when_a_key_was_last_used(api, write_key):
    assert write_key[0].last_used_at is None
    api.get(PATIENTS)
    write_key[0].refresh_from_db()
    assert write_key[0].last_used_at is not None


def test_a_read_only_key_reads_but_cannot_write(read_api):
    patient = PatientFactory()
    assert read_api.get(f"{PATIENTS}{patient.pk}/").status_code == 200
    assert read_api.post(PATIENTS, NEW_PATIENT, format="json").status_code == 403
    assert read_api.patch(f"{PATIENTS}{patient.pk}/", {"first_name": "X"}, format="json").status_code == 403


def test_a_key_without_view_permission_gets_the_same_answer_for_any_id(db):
    bare = UserFactory(username="bare-service")
    _key, raw = api_key_create(name="no-rights", user=bare)
    patient = PatientFactory()
    existing = key_client(raw).get(f"{PATIENTS}{patient.pk}/")
    missing = key_client(raw).get(f"{PATIENTS}{patient.pk + 999}/")
    assert existing.status_code == missing.status_code == 403
    assert existing.json() == missing.json()


def test_a_missing_id_is_a_plain_404(api):
    for path in (f"{PATIENTS}999999/", f"{PATIENTS}not-a-number/", "/api/v1/calls/999999/"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_a_nurse_session_works_and_a_stranger_is_refused(nurse, stranger):
    client = APIClient()
    client.force_login(nurse)
    assert client.get(PATIENTS).status_code == 200
    client.force_login(stranger)
    assert client.get(PATIENTS).status_code == 403


def test_a_nurse_without_the_permission_is_refused(nurse):
    nurse.groups.clear()
    nurse.user_permissions.add(Permission.objects.get(codename="view_patient"))
    client = APIClient()
    client.force_login(nurse)
    assert client.get(PATIENTS).status_code == 200
    assert client.post(PATIENTS, NEW_PATIENT, format="json").status_code == 403


def test_it_throttles_each_key_separately(db):
    cache.clear()
    _slow, slow_raw = api_key_create(name="slow", throttle_rate="2/min")
    _other, other_raw = api_key_create(name="other")
    slow = key_client(slow_raw)
    assert [slow.get(PATIENTS).status_code for _ in range(3)] == [200, 200, 429]
    assert key_client(other_raw).get(PATIENTS).status_code == 200
    cache.clear()


def test_the_schema_and_docs_need_authentication(api):
    assert APIClient().get("/api/v1/schema/").status_code == 401
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "Authorization"
    assert api.get("/api/v1/docs/").status_code == 200


def test_the_command_prints_the_key_once_and_it_works(db, capsys):
    call_command("create_api_key", "lab-system", "--write")
    raw = capsys.readouterr().out.strip()
    key = ApiKey.objects.get(name="lab-system")
    assert key.matches(raw)
    assert key.user.has_perm("patients.add_discharge")
    assert key_client(raw).get(PATIENTS).status_code == 200
