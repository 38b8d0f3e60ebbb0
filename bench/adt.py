"""Row `adt`: A03 discharges applied per second through the real MLLP listener (python-hl7's client,
4 concurrent connections) against the same discharges POSTed to the REST API (patient, then
discharge) in the same run. Both create the patient, the discharge and the same calls (an order-set
rule maps the procedure code to the order the API request names)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command

from bench.harness import Report, Row, timed

MESSAGES = 300
CLIENTS = 4
ORDER = "vm_compression"
FACILITY = "BENCHHOSP"


def _a03(index: int, *, prefix: str, discharged_at: datetime) -> str:
    ts = discharged_at.strftime("%Y%m%d%H%M%z")
    pv1 = ["PV1", "1", "I", "3N^301^A"] + [""] * 6 + ["SUR"] + [""] * 8 + [f"{prefix}V{index}"] + [""] * 24
    pv1 += [ts, ts]
    return "\r".join(
        [
            f"MSH|^~\\&|EPIC|{FACILITY}|POSTOP|CLINIC|{ts}||ADT^A03^ADT_A03|{prefix}{index}|P|2.5",
            f"EVN|A03|{ts}",
            f"PID|1||{prefix}MRN{index}^^^{FACILITY}^MR||Patient{index}^Bench||19800403|F|||||"
            f"^PRN^CP^^1^212^555{index % 10000:04d}||ENG",
            "|".join(pv1),
            "PR1|1||37241^Sclerotherapy^C4",
        ]
    )


def _through_listener(prefix: str, discharged_at: datetime) -> tuple[float, int]:
    from hl7.client import MLLPClient

    from patients.adt.listener import listener_in_thread

    accepted = [0] * CLIENTS

    def client(number: int, port: int) -> None:
        with MLLPClient("127.0.0.1", port) as mllp:
            for index in range(number, MESSAGES, CLIENTS):
                ack = mllp.send_message(_a03(index, prefix=prefix, discharged_at=discharged_at))
                if b"MSA|AA|" in ack:
                    accepted[number] += 1

    with listener_in_thread(workers=CLIENTS) as listener:

        def send_all() -> None:
            threads = [threading.Thread(target=client, args=(n, listener.port)) for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        seconds, _ = timed(send_all)
    return seconds, sum(accepted)


def _through_api(prefix: str, discharged_at: datetime) -> tuple[float, int]:
    from rest_framework.test import APIClient

    from postop.services import api_key_create

    _key, raw = api_key_create(name=f"bench-{prefix}", write=True, throttle_rate="1000000/min")
    client = APIClient(SERVER_NAME="localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")

    def post_all() -> int:
        created = 0
        for index in range(MESSAGES):
            patient = client.post(
                "/api/v1/patients/",
                {
                    "mrn": f"{prefix}MRN{index}",
                    "first_name": "Bench",
                    "last_name": f"Patient{index}",
                    "phone": f"+1212555{index % 10000:04d}",
                    "date_of_birth": "1980-04-03",
                },
                format="json",
            )
            discharge = client.post(
                "/api/v1/discharges/",
                {
                    "patient": patient.json()["id"],
                    "discharged_at": discharged_at.isoformat(),
                    "procedure": "Sclerotherapy",
                    "orders": [ORDER],
                },
                format="json",
            )
            created += discharge.status_code == 201
        return created

    return timed(post_all)


def run(report: Report) -> None:
    from calls.models import CallScheduleItem
    from orders.models import DischargeOrder
    from patients.adt.models import OrderSetRule

    call_command("load_order_catalog", verbosity=0)
    rule = OrderSetRule.objects.create(name="Bench sclerotherapy", kind="procedure", code="37241")
    rule.orders.set([DischargeOrder.objects.get(key=ORDER)])
    settings.ADT_SENDING_FACILITIES = [FACILITY]
    discharged_at = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)

    listener_seconds, accepted = _through_listener("L", discharged_at)
    api_seconds, created = _through_api("A", discharged_at)
    assert accepted == MESSAGES, f"only {accepted} of {MESSAGES} messages were acknowledged AA"
    assert created == MESSAGES, f"only {created} of {MESSAGES} discharges were created through the API"
    calls_hl7 = CallScheduleItem.objects.filter(patient__external_id__startswith="LMRN").count()
    calls_api = CallScheduleItem.objects.filter(patient__external_id__startswith="AMRN").count()
    assert calls_hl7 == calls_api > 0, (calls_hl7, calls_api)

    rate, base = MESSAGES / listener_seconds, MESSAGES / api_seconds
    report.add(
        Row(
            "adt",
            f"{MESSAGES} A03 discharges (patient + discharge + {calls_hl7 // MESSAGES} call each) through the MLLP "
            f"listener, {CLIENTS} concurrent clients",
            f"{rate:,.0f} messages/s",
            f"the same discharges POSTed to the REST API (patient + discharge, in-process client) {base:,.0f}/s",
            f"{rate / base:.2f}",
            ">= 0.5",
            rate / base >= 0.5,
            "the listener also parses, stores the raw message and its log row, and answers over TCP",
        )
    )
