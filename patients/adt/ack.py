"""HL7 acknowledgements (original mode): MSH + MSA, and ERR when the answer is AE or AR."""

from __future__ import annotations

import hl7

RECEIVING_APPLICATION = "POSTOP"
# ERR-4 severity (HL7 table 0516).
SEVERITY_ERROR = "E"


def _clean(text: str) -> str:
    """ACK text on one line, without HL7 delimiters that would split it into fields."""
    return " ".join(
        text.replace("|", "/").replace("^", " ").replace("~", " ").replace("&", "+").replace("\\", "/").split()
    )[:200]


def build_ack(
    message: hl7.Message | None,
    *,
    code: str,
    text: str = "",
    error_code: str = "",
    location: str = "",
    control_id: str = "",
) -> str:
    """The ACK for `message` (or, when it could not be parsed, a bare one echoing `control_id`)."""
    if message is None:
        message = hl7.parse(f"MSH|^~\\&|||{RECEIVING_APPLICATION}||||ACK^^ACK|{_clean(control_id)}|P|2.5")
        ack = message.create_ack(ack_code=code, application=RECEIVING_APPLICATION, facility="")
        ack.assign_field("", "MSH", 1, 5)
        ack.assign_field("", "MSH", 1, 6)
    else:
        facility = str(message["MSH.F6"]) if _has(message, "MSH.F6") else ""
        ack = message.create_ack(ack_code=code, application=RECEIVING_APPLICATION, facility=facility)
    if code != "AA" or text:
        ack.assign_field(_clean(text), "MSA", 1, 3)
    if code in ("AE", "AR"):
        err = ack.create_segment([ack.create_field(["ERR"])])
        ack.append(err)
        if location:
            # ERR-2 error location: segment^sequence^field.
            parts = location.split("^")
            for index, part in enumerate(parts, start=1):
                ack.assign_field(part, "ERR", 1, 2, 1, index)
        ack.assign_field(error_code or "207", "ERR", 1, 3, 1, 1)
        ack.assign_field("HL70357", "ERR", 1, 3, 1, 3)
        ack.assign_field(SEVERITY_ERROR, "ERR", 1, 4)
        ack.assign_field(_clean(text), "ERR", 1, 8)
    return str(ack)


def _has(message: hl7.Message, accessor: str) -> bool:
    try:
        message[accessor]
    except (IndexError, KeyError):
        return False
    return True
