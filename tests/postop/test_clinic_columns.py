"""Calls and escalations carry their patient's clinic (calls.models.PatientClinicMixin).

Clinic-scoped reads of the dashboard's tables filter that column instead of joining the patients:
the join made PostgreSQL loop over every patient of the clinic when its statistics were missing
(docs/clinics.md). So the column must always equal the patient's clinic, however the row is written.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from calls.models import CallRecord, CallScheduleItem, Escalation, EscalationSource, EscalationTier
from patients.adt.handlers import merge_patients
from patients.models import Patient
from postop.clinics import clinic_scope
from postop.models import Clinic
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    return Clinic.objects.create(name="North", slug="north")


@pytest.fixture
def south():
    return Clinic.objects.create(name="South", slug="south")


def _escalation(record: CallRecord) -> Escalation:
    return Escalation.objects.create(
        patient_id=record.call.patient_id,  # the id only: the clinic is looked up
        call=record.call,
        record=record,
        tier=EscalationTier.URGENT,
        reason="Wound reopened",
        source=EscalationSource.values[0],
        rule_key="test",
        due_by=timezone.now(),
    )


def _clinics(model, patient: Patient) -> set[int]:
    return set(model._base_manager.filter(patient=patient).values_list("clinic_id", flat=True))


def test_a_call_and_an_escalation_take_their_patients_clinic(north):
    patient = PatientFactory(clinic=north)
    record = CallRecordFactory(call__patient=patient)
    _escalation(record)
    assert _clinics(CallScheduleItem, patient) == {north.pk}
    assert _clinics(Escalation, patient) == {north.pk}


def test_bulk_created_calls_take_their_patients_clinic(north, south):
    a, b = PatientFactory(clinic=north), PatientFactory(clinic=south)
    template = CallScheduleItemFactory.build(patient=a)
    rows = [
        CallScheduleItem(
            patient_id=p.pk,
            call_type=template.call_type,
            llm_prompt="x",
            scheduled_for=template.scheduled_for,
            next_attempt_at=template.next_attempt_at,
        )
        for p in (a, b)
    ]
    CallScheduleItem.objects.bulk_create(rows)
    assert _clinics(CallScheduleItem, a) == {north.pk}
    assert _clinics(CallScheduleItem, b) == {south.pk}


def test_a_patient_moved_to_another_clinic_takes_calls_and_escalations_along(north, south):
    patient = PatientFactory(clinic=north)
    _escalation(CallRecordFactory(call__patient=patient))
    CallScheduleItemFactory(patient=patient)
    patient = Patient.objects.get(pk=patient.pk)
    patient.clinic = south
    patient.save()
    assert _clinics(CallScheduleItem, patient) == {south.pk}
    assert _clinics(Escalation, patient) == {south.pk}
    Patient.objects.filter(pk=patient.pk).update(clinic=north)
    assert _clinics(CallScheduleItem, patient) == {north.pk}
    assert _clinics(Escalation, patient) == {north.pk}


def test_a_merge_into_another_clinics_patient_moves_calls_and_escalations_to_its_clinic(north, south):
    survivor, merged = PatientFactory(clinic=north), PatientFactory(clinic=south)
    _escalation(CallRecordFactory(call__patient=merged))
    merge_patients(survivor=survivor, merged=merged)
    assert _clinics(CallScheduleItem, survivor) == {north.pk}
    assert _clinics(Escalation, survivor) == {north.pk}


def test_scoped_reads_of_calls_and_escalations_filter_their_own_clinic_column(north):
    """No join to the patients to scope them: the plan that took 30 s cannot come back unnoticed."""
    with clinic_scope([north]):
        calls = str(CallScheduleItem.objects.filter(status="pending").query)
        escalations = str(Escalation.objects.exclude(status="resolved").query)
        records = str(CallRecord.objects.filter(configuration_problem=True).query)
    assert '"calls_callscheduleitem"."clinic_id" IN' in calls and "patients_patient" not in calls
    assert '"calls_escalation"."clinic_id" IN' in escalations and "patients_patient" not in escalations
    assert '"clinic_id" IN' in records and "patients_patient" not in records


def test_a_nurse_of_one_clinic_sees_only_its_calls_through_the_column(north, south):
    mine, theirs = CallScheduleItemFactory(patient__clinic=north), CallScheduleItemFactory(patient__clinic=south)
    with clinic_scope([north]):
        assert list(CallScheduleItem.objects.values_list("pk", flat=True)) == [mine.pk]
        assert not CallScheduleItem.objects.filter(pk=theirs.pk).exists()
