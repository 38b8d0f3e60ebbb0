from __future__ import annotations

import pytest

from calls.models import CallStatus
from postop.models import AccessEvent
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    DischargeFactory,
    DischargeOrderFactory,
    PatientFactory,
)

pytestmark = pytest.mark.django_db


def test_search_finds_by_name_mrn_and_phone(nurse_client):
    PatientFactory(first_name="Ada", last_name="Quist", external_id="MRN-5521", phone="+12125550142")
    PatientFactory(first_name="Bo", last_name="Other", external_id="MRN-9999", phone="+12125550199")
    for q in ("quist", "MRN-5521", "0142"):
        response = nurse_client.post("/patients/", {"q": q}, follow=True)
        assert [p.last_name for p in response.context["page"].object_list] == ["Quist"], q


def test_active_search_returns_the_results_fragment(nurse_client):
    PatientFactory(last_name="Fragmentary")
    response = nurse_client.post("/patients/", {"q": "frag"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "Fragmentary" in html and "<html" not in html


def test_list_is_paginated(nurse_client):
    PatientFactory.create_batch(30)
    first = nurse_client.get("/patients/")
    assert len(first.context["page"].object_list) == 25
    assert 'rel="next"' in first.content.decode()
    second = nurse_client.get("/patients/?page=2")
    assert len(second.context["page"].object_list) == 5
    assert nurse_client.get("/patients/?page=99").status_code == 200  # past the end: the last page, no error


def test_picker_offers_matches_as_radio_buttons(nurse_client):
    patient = PatientFactory(last_name="Pickme")
    html = nurse_client.post(
        "/patients/", {"picker": "1", "q": "pick"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f'name="patient" value="{patient.pk}"' in html


def test_detail_shows_contact_discharges_and_the_call_timeline(nurse_client, nurse):
    patient = PatientFactory(time_zone="America/Denver", do_not_call=True, do_not_call_reason="Asked on 3 May")
    order = DischargeOrderFactory(title="Compression garment")
    discharge = DischargeFactory(patient=patient, procedure="Sclerotherapy")
    discharge.orders.add(order)
    call = CallScheduleItemFactory(patient=patient, discharge=discharge, order=order, status=CallStatus.FAILED)
    CallRecordFactory(call=call, attempt=1, outcome="busy", sip_status_code=486, sip_status="Busy Here")
    html = nurse_client.get(f"/patients/{patient.pk}/").content.decode()
    for text in (
        "America/Denver",
        "Do not call",
        "Asked on 3 May",
        "Sclerotherapy",
        "Compression garment",
        "SIP 486 Busy Here",
        f"/calls/{call.pk}/",
        patient.phone,
    ):
        assert text in html, text
    event = AccessEvent.objects.get()
    assert event.user == nurse and event.patient_id == patient.pk


def test_unknown_patient_is_a_404_not_a_500(nurse_client):
    assert nurse_client.get("/patients/999999/").status_code == 404
