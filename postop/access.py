"""Portal permissions by URL name: the staff middleware allows a page only if it is listed here.

(Knowledge entries; the sec-portal work adds the rest and the middleware.)
"""

from __future__ import annotations

PORTAL_PERMISSIONS: dict[str, str | tuple[str, ...]] = {
    "knowledge:list": "knowledge.view_knowledgedocument",
    "knowledge:ask": "knowledge.view_knowledgedocument",
    "knowledge:detail": "knowledge.view_knowledgedocument",
    "knowledge:create": "knowledge.add_knowledgedocument",
    "knowledge:edit": "knowledge.change_knowledgedocument",
    "knowledge:submit": "knowledge.change_knowledgedocument",
    "knowledge:publish": "knowledge.publish_knowledgedocument",
}
