"""Patient searches never put a name, MRN or phone in a URL (issue 22, item 7): the portal's search and
the discharge page's picker POST the text; result pages carry an opaque token."""

from __future__ import annotations

import re

import pytest

from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_the_discharge_pages_picker_posts_its_search(nurse_client, catalog):
    html = nurse_client.get("/patients/discharge/").content.decode()
    search = re.search(r'<input id="patient-search"[^>]*>', html).group(0)
    assert "hx-post=" in search and "hx-get" not in search
    assert "?q=" not in html and "picker=1" not in search.split("hx-vals")[0]


def test_the_patient_list_search_form_posts(nurse_client):
    html = nurse_client.get("/patients/").content.decode()
    form = re.search(r'<form class="card search"[^>]*>', html).group(0)
    assert 'method="post"' in form and "hx-post=" in form and "hx-get" not in form


def test_a_search_redirects_to_an_opaque_address_that_pages_without_the_text(nurse_client):
    PatientFactory.create_batch(30, last_name="Quistgaard")
    PatientFactory(last_name="Other")
    response = nurse_client.post("/patients/", {"q": "Quistgaard"})
    assert response.status_code == 302
    address = response["Location"]
    assert "Quistgaard" not in address.lower() and re.fullmatch(r"/patients/\?s=[\w-]+", address)
    first = nurse_client.get(address)
    assert first.context["page"].paginator.count == 30 and first.context["text"] == "Quistgaard"
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', first.content.decode()).group(1).replace("&amp;", "&")
    assert "quist" not in next_link.lower()
    assert len(nurse_client.get(next_link).context["page"].object_list) == 5


def test_an_htmx_search_pushes_the_opaque_address(nurse_client):
    PatientFactory(last_name="Fragmentary")
    response = nurse_client.post("/patients/", {"q": "Fragmentary"}, headers={"HX-Request": "true"})
    assert "Fragmentary" in response.content.decode()
    assert re.fullmatch(r"/patients/\?s=[\w-]+", response["HX-Push-Url"])


def test_a_name_in_the_query_string_searches_nothing(nurse_client):
    PatientFactory(last_name="Quist")
    PatientFactory(last_name="Other")
    response = nurse_client.get("/patients/", {"q": "Quist"})
    assert response.context["page"].paginator.count == 2  # ignored: names do not go in URLs
    assert nurse_client.get("/patients/", {"s": "made-up"}).context["expired"] is True


def test_another_users_token_finds_nothing(nurse_client, client, nurse):
    from tests.factories import NurseFactory

    PatientFactory(last_name="Quist")
    address = nurse_client.post("/patients/", {"q": "Quist"})["Location"]
    client.force_login(NurseFactory())
    assert client.get(address).context["text"] == ""
