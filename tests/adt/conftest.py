"""The real MLLP listener on 127.0.0.1 (a free port) and python-hl7's MLLP client to talk to it."""

from __future__ import annotations

from collections.abc import Iterator

import hl7
import pytest
from hl7.client import MLLPClient

from patients.adt.listener import AdtListener, listener_in_thread
from tests.adt.messages import FACILITY


@pytest.fixture
def listener(transactional_db, settings) -> Iterator[AdtListener]:
    settings.ADT_SENDING_FACILITIES = [FACILITY, "NORTHCLINIC"]
    with listener_in_thread(workers=4) as running:
        yield running


@pytest.fixture
def send(listener):
    """Send one message over a fresh MLLP connection; return the parsed ACK."""

    def _send(text: str) -> hl7.Message:
        with MLLPClient("127.0.0.1", listener.port) as client:
            return read_ack(client.send_message(text))

    return _send


def read_ack(data: bytes) -> hl7.Message:
    assert data.startswith(b"\x0b") and data.endswith(b"\x1c\r"), data[:40]
    return hl7.parse(data[1:-2].decode("utf-8"))


def ack_code(ack: hl7.Message) -> str:
    return str(ack["MSA.F1"])
