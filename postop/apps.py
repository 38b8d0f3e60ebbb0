from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PostopConfig(AppConfig):
    name = "postop"
    verbose_name = "PostOp AI"

    def ready(self) -> None:
        from postop.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="postop.sync_roles")
