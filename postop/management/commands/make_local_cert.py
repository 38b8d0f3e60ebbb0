"""A self-signed TLS certificate for running the production stack on one machine (`make serve`).

Production uses the hospital's certificate on the reverse proxy (deploy/nginx/postop.conf);
this is for trying the stack with DJANGO_DEBUG=0 locally, where secure cookies need HTTPS.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Write a self-signed certificate and key (cert.pem, key.pem) for local HTTPS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, help="Directory for cert.pem and key.pem")
        parser.add_argument("--host", action="append", default=[], help="Host name or IP (repeatable)")
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        hosts = options["host"] or ["127.0.0.1", "localhost"]
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                if not host.replace("-", "").replace(".", "").isalnum():
                    raise CommandError(f"--host {host!r} is neither an IP address nor a host name") from None
                names.append(x509.DNSName(host))
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=options["days"]))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        (out / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path = out / "key.pem"
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        key_path.chmod(0o600)
        self.stdout.write(f"Wrote {out / 'cert.pem'} and {key_path} for {', '.join(hosts)}")
