from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from knowledge.rag import get_index, reset_index
from knowledge.services import sample_corpus_load


class Command(BaseCommand):
    help = "Build the knowledge index; with --sample, first load the sample corpus (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", action="store_true", help="Load or refresh the sample documents.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sample"]:
            created, updated = sample_corpus_load()
            self.stdout.write(f"Sample knowledge documents: {created} created, {updated} updated.")
        reset_index()
        index, _pipeline = get_index()
        self.stdout.write(self.style.SUCCESS(f"Knowledge index ready: {index.num_passages} passages."))
