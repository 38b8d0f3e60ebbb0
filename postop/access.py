"""Portal page permissions by URL name (the shared contract; the staff middleware enforces it).

Only the hospital-feed worklist's entries are here on this branch; the lead merges them into
the full table.
"""

from __future__ import annotations

PORTAL_PERMISSIONS: dict[str, str | tuple[str, ...]] = {
    "adt:worklist": "adt.view_hospitalencounter",
    "adt:set_up": "adt.set_up_hospitalencounter",
    "adt:hold_resume": "adt.change_callhold",
    "adt:hold_replace": "adt.change_callhold",
}
