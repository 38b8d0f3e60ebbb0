"""`python manage.py adt_listener`: receive the hospital's HL7 v2 ADT feed over MLLP."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from patients.adt.listener import serve


class Command(BaseCommand):
    help = "Listen for HL7 v2 ADT messages over MLLP and answer each with an ACK (Ctrl-C stops)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None, help="Address to bind (default ADT_LISTEN_HOST).")
        parser.add_argument("--port", type=int, default=None, help="Port to bind (default ADT_LISTEN_PORT).")

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"] or settings.ADT_LISTEN_HOST
        port = options["port"] if options["port"] is not None else settings.ADT_LISTEN_PORT
        if not settings.ADT_SENDING_FACILITIES:
            raise CommandError(
                "ADT_SENDING_FACILITIES is empty, so every message would be rejected. Set it to the MSH-4 "
                "sending facility values you accept, e.g. ADT_SENDING_FACILITIES=GENHOSP,NORTHCLINIC."
            )
        if not 0 <= port <= 65535:
            raise CommandError(f"--port must be between 0 and 65535, got {port}.")
        self.stdout.write(
            f"Listening for HL7 ADT over MLLP on {host}:{port}; accepting MSH-4 "
            f"{', '.join(settings.ADT_SENDING_FACILITIES)}. Ctrl-C stops."
        )
        try:
            with contextlib.suppress(KeyboardInterrupt):
                asyncio.run(serve(host, port, workers=settings.ADT_WORKERS))
        except OSError as exc:
            raise CommandError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None
