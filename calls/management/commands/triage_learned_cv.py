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
        parser.add_argument(
            "--with-rules",
            type=float,
            metavar="THRESHOLD",
            help="instead, per left-out file: the rules alone against the rules with the stage at THRESHOLD",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from calls.triage.evaluation.learned_cv import cross_validate, render, render_with_rules, with_rules

        languages = ["en", "es"] if options["language"] == "all" else [options["language"]]
        if options["with_rules"] is not None:
            threshold, veto = options["with_rules"], not options["no_context_veto"]
            self.stdout.write(
                "\n\n".join(
                    render_with_rules(language, threshold, with_rules(language, threshold, context_veto=veto))
                    for language in languages
                )
            )
            return
        self.stdout.write(
            "\n\n".join(
                render(cross_validate(language, context_veto=not options["no_context_veto"])) for language in languages
            )
        )
