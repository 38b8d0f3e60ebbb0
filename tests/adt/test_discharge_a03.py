"""A03 through the real listener: patient and discharge created, the worklist or a rule schedules calls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from patients.adt.models import AdtMessage, HospitalEncounter, OrderSetRule, SetupStatus
from patients.models import Discharge, Patient
from tests.adt.conftest import ack_code
from tests.adt.messages import adt

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_creates_the_patient_and_a_discharge_to_set_up(send):
    discharged = timezone.now() - timedelta(hours=3)
    ack = send(adt("A03", control="A03-1", discharged_at=discharged))

    assert ack_code(ack) == "AA"
    assert str(ack["MSA.F2"]) == "A03-1"
    patient = Patient.objects.get(external_id="MRN1001")
    assert (patient.first_name, patient.last_name) == ("Maria", "Lopez")
    assert patient.phone == "+12125550123"
    assert patient.date_of_birth == date(1980, 4, 3)
    assert patient.preferred_language == "es"
    discharge = Discharge.objects.get(patient=patient)
    assert abs(discharge.discharged_at - discharged) < timedelta(minutes=1)
    assert discharge.procedure == "Sclerotherapy of a venous malformation"
    assert not discharge.calls.exists()
    encounter = HospitalEncounter.objects.get(discharge=discharge)
    assert encounter.setup_status == SetupStatus.TO_SET_UP
    assert encounter.visit_number == "V1001"
    assert encounter.location == "GENHOSP/3N/301"
    assert encounter.attending == "Gregory House (1234)"
    assert encounter.hospital_service == "SUR"
    assert encounter.procedure_codes == ["37241"]
    stored = AdtMessage.objects.get()
    assert (stored.control_id, stored.sending_facility, stored.event, stored.outcome) == (
        "A03-1",
        "GENHOSP",
        "A03",
        "applied",
    )
    assert stored.raw.startswith("MSH|") and stored.discharge == discharge


def test_a_rule_for_the_procedure_schedules_the_calls_at_once(send, catalog):
    rule = OrderSetRule.objects.create(name="Sclerotherapy", kind="procedure", code="37241")
    rule.orders.set([catalog["vm_compression"]])
    OrderSetRule.objects.create(name="Any surgery", kind="service", code="sur").orders.set([catalog["vm_activity"]])

    ack = send(adt("A03", discharged_at=timezone.now() - timedelta(hours=1)))

    assert ack_code(ack) == "AA"
    encounter = HospitalEncounter.objects.get()
    assert encounter.setup_status == SetupStatus.AUTO_SCHEDULED and encounter.rule == rule
    calls = CallScheduleItem.objects.filter(discharge=encounter.discharge)
    assert calls.exists() and set(calls.values_list("order__key", flat=True)) == {"vm_compression"}
    assert set(calls.values_list("status", flat=True)) == {CallStatus.PENDING}


def test_a_rule_that_cannot_schedule_leaves_the_discharge_for_a_nurse(send, catalog):
    # vm_school needs a return date the rule does not give.
    OrderSetRule.objects.create(name="School", kind="service", code="SUR").orders.set([catalog["vm_school"]])

    assert ack_code(send(adt("A03", procedures=()))) == "AA"

    encounter = HospitalEncounter.objects.get()
    assert encounter.setup_status == SetupStatus.TO_SET_UP
    assert "could not schedule" in encounter.setup_note
    assert not CallScheduleItem.objects.exists()


def test_a_repeated_a03_for_the_visit_updates_instead_of_adding_a_discharge(send):
    assert ack_code(send(adt("A03", control="first"))) == "AA"
    assert ack_code(send(adt("A03", control="correction", phone="^PRN^PH^^1^212^5550199"))) == "AA"

    assert Discharge.objects.count() == 1 and HospitalEncounter.objects.count() == 1
    assert Patient.objects.get().phone == "+12125550199"


def test_it_answers_ae_when_the_phone_is_not_a_number_and_writes_nothing(send):
    ack = send(adt("A03", phone="^PRN^PH^^1^212^12"))

    assert ack_code(ack) == "AE"
    assert "PID-13" in str(ack["MSA.F3"]) and str(ack["ERR.F3.R1.C1"]) == "102"
    assert not Patient.objects.exists() and not Discharge.objects.exists()
    assert AdtMessage.objects.get().outcome == "error"


def test_a_discharge_that_cannot_be_recorded_leaves_no_patient_behind(send):
    # The patient is valid, the discharge is not (days in the future): the whole message rolls back.
    ack = send(adt("A03", discharged_at=timezone.now() + timedelta(days=3)))

    assert ack_code(ack) == "AE" and "future" in str(ack["MSA.F3"])
    assert not Patient.objects.exists() and not Discharge.objects.exists()
    assert not HospitalEncounter.objects.exists()


def test_a_new_patient_without_a_phone_is_ae(send):
    ack = send(adt("A03", phone=""))

    assert ack_code(ack) == "AE" and str(ack["ERR.F2.R1.C1"]) == "PID" and str(ack["ERR.F3.R1.C1"]) == "101"
    assert not Patient.objects.exists()
