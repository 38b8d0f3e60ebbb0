"""ADT messages as a hospital's interface engine sends them (HL7 v2.5), built with python-hl7."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

FACILITY = "GENHOSP"
# HL7 v2.5 message structures (MSH-9.3) by trigger event.
STRUCTURES = {
    "A01": "ADT_A01",
    "A03": "ADT_A03",
    "A04": "ADT_A01",
    "A06": "ADT_A06",
    "A08": "ADT_A01",
    "A11": "ADT_A09",
    "A13": "ADT_A01",
    "A40": "ADT_A39",
}
_ids = itertools.count(1)


def hl7_ts(when: datetime) -> str:
    return timezone.localtime(when).strftime("%Y%m%d%H%M%z")


def control_id() -> str:
    return f"CTRL{next(_ids):06d}"


def adt(
    event: str,
    *,
    mrn: str = "MRN1001",
    family: str = "Lopez",
    given: str = "Maria",
    dob: str = "19800403",
    phone: str = "^PRN^CP^^1^212^5550123",
    language: str = "SPA^Spanish^HL70296",
    visit: str = "V1001",
    service: str = "SUR",
    procedures: tuple[tuple[str, str], ...] = (("37241", "Sclerotherapy of a venous malformation"),),
    discharged_at: datetime | None = None,
    admitted_at: datetime | None = None,
    facility: str = FACILITY,
    control: str | None = None,
    prior_mrn: str | None = None,
    structure: str | None = None,
) -> str:
    """One ADT^<event> message as text (segments joined by carriage returns)."""
    now = timezone.now()
    discharged_at = discharged_at or now - timedelta(hours=1)
    admitted_at = admitted_at or discharged_at - timedelta(days=2)
    pv1 = ["PV1", "1", "I", "3N^301^A^GENHOSP"] + [""] * 3 + ["1234^House^Gregory^^^Dr"] + [""] * 2 + [service]
    pv1 += [""] * 8 + [f"{visit}^^^GENHOSP^VN"] + [""] * 24 + [hl7_ts(admitted_at)]
    if event == "A03":
        pv1.append(hl7_ts(discharged_at))
    pid = ["PID", "1", "", f"{mrn}^^^GENHOSP^MR~999-00-1234^^^SSA^SS", "", f"{family}^{given}^J", "", dob, "F"]
    pid += ["", "", "1 Main St^^New York^NY^10001", "", phone, "", language]
    structure = structure or STRUCTURES.get(event, "ADT_A01")
    segments = [
        f"MSH|^~\\&|EPIC|{facility}|POSTOP|CLINIC|{hl7_ts(now)}||ADT^{event}^{structure}|"
        f"{control or control_id()}|P|2.5",
        f"EVN|{event}|{hl7_ts(now)}",
        "|".join(pid),
    ]
    if prior_mrn:
        segments.append(f"MRG|{prior_mrn}^^^GENHOSP^MR")
    else:
        segments.append("|".join(pv1))
        for index, (code, text) in enumerate(procedures, start=1):
            if event == "A03":
                segments.append(f"PR1|{index}||{code}^{text}^C4")
    return "\r".join(segments)
