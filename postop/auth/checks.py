"""System check: OIDC_GROUP_MAP may only name the portal's roles (postop/roles.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from postop.roles import ROLES


@register()
def check_oidc_group_map(**_: Any) -> list[Error]:
    errors = []
    for idp_group, role in settings.OIDC_GROUP_MAP.items():
        if role not in ROLES:
            errors.append(
                Error(
                    f"OIDC_GROUP_MAP maps {idp_group!r} to {role!r}, which is not a portal role.",
                    hint=f"Use one of: {', '.join(ROLES)}.",
                    id="postop.E101",
                )
            )
    return errors
