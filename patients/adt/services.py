"""One ADT message in, one ACK out: store it raw, apply it in one transaction, say what happened.

    AR  the frame is not a readable HL7 message, MSH-9/MSH-10 are missing, or MSH-4 (sending
        facility) is not in ADT_SENDING_FACILITIES.
    AE  read, but it cannot be applied (unknown patient where one is needed, invalid phone, ...):
        MSA-3 and ERR say why; nothing from it is written except its own log row.
    AA  applied; or ignored (an event PostOp AI does not act on); or a control id already applied
        from that facility (nothing changes a second time).

Synchronous on purpose: the listener runs it in worker threads, off the event loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import hl7
from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, connection, transaction

from patients.adt.ack import build_ack
from patients.adt.handlers import HANDLERS, CollisionError
from patients.adt.models import SETTLED_OUTCOMES, AckCode, AdtMessage, MessageOutcome
from patients.adt.parsing import (
    ERR_TABLE_VALUE,
    ERR_UNSUPPORTED_PROCESSING_ID,
    AdtError,
    AdtRejectError,
    Header,
    parse_message,
    read_header,
)
from postop.clinics import clinic_for_facility, clinic_scope

logger = logging.getLogger("patients.adt")

# Concurrent writers (two feeds, one patient) can collide; the whole message is simply tried again.
MAX_TRIES = 3


@dataclass(frozen=True)
class Result:
    ack: str
    code: str
    outcome: str
    message_id: int | None


def _store(*, raw: str, peer: str, header: Header | None, outcome: str, code: str, text: str) -> AdtMessage:
    return AdtMessage.objects.create(
        raw=raw,
        peer=peer[:64],
        control_id=header.control_id if header else "",
        sending_application=header.sending_application[:227] if header else "",
        sending_facility=header.sending_facility[:227] if header else "",
        message_type=header.type_label[:32] if header else "",
        event=header.event[:8] if header else "",
        outcome=outcome,
        ack_code=code,
        ack_text=text[:300],
    )


def _log(header: Header | None, outcome: str, code: str, stored: AdtMessage | None) -> None:
    # Message type, control id and facility only: never a name, MRN, phone or the raw text.
    logger.info(
        "adt_message type=%s control_id=%s facility=%s outcome=%s ack=%s row=%s",
        header.type_label if header else "-",
        header.control_id if header else "-",
        header.sending_facility if header else "-",
        outcome,
        code,
        stored.pk if stored else "-",
    )


def _settled(header: Header) -> bool:
    return AdtMessage.objects.filter(
        sending_facility=header.sending_facility, control_id=header.control_id, outcome__in=SETTLED_OUTCOMES
    ).exists()


FEED_USERNAME = "hl7-adt-feed"


def feed_user() -> Any:
    """The service user the audit log names for changes the feed makes. It cannot sign in."""
    user = get_user_model().objects.filter(username=FEED_USERNAME).first()
    if user is None:
        user = get_user_model()(username=FEED_USERNAME, is_active=False, first_name="HL7 ADT feed")
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            user = get_user_model().objects.get(username=FEED_USERNAME)
    return user


def adt_message_process(*, raw: str, peer: str = "") -> Result:
    """Store, apply and acknowledge one message (the text between MLLP start and end blocks)."""
    # A listener thread keeps its connection from message to message (opening one per message would
    # cost more than applying it); a connection the database dropped is replaced first.
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    host = peer.rsplit(":", 1)[0] if peer else None
    with set_actor(feed_user(), remote_addr=host or None):
        return _process(raw=raw, peer=peer)


def _process(*, raw: str, peer: str) -> Result:
    message: hl7.Message | None = None
    header: Header | None = None
    try:
        message = parse_message(raw)
        header = read_header(message)
        if header.sending_facility not in settings.ADT_SENDING_FACILITIES:
            raise AdtRejectError(
                "MSH-4 sending facility is not accepted by this receiver.",
                error_code=ERR_TABLE_VALUE,
                location="MSH^1^4",
            )
        if header.processing_id.upper() not in {value.upper() for value in settings.ADT_PROCESSING_IDS}:
            raise AdtRejectError(
                f"MSH-11 processing id {header.processing_id or '(empty)'} is not accepted by this receiver "
                f"(accepted: {', '.join(settings.ADT_PROCESSING_IDS)}).",
                error_code=ERR_UNSUPPORTED_PROCESSING_ID,
                location="MSH^1^11",
            )
    except AdtRejectError as exc:
        control_id = header.control_id if header else ""
        stored = _store(raw=raw, peer=peer, header=header, outcome=MessageOutcome.REJECTED, code="AR", text=exc.text)
        _log(header, MessageOutcome.REJECTED, "AR", stored)
        ack = build_ack(
            message if header else None,
            code="AR",
            text=exc.text,
            error_code=exc.error_code,
            location=exc.location,
            control_id=control_id,
        )
        return Result(ack=ack, code="AR", outcome=MessageOutcome.REJECTED, message_id=stored.pk)

    handler = HANDLERS.get(header.event) if header.message_type == "ADT" else None
    for attempt in range(1, MAX_TRIES + 1):
        if _settled(header):
            text = "Duplicate control id: this message was already applied; nothing changed."
            stored = _store(raw=raw, peer=peer, header=header, outcome=MessageOutcome.DUPLICATE, code="AA", text=text)
            _log(header, MessageOutcome.DUPLICATE, "AA", stored)
            return Result(build_ack(message, code="AA", text=text), "AA", MessageOutcome.DUPLICATE, stored.pk)
        try:
            with transaction.atomic():
                stored = _store(raw=raw, peer=peer, header=header, outcome=MessageOutcome.APPLIED, code="AA", text="")
                if handler is None:
                    stored.outcome = MessageOutcome.IGNORED
                    stored.ack_text = f"{header.type_label} is not an event PostOp AI acts on; ignored."
                else:
                    # New patients belong to the clinic the sending facility (MSH-4) maps to, else the
                    # default clinic. Lookups stay hospital-wide: the MRN is the hospital's.
                    with clinic_scope(None, current=clinic_for_facility(header.sending_facility)):
                        applied = handler(message, header, stored)
                    stored.outcome = MessageOutcome.IGNORED if applied.ignored else MessageOutcome.APPLIED
                    stored.ack_text = applied.text[:300]
                    stored.patient = applied.patient
                    stored.discharge = applied.discharge
                stored.save(update_fields=["outcome", "ack_text", "patient", "discharge"])
        except AdtError as exc:
            stored = _store(raw=raw, peer=peer, header=header, outcome=MessageOutcome.ERROR, code="AE", text=exc.text)
            _log(header, MessageOutcome.ERROR, "AE", stored)
            ack = build_ack(message, code="AE", text=exc.text, error_code=exc.error_code, location=exc.location)
            return Result(ack, "AE", MessageOutcome.ERROR, stored.pk)
        except (IntegrityError, OperationalError, CollisionError) as exc:
            # The same control id settled on another connection a moment ago, or two messages
            # for one patient collided: nothing of this attempt was kept; look again.
            logger.info(
                "adt_message retry type=%s control_id=%s attempt=%s error=%s",
                header.type_label,
                header.control_id,
                attempt,
                type(exc).__name__,
            )
            continue
        _log(header, stored.outcome, "AA", stored)
        return Result(build_ack(message, code="AA", text=stored.ack_text), "AA", stored.outcome, stored.pk)

    text = "The message collided with concurrent updates and was not applied; send it again."
    stored = _store(raw=raw, peer=peer, header=header, outcome=MessageOutcome.ERROR, code="AE", text=text)
    _log(header, MessageOutcome.ERROR, "AE", stored)
    return Result(build_ack(message, code="AE", text=text), "AE", MessageOutcome.ERROR, stored.pk)


__all__ = ["AckCode", "Result", "adt_message_process"]
