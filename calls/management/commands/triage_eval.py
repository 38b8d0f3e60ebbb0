"""`python manage.py triage_eval` (make eval): the red-flag rules measured on the labelled set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from calls.triage.evaluation.split import Role, batch_names, batches


def _described(role: Role) -> str:
    return ", ".join(f"{b.name} ({b.language})" for b in batches(role=role))


class Command(BaseCommand):
    help = (
        "Recall per tier, false alarms and tier confusion of the red-flag rules (English then Spanish; test half, "
        "then dev half)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--half",
            # Every batch registered in calls/triage/evaluation/split.py (BATCHES), so adding one is one entry there.
            choices=["test", "dev", "both", *batch_names()],
            default="both",
            help=f"test, dev, both (the labelled set), or a registered batch: development, misses listed: "
            f"{_described('development')}; held out, never tuned on, scored without its misses: "
            f"{_described('held_out')}. With --language all, a batch is scored in each language it is registered in.",
        )
        parser.add_argument("--language", choices=["en", "es", "all"], default="all")
        parser.add_argument(
            "--set",
            choices=["extra", *(b.name for b in batches("es"))],
            help="The same as --half NAME --language es (extra: dev_extra), kept for the Spanish batches.",
        )

        parser.add_argument(
            "--words-only",
            action="store_true",
            help="Read every row with speaker=None (the words alone decide who is meant), instead of as a call hears "
            "it: rows written by a caregiver or a parent read with speaker=caregiver (the identity check records who "
            "answered; a child patient's age says a parent speaks).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from calls.triage.evaluation.report import render, run
        from calls.triage.evaluation.split import batch, load

        words_only = options["words_only"]
        if options["set"]:
            options["half"] = "dev_extra" if options["set"] == "extra" else options["set"]
            options["language"] = "es"
        half = options["half"]
        halves = ["test", "dev"] if half == "both" else [half]
        languages = ["en", "es"] if options["language"] == "all" else [options["language"]]
        if half not in ("test", "dev", "both"):
            registered = {b.language for b in batches() if b.name == half}
            languages = [language for language in languages if language in registered]
            if not languages:
                raise CommandError(f"{half} is registered for {sorted(registered)} only, not {options['language']}.")
        # Misses are listed by id on development data only: the test half and held-out batches are never tuned on.
        blocks = [
            render(
                run(name, load(name, language=language), language=language, words_only=words_only)
                if name not in ("test", "dev")
                else run(name, language=language, words_only=words_only),
                list_misses=name == "dev" or (name != "test" and not batch(name, language).held_out),
            )
            for language in languages
            for name in halves
        ]
        self.stdout.write("\n\n".join(blocks))
