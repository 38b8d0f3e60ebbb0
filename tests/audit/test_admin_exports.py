"""Admin: call records exported as CSV for a date range; API keys issued once and revoked."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from postop.models import AccessEvent, ApiKey
from postop.services import api_key_create
from tests.factories import CallRecordFactory, PatientResponseFactory, TranscriptTurnFactory

EXPORT = "/admin/calls/callrecord/export/"


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_exports_a_date_range_with_transcripts_and_responses(admin_client_, admin_user):
    inside = CallRecordFactory(
        started_at=datetime(2025, 6, 10, 15, 0, tzinfo=UTC), outcome="completed", summary="ok", answered_by="caregiver"
    )
    TranscriptTurnFactory(record=inside, sequence=0, text="Hello from the clinic.")
    TranscriptTurnFactory(record=inside, sequence=1, speaker="patient", text="=cmd|' /C calc'!A0")
    PatientResponseFactory(record=inside, question="Bandage off?", response="Yes.")
    CallRecordFactory(started_at=datetime(2025, 6, 20, 15, 0, tzinfo=UTC))
    (row,) = rows(admin_client_.get(EXPORT, {"start": "2025-06-01", "end": "2025-06-10"}))
    assert row["record_id"] == str(inside.pk)
    assert row["outcome"] == "completed"
    assert row["answered_by"] == "caregiver"  # who the call's answers came from
    assert row["transcript"].splitlines() == ["agent: Hello from the clinic.", "patient: =cmd|' /C calc'!A0"]
    assert row["responses"] == "Q: Bandage off? A: Yes."
    exported = AccessEvent.objects.get(action="export")
    assert (exported.user, exported.object_id) == (admin_user, str(inside.pk))


def test_a_formula_in_a_cell_is_defused(admin_client_):
    record = CallRecordFactory(started_at=datetime(2025, 6, 10, 15, 0, tzinfo=UTC), summary="=HYPERLINK(1)")
    (row,) = rows(admin_client_.get(EXPORT, {"start": "2025-06-10", "end": "2025-06-10"}))
    assert row["record_id"] == str(record.pk)
    assert row["summary"] == "'=HYPERLINK(1)"


def test_a_backwards_range_shows_the_form_with_an_error(admin_client_):
    response = admin_client_.get(EXPORT, {"start": "2025-06-10", "end": "2025-06-01"})
    assert response.status_code == 200
    assert "on or after the first day" in response.content.decode()


def test_the_admin_action_exports_the_selected_records(admin_client_):
    record = CallRecordFactory()
    response = admin_client_.post("/admin/calls/callrecord/", {"action": "export_csv", "_selected_action": [record.pk]})
    assert [r["record_id"] for r in rows(response)] == [str(record.pk)]


def test_call_records_cannot_be_edited_in_the_admin(admin_client_):
    record = CallRecordFactory()
    assert admin_client_.get("/admin/calls/callrecord/add/").status_code == 403
    assert admin_client_.post(f"/admin/calls/callrecord/{record.pk}/change/", {"summary": "x"}).status_code == 403


def test_exporting_needs_its_own_permission(nurse, nurse_client):
    from django.contrib.auth.models import Permission

    record = CallRecordFactory(started_at=datetime(2025, 6, 5, 15, 0, tzinfo=UTC))
    params = {"start": "2025-06-01", "end": "2025-06-10"}
    assert nurse_client.get("/admin/calls/callrecord/").status_code == 200  # nurses may view records
    assert nurse_client.get(EXPORT, params).status_code == 403
    nurse.user_permissions.add(Permission.objects.get(codename="export_call_records"))
    assert [r["record_id"] for r in rows(nurse_client.get(EXPORT, params))] == [str(record.pk)]


def test_the_admin_shows_a_new_key_once_and_revokes_it(admin_client_, admin_user):
    data = {"name": "billing", "access": "read", "throttle_rate": ""}
    response = admin_client_.post("/admin/postop/apikey/add/", data)
    assert response.status_code == 200
    raw = response.context["raw_key"]
    key = ApiKey.objects.get(name="billing")
    assert key.matches(raw) and key.created_by == admin_user
    assert "no-store" in response["Cache-Control"]
    assert raw not in admin_client_.get(f"/admin/postop/apikey/{key.pk}/change/").content.decode()
    assert not key.user.has_perm("patients.add_patient") and key.user.has_perm("patients.view_patient")
    admin_client_.post("/admin/postop/apikey/", {"action": "revoke_keys", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.is_revoked


def test_the_admin_refuses_a_bad_rate_and_a_taken_name(admin_client_):
    api_key_create(name="billing")
    data = {"name": "Billing", "access": "read", "throttle_rate": "fast"}
    response = admin_client_.post("/admin/postop/apikey/add/", data)
    errors = response.context["adminform"].form.errors
    assert "name" in errors and "throttle_rate" in errors
