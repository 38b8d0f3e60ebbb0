"""A01/A04/A06 holds, A08 updates, A11/A13 cancellations and A40 merges, each through the real listener."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from patients.adt.models import AdtMessage, CallHold, HoldStatus, HospitalEncounter, PatientMerge, SetupStatus
from patients.models import Discharge, Patient
from patients.services import discharge_create
from tests.adt.conftest import ack_code
from tests.adt.messages import adt
from tests.factories import CallScheduleItemFactory, DischargeFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _patient_with_calls(mrn: str = "MRN1001", statuses: tuple[str, ...] = ("pending", "queued", "completed")):
    patient = PatientFactory(external_id=mrn)
    discharge = DischargeFactory(patient=patient)
    calls = [CallScheduleItemFactory(patient=patient, discharge=discharge, status=status) for status in statuses]
    return patient, discharge, calls


@pytest.mark.parametrize("event", ["A01", "A04", "A06"])
def test_a_return_to_hospital_puts_the_waiting_calls_on_hold(send, event):
    _, _, (pending, queued, done) = _patient_with_calls()

    ack = send(adt(event, visit="V-READMIT"))

    assert ack_code(ack) == "AA"
    for call in (pending, queued):
        call.refresh_from_db()
        assert call.status == CallStatus.ON_HOLD and event in call.status_reason
    done.refresh_from_db()
    assert done.status == CallStatus.COMPLETED
    hold = CallHold.objects.get()
    assert hold.event == event and hold.status == HoldStatus.HELD and hold.visit_number == "V-READMIT"
    assert set(hold.calls.all()) == {pending, queued}


def test_an_admission_of_a_patient_not_followed_is_accepted_and_ignored(send):
    ack = send(adt("A01", mrn="NOT-OURS"))

    assert ack_code(ack) == "AA"
    assert AdtMessage.objects.get().outcome == "ignored"
    assert not Patient.objects.exists()


def test_a08_updates_the_demographics_with_an_audit_entry(send):
    patient, _, (pending, *_rest) = _patient_with_calls(statuses=("pending",))

    ack = send(
        adt(
            "A08",
            family="Lopez-Garcia",
            given="Maria",
            phone="^PRN^CP^^1^212^5550177",
            dob="19800405",
            language="ENG^English^HL70296",
        )
    )

    assert ack_code(ack) == "AA"
    patient.refresh_from_db()
    assert (patient.last_name, patient.phone, str(patient.date_of_birth)) == (
        "Lopez-Garcia",
        "+12125550177",
        "1980-04-05",
    )
    assert patient.preferred_language == "en"
    entry = LogEntry.objects.get_for_object(patient).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert "phone" in entry.changes_dict and entry.actor.username == "hl7-adt-feed"
    # The pending call dials the patient's record, so it uses the new number.
    assert CallScheduleItem.objects.get(pk=pending.pk).patient.phone == "+12125550177"


@pytest.mark.parametrize("event", ["A08", "A11", "A13"])
def test_a_message_for_an_unknown_patient_where_one_is_needed_is_ae(send, event):
    PatientFactory(external_id="SOMEONE-ELSE")
    ack = send(adt(event, mrn="NOBODY"))

    assert ack_code(ack) == "AE"
    assert str(ack["ERR.F3.R1.C1"]) == "204" and str(ack["ERR.F2.R1.C1"]) == "PID"
    assert AdtMessage.objects.get().outcome == "error"
    assert Patient.objects.count() == 1


@pytest.mark.parametrize("event", ["A11", "A13"])
def test_a_cancelled_discharge_cancels_its_waiting_calls_with_the_reason(send, event):
    assert ack_code(send(adt("A03", visit="V-CANCEL"))) == "AA"
    discharge = Discharge.objects.get()
    waiting = CallScheduleItemFactory(patient=discharge.patient, discharge=discharge)
    held = CallScheduleItemFactory(patient=discharge.patient, discharge=discharge, status=CallStatus.ON_HOLD)
    other = CallScheduleItemFactory(patient=discharge.patient)  # not this discharge's

    assert ack_code(send(adt(event, visit="V-CANCEL"))) == "AA"

    for call in (waiting, held):
        call.refresh_from_db()
        assert call.status == CallStatus.CANCELLED and event in call.status_reason
    other.refresh_from_db()
    assert other.status == CallStatus.PENDING
    encounter = HospitalEncounter.objects.get()
    assert encounter.setup_status == SetupStatus.CANCELLED and event in encounter.cancelled_reason


def test_a_cancel_for_a_visit_not_on_file_is_ae_and_cancels_nothing(send):
    assert ack_code(send(adt("A03", visit="V-KNOWN"))) == "AA"
    call = CallScheduleItemFactory(patient=Patient.objects.get(), discharge=Discharge.objects.get())

    ack = send(adt("A13", visit="V-UNKNOWN"))

    assert ack_code(ack) == "AE" and "PV1-19" in str(ack["MSA.F3"])
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING


def test_a40_merges_calls_discharges_and_history_into_the_surviving_patient(send):
    merged, old_discharge, (old_call,) = _patient_with_calls(mrn="OLD-MRN", statuses=("pending",))
    survivor, _, (own_call,) = _patient_with_calls(mrn="MRN1001", statuses=("pending",))

    ack = send(adt("A40", mrn="MRN1001", prior_mrn="OLD-MRN"))

    assert ack_code(ack) == "AA"
    old_call.refresh_from_db()
    old_discharge.refresh_from_db()
    assert old_call.patient == survivor and old_discharge.patient == survivor
    assert set(survivor.calls.all()) == {old_call, own_call}
    merge = PatientMerge.objects.get()
    assert (merge.survivor, merge.merged, merge.prior_mrn) == (survivor, merged, "OLD-MRN")
    assert merge.moved["calls"] == 1 and merge.moved["discharges"] == 1
    # The merged-away record is kept; messages naming its MRN now reach the survivor.
    assert Patient.objects.filter(pk=merged.pk).exists() and not merged.calls.exists()
    assert ack_code(send(adt("A01", mrn="OLD-MRN"))) == "AA"
    old_call.refresh_from_db()
    assert old_call.status == CallStatus.ON_HOLD


def test_a40_with_an_unknown_prior_patient_is_ae(send):
    PatientFactory(external_id="MRN1001")
    ack = send(adt("A40", mrn="MRN1001", prior_mrn="NEVER-SEEN"))

    assert ack_code(ack) == "AE" and str(ack["ERR.F2.R1.C1"]) == "MRG"
    assert not PatientMerge.objects.exists()


def test_a11_for_the_admission_that_held_calls_lets_them_go_ahead(send):
    _, _, (pending,) = _patient_with_calls(statuses=("pending",))
    assert ack_code(send(adt("A01", visit="V-IN-ERROR"))) == "AA"
    pending.refresh_from_db()
    assert pending.status == CallStatus.ON_HOLD

    assert ack_code(send(adt("A11", visit="V-IN-ERROR"))) == "AA"

    pending.refresh_from_db()
    assert pending.status == CallStatus.PENDING
    assert CallHold.objects.get().status == HoldStatus.RESUMED


def test_the_merged_away_record_takes_no_new_discharge(send):
    merged = PatientFactory(external_id="OLD-MRN")
    survivor = PatientFactory(external_id="MRN1001")
    assert ack_code(send(adt("A40", mrn="MRN1001", prior_mrn="OLD-MRN"))) == "AA"

    with pytest.raises(ValidationError, match=f"merged into patient-{survivor.pk}"):
        discharge_create(patient=merged, discharged_at=timezone.now(), procedure="Knee", order_keys=[], order_params={})
    # An A03 naming the retired MRN lands on the survivor.
    assert ack_code(send(adt("A03", mrn="OLD-MRN"))) == "AA"
    assert Discharge.objects.get().patient == survivor
