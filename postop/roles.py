"""Staff roles as Django groups, kept in code so every install has the same ones."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

NURSE_GROUP = "Nurses"

# (app_label, model, actions). Models that do not exist yet are skipped, so a new
# app's permissions join the group on the migrate that creates them.
NURSE_PERMISSIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("patients", "patient", ("view", "add", "change")),
    ("patients", "discharge", ("view", "add", "change")),
    ("patients", "nursecontact", ("view", "add", "change")),
    ("orders", "dischargeorder", ("view",)),
    ("calls", "callscheduleitem", ("view", "add", "change")),
    ("calls", "callrecord", ("view",)),
    ("calls", "transcriptturn", ("view",)),
    ("calls", "patientresponse", ("view",)),
    ("calls", "escalation", ("view", "change")),
    ("knowledge", "knowledgedocument", ("view", "add", "change")),
    # The hospital feed's worklist (patients/adt/): pick orders, resume or replace held calls.
    ("adt", "hospitalencounter", ("view", "set_up")),
    ("adt", "callhold", ("view", "change")),
]


def sync_roles(**_: Any) -> None:
    group, _created = Group.objects.get_or_create(name=NURSE_GROUP)
    wanted = []
    for app_label, model, actions in NURSE_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        wanted.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames).values_list(
                "pk", flat=True
            )
        )
    group.permissions.add(*wanted)
