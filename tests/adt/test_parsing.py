"""Reading PID/PV1 values with python-hl7: languages, phones, times, identifiers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from patients.adt.parsing import (
    AdtError,
    AdtRejectError,
    hl7_date,
    hl7_datetime,
    language_from,
    parse_message,
    read_header,
    read_patient,
)

MSH = "MSH|^~\\&|EPIC|GENHOSP|POSTOP|CLINIC|202606221530||ADT^A08^ADT_A01|C1|P|2.5"


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("SPA", "", "es"),
        ("", "Spanish", "es"),
        ("en-US", "", "en"),
        ("vie", "", "vi"),
        ("TGL", "Tagalog", "other"),
        ("", "", None),
    ],
)
def test_it_maps_pid_15_languages(code, text, expected):
    assert language_from(code, text) == expected


def test_it_prefers_the_cell_phone_and_skips_email(settings):
    message = parse_message(
        MSH + "\rPID|1||M1^^^H^MR||Doe^Jo||||||||^NET^Internet^jo@example.org~^PRN^PH^^1^212^5550101~"
        "^ORN^CP^^1^212^5550102"
    )
    assert read_patient(message, require_name=True).phones == ["+12125550102", "+12125550101"]


def test_it_picks_the_mr_identifier_and_unescapes_names():
    message = parse_message(MSH + "\rPID|1||999^^^SSA^SS~M77^^^H^MR||O\\T\\Brien^Sean")
    data = read_patient(message, require_name=True)
    assert data.mrn == "M77" and data.last_name == "O&Brien"


def test_times_without_an_offset_are_clinic_time(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    assert hl7_datetime("202606221530", where="PV1-45") == datetime(2026, 6, 22, 19, 30, tzinfo=UTC)
    assert hl7_datetime("202606221530+0200", where="PV1-45") == datetime(2026, 6, 22, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2026-06-22", "20261340"])
def test_it_refuses_dates_that_are_not_hl7_dates(value):
    with pytest.raises(AdtError, match="PID-7"):
        hl7_date(value, where="PID-7")


@pytest.mark.parametrize("raw", ["", "PID|1||M1", "MSH|"])
def test_what_is_not_an_hl7_message_is_rejected(raw):
    with pytest.raises(AdtRejectError):
        read_header(parse_message(raw))
