"""Production settings for the proxy, SSO, metrics and MFA: bad values stop the process with a
message naming the variable; good ones take effect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[2]
STRONG = "k3J9-xQv_2LmZp8RtYw0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"
OIDC = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_RP_CLIENT_ID": "postop",
    "OIDC_RP_CLIENT_SECRET": "secret-from-the-idp",
    "OIDC_GROUP_MAP": "nurses=Nurses",
}


def settings_with(**extra: str) -> subprocess.CompletedProcess[str]:
    """Starts Django with DEBUG off and these variables; prints a few resolved settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "METRICS_", "SECURE_"))}
    env.update({"DJANGO_DEBUG": "0", "SECRET_KEY": STRONG, "ALLOWED_HOSTS": "portal.example", **extra})
    env["DJANGO_SETTINGS_MODULE"] = "postop.settings"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None)); print(s.AUTHENTICATION_BACKENDS); "
        "print(s.OIDC_GROUP_MAP); print(s.LOG_FORMAT); print(s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT)"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_production_defaults_json_logs_and_no_proxy_header_trust():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    proxy, backends, _group_map, log_format, redirect = result.stdout.splitlines()
    assert proxy == "None"  # a client's X-Forwarded-Proto is not trusted unless a proxy is declared
    assert "GroupMappingOIDCBackend" not in backends
    assert log_format == "json"
    # Everything moves to HTTPS except the load balancer's probes (no cookies, no patient data).
    assert redirect == "True ['^healthz$', '^readyz$']"


def test_the_proxy_header_is_honoured_when_configured():
    result = settings_with(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_a_malformed_proxy_header_is_refused():
    result = settings_with(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https")
    assert result.returncode != 0 and "SECURE_PROXY_SSL_HEADER must be a header name" in result.stderr


def test_full_oidc_settings_turn_sso_on():
    result = settings_with(**OIDC)
    assert result.returncode == 0, result.stderr
    _, backends, group_map, _, _ = result.stdout.splitlines()
    assert "postop.auth.oidc.GroupMappingOIDCBackend" in backends
    assert group_map == "{'nurses': 'Nurses'}"


def test_half_configured_oidc_is_refused_naming_what_is_missing():
    partial = {k: v for k, v in OIDC.items() if k != "OIDC_RP_CLIENT_SECRET"}
    result = settings_with(**partial)
    assert result.returncode != 0
    assert "OpenID Connect is half configured" in result.stderr and "Missing: OIDC_RP_CLIENT_SECRET" in result.stderr


def test_sso_without_a_group_map_is_refused():
    result = settings_with(**{**OIDC, "OIDC_GROUP_MAP": ""})
    assert result.returncode != 0 and "OIDC_GROUP_MAP must map at least one" in result.stderr


def test_a_group_map_alone_does_not_turn_sso_on():
    result = settings_with(OIDC_GROUP_MAP="nurses=Nurses")
    assert result.returncode == 0, result.stderr
    assert "GroupMappingOIDCBackend" not in result.stdout.splitlines()[1]


def test_a_malformed_group_map_is_refused():
    result = settings_with(**{**OIDC, "OIDC_GROUP_MAP": "nurses"})
    assert result.returncode != 0 and "OIDC_GROUP_MAP entries look like idp-group=Nurses" in result.stderr


def test_a_bad_metrics_network_is_refused():
    result = settings_with(METRICS_ALLOWED_NETWORKS="10.0.0.0/8,not-a-network")
    assert result.returncode != 0 and "METRICS_ALLOWED_NETWORKS" in result.stderr and "not-a-network" in result.stderr


def test_a_group_map_naming_an_unknown_role_fails_the_system_check(settings):
    settings.OIDC_GROUP_MAP = {"nurses": "Nurse"}  # the role is "Nurses"
    with pytest.raises(SystemCheckError, match="not a portal role"):
        call_command("check")
