"""Start the test identity provider as a real process, and sign in through it like a browser."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.patience import patience

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID = "postop-portal"
CLIENT_SECRET = "postop-portal-test-secret-0123456789"
PASSWORD = "idp-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + patience(timeout)
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
        except (httpx.HTTPError, OSError) as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {patience(timeout):.0f} s waiting for {what} (last: {last!r})")


@dataclass
class Provider:
    url: str
    env: dict[str, str]
    log: Path
    users: dict[str, str] = field(default_factory=dict)

    def control(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "tests.oidc_provider.control", *args], cwd=REPO, env=self.env, check=True)

    def add_user(self, username: str, groups: list[str]) -> None:
        self.control("user", username, PASSWORD, ",".join(groups))

    def portal_settings(self, group_map: str) -> dict[str, str]:
        """The portal's OIDC_* environment for this provider."""
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/o/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/o/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/o/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/o/.well-known/jwks.json",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_GROUP_MAP": group_map,
            "OIDC_PROVIDER_NAME": "Hospital SSO",
        }


@contextmanager
def running_provider(tmp: Path, redirect_uri: str) -> Iterator[Provider]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = tmp / "idp-key.pem"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(tmp / "idp.sqlite3"),
        "OIDC_PROVIDER_KEY": str(key_file),
        "PYTHONPATH": str(REPO),
    }
    port = free_port()
    provider = Provider(url=f"http://127.0.0.1:{port}", env=env, log=tmp / "idp.log")
    provider.control("setup", redirect_uri, CLIENT_ID, CLIENT_SECRET)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with provider.log.open("wb") as log:
        process = subprocess.Popen(
            [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "tests.oidc_provider.wsgi:application"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(
                lambda: httpx.get(f"{provider.url}/o/.well-known/openid-configuration/").status_code == 200,
                timeout=60,
                what="the identity provider to start",
            )
            yield provider
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def sso_login(client: httpx.Client, portal_url: str, username: str, password: str = PASSWORD) -> httpx.Response:
    """What a browser does: portal -> provider's login form -> provider -> portal callback.

    Returns the portal's last answer (the dashboard, or the login page when refused)."""
    form = client.get(f"{portal_url}/oidc/authenticate/", follow_redirects=True)
    assert "Hospital sign-in" in form.text, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    next_value = re.search(r'name="next" value="([^"]*)"', form.text).group(1).replace("&amp;", "&")
    return client.post(
        str(form.url),
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": next_value},
        headers={"Referer": str(form.url)},
        follow_redirects=True,
    )
