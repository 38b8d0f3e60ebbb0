"""`python manage.py triage_learned_cv`: cross-validate the learned triage stage on development data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Cross-validation (each development file left out in turn) of the learned triage stage; picks a threshold."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--language", choices=["en", "es", "all"], default="all")
        parser.add_argument(
            "--no-context-veto", action="store_true", help="leave out the ConText veto (how THRESHOLDS were chosen)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from calls.triage.evaluation.learned_cv import cross_validate, render

        languages = ["en", "es"] if options["language"] == "all" else [options["language"]]
        self.stdout.write(
            "\n\n".join(
                render(cross_validate(language, context_veto=not options["no_context_veto"])) for language in languages
            )
        )
