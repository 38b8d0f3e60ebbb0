"""Portal URL name -> permission(s) (the sec-portal engineer's staff middleware enforces this; deny by default).

Only the portal branch's new URLs are listed here; the lead merges this with the full table.
"""

from __future__ import annotations

PORTAL_PERMISSIONS: dict[str, str | tuple[str, ...]] = {
    "calls:clear_attention": "calls.change_callscheduleitem",
    "patients:edit_contact": "patients.change_patient",
    "patients:picker": "patients.view_patient",
}
