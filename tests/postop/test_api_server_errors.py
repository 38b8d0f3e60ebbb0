"""An unexpected error in the API is a JSON 500 without the exception's text (item 20)."""

from __future__ import annotations

import pytest
from django.test import Client

from calls.apis import CallViewSet

pytestmark = pytest.mark.django_db

SECRET = "Maria Lopez +16175550142 exploded"


@pytest.fixture
def failing_list(monkeypatch):
    def boom(self, request, *args, **kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(CallViewSet, "list", boom)


def test_an_api_500_is_json_without_the_exception_text(nurse, failing_list, caplog, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(nurse)
    response = client.get("/api/v1/calls/", HTTP_ACCEPT="text/html,*/*")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "The server failed to handle this request. Nothing was changed by it; try again later."
    }
    assert "Maria" not in response.content.decode() and "6175550142" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_handler500_answers_json_under_api_and_html_elsewhere(rf):
    from postop.views import server_error

    api = server_error(rf.get("/api/v1/calls/"))
    assert api.status_code == 500 and api["Content-Type"].startswith("application/json")
    page = server_error(rf.get("/calls/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
