"""Staff roles as Django groups, kept in code so every install has the same ones.

`sync_roles` runs after every migrate and sets each group's permissions to exactly what is
listed here (a permission added by hand in admin is removed on the next migrate: change it
here instead). Models that do not exist yet are skipped, so a new app's permissions join the
group on the migrate that creates them. Which portal page needs which permission is in
postop/access.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

NURSE_GROUP = "Nurses"
CLINICAL_LEAD_GROUP = "Clinical lead"
COMPLIANCE_GROUP = "Compliance"

# (app_label, model, codenames-or-actions). An action ("view") becomes "view_<model>"; a name
# with an underscore is taken as the full codename (custom permissions).
Grant = tuple[str, str, tuple[str, ...]]

NURSE_PERMISSIONS: list[Grant] = [
    ("patients", "patient", ("view", "add", "change")),
    ("patients", "discharge", ("view", "add", "change")),
    ("patients", "nursecontact", ("view", "add", "change")),
    ("orders", "dischargeorder", ("view",)),
    (
        "calls",
        "callscheduleitem",
        (
            "view",
            "add",
            "change",
            "call_now_callscheduleitem",
            "reschedule_callscheduleitem",
            "cancel_callscheduleitem",
        ),
    ),
    ("calls", "callrecord", ("view",)),
    ("calls", "transcriptturn", ("view",)),
    ("calls", "patientresponse", ("view",)),
    ("calls", "escalation", ("view", "change")),
    ("capture", "questionnaire", ("view",)),
    ("capture", "callcapture", ("view", "sign_off_callcapture")),
    ("capture", "answer", ("view",)),
    ("knowledge", "knowledgedocument", ("view", "add", "change")),
    # The hospital feed's worklist (patients/adt/): pick orders, resume or replace held calls.
    ("adt", "hospitalencounter", ("view", "set_up_hospitalencounter")),
    ("adt", "callhold", ("view", "change")),
]

# Everything a nurse does, plus publishing knowledge for patients and keeping the order catalog.
CLINICAL_LEAD_PERMISSIONS: list[Grant] = [
    *NURSE_PERMISSIONS,
    ("knowledge", "knowledgedocument", ("publish_knowledgedocument",)),
    ("orders", "dischargeorder", ("add", "change")),
    # Which procedure or service codes schedule which orders straight from the hospital feed.
    ("adt", "ordersetrule", ("view", "add", "change")),
]

# Reads everything (portal pages and admin, audit log, access events, exports); changes nothing.
COMPLIANCE_PERMISSIONS: list[Grant] = [
    ("patients", "patient", ("view",)),
    ("patients", "discharge", ("view",)),
    ("patients", "nursecontact", ("view",)),
    ("orders", "dischargeorder", ("view",)),
    ("calls", "callscheduleitem", ("view",)),
    ("calls", "callrecord", ("view",)),
    ("calls", "transcriptturn", ("view",)),
    ("calls", "patientresponse", ("view",)),
    ("calls", "escalation", ("view",)),
    ("capture", "questionnaire", ("view",)),
    ("capture", "callcapture", ("view",)),
    ("capture", "answer", ("view",)),
    ("knowledge", "knowledgedocument", ("view",)),
    ("postop", "accessevent", ("view", "export_call_records")),
    ("postop", "apikey", ("view",)),
    ("auditlog", "logentry", ("view",)),
    # The hospital feed: the raw message log and what it did.
    ("adt", "adtmessage", ("view",)),
    ("adt", "hospitalencounter", ("view",)),
    ("adt", "callhold", ("view",)),
    ("adt", "patientmerge", ("view",)),
    ("adt", "ordersetrule", ("view",)),
]

ROLES: dict[str, list[Grant]] = {
    NURSE_GROUP: NURSE_PERMISSIONS,
    CLINICAL_LEAD_GROUP: CLINICAL_LEAD_PERMISSIONS,
    COMPLIANCE_GROUP: COMPLIANCE_PERMISSIONS,
}

# `manage.py create_staff_user --role ...`: role name -> group (None: an administrator, superuser).
ROLE_CHOICES: dict[str, str | None] = {
    "nurse": NURSE_GROUP,
    "clinical-lead": CLINICAL_LEAD_GROUP,
    "compliance": COMPLIANCE_GROUP,
    "admin": None,
}


def codenames(grants: list[Grant]) -> dict[str, set[str]]:
    """{app_label: {codename, ...}} for a role's grants."""
    wanted: dict[str, set[str]] = {}
    for app_label, model, actions in grants:
        names = {action if "_" in action else f"{action}_{model}" for action in actions}
        wanted.setdefault(app_label, set()).update(names)
    return wanted


def role_permissions(grants: list[Grant]) -> list[int]:
    query = Q(pk__in=[])
    for app_label, names in codenames(grants).items():
        query |= Q(content_type__app_label=app_label, codename__in=names)
    return list(Permission.objects.filter(query).values_list("pk", flat=True))


def sync_roles(**_: Any) -> None:
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(grants))
