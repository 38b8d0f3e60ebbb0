from __future__ import annotations

from django.contrib.auth.models import Group

from postop.roles import CLINICAL_LEAD_GROUP
from tests.factories import UserFactory


def clinical_lead(username: str = "lead.grace"):
    """A member of the Clinical lead group, who may publish knowledge for patients."""
    user = UserFactory(username=username, first_name="Grace", last_name="Ho", is_staff=True)
    user.groups.add(Group.objects.get(name=CLINICAL_LEAD_GROUP))
    return user
