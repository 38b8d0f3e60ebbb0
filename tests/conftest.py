"""Personas and shared fixtures: a nurse, an admin, a stranger (no staff rights)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AdminFactory, NurseFactory, UserFactory


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
