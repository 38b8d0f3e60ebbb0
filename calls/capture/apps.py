from __future__ import annotations

from django.apps import AppConfig


class CaptureConfig(AppConfig):
    """Its own app label (and migrations), so capture tables evolve apart from the call state machine."""

    name = "calls.capture"
    label = "capture"
    verbose_name = "Call answers and review"
