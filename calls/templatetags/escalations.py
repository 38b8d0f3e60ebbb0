"""{% escalations_for call_or_patient %}: the escalations of one call or one patient, for their pages."""

from __future__ import annotations

from typing import Any

from django import template

from calls.models import CallScheduleItem, Escalation

register = template.Library()


@register.inclusion_tag("calls/_escalations_for.html", takes_context=True)
def escalations_for(context: dict[str, Any], obj: Any) -> dict[str, Any]:
    queryset = Escalation.objects.select_related("acknowledged_by", "resolved_by", "call")
    by = {"call": obj} if isinstance(obj, CallScheduleItem) else {"patient": obj}
    queryset = queryset.filter(**by)
    return {"escalations": list(queryset.order_by("-created_at", "-id")), "request": context.get("request")}
