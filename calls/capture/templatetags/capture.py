"""{% call_answers call %}: the call's typed answers and its review, for the call page."""

from __future__ import annotations

from typing import Any

from django import template

from calls.capture.models import CallCapture
from calls.capture.selectors import REVIEW_STATES, review_state

register = template.Library()


@register.inclusion_tag("capture/_call_answers.html", takes_context=True)
def call_answers(context: dict[str, Any], call: Any) -> dict[str, Any]:
    capture = CallCapture.objects.select_related("questionnaire", "signed_off_by").filter(call=call).first()
    answers = list(capture.answers.all()) if capture is not None else []
    state = review_state(call=call)
    return {
        "call": call,
        "answers": answers,
        "review_state": state,
        "review_label": REVIEW_STATES[state],
        "capture": capture,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
