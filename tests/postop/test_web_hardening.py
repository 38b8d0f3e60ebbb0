"""Headers and formats every response carries (issue 22 items 13, 14, 15, 20)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import CallRecordFactory

pytestmark = pytest.mark.django_db


def templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        p
        for p in root.rglob("*.html")
        if not any(part in (".venv", ".tools", "node_modules", "staticfiles", "tests") for part in p.parts)
    ]


def test_content_security_policy_allows_only_our_own_scripts(nurse_client):
    response = nurse_client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_an_inline_script_style_or_event_handler():
    offenders = []
    for path in templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0) and 'type="application/json"' not in match.group(0):
                offenders.append(f"{path}: {match.group(0)}")
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"\s(on[a-z]+)=[\"']", text)]
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"hx-on[:\w-]*=", text)]
        # Inline styles are refused by style-src 'self' too (Swagger's page is the one exception, in its view).
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"\sstyle=[\"']|<style\b", text)]
    assert offenders == []
    assert len(templates()) > 10


def test_portal_pages_and_api_answers_are_never_stored(nurse_client):
    record = CallRecordFactory()
    for url in ["/", f"/calls/{record.call_id}/", f"/patients/{record.call.patient_id}/", "/api/v1/calls/"]:
        response = nurse_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    # An API error too.
    assert "no-store" in Client().get("/api/v1/calls/")["Cache-Control"]


def test_the_api_speaks_json_only_even_to_a_browser(nurse_client):
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = nurse_client.get("/api/v1/calls/", HTTP_ACCEPT=browser_accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert nurse_client.get("/api/v1/calls/", {"format": "api"}).status_code == 404
    html_only = nurse_client.get("/api/v1/calls/", HTTP_ACCEPT="text/html")
    assert html_only.status_code == 406 and html_only["Content-Type"].startswith("application/json")


def test_the_api_refuses_form_posts(nurse_client):
    call = CallRecordFactory().call
    response = nurse_client.post(f"/api/v1/calls/{call.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 415
