"""Reading ADT messages with python-hl7: the header, PID, PV1, PR1 and MRG fields PostOp AI uses.

Everything here is pure (no database): a message in, plain values out. Problems raise
AdtRejectError (the message cannot be read: AR) or AdtError (read, but it cannot be applied: AE),
whose text goes back in the ACK and never contains the patient's details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import hl7
from django.conf import settings
from hl7.exceptions import ParseException

from patients.models import Language


class AdtRejectError(Exception):
    """The message cannot be read or is not ours to read: answered AR."""

    def __init__(self, text: str, *, error_code: str = "207", location: str = "") -> None:
        super().__init__(text)
        self.text = text
        self.error_code = error_code  # HL7 table 0357
        self.location = location


class AdtError(Exception):
    """The message was read but cannot be applied: answered AE with the reason, nothing written."""

    def __init__(self, text: str, *, error_code: str = "207", location: str = "") -> None:
        super().__init__(text)
        self.text = text
        self.error_code = error_code
        self.location = location


# HL7 table 0357 codes used in ERR-3.
ERR_SEGMENT_SEQUENCE = "100"
ERR_REQUIRED_FIELD_MISSING = "101"
ERR_DATA_TYPE = "102"
ERR_TABLE_VALUE = "103"
ERR_UNSUPPORTED_PROCESSING_ID = "202"
ERR_UNKNOWN_KEY = "204"
ERR_APPLICATION = "207"


def get(message: hl7.Message, accessor: str) -> str:
    """The unescaped value at `accessor` (e.g. "PID.F5.R1.C1"), or "" when the message does not reach it."""
    try:
        value = message[accessor]
    except (IndexError, KeyError):
        return ""
    return message.unescape(str(value)).strip() if value else ""


def repetitions(message: hl7.Message, segment: str, field_number: int) -> int:
    try:
        return len(message.segment(segment)(field_number))
    except (IndexError, KeyError):
        return 0


def parse_message(raw: str) -> hl7.Message:
    """Parse with python-hl7; a frame that is not an HL7 v2 message raises AdtRejectError."""
    text = raw.replace("\r\n", "\r").replace("\n", "\r").strip()
    if not text.startswith("MSH") or len(text) < 8:
        raise AdtRejectError("Not an HL7 v2 message: the first segment must be MSH.", error_code=ERR_SEGMENT_SEQUENCE)
    try:
        message = hl7.parse(text)
    except (ParseException, ValueError, IndexError) as exc:
        raise AdtRejectError(
            f"The message could not be parsed ({type(exc).__name__}).", error_code=ERR_SEGMENT_SEQUENCE
        ) from None
    return message


@dataclass(frozen=True)
class Header:
    sending_application: str
    sending_facility: str
    receiving_application: str
    receiving_facility: str
    message_type: str
    event: str
    control_id: str
    processing_id: str
    version: str

    @property
    def type_label(self) -> str:
        return f"{self.message_type}^{self.event}" if self.event else self.message_type


def read_header(message: hl7.Message) -> Header:
    header = Header(
        sending_application=get(message, "MSH.F3.R1.C1"),
        sending_facility=get(message, "MSH.F4.R1.C1"),
        receiving_application=get(message, "MSH.F5.R1.C1"),
        receiving_facility=get(message, "MSH.F6.R1.C1"),
        message_type=get(message, "MSH.F9.R1.C1").upper(),
        event=(get(message, "MSH.F9.R1.C2") or get(message, "EVN.F1")).upper(),
        control_id=get(message, "MSH.F10"),
        processing_id=get(message, "MSH.F11.R1.C1"),
        version=get(message, "MSH.F12.R1.C1"),
    )
    if not header.message_type:
        raise AdtRejectError(
            "MSH-9 (message type) is empty.", error_code=ERR_REQUIRED_FIELD_MISSING, location="MSH^1^9"
        )
    if not header.control_id:
        raise AdtRejectError(
            "MSH-10 (message control id) is empty.", error_code=ERR_REQUIRED_FIELD_MISSING, location="MSH^1^10"
        )
    if len(header.control_id) > 199:
        raise AdtRejectError("MSH-10 (message control id) is longer than 199 characters.", location="MSH^1^10")
    return header


# --- values ------------------------------------------------------------------------------------

# PID-15 primary language: ISO 639-1/639-2 codes, the HL7/CDC three-letter codes, or the name.
_LANGUAGES = {
    Language.ENGLISH: {"en", "eng", "english"},
    Language.SPANISH: {"es", "spa", "spanish", "espanol", "español"},
    Language.FRENCH: {"fr", "fra", "fre", "french"},
    Language.CHINESE: {"zh", "zho", "chi", "chinese", "cmn", "mandarin", "yue", "cantonese"},
    Language.VIETNAMESE: {"vi", "vie", "vietnamese"},
}


def language_from(code: str, text: str) -> str | None:
    """Our Language value for PID-15, None when PID-15 is empty (keep what is stored)."""
    values = [value.strip().lower() for value in (code, text) if value and value.strip()]
    if not values:
        return None
    for language, names in _LANGUAGES.items():
        if any(value in names or value.split("-")[0] in names for value in values):
            return str(language)
    return str(Language.OTHER)


def hl7_datetime(value: str, *, where: str) -> datetime | None:
    """An HL7 TS/DTM as an aware datetime; without an offset it is the clinic's local time."""
    if not value:
        return None
    try:
        parsed = hl7.parse_datetime(value)
    except (ValueError, TypeError):
        raise AdtError(
            f"{where} is not an HL7 date/time (YYYYMMDDHHMM[SS][+/-ZZZZ]).", error_code=ERR_DATA_TYPE
        ) from None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(settings.CLINIC_TIME_ZONE))
    return parsed


def hl7_date(value: str, *, where: str) -> date | None:
    if not value:
        return None
    if len(value) < 8 or not value[:8].isdigit():
        raise AdtError(f"{where} is not an HL7 date (YYYYMMDD).", error_code=ERR_DATA_TYPE) from None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise AdtError(f"{where} is not a real calendar date.", error_code=ERR_DATA_TYPE) from None


@dataclass
class PatientData:
    mrn: str
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    phones: list[str] = field(default_factory=list)
    language: str | None = None


def _mrn_from(message: hl7.Message, segment: str, field_number: int) -> str:
    """The CX repetition typed MR (medical record number), else the first one with an id."""
    first = ""
    for rep in range(1, repetitions(message, segment, field_number) + 1):
        value = get(message, f"{segment}.F{field_number}.R{rep}.C1")
        kind = get(message, f"{segment}.F{field_number}.R{rep}.C5").upper()
        if value and kind == "MR":
            return value
        first = first or value
    return first


def read_patient(message: hl7.Message, *, require_name: bool) -> PatientData:
    try:
        message.segment("PID")
    except KeyError:
        raise AdtError("The message has no PID segment.", error_code=ERR_SEGMENT_SEQUENCE, location="PID") from None
    mrn = _mrn_from(message, "PID", 3)
    if not mrn:
        raise AdtError(
            "PID-3 has no patient identifier (MRN).", error_code=ERR_REQUIRED_FIELD_MISSING, location="PID^1^3"
        )
    if len(mrn) > 64:
        raise AdtError("PID-3 identifier is longer than 64 characters.", location="PID^1^3")
    data = PatientData(
        mrn=mrn,
        last_name=get(message, "PID.F5.R1.C1"),
        first_name=get(message, "PID.F5.R1.C2"),
        date_of_birth=hl7_date(get(message, "PID.F7.R1.C1"), where="PID-7 (date of birth)"),
        language=language_from(get(message, "PID.F15.R1.C1"), get(message, "PID.F15.R1.C2")),
    )
    if require_name and not (data.first_name and data.last_name):
        raise AdtError(
            "PID-5 needs the family and given name.", error_code=ERR_REQUIRED_FIELD_MISSING, location="PID^1^5"
        )
    data.phones = _phones(message)
    return data


def _phones(message: hl7.Message) -> list[str]:
    """PID-13 numbers, most callable first: cell phones, then the primary residence, then the rest."""
    found: list[tuple[int, str]] = []
    for rep in range(1, repetitions(message, "PID", 13) + 1):
        base = f"PID.F13.R{rep}"
        use = get(message, f"{base}.C2").upper()
        equipment = get(message, f"{base}.C3").upper()
        if equipment in ("INTERNET", "X.400", "FX", "BP") or use == "NET":
            continue
        country, area, local = get(message, f"{base}.C5"), get(message, f"{base}.C6"), get(message, f"{base}.C7")
        number = get(message, f"{base}.C12") or (
            ("+" + country if country else "") + area + local if (area or local) else get(message, f"{base}.C1")
        )
        if not number:
            continue
        rank = 0 if equipment == "CP" else 1 if use in ("PRN", "") else 2
        found.append((rank, number))
    return [number for _, number in sorted(found, key=lambda item: item[0])]


@dataclass
class VisitData:
    patient_class: str = ""
    location: str = ""
    attending: str = ""
    hospital_service: str = ""
    visit_number: str = ""
    admitted_at: datetime | None = None
    discharged_at: datetime | None = None
    procedures: list[tuple[str, str]] = field(default_factory=list)  # (code, text)


def read_visit(message: hl7.Message) -> VisitData:
    try:
        message.segment("PV1")
    except KeyError:
        return VisitData(procedures=_procedures(message))
    location = "/".join(
        part
        for part in (get(message, "PV1.F3.R1.C4"), get(message, "PV1.F3.R1.C1"), get(message, "PV1.F3.R1.C2"))
        if part
    )
    given, family = get(message, "PV1.F7.R1.C3"), get(message, "PV1.F7.R1.C2")
    attending_id = get(message, "PV1.F7.R1.C1")
    attending = " ".join(part for part in (given, family) if part)
    if attending_id:
        attending = f"{attending} ({attending_id})" if attending else attending_id
    return VisitData(
        patient_class=get(message, "PV1.F2.R1.C1").upper(),
        location=location[:250],
        attending=attending[:250],
        hospital_service=get(message, "PV1.F10.R1.C1").upper()[:64],
        visit_number=(get(message, "PV1.F19.R1.C1") or get(message, "PID.F18.R1.C1"))[:250],
        admitted_at=hl7_datetime(get(message, "PV1.F44.R1.C1"), where="PV1-44 (admit date/time)"),
        discharged_at=hl7_datetime(get(message, "PV1.F45.R1.C1"), where="PV1-45 (discharge date/time)"),
        procedures=_procedures(message),
    )


def _procedures(message: hl7.Message) -> list[tuple[str, str]]:
    try:
        segments = message.segments("PR1")
    except KeyError:
        return []
    found = []
    for index in range(1, len(segments) + 1):
        code = _segment_get(message, "PR1", index, 3, 1)
        text = _segment_get(message, "PR1", index, 3, 2) or _segment_get(message, "PR1", index, 4, 1)
        if code or text:
            found.append((code.upper()[:64], text[:200]))
    return found


def _segment_get(message: hl7.Message, segment: str, number: int, field_number: int, component: int) -> str:
    try:
        value = message.extract_field(segment, number, field_number, 1, component)
    except (IndexError, KeyError):
        return ""
    return message.unescape(str(value)).strip() if value else ""


def event_time(message: hl7.Message) -> datetime | None:
    """When the event happened: EVN-6, else EVN-2 (recorded), else MSH-7."""
    for accessor, where in (("EVN.F6", "EVN-6"), ("EVN.F2", "EVN-2"), ("MSH.F7", "MSH-7")):
        value = hl7_datetime(get(message, f"{accessor}.R1.C1"), where=where)
        if value is not None:
            return value
    return None


def read_prior_mrn(message: hl7.Message) -> str:
    """MRG-1: the patient identifier being merged away (A40)."""
    try:
        message.segment("MRG")
    except KeyError:
        raise AdtError("An A40 needs an MRG segment.", error_code=ERR_SEGMENT_SEQUENCE, location="MRG") from None
    prior = _mrn_from(message, "MRG", 1)
    if not prior:
        raise AdtError(
            "MRG-1 has no prior patient identifier.", error_code=ERR_REQUIRED_FIELD_MISSING, location="MRG^1^1"
        )
    return prior
