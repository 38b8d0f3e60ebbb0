"""A patient switched to Spanish after their calls were planned: a call whose order has no reviewed Spanish
waits on hold instead of being dialled with English order text (issue 21). The nurse reads why on the
dashboard, the patient page and the call page, and may make the call in English (audited) or cancel it;
the hold lifts when the language changes back or the order gains its Spanish."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from calls.holds.language import call_release_in_english
from calls.holds.services import call_hold_waiting, call_release_hold
from calls.models import CallScheduleItem, CallStatus
from calls.selectors import call_agent_context
from calls.services import CallActionError, call_dispatch_due, call_now
from patients.adt.models import AckCode, AdtMessage, CallHold, MessageOutcome
from patients.services import patient_contact_update
from postop.services import api_key_create
from tests.api.conftest import key_client
from tests.capture.helpers import daytime_zone
from tests.factories import CallRecordFactory, CallScheduleItemFactory, DischargeOrderFactory, PatientFactory

pytestmark = pytest.mark.django_db

REASON = "On hold: Own check has no Spanish version; choose English for this call, arrange an interpreter, or cancel."


@pytest.fixture
def calls(catalog):
    patient = PatientFactory(preferred_language="en", time_zone=daytime_zone(), external_id="MRN-HOLD-1")
    own = DischargeOrderFactory(key="own_check", title="Own check")  # the clinic's order, English only
    return {
        "own": CallScheduleItemFactory(patient=patient, order=own),
        "spanish_ok": CallScheduleItemFactory(patient=patient, order=catalog["vm_compression"]),
    }


def _switch(patient, language: str) -> None:
    patient_contact_update(patient=patient, by=None, reason="The patient asked", preferred_language=language)


def _fresh(call) -> CallScheduleItem:
    return CallScheduleItem.objects.get(pk=call.pk)


def test_a_switch_to_spanish_holds_the_english_only_call_and_dispatch_never_dials_it(calls):
    own, ok = calls["own"], calls["spanish_ok"]
    _switch(own.patient, "es")

    held = _fresh(own)
    assert (held.status, held.language_hold, held.needs_attention) == (CallStatus.ON_HOLD, True, True)
    assert held.status_reason == REASON
    assert call_dispatch_due() == [ok.pk]  # the call with reviewed Spanish goes ahead; the held one does not
    assert _fresh(own).status == CallStatus.ON_HOLD
    assert call_dispatch_due() == []
    # The hold is in the audit log (who changed what, when).
    entry = LogEntry.objects.get_for_object(held).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.changes_dict["status"] == ["pending", "on_hold"]


def test_the_nurse_reads_why_on_the_dashboard_the_patient_page_and_the_call_page(calls, nurse_client):
    own = calls["own"]
    _switch(own.patient, "es")
    for url in ("/", f"/patients/{own.patient.pk}/", f"/calls/{own.pk}/"):
        page = nurse_client.get(url).content.decode()
        assert "Own check has no Spanish version; choose English for this call" in page, url
    page = nurse_client.get(f"/calls/{own.pk}/").content.decode()
    assert "Make this call in English" in page and "Cancel call" in page
    # The page does not promise a call that a hold keeps from being dialled.
    assert "not dialled until the hold is lifted" in page and "updates by itself when the call starts" not in page


def _only(call) -> None:
    """Leave `call` the patient's one waiting call (one call a day: the other would be dialled first)."""
    CallScheduleItem.objects.filter(patient=call.patient).exclude(pk=call.pk).update(status=CallStatus.CANCELLED)


def test_the_nurse_makes_it_in_english_and_the_call_is_dialled_in_english(calls, nurse_client, nurse):
    own = calls["own"]
    _only(own)
    _switch(own.patient, "es")

    refused = nurse_client.post(f"/calls/{own.pk}/release-english/", {"english-reason": " "})
    assert refused.status_code == 400 and _fresh(own).status == CallStatus.ON_HOLD

    response = nurse_client.post(
        f"/calls/{own.pk}/release-english/", {"english-reason": "Patient agreed to English; son will help."}
    )
    assert response.status_code == 302
    released = _fresh(own)
    assert (released.status, released.language, released.language_hold) == (CallStatus.PENDING, "en", False)
    assert released.status_reason == (
        f"Released in English by {nurse.get_username()}: Patient agreed to English; son will help."
    )
    entry = LogEntry.objects.get_for_object(released).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.changes_dict["language"] == ["", "en"] and entry.actor == nurse
    page = nurse_client.get(f"/calls/{own.pk}/").content.decode()
    assert 'data-call-language="en"' in page and "a nurse chose English for it" in page

    assert own.pk in call_dispatch_due()
    record = CallRecordFactory(call=released, attempt=1)
    context = call_agent_context(record=record)
    assert context["language"] == "en" and context["patient"]["language"] == "es"
    assert context["order"]["instructions"] == own.order.instructions  # the English text the nurse chose


def test_the_nurse_may_cancel_it_instead(calls, nurse_client):
    own = calls["own"]
    _switch(own.patient, "es")
    response = nurse_client.post(f"/calls/{own.pk}/cancel/", {"cancel-reason": "Interpreter call booked instead"})
    assert response.status_code == 302
    cancelled = _fresh(own)
    assert cancelled.status == CallStatus.CANCELLED and "Interpreter call booked instead" in cancelled.status_reason


def test_switching_back_lifts_the_hold_and_a_new_switch_forgets_the_earlier_english_choice(calls):
    own = calls["own"]
    _only(own)
    _switch(own.patient, "es")
    _switch(own.patient, "en")
    lifted = _fresh(own)
    assert (lifted.status, lifted.language_hold, lifted.needs_attention) == (CallStatus.PENDING, False, False)
    assert own.pk in call_dispatch_due()

    other = CallScheduleItemFactory(patient=own.patient, order=own.order)
    _switch(own.patient, "es")
    call_release_in_english(call=other, by=None, reason="Patient agreed")
    assert _fresh(other).language == "en"
    _switch(own.patient, "en")
    _switch(own.patient, "es")  # the English choice was for the earlier switch: the nurse decides again
    assert (_fresh(other).status, _fresh(other).language) == (CallStatus.ON_HOLD, "")


def test_the_order_gaining_reviewed_spanish_lifts_the_hold(calls, catalog):
    own = calls["own"]
    _switch(own.patient, "es")
    order = own.order
    spanish = catalog["vm_compression"].call_template["translations"]["es"]
    order.call_template = {**order.call_template, "translations": {"es": dict(spanish)}}
    order.save()
    lifted = _fresh(own)
    assert (lifted.status, lifted.language_hold) == (CallStatus.PENDING, False)


def test_the_rest_api_patch_of_the_language_holds_too(calls):
    own = calls["own"]
    api = key_client(api_key_create(name="ehr-feed", write=True)[1])
    response = api.patch(f"/api/v1/patients/{own.patient.pk}/", {"preferred_language": "es"}, format="json")
    assert response.status_code == 200, response.json()
    assert (_fresh(own).status, _fresh(own).status_reason) == (CallStatus.ON_HOLD, REASON)
    assert call_dispatch_due() == [calls["spanish_ok"].pk]


def test_a_hospital_stay_and_the_language_hold_each_keep_the_call_until_both_are_resolved(calls):
    own = calls["own"]
    _switch(own.patient, "es")
    held = call_hold_waiting(patient_id=own.patient.pk, reason="On hold: readmission.")
    assert own.pk in {c.pk for c in held}  # the language-held call joins the hospital hold
    assert call_release_hold(calls=held) != [] and _fresh(own).status == CallStatus.ON_HOLD  # still no Spanish

    held = call_hold_waiting(patient_id=own.patient.pk, reason="On hold: readmission.")
    message = AdtMessage.objects.create(
        raw="MSH|", event="A01", outcome=MessageOutcome.APPLIED, ack_code=AckCode.ACCEPT
    )
    hold = CallHold.objects.create(patient=own.patient, event="A01", reason="On hold: readmission.", message=message)
    hold.calls.set(held)
    _switch(own.patient, "en")  # the language is fine again, but the patient is still in hospital
    assert (_fresh(own).status, _fresh(own).status_reason) == (CallStatus.ON_HOLD, "On hold: readmission.")


def test_call_now_on_a_language_held_call_says_why_it_cannot(calls, nurse):
    own = calls["own"]
    _switch(own.patient, "es")
    with pytest.raises(CallActionError) as refused:
        call_now(call=_fresh(own), by=nurse)
    assert str(refused.value.messages[0]).startswith(REASON)
