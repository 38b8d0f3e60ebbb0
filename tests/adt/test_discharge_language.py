"""A03 for a Spanish-speaking patient whose rule holds an order with no reviewed Spanish text.

The hospital's discharge is a fact: it is accepted (AA) and recorded whole, the order is not called
in English, and the discharge waits on the worklist with the reason; the nurse's set-up applies the
same rule (calls.language.order_language_problem, through calls.scheduler.plan_calls).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from calls.models import CallScheduleItem, CallStatus
from patients.adt.models import AdtMessage, HospitalEncounter, OrderSetRule, SetupStatus
from patients.adt.worklist import encounter_set_up
from patients.models import Discharge
from tests.adt.conftest import ack_code
from tests.adt.messages import adt
from tests.factories import DischargeOrderFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rule(catalog):
    own = DischargeOrderFactory(key="own_check", title="Own check")  # the clinic's order, English only
    rule = OrderSetRule.objects.create(name="Sclerotherapy", kind="procedure", code="37241")
    rule.orders.set([catalog["vm_compression"], own])
    return rule


def test_the_discharge_is_accepted_and_waits_for_a_nurse_with_the_reason(send, rule):
    ack = send(adt("A03", control="es-1"))  # PID-15 SPA^Spanish

    assert ack_code(ack) == "AA"
    assert "waiting for a nurse to pick the orders" in str(ack["MSA.F3"])
    discharge = Discharge.objects.get()
    assert discharge.patient.preferred_language == "es"
    assert not CallScheduleItem.objects.exists()  # no order is called in English, none half-scheduled
    encounter = HospitalEncounter.objects.get(discharge=discharge)
    assert encounter.setup_status == SetupStatus.TO_SET_UP
    assert "Own check: no reviewed Spanish text" in encounter.setup_note
    assert "choose another order" in encounter.setup_note
    assert AdtMessage.objects.get().outcome == "applied"


def test_the_nurses_set_up_applies_the_same_rule(send, rule, nurse_client):
    assert ack_code(send(adt("A03"))) == "AA"
    encounter = HospitalEncounter.objects.get()

    with pytest.raises(ValidationError) as refused:
        encounter_set_up(encounter=encounter, orders=["vm_compression", "own_check"], order_params={}, by=None)
    assert refused.value.message_dict["own_check"][0].startswith("Own check: no reviewed Spanish text")
    assert not CallScheduleItem.objects.exists()
    page = nurse_client.post(f"/discharges/{encounter.pk}/set-up/", {"orders": ["own_check"]})
    assert page.status_code == 400 and "Own check: no reviewed Spanish text" in page.content.decode()

    encounter_set_up(encounter=encounter, orders=["vm_compression"], order_params={}, by=None)
    assert set(CallScheduleItem.objects.values_list("order__key", flat=True)) == {"vm_compression"}


def test_an_english_speaking_patient_is_scheduled_by_the_same_rule_at_once(send, rule):
    assert ack_code(send(adt("A03", language="ENG^English^HL70296"))) == "AA"
    encounter = HospitalEncounter.objects.get()
    assert encounter.setup_status == SetupStatus.AUTO_SCHEDULED
    assert set(CallScheduleItem.objects.values_list("order__key", flat=True)) == {"vm_compression", "own_check"}


def test_a_rule_scheduled_discharge_for_another_language_says_an_interpreter_is_needed(send, rule):
    assert ack_code(send(adt("A03", language="VIE^Vietnamese^HL70296"))) == "AA"
    encounter = HospitalEncounter.objects.select_related("discharge").get()
    assert encounter.setup_status == SetupStatus.AUTO_SCHEDULED
    assert encounter.setup_note.startswith("Scheduled by rule 'Sclerotherapy'. Calls will be in English")
    assert "qualified Vietnamese interpreter" in encounter.setup_note
    assert "qualified Vietnamese interpreter" in encounter.discharge.warnings[0]


def test_the_worklist_shows_the_language_of_a_discharge_waiting_for_orders(send, nurse_client, catalog):
    assert ack_code(send(adt("A03", language="VIE^Vietnamese^HL70296", procedures=(("1", "Knee"),)))) == "AA"
    encounter = HospitalEncounter.objects.get()
    page = nurse_client.get("/discharges/").content.decode()
    assert "Language: Vietnamese" in page and "interpreter needed" in page
    set_up = nurse_client.get(f"/discharges/{encounter.pk}/set-up/").content.decode()
    assert "qualified Vietnamese interpreter" in set_up


def test_an_a08_that_changes_the_language_holds_the_waiting_calls_that_cannot_be_made_in_it(send, rule):
    assert ack_code(send(adt("A03", language="ENG^English^HL70296"))) == "AA"
    assert CallScheduleItem.objects.filter(needs_attention=True).count() == 0

    assert ack_code(send(adt("A08", language="SPA^Spanish^HL70296"))) == "AA"

    # Never English order text read to a Spanish-speaking patient: the call waits for a nurse.
    flagged = CallScheduleItem.objects.filter(needs_attention=True)
    assert set(flagged.values_list("order__key", flat=True)) == {"own_check"}
    held = flagged.get()
    assert (held.status, held.language_hold) == (CallStatus.ON_HOLD, True)
    assert held.status_reason.startswith("On hold: Own check has no Spanish version; choose English for this call")
    assert CallScheduleItem.objects.get(order__key="vm_compression").status == CallStatus.PENDING

    # The hospital corrects the language back: the hold lifts.
    assert ack_code(send(adt("A08", language="ENG^English^HL70296"))) == "AA"
    held.refresh_from_db()
    assert (held.status, held.language_hold, held.needs_attention) == (CallStatus.PENDING, False, False)
