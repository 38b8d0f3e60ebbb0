"""`python manage.py triage_eval` (make eval): the red-flag rules measured on the labelled set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from calls.triage.evaluation.split import DEV_ONLY_FILES, HOLDOUT_FILES


class Command(BaseCommand):
    help = (
        "Recall per tier, false alarms and tier confusion of the red-flag rules (English then Spanish; test half, "
        "then dev half)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--half",
            # Every separate file registered in calls/triage/evaluation/split.py, so adding one is one edit there.
            choices=["test", "dev", "both", *DEV_ONLY_FILES, *HOLDOUT_FILES],
            default="both",
            help="dev_extra, dev_fresh, dev_fresh2, dev_fresh3, dev_fresh4, dev_fresh5: the development-only files "
            "(English), misses listed; holdout_fresh6: the held-out file (English, never tuned on), scored without its "
            "misses",
        )
        parser.add_argument("--language", choices=["en", "es", "all"], default="all")
        parser.add_argument(
            "--set",
            choices=["extra", "fresh1", "fresh2", "fresh3", "fresh4", "fresh5", "holdout_fresh6"],
            help="Instead of a half, a Spanish development-only file: extra (utterances_es_dev_extra.jsonl) or a "
            "fresh batch (utterances_es_dev_fresh1/2/3/4/5.jsonl), misses listed as for the dev half; or the held-out "
            "batch holdout_fresh6 (utterances_es_holdout_fresh6.jsonl: never tuned on, misses not listed).",
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
        from calls.triage.evaluation.split import DEV_ONLY_FILES, HOLDOUT_FILES, load

        words_only = options["words_only"]
        if options["set"]:
            from calls.triage.evaluation.dev_extra_es import (
                HOLDOUT_ES_PATHS,
                load_dev_extra_es,
                load_dev_fresh_es,
                load_holdout_es,
            )

            name = options["set"]
            if name in HOLDOUT_ES_PATHS:
                held_out = list(load_holdout_es(name))
                report = run(f"held-out {name}", held_out, language="es", words_only=words_only)
                self.stdout.write(render(report, list_misses=False))
                return
            rows = list(load_dev_extra_es() if name == "extra" else load_dev_fresh_es(name))
            self.stdout.write(
                render(run(f"dev-only {name}", rows, language="es", words_only=words_only), list_misses=True)
            )
            return
        halves = ["test", "dev"] if options["half"] == "both" else [options["half"]]
        # Misses are listed by id on development data only: the test half and held-out files are never tuned on.
        languages = ["en", "es"] if options["language"] == "all" else [options["language"]]
        blocks = [
            render(
                run(half, load(half, language=language), language=language, words_only=words_only)
                if half in DEV_ONLY_FILES or half in HOLDOUT_FILES
                else run(half, language=language, words_only=words_only),
                list_misses=half != "test" and half not in HOLDOUT_FILES,
            )
            for language in languages
            for half in halves
        ]
        self.stdout.write("\n\n".join(blocks))
