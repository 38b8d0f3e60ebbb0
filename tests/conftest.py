"""Personas and shared fixtures: a nurse, an admin, a stranger (no staff rights)."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from django.test import Client

from tests.factories import AdminFactory, NurseFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """SQLite tests use a database file per test process, not Django's shared in-memory database.

    With the in-memory database the live server's request threads all share the test's one
    connection; the agent posts several requests at once (transcript, triage, answers), and two
    atomic blocks interleaved on that shared connection break it for every later live-server test
    ("TransactionManagementError"). A file gives each thread its own connection (WAL, busy timeout),
    as in production.
    """
    import os
    import tempfile
    from pathlib import Path

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and not (db.get("TEST") or {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(Path(tempfile.gettempdir()) / f"postop-test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _password_sessions_passed_mfa(request, settings):
    """Sessions made by force_login or the login form count as having passed TOTP MFA, so the
    portal tests exercise the portal; tests marked `mfa` (tests/postop/test_mfa.py) keep the
    production rule (MFA_REQUIRED, on by default and refused off with DJANGO_DEBUG=0)."""
    if request.node.get_closest_marker("mfa") is None:
        settings.MFA_REQUIRED = False


@pytest.fixture
def nurse(db):
    return NurseFactory(username="nurse.jackie", first_name="Jackie", last_name="Peyton")


@pytest.fixture
def admin_user(db):
    return AdminFactory(username="compliance.admin")


@pytest.fixture
def stranger(db):
    """Logged in, but not clinic staff."""
    return UserFactory(username="stranger", is_staff=False)


@pytest.fixture
def nurse_client(nurse) -> Client:
    client = Client()
    client.force_login(nurse)
    return client


@pytest.fixture
def admin_client_(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def livekit(settings):
    """A LiveKit stand-in on 127.0.0.1 (tests/calls/livekit_peer.py) with the livekit dialer pointed at it."""
    from tests.calls.livekit_peer import point_settings_at, running_peer

    with running_peer() as peer:
        point_settings_at(settings, peer)
        yield peer


@pytest.fixture
def catalog(db) -> dict:
    """The shipped discharge order catalog, loaded by its management command: {key: DischargeOrder}."""
    from io import StringIO

    from django.core.management import call_command

    from orders.catalog import CATALOG_KEYS
    from orders.models import DischargeOrder

    call_command("load_order_catalog", stdout=StringIO())
    return {order.key: order for order in DischargeOrder.objects.filter(key__in=CATALOG_KEYS)}


@pytest.fixture
def knowledge_base(db):
    """The sample knowledge corpus loaded, with a fresh index (lookups see exactly this test's documents)."""
    from knowledge.rag import reset_index
    from knowledge.services import sample_corpus_load

    reset_index()
    sample_corpus_load()
    yield
    reset_index()


@pytest.fixture(scope="session")
def triage_loaded():
    """The red-flag pipelines loaded before a call: the first load (spaCy, both catalogues) can take longer
    than the agent's 10-second triage request on a busy machine, and the live server loads them lazily."""
    from calls.triage.rules import warm_up

    warm_up()


@pytest.fixture
def portal(live_server, settings, monkeypatch, triage_loaded):
    """A live portal for simulated calls: the simulated dialer, the offline scripted model, django-q tasks run
    in place. Modules that need an agent-side portal (tests/agent_worker) define their own."""
    from django_q.conf import Conf

    settings.PORTAL_URL = live_server.url
    settings.DIALER_BACKEND = "simulated"
    settings.OPENAI_API_KEY = ""  # the offline scripted model
    monkeypatch.setattr(Conf, "SYNC", True)
    return live_server


@pytest.fixture
def scripted_dialer(monkeypatch):
    """Use a SimulatedDialer with a chosen patient scenario and answers for the next calls."""
    from calls.dialing.simulated import SimulatedDialer

    def install(scenario: str | None = "cooperative", answers: dict[str, list[str]] | None = None) -> SimulatedDialer:
        dialer = SimulatedDialer(scenario=scenario, answers=answers)
        monkeypatch.setattr("calls.dialing.backends.get_backend", lambda name=None: dialer)
        return dialer

    return install


class _LogLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot be formatted is not ours to judge here
            self.lines.append(str(record.msg))


def _phi_patterns(patient) -> list[tuple[str, re.Pattern[str]]]:
    """A patient's name, phone (national digits and the last 7) and date of birth as log patterns."""
    found = []
    for label, value in (("first name", patient.first_name), ("last name", patient.last_name)):
        if value and len(value) > 2:
            found.append((label, re.compile(rf"\b{re.escape(value)}\b")))
    digits = re.sub(r"\D", "", patient.phone or "")
    if len(digits) >= 10:
        national = digits[-10:]
        found.append(("phone", re.compile(rf"{national}|{national[3:6]}[-. ]?{national[6:]}")))
    if patient.date_of_birth:
        dob = patient.date_of_birth
        if isinstance(dob, str):  # a factory given "YYYY-MM-DD" keeps the string until the row is read back
            dob = date.fromisoformat(dob)
        found.append(("date of birth", re.compile(rf"{dob.isoformat()}|{dob.month:02d}/{dob.day:02d}/{dob.year}")))
    return found


@pytest.fixture(autouse=True)
def _no_patient_details_in_logs(request):
    """Every test: no log line written while it ran, at the level production logs (LOG_LEVEL, INFO),
    by web requests, jobs, the agent or libraries,
    holds the name, phone or date of birth of a patient the test created (tests/postop/
    test_logs_no_phi.py searches DEBUG too). Tests that log such a
    line on purpose (to prove a check can fail) are marked `logs_phi_on_purpose`."""
    if request.node.get_closest_marker("logs_phi_on_purpose"):
        yield
        return
    from django.db.models.signals import post_save

    from patients.models import Patient
    from postop.telemetry.logging import ContextFilter, JsonLineFormatter

    patients: dict[int, Patient] = {}

    def remember(sender, instance, **kwargs) -> None:
        patients[id(instance)] = instance

    handler = _LogLines()
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    post_save.connect(remember, sender=Patient, dispatch_uid="tests.no_phi_in_logs", weak=False)
    try:
        yield
    finally:
        post_save.disconnect(sender=Patient, dispatch_uid="tests.no_phi_in_logs")
        root.removeHandler(handler)
    leaks = [
        f"{label} in: {line[:300]}"
        for patient in patients.values()
        for label, pattern in _phi_patterns(patient)
        for line in handler.lines
        if pattern.search(line)
    ]
    if leaks:
        pytest.fail("log lines hold a test patient's details:\n" + "\n".join(leaks[:5]), pytrace=False)
