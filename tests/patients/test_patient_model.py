"""Patient: E.164 phones, time zones, calling windows, the safe ref."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from patients.models import Patient, normalize_phone
from tests.factories import PatientFactory


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 (212) 555-0123", "+12125550123"),
        ("212-555-0123", "+12125550123"),  # read in the clinic's country
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_are_stored_in_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "call me", "+1 555", "+1 212 555 01234567"])
def test_bad_phone_numbers_say_what_to_fix(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert "+1 212 555 0123" in exc.value.messages[0]


@pytest.mark.django_db
def test_full_clean_normalizes_the_phone_and_defaults_the_zone(settings):
    settings.CLINIC_TIME_ZONE = "America/Chicago"
    patient = Patient(first_name="Ana", last_name="Diaz", phone="(212) 555-0123", external_id="  MRN7  ")
    patient.full_clean()
    assert patient.phone == "+12125550123"
    assert patient.external_id == "MRN7"
    assert patient.time_zone == "America/Chicago"
    assert str(patient.zone) == "America/Chicago"


@pytest.mark.django_db
def test_an_unknown_time_zone_is_refused():
    patient = Patient(first_name="Ana", last_name="Diaz", phone="+12125550123", time_zone="Mars/Base")
    with pytest.raises(ValidationError) as exc:
        patient.full_clean()
    assert "America/New_York" in exc.value.message_dict["time_zone"][0]


@pytest.mark.django_db
def test_external_ids_are_unique_when_given():
    PatientFactory(external_id="MRN1")
    PatientFactory(external_id=None)
    PatientFactory(external_id=None)  # many patients without an MRN are fine
    with pytest.raises(IntegrityError):
        PatientFactory(external_id="MRN1")


def test_calling_window_never_exceeds_the_clinics(settings):
    settings.CALLING_WINDOW = (time(9), time(19))
    patient = Patient(calling_window_start=time(8), calling_window_end=time(17))
    assert patient.calling_window() == (time(9), time(17))
    assert Patient().calling_window() == (time(9), time(19))


@pytest.mark.django_db
def test_a_window_outside_clinic_hours_or_backwards_is_refused(settings):
    settings.CALLING_WINDOW = (time(9), time(19))
    patient = Patient(
        first_name="Ana",
        last_name="Diaz",
        phone="+12125550123",
        calling_window_start=time(18),
        calling_window_end=time(10),
    )
    with pytest.raises(ValidationError) as exc:
        patient.full_clean()
    assert "end after it starts" in exc.value.message_dict["calling_window_end"][0]


@pytest.mark.django_db
def test_ref_carries_no_name_or_phone():
    patient = PatientFactory(first_name="Ana", last_name="Diaz")
    assert patient.ref == f"patient-{patient.pk}"
    assert str(patient) == "Diaz, Ana"
