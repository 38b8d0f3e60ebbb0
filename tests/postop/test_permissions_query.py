"""The sign-in backend answers a user's permissions in one query, with ModelBackend's answer."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from postop.auth.backends import LockoutBackend
from tests.factories import AdminFactory, NurseFactory

pytestmark = pytest.mark.django_db


def fresh(user: object) -> object:
    return get_user_model().objects.get(pk=user.pk)  # no permission cache yet


def test_a_nurse_gets_her_own_and_her_groups_permissions_in_one_query(django_assert_num_queries):
    nurse = NurseFactory()
    nurse.user_permissions.add(Permission.objects.get(codename="change_knowledgedocument"))
    expected = ModelBackend().get_all_permissions(fresh(nurse))
    user = fresh(nurse)
    with django_assert_num_queries(1):
        perms = LockoutBackend().get_all_permissions(user)
    assert perms == expected
    assert {"knowledge.change_knowledgedocument", "patients.view_patient"} <= perms
    with django_assert_num_queries(0):  # cached for the request, where ModelBackend reads it too
        assert user.has_perm("patients.view_patient")


def test_a_superuser_has_every_permission_and_an_inactive_user_none():
    admin = fresh(AdminFactory())
    assert LockoutBackend().get_all_permissions(admin) == ModelBackend().get_all_permissions(fresh(admin))
    assert len(LockoutBackend().get_all_permissions(admin)) == Permission.objects.count()
    nurse = NurseFactory(is_active=False)
    assert LockoutBackend().get_all_permissions(fresh(nurse)) == set()
