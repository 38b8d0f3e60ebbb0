"""Single sign-on against a real OpenID Connect provider process (tests/oidc_provider): groups map
onto portal roles, an unmapped person is refused, and revoking someone at the provider ends the
session. MFA stays enforced here (marker `mfa`): SSO sessions pass without a TOTP code."""

from __future__ import annotations

import httpx
import pytest
from django.contrib.auth import get_user_model

from postop.roles import CLINICAL_LEAD_GROUP, COMPLIANCE_GROUP, NURSE_GROUP
from tests.oidc_provider.server import running_provider, sso_login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.mfa]

GROUP_MAP = "hosp-nurses=Nurses,hosp-leads=Clinical lead,hosp-compliance=Compliance"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("idp"), f"{live_server.url}/oidc/callback/") as provider:
        yield provider


@pytest.fixture
def sso(settings, provider):
    for name, value in provider.portal_settings(GROUP_MAP).items():
        if name != "OIDC_GROUP_MAP":
            setattr(settings, name, value)
    settings.OIDC_GROUP_MAP = dict(pair.split("=") for pair in GROUP_MAP.split(","))
    settings.OIDC_ENABLED = True
    settings.OIDC_RECHECK_SECONDS = 300
    settings.AUTHENTICATION_BACKENDS = [
        "postop.auth.backends.LockoutBackend",
        "postop.auth.oidc.GroupMappingOIDCBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    return provider


def browser() -> httpx.Client:
    return httpx.Client(timeout=30)


def sso_user(username: str):
    return get_user_model().objects.get(email=f"{username}@hospital.example")


def test_the_login_page_offers_single_sign_on(sso, live_server):
    page = httpx.get(f"{live_server.url}/login/", timeout=30).text
    assert "Sign in with Hospital SSO" in page and 'href="/oidc/authenticate/"' in page


def test_a_nurse_signs_in_and_gets_the_nurses_role_without_a_totp_step(sso, live_server):
    sso.add_user("alice.nurse", ["hosp-nurses", "hosp-parking"])
    with browser() as client:
        response = sso_login(client, live_server.url, "alice.nurse")
        assert response.status_code == 200
        assert str(response.url) == f"{live_server.url}/"
        assert "Dashboard" in response.text and "Alice Tester" in response.text
        assert client.get(f"{live_server.url}/calls/").status_code == 200
    user = sso_user("alice.nurse")
    assert user.username.startswith("sso.") and user.is_staff and not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {NURSE_GROUP}


def test_several_provider_groups_give_several_roles(sso, live_server):
    sso.add_user("lee.lead", ["hosp-leads", "hosp-compliance"])
    with browser() as client:
        assert sso_login(client, live_server.url, "lee.lead").status_code == 200
    assert set(sso_user("lee.lead").groups.values_list("name", flat=True)) == {CLINICAL_LEAD_GROUP, COMPLIANCE_GROUP}


def test_a_person_with_no_mapped_group_is_refused(sso, live_server):
    sso.add_user("carl.cafeteria", ["hosp-cafeteria"])
    with browser() as client:
        response = sso_login(client, live_server.url, "carl.cafeteria")
        assert str(response.url).startswith(f"{live_server.url}/login/?sso=refused")
        assert "not in a group" in response.text
        # No session: the dashboard still sends them to sign in.
        again = client.get(f"{live_server.url}/", follow_redirects=False)
        assert again.status_code == 302 and again.headers["location"].startswith("/login/")
    assert not get_user_model().objects.filter(email="carl.cafeteria@hospital.example", groups__isnull=False).exists()


def test_a_person_revoked_at_the_provider_is_signed_out_and_cannot_return(sso, live_server, settings):
    sso.add_user("rita.nurse", ["hosp-nurses"])
    with browser() as client:
        assert sso_login(client, live_server.url, "rita.nurse").status_code == 200
        settings.OIDC_RECHECK_SECONDS = 0  # ask the provider on every request
        assert client.get(f"{live_server.url}/calls/").status_code == 200  # still allowed

        sso.control("revoke", "rita.nurse")
        ended = client.get(f"{live_server.url}/calls/", follow_redirects=False)
        assert ended.status_code == 302
        assert ended.headers["location"].startswith("/login/?signed_out=revoked")
        assert client.get(f"{live_server.url}/", follow_redirects=False).headers["location"].startswith("/login/")

        # Signing in again: the provider refuses her password, so the portal never sees her.
        again = sso_login(client, live_server.url, "rita.nurse")
        assert "Wrong username or password" in again.text
        assert str(again.url).startswith(sso.url)


def test_a_group_withdrawn_at_the_provider_takes_the_role_away(sso, live_server, settings):
    sso.add_user("sam.nurse", ["hosp-nurses"])
    with browser() as client:
        assert sso_login(client, live_server.url, "sam.nurse").status_code == 200
        settings.OIDC_RECHECK_SECONDS = 0
        sso.add_user("sam.nurse", ["hosp-cafeteria"])
        ended = client.get(f"{live_server.url}/", follow_redirects=False)
        assert ended.headers["location"].startswith("/login/?signed_out=revoked")
    assert not sso_user("sam.nurse").groups.exists()


def test_sso_is_off_without_configuration(live_server):
    assert httpx.get(f"{live_server.url}/oidc/authenticate/", timeout=30).status_code == 404
    assert "Sign in with" not in httpx.get(f"{live_server.url}/login/", timeout=30).text


# --- clinics from the provider's groups (postop/clinics.py) --------------------------------


@pytest.fixture
def clinic_groups(db):
    from postop.models import Clinic

    north = Clinic.objects.create(name="North clinic", slug="north", oidc_group="hosp-clinic-north")
    south = Clinic.objects.create(name="South clinic", slug="south", oidc_group="hosp-clinic-south")
    return north, south


def test_a_clinic_group_makes_the_nurse_a_member_of_that_clinic_only(sso, live_server, clinic_groups):
    from tests.factories import PatientFactory

    north, south = clinic_groups
    theirs, others = PatientFactory(clinic=north), PatientFactory(clinic=south)
    sso.add_user("nora.nurse", ["hosp-nurses", "hosp-clinic-north"])
    with browser() as client:
        assert sso_login(client, live_server.url, "nora.nurse").status_code == 200
        assert client.get(f"{live_server.url}/patients/{theirs.pk}/").status_code == 200
        assert client.get(f"{live_server.url}/patients/{others.pk}/").status_code == 404
    assert list(sso_user("nora.nurse").clinics.all()) == [north]


def test_a_role_without_a_clinic_group_is_refused_with_a_message_saying_so(sso, live_server, clinic_groups):
    sso.add_user("nick.nurse", ["hosp-nurses"])
    with browser() as client:
        response = sso_login(client, live_server.url, "nick.nurse")
        assert str(response.url).startswith(f"{live_server.url}/login/?sso=no-clinic")
        assert "in no clinic&#x27;s group" in response.text or "in no clinic's group" in response.text
        again = client.get(f"{live_server.url}/", follow_redirects=False)
        assert again.status_code == 302 and again.headers["location"].startswith("/login/")


def test_a_clinic_group_withdrawn_at_the_provider_ends_the_session(sso, live_server, settings, clinic_groups):
    sso.add_user("sue.nurse", ["hosp-nurses", "hosp-clinic-south"])
    with browser() as client:
        assert sso_login(client, live_server.url, "sue.nurse").status_code == 200
        settings.OIDC_RECHECK_SECONDS = 0
        sso.add_user("sue.nurse", ["hosp-nurses"])
        ended = client.get(f"{live_server.url}/", follow_redirects=False)
        assert ended.headers["location"].startswith("/login/?signed_out=revoked")
    assert not sso_user("sue.nurse").clinics.exists()
