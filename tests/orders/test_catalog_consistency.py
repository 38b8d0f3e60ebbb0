"""Every number a patient hears from a call (the order catalog) matches the knowledge base for that procedure."""

from __future__ import annotations

import re

import pytest

from knowledge.services import sample_corpus_read
from orders.catalog import CHOLECYSTECTOMY, GENERAL, ORDER_CATALOG, TONSILLECTOMY, VENOUS_MALFORMATION

ORDERS = {o["key"]: o for o in ORDER_CATALOG}
DOCS = {r["slug"]: r for r in sample_corpus_read()}

# (order key, what the number is, pattern in the order's instructions, document slug, pattern in its content)
FACTS = [
    (
        "vm_compression",
        "hours the first bandage stays on",
        r"on for (\d+) hours",
        "compression-how-long",
        r"on for (\d+) hours",
    ),
    (
        "vm_compression",
        "days of compression as tolerated",
        r"for (\d+) days",
        "compression-how-long",
        r"tolerate for (\d+) days",
    ),
    ("vm_activity", "days without sports or gym", r"for (\d+) days", "recovery-sports", r"rough play for (\d+) days"),
    (
        "vm_activity",
        "days without heavy lifting",
        r"lifting for (\d+) days",
        "recovery-lifting",
        r"lifting for (\d+) days",
    ),
    (
        "vm_activity",
        "days without gym at school",
        r"gym class .*?for (\d+) days",
        "recovery-school-daycare",
        r"sports for (\d+) days",
    ),
    (
        "vm_wound_care",
        "hours the sites stay dry",
        r"dry for (\d+) hours",
        "wound-puncture-site-care",
        r"first (\d+) hours",
    ),
    (
        "vm_wound_care",
        "hours before a shower",
        r"shower after (\d+) hours",
        "recovery-bathing",
        r"After (\d+) hours a short shower",
    ),
    (
        "vm_wound_care",
        "weeks without baths or swimming",
        r"swimming for (\d+) week",
        "recovery-swimming",
        r"No swimming for (\d+) week",
    ),
    (
        "vm_wound_care",
        "weeks without a bath",
        r"baths or swimming for (\d+) week",
        "recovery-bathing",
        r"bath tub for (\d+) week",
    ),
    (
        "chole_incision_care",
        "hours before a shower",
        r"shower (\d+) hours",
        "cholecystectomy-incision-care",
        r"shower (\d+) hours",
    ),
    (
        "chole_incision_care",
        "weeks without baths or swimming",
        r"swimming for (\d+) weeks",
        "cholecystectomy-bathing",
        r"swimming for (\d+) weeks",
    ),
    (
        "chole_activity",
        "pounds of lifting",
        r"heavier than (\d+) pounds",
        "cholecystectomy-lifting",
        r"heavier than (\d+) pounds",
    ),
    (
        "chole_activity",
        "weeks without lifting",
        r"pounds for (\d+) weeks",
        "cholecystectomy-lifting",
        r"for (\d+) weeks after",
    ),
    (
        "chole_activity",
        "weeks without sports",
        r"exercise for (\d+) weeks",
        "cholecystectomy-sports",
        r"exercise for (\d+) weeks",
    ),
    ("chole_diet", "weeks of low-fat meals", r"first (week)", "cholecystectomy-diet", r"first (week)"),
    ("tonsil_school", "days before school", r"daycare (\d+) days", "tonsillectomy-school", r"daycare (\d+) days"),
    ("tonsil_school", "weeks without sports", r"play for (\d+) weeks", "tonsillectomy-sports", r"play for (\d+) weeks"),
    (
        "tonsil_fluids",
        "weeks without crunchy food",
        r"chips for (\d+) weeks",
        "tonsillectomy-drinking-eating",
        r"chips for (\d+) weeks",
    ),
    (
        "tonsil_fluids",
        "hours without urination",
        r"urination for (\d+) hours",
        "tonsillectomy-drinking-eating",
        r"urination for (\d+) hours",
    ),
    (
        "tonsil_bleeding_watch",
        "first day of the bleeding window",
        r"most likely (\d+) to",
        "tonsillectomy-bleeding",
        r"most often (\d+) to",
    ),
    (
        "tonsil_bleeding_watch",
        "last day of the bleeding window",
        r"to (\d+) days",
        "tonsillectomy-bleeding",
        r"to (\d+) days",
    ),
]


def _number(pattern: str, text: str, where: str) -> str:
    match = re.search(pattern, text)
    assert match, f"{where}: no match for {pattern!r}"
    return match.group(1)


@pytest.mark.parametrize(("key", "what", "in_order", "slug", "in_doc"), FACTS, ids=[f"{f[0]}:{f[1]}" for f in FACTS])
def test_the_order_and_the_document_give_the_same_number(key, what, in_order, slug, in_doc):
    told = _number(in_order, ORDERS[key]["instructions"], key)
    heard = _number(in_doc, DOCS[slug]["content"], slug)
    assert told == heard, f"{what}: the order says {told}, the document {slug} says {heard}"


def test_each_fact_compares_documents_of_the_orders_procedure():
    groups = {
        VENOUS_MALFORMATION: "venous-malformation",
        CHOLECYSTECTOMY: "laparoscopic-cholecystectomy",
        TONSILLECTOMY: "tonsillectomy",
        GENERAL: "general",
    }
    for key, _what, _p, slug, _q in FACTS:
        assert DOCS[slug]["procedure_groups"] in ([groups[ORDERS[key]["procedure_group"]]], ["general"]), slug


FEVER = re.compile(r"(\d{2,3}(?:\.\d)?)\s*°?\s*F\b")


# The baby-under-three-months document, in English and in its Spanish translation.
BABY_FEVER_DOCUMENTS = ("fever-emergency", "fever-emergency-es")


def test_every_fever_threshold_is_101_f_or_38_3_c():
    """CLINICAL.md: call the clinic for 101 F (38.3 C) or higher. A baby under three months is the one exception."""
    texts = [(o["key"], o["instructions"]) for o in ORDER_CATALOG] + [(r["slug"], r["content"]) for r in DOCS.values()]
    seen = 0
    for name, text in texts:
        for match in FEVER.finditer(text):
            if name in BABY_FEVER_DOCUMENTS and match.group(1) == "100.4":
                continue
            assert match.group(1) == "101", f"{name} gives a fever line of {match.group(1)} F"
            seen += 1
        for celsius in re.findall(r"(\d{2}(?:\.\d)?)\s*°?\s*C\b", text):
            assert celsius in ("38.3", "38") and (celsius == "38.3" or name in BABY_FEVER_DOCUMENTS), name
    assert seen >= 8


def test_the_catalog_covers_three_procedures_and_general_care():
    groups = {o["procedure_group"] for o in ORDER_CATALOG}
    assert groups == {VENOUS_MALFORMATION, CHOLECYSTECTOMY, TONSILLECTOMY, GENERAL}


def test_every_call_has_a_spoken_purpose_that_is_not_the_order_title():
    for order in ORDER_CATALOG:
        purpose = order["call_template"].get("purpose", "")
        assert purpose and purpose != order["title"] and purpose[0].islower(), order["key"]
        assert "{" not in purpose and len(purpose) <= 120, order["key"]


@pytest.mark.django_db
def test_generated_calls_carry_the_spoken_purpose_and_new_procedures_schedule_calls():
    from django.core.management import call_command

    from calls.scheduler import generate_calls_for_discharge
    from orders.models import DischargeOrder
    from tests.factories import DischargeFactory

    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    discharge = DischargeFactory(procedure="Laparoscopic cholecystectomy")
    discharge.orders.set(DischargeOrder.objects.filter(procedure_group__in=[CHOLECYSTECTOMY, TONSILLECTOMY]))
    calls = generate_calls_for_discharge(discharge)
    new_procedures = {o["key"] for o in ORDER_CATALOG if o["procedure_group"] in (CHOLECYSTECTOMY, TONSILLECTOMY)}
    assert {c.order.key for c in calls} == new_procedures
    for call in calls:
        assert call.purpose == ORDERS[call.order.key]["call_template"]["purpose"]
