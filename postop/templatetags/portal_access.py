"""{% if user|may:"calls:call_now" %}: show a button only to those whom the page behind it lets in.

The same table the middleware enforces (postop/access.py), so a page and its buttons cannot disagree.
"""

from __future__ import annotations

from typing import Any

from django import template

from postop.access import missing_permissions, required_permissions

register = template.Library()


@register.filter
def may(user: Any, url_name: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_staff:
        return False
    needed = required_permissions(url_name)
    return needed is not None and not missing_permissions(user, needed)
