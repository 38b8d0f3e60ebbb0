"""Who may open which portal page or press which portal button: one table, checked in one place.

postop.middleware.StaffRequiredMiddleware looks up the resolved URL name (with its namespace)
here and refuses (403) any staff page whose name is missing: a new URL is closed until someone
says which permission it needs. The value is one permission or a tuple the user needs all of;
an empty tuple means any signed-in staff member (signing out, for one).

Reading is view_*; clinical actions have their own permissions (discharging is add_discharge;
calls have call_now/reschedule/cancel; escalations change_escalation), so a read-only role such
as Compliance can read everything a nurse reads and press nothing. Groups hold these
permissions in postop/roles.py. Django admin and the DRF API are not in this table: admin
checks model permissions itself, and API views carry their own permission classes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Permission

Requirement = str | tuple[str, ...]

VIEW_PATIENT = "patients.view_patient"
VIEW_CALL = "calls.view_callscheduleitem"
VIEW_TRANSCRIPT = ("calls.view_callrecord", "calls.view_transcriptturn", "calls.view_patientresponse")
VIEW_ESCALATION = "calls.view_escalation"
VIEW_KNOWLEDGE = "knowledge.view_knowledgedocument"
DISCHARGE = ("patients.add_discharge", "patients.add_patient", VIEW_PATIENT, "orders.view_dischargeorder")

PORTAL_PERMISSIONS: dict[str, Requirement] = {
    # Signing in and out: anyone (the login page needs no session at all).
    "login": (),
    "logout": (),
    # The dashboard lists today's calls, who needs attention and the transitional-care worklist.
    "dashboard": (VIEW_CALL, VIEW_PATIENT),
    # Patients
    "patients:list": VIEW_PATIENT,
    "patients:detail": (VIEW_PATIENT, VIEW_CALL, "patients.view_discharge"),
    "patients:discharge": DISCHARGE,
    "patients:discharge_preview": DISCHARGE,
    "patients:nurse_contact_add": ("patients.add_nursecontact", VIEW_PATIENT),
    "patients:tcm_share": "patients.view_discharge",
    "patients:lift_do_not_call": ("patients.change_patient", VIEW_PATIENT),
    "patients:edit_contact": ("patients.change_patient", VIEW_PATIENT),
    # Calls: reading, and the three clinical actions
    "calls:list": VIEW_CALL,
    "calls:detail": (VIEW_CALL, *VIEW_TRANSCRIPT),
    "calls:cancel": ("calls.cancel_callscheduleitem", VIEW_CALL),
    "calls:reschedule": ("calls.reschedule_callscheduleitem", VIEW_CALL),
    "calls:call_now": ("calls.call_now_callscheduleitem", VIEW_CALL),
    # A call held because its order has no reviewed text in the patient's language: make it in English.
    "calls:release_english": ("calls.reschedule_callscheduleitem", VIEW_CALL),
    # A nurse has looked at a call flagged "Needs attention" (with what they did).
    "calls:clear_attention": ("calls.change_callscheduleitem", VIEW_CALL),
    # Escalations (red flags): reading, acknowledging and resolving
    "calls:escalation_list": VIEW_ESCALATION,
    "calls:escalation_panel": VIEW_ESCALATION,
    "calls:escalation_detail": VIEW_ESCALATION,
    "calls:escalation_acknowledge": ("calls.change_escalation", VIEW_ESCALATION),
    "calls:escalation_resolve": ("calls.change_escalation", VIEW_ESCALATION),
    # Structured answers (calls/capture/): the nurse review queue and its sign-off
    "calls:review_queue": ("capture.view_callcapture", VIEW_CALL),
    "calls:review_sign_off": ("capture.sign_off_callcapture", "capture.view_callcapture", VIEW_CALL),
    # Knowledge base
    "knowledge:list": VIEW_KNOWLEDGE,
    "knowledge:ask": VIEW_KNOWLEDGE,
    "knowledge:detail": VIEW_KNOWLEDGE,
    "knowledge:create": ("knowledge.add_knowledgedocument", VIEW_KNOWLEDGE),
    "knowledge:edit": ("knowledge.change_knowledgedocument", VIEW_KNOWLEDGE),
    # Review workflow: nurses send a draft for review; only a clinical reviewer publishes for patients.
    "knowledge:submit": ("knowledge.change_knowledgedocument", VIEW_KNOWLEDGE),
    "knowledge:publish": ("knowledge.publish_knowledgedocument", VIEW_KNOWLEDGE),
    # The hospital feed's worklist (patients/adt/): discharges to set up and calls on hold
    "adt:worklist": ("adt.view_hospitalencounter", "adt.view_callhold", VIEW_PATIENT),
    "adt:set_up": ("adt.set_up_hospitalencounter", VIEW_PATIENT, "orders.view_dischargeorder"),
    "adt:hold_resume": ("adt.change_callhold", VIEW_CALL),
    "adt:hold_replace": ("adt.change_callhold", VIEW_CALL),
}


def required_permissions(url_name: str | None) -> tuple[str, ...] | None:
    """The permissions a portal URL needs, or None when the URL is not listed (and so refused)."""
    if url_name is None or url_name not in PORTAL_PERMISSIONS:
        return None
    needed = PORTAL_PERMISSIONS[url_name]
    return (needed,) if isinstance(needed, str) else tuple(needed)


def missing_permissions(user: AbstractBaseUser | AnonymousUser, needed: Iterable[str]) -> list[str]:
    return [perm for perm in needed if not user.has_perm(perm)]


def describe_permissions(perms: Iterable[str]) -> list[str]:
    """Permission labels a person can read ("Can view patient"), for the 403 page."""
    labels = []
    for perm in perms:
        app_label, _, codename = perm.partition(".")
        name = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .values_list("name", flat=True)
            .first()
        )
        labels.append(name or perm)
    return labels
