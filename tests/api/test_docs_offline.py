"""Swagger UI is served with its assets from this server: clinic networks and the CSP must not need a CDN."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_swagger_ui_loads_its_assets_locally(nurse_client):
    response = nurse_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any("swagger-ui" in a for a in assets), assets
    external = [a for a in assets if a.startswith(("http://", "https://", "//"))]
    assert external == []
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
