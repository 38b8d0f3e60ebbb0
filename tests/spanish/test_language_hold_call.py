"""End to end through the portal: a Spanish-speaking patient's call held for its English-only order is not
dialled; once a nurse makes it in English it is dialled, the agent speaks English and the attempt's
language is English."""

from __future__ import annotations

import pytest

from calls.holds.language import call_release_in_english
from calls.language import record_language
from calls.models import CallScheduleItem, CallStatus
from calls.tasks import process_pending_calls
from patients.services import patient_contact_update
from tests.capture.helpers import daytime_zone
from tests.factories import CallScheduleItemFactory, DischargeOrderFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_held_call_is_not_dialled_and_once_released_in_english_the_agent_speaks_english(
    portal, scripted_dialer, nurse
):
    scripted_dialer("cooperative")
    patient = PatientFactory(first_name="Lucía", time_zone=daytime_zone(), preferred_language="en")
    own = DischargeOrderFactory(key="own_check", title="Own check")  # the clinic's order, English only
    call = CallScheduleItemFactory(patient=patient, order=own)
    patient_contact_update(patient=patient, by=nurse, reason="Prefers Spanish", preferred_language="es")

    assert process_pending_calls() == 0
    call.refresh_from_db()
    assert call.status == CallStatus.ON_HOLD and not call.records.exists()

    call_release_in_english(call=call, by=nurse, reason="Patient agreed to an English call")
    assert process_pending_calls() == 1
    call = CallScheduleItem.objects.get(pk=call.pk)
    record = call.records.get()
    assert call.status == CallStatus.COMPLETED
    said = list(record.turns.filter(speaker="agent").order_by("sequence").values_list("text", flat=True))
    assert said[0].startswith("Hello, this is the automated assistant")
    assert not any("¿" in line or " usted" in line for line in said)  # no Spanish table line on an English call
    assert record_language(record) == "en"  # the attempt's language is English
