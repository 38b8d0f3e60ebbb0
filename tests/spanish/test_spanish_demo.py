"""`make demo` has a Spanish-speaking patient whose call, placed with Call now, is all Spanish."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from calls import services
from calls.language import record_language
from calls.models import CallScheduleItem, CallStatus
from calls.tasks import process_pending_calls
from tests.spanish.spanish_check import problems_with

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_spanish_demo_patients_call_is_all_spanish(catalog, portal, scripted_dialer, nurse, monkeypatch):
    monkeypatch.setattr(services, "_kick_dispatcher", lambda: None)
    scripted_dialer("cooperative")
    out = StringIO()
    call_command("demo_patients", "--language", "es", stdout=out)
    call = CallScheduleItem.objects.get()
    assert call.patient.preferred_language == "es" and call.order.key == "post_wellness_check"
    assert "Spanish-speaking demo patient Lucía Demo 1" in out.getvalue()
    assert f"open /calls/{call.pk}/ and press Call now" in out.getvalue()

    services.call_now(call=call, by=nurse)
    assert process_pending_calls() == 1
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    record = call.records.get()
    said = [
        text for speaker, text in record.turns.order_by("sequence").values_list("speaker", "text") if speaker == "agent"
    ]
    assert len(said) >= 4
    assert problems_with(said, names=("PostOp AI Demo Clinic", "Lucía")) == []
    assert record_language(record) == "es"
