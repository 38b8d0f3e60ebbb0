"""/api/v1/agent/...: endpoints the voice agent calls with its per-call token."""

from __future__ import annotations

from django.urls import path  # noqa: F401

urlpatterns: list = []
