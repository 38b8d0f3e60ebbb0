"""ACK semantics through the real listener: duplicates, malformed frames, unknown senders, cut frames, load."""

from __future__ import annotations

import socket
import threading

import pytest
from hl7.client import MLLPClient

from patients.adt.models import AdtMessage, MessageOutcome
from patients.models import Discharge, Patient
from tests.adt.conftest import ack_code, read_ack
from tests.adt.messages import adt

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_control_id_already_applied_is_acknowledged_and_changes_nothing(send):
    first = adt("A03", control="DUP-1")
    assert ack_code(send(first)) == "AA"
    # The same control id again, even with different content: AA, nothing changes.
    ack = send(adt("A03", control="DUP-1", family="Changed", visit="V-OTHER"))

    assert ack_code(ack) == "AA" and "Duplicate" in str(ack["MSA.F3"])
    assert Patient.objects.get().last_name == "Lopez"
    assert Discharge.objects.count() == 1
    outcomes = list(AdtMessage.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [MessageOutcome.APPLIED, MessageOutcome.DUPLICATE]


def test_the_same_control_id_from_another_facility_is_a_different_message(send):
    assert ack_code(send(adt("A03", control="C-1", visit="V1"))) == "AA"
    assert ack_code(send(adt("A03", control="C-1", visit="V2", facility="NORTHCLINIC"))) == "AA"
    assert Discharge.objects.count() == 2


def test_a_frame_that_is_not_hl7_is_rejected_and_kept_for_the_analyst(send):
    ack = send("this is not an HL7 message")

    assert ack_code(ack) == "AR"
    assert str(ack["ERR.F3.R1.C1"]) == "100"
    stored = AdtMessage.objects.get()
    assert stored.outcome == MessageOutcome.REJECTED and stored.raw == "this is not an HL7 message"


def test_a_message_without_a_control_id_is_rejected(send):
    text = adt("A03").replace("|CTRL", "|", 1)
    text = "\r".join(
        [
            "|".join(f if i != 9 else "" for i, f in enumerate(seg.split("|"))) if seg.startswith("MSH") else seg
            for seg in adt("A03").split("\r")
        ]
    )
    ack = send(text)

    assert ack_code(ack) == "AR" and "MSH-10" in str(ack["MSA.F3"])
    assert not Patient.objects.exists()


def test_an_unknown_sending_facility_is_rejected(send):
    ack = send(adt("A03", control="X-1", facility="SOMEWHERE"))

    assert ack_code(ack) == "AR"
    assert str(ack["MSA.F2"]) == "X-1" and "MSH-4" in str(ack["MSA.F3"])
    assert not Patient.objects.exists()
    assert AdtMessage.objects.get().outcome == MessageOutcome.REJECTED


def test_a_training_message_is_rejected_by_a_production_receiver(send):
    ack = send(adt("A03", control="T-1").replace("|P|2.5", "|T|2.5", 1))

    assert ack_code(ack) == "AR" and str(ack["ERR.F3.R1.C1"]) == "202"
    assert not Patient.objects.exists()


def test_an_event_postop_does_not_act_on_is_accepted_and_ignored(send):
    ack = send(adt("A02", control="TRANSFER-1"))

    assert ack_code(ack) == "AA"
    stored = AdtMessage.objects.get()
    assert stored.outcome == MessageOutcome.IGNORED and stored.event == "A02"
    assert not Patient.objects.exists()


def test_a_frame_cut_off_by_a_closed_connection_is_dropped_and_the_listener_goes_on(listener, send):
    whole = adt("A03", control="CUT-1").encode()
    with socket.create_connection(("127.0.0.1", listener.port)) as sock:
        sock.sendall(b"\x0b" + whole[: len(whole) // 2])
    # The listener still serves, and the cut message was never applied or stored.
    assert ack_code(send(adt("A03", control="AFTER-CUT", mrn="MRN2002", visit="V2002"))) == "AA"
    assert list(Patient.objects.values_list("external_id", flat=True)) == ["MRN2002"]
    assert list(AdtMessage.objects.values_list("control_id", flat=True)) == ["AFTER-CUT"]


def test_a_cut_frame_followed_by_a_new_frame_answers_only_the_new_one(listener):
    cut = adt("A03", control="CUT-2").encode()
    whole = adt("A03", control="WHOLE-2", mrn="MRN3003", visit="V3003").encode()
    with MLLPClient("127.0.0.1", listener.port) as client:
        ack = read_ack(client.send(b"\x0b" + cut[:60] + b"\x0b" + whole + b"\x1c\r"))

    assert ack_code(ack) == "AA" and str(ack["MSA.F2"]) == "WHOLE-2"
    assert list(Patient.objects.values_list("external_id", flat=True)) == ["MRN3003"]


def test_200_messages_from_4_concurrent_clients_each_get_their_ack(listener):
    acks: dict[str, str] = {}
    errors: list[BaseException] = []

    def client(number: int) -> None:
        try:
            with MLLPClient("127.0.0.1", listener.port) as mllp:
                for index in range(50):
                    control = f"LOAD-{number}-{index}"
                    text = adt("A03", control=control, mrn=f"L{number}-{index}", visit=f"LV{number}-{index}")
                    acks[control] = ack_code(read_ack(mllp.send_message(text)))
        except BaseException as exc:  # reported below, from the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors
    assert len(acks) == 200 and set(acks.values()) == {"AA"}
    assert Patient.objects.count() == 200 and Discharge.objects.count() == 200
    assert AdtMessage.objects.filter(outcome=MessageOutcome.APPLIED).count() == 200


def test_one_message_delivered_on_four_connections_at_once_is_applied_once(listener):
    text = adt("A03", control="RACE-1")
    codes: list[str] = []
    start = threading.Barrier(4)

    def deliver() -> None:
        with MLLPClient("127.0.0.1", listener.port) as mllp:
            start.wait(timeout=30)
            codes.append(ack_code(read_ack(mllp.send_message(text))))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert codes == ["AA"] * 4
    assert Patient.objects.count() == 1 and Discharge.objects.count() == 1
    outcomes = sorted(AdtMessage.objects.values_list("outcome", flat=True))
    assert outcomes == [MessageOutcome.APPLIED] + [MessageOutcome.DUPLICATE] * 3
