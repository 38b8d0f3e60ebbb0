from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from knowledge.models import Language
from knowledge.rag import get_index, reset_index
from knowledge.services import sample_corpus_load


class Command(BaseCommand):
    help = (
        "Build the knowledge index of each language; with --sample, first load the sample corpora "
        "(English, then the Spanish translations; idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", action="store_true", help="Load or refresh the sample documents.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sample"]:
            created, updated = sample_corpus_load()
            self.stdout.write(f"Sample knowledge documents: {created} created, {updated} updated.")
        reset_index()
        sizes = []
        for language in Language:
            index, _pipeline = get_index(language.value)
            sizes.append(f"{index.num_passages} passages in {language.label}")
        self.stdout.write(self.style.SUCCESS(f"Knowledge index ready: {', '.join(sizes)}."))
