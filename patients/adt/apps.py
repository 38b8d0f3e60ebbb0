from __future__ import annotations

from django.apps import AppConfig


class AdtConfig(AppConfig):
    """The HL7 v2 ADT feed: raw messages, hospital encounters, order-set rules, holds and merges."""

    name = "patients.adt"
    label = "adt"
    verbose_name = "Hospital feed (HL7 ADT)"
