"""{{ record.error|nurse_error }}: a dialing error as a nurse should read it (calls/dialing/redaction.py)."""

from __future__ import annotations

from django import template

from calls.dialing.redaction import nurse_error_text

register = template.Library()


@register.filter
def nurse_error(value: str | None) -> str:
    return nurse_error_text(value)
