"""Every URL of the project is closed to anonymous users, except the login page and static files."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Paths that are meant to be reachable without a session: signing in (locally or through the
# identity provider, whose callback checks its own state), and the probes for load balancers
# and Prometheus (tests/postop/test_health.py and test_metrics.py check what they reveal).
PUBLIC = {"login/", "admin/login/", "oidc/authenticate/", "oidc/callback/", "healthz", "readyz", "metrics"}


def walk(patterns: list, prefix: str = "") -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(walk(entry.url_patterns, route))
        elif isinstance(entry, URLPattern):
            found.append((route, entry.name))
    return found


def concrete(route: str) -> str:
    """Fill path converters and regex groups with plausible values."""
    route = re.sub(r"<(?:(?:int|str|slug|uuid|path):)?(\w+)>", "1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    route = re.sub(r"\(\?:[^)]*\)\??", "", route)
    return "/" + route


ROUTES = walk(get_resolver().url_patterns)


def test_the_walk_finds_the_portal_api_and_admin():
    paths = {concrete(route) for route, _ in ROUTES}
    assert "/" in paths
    assert "/login/" in paths
    assert any(p.startswith("/admin/") for p in paths)
    assert any(p.startswith("/api/v1/") for p in paths)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[r for r, _ in ROUTES])
def test_anonymous_is_turned_away(client, route, name):
    path = concrete(route)
    if route in PUBLIC:
        pytest.skip("public by design")
    answered = []
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        answered.append(response.status_code)
        if response.status_code == 404:
            continue  # e.g. a detail view whose queryset is checked before auth; the other method must answer
        assert response.status_code in (302, 401, 403), f"{method.upper()} {path} answered {response.status_code}"
        if response.status_code == 302:
            assert "/login/" in response["Location"], f"{path} redirects to {response['Location']}"
    assert answered != [404, 404], f"{path} did not resolve; teach concrete() its converter"


@pytest.mark.django_db
def test_login_page_is_public(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert b"Sign in" in response.content


@pytest.mark.django_db
def test_logged_in_stranger_without_staff_rights_is_refused(client, stranger):
    client.force_login(stranger)
    assert client.get("/").status_code == 403


@pytest.mark.django_db
def test_nurse_sees_the_dashboard(nurse_client):
    response = nurse_client.get("/")
    assert response.status_code == 200
    assert b"Dashboard" in response.content
