"""The OpenAPI schema and Swagger UI: staff with API access only; signed-out browsers go to the login (item 15)."""

from __future__ import annotations

import pytest
from django.test import Client

from postop.services import api_key_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_signed_in_non_staff_user_cannot_read_the_schema_or_swagger(stranger):
    client = Client()
    client.force_login(stranger)
    assert client.get("/api/v1/schema/").status_code == 403
    assert client.get("/api/v1/docs/", HTTP_ACCEPT=BROWSER).status_code == 403


def test_staff_without_api_access_cannot_either():
    client = Client()
    client.force_login(UserFactory(username="no.role", is_staff=True))
    assert client.get("/api/v1/schema/").status_code == 403
    assert client.get("/api/v1/docs/").status_code == 403


def test_a_nurse_reads_both(nurse_client):
    assert nurse_client.get("/api/v1/schema/").status_code == 200
    page = nurse_client.get("/api/v1/docs/")
    assert page.status_code == 200
    # The start-up script is a file of its own (no inline script under the CSP).
    assert b"<script>" not in page.content and b"?script=" in page.content
    assert nurse_client.get("/api/v1/docs/?script=").status_code == 200


def test_an_integration_key_reads_the_schema():
    _, raw = api_key_create(name="epic-feed")
    assert Client(HTTP_AUTHORIZATION=f"Api-Key {raw}").get("/api/v1/schema/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/schema/"])
def test_a_signed_out_browser_is_sent_to_the_login_page_and_back(client, url):
    response = client.get(url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_a_signed_out_program_gets_a_json_401(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and response.json()["detail"]
