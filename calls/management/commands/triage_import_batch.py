"""`python manage.py triage_import_batch SOURCE FILE --language en`: copy a batch into the evaluation data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Check a batch written elsewhere with the evaluation checker, store tier-none keys as null, drop lines "
        "repeating another evaluation file's text or id, and write it into calls/triage/evaluation/. Prints counts "
        "and dropped ids only, never a text. Register the file in split.BATCHES afterwards."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "file", help="the file name to write in calls/triage/evaluation/, e.g. utterances_dev_fresh7.jsonl"
        )
        parser.add_argument("--language", choices=["en", "es"], required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        from calls.triage.evaluation.batch_import import batch_import
        from calls.triage.evaluation.split import DATA_DIR, DatasetError

        name = options["file"]
        if Path(name).name != name or not name.endswith(".jsonl"):
            raise CommandError("file must be a bare .jsonl file name; it is written in calls/triage/evaluation/.")
        try:
            result = batch_import(source=options["source"], destination=DATA_DIR / name, language=options["language"])
        except DatasetError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{name}: {result.kept} lines kept, {result.nulled_keys} tier-none keys stored as null, "
            f"{len(result.repeated_text)} dropped repeating another file's text {result.repeated_text}, "
            f"{len(result.clashing_id)} dropped for an id clash {result.clashing_id}"
        )
