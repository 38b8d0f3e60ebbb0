"""Portal permissions by URL name: the staff middleware's one table (see the sec-portal work).

Only the structured-capture pages are listed here on this branch; the lead merges the table.
"""

from __future__ import annotations

PORTAL_PERMISSIONS: dict[str, str | tuple[str, ...]] = {
    "calls:review_queue": "capture.view_callcapture",
    "calls:review_sign_off": "capture.sign_off_callcapture",
}
