"""The discharge preview tells the truth: the limits as dispatch applies them, the opening line, plain
dates, and no green "recorded" for a discharge that makes no call or duplicates a patient."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from tests.factories import DischargeOrderFactory, PatientFactory
from tests.portal.test_discharge import new_patient_post

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def preview(client, **overrides) -> str:
    return client.post("/patients/discharge/preview/", new_patient_post(**overrides), headers=HX).content.decode()


def test_two_calls_on_one_day_show_the_daily_limit_moving_one(nurse_client, catalog):
    # Discharged 20 hours ago: the 24-hour bandage call and the second activity call both fall on one day.
    at = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    html = preview(nurse_client, discharged_at=at, orders=["vm_compression", "vm_activity"])
    assert "Moved from" in html and "the patient gets at most 1 call a day" in html


def test_the_preview_shows_the_opening_line_and_hides_the_instructions(nurse_client, catalog):
    html = preview(nurse_client, orders=["vm_compression"])
    assert "The patient hears first:" in html
    assert "“Hi Maya, this is PostOp AI calling to remind you about your compression bandage." in html
    opening = html.index("The patient hears first:")
    assert html.index("You are the PostOp AI follow-up assistant") > html.index("<details", opening)


def test_a_past_return_date_is_named_in_plain_words(nurse_client, catalog):
    past = (timezone.now() - timedelta(days=3)).date()
    html = preview(nurse_client, orders=["vm_school"], param__vm_school__return_date=past.isoformat())
    assert "day_before_date" not in html
    assert f"the day before {past:%B} {past.day}, {past.year} is before the discharge" in html


def test_no_orders_warns_and_refuses_until_confirmed(nurse_client, catalog):
    html = preview(nurse_client, orders=[])
    assert "No follow-up call." in html and "Record it without follow-up calls" in html
    refused = nurse_client.post("/patients/discharge/", new_patient_post(orders=[]))
    assert refused.status_code == 400 and not Discharge.objects.exists()
    assert "The discharge was not recorded." in refused.content.decode()
    done = nurse_client.post("/patients/discharge/", new_patient_post(orders=[], confirm_no_calls="1"), follow=True)
    assert Discharge.objects.count() == 1 and not CallScheduleItem.objects.exists()
    assert "Discharge recorded with no follow-up call, as you confirmed." in done.content.decode()


def test_orders_that_make_no_call_warn_too(nurse_client, catalog):
    DischargeOrderFactory(key="leaflet_only", title="Care leaflet given", call_template={})
    html = preview(nurse_client, orders=["leaflet_only"])
    assert "None of the chosen orders makes a call" in html


def test_same_name_and_birthday_without_mrn_is_not_created_silently(nurse_client, catalog):
    existing = PatientFactory(first_name="Maya", last_name="Okafor", external_id=None, date_of_birth="2016-02-01")
    data = {"new-external_id": "", "new-date_of_birth": "2016-02-01", "new-first_name": " maya "}
    html = preview(nurse_client, **data)
    assert "Already on file?" in html and f'data-use-existing="{existing.pk}"' in html
    refused = nurse_client.post("/patients/discharge/", new_patient_post(**data))
    assert refused.status_code == 400 and Patient.objects.count() == 1
    nurse_client.post("/patients/discharge/", new_patient_post(confirm_new_patient="1", **data))
    assert Patient.objects.count() == 2  # the nurse said it is a different person


def test_same_name_and_phone_is_a_possible_duplicate_too(nurse_client, catalog):
    PatientFactory(first_name="Maya", last_name="Okafor", external_id=None, phone="+12125550187")
    assert "Already on file?" in preview(nurse_client, **{"new-external_id": ""})
    assert "Already on file?" not in preview(nurse_client, **{"new-external_id": "", "new-first_name": "Mia"})
