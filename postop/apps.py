from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PostopConfig(AppConfig):
    name = "postop"
    verbose_name = "PostOp AI"

    def ready(self) -> None:
        from postop.audit import register_audited_models
        from postop.auth import checks  # noqa: F401 (registers the OIDC_GROUP_MAP check)
        from postop.roles import sync_roles
        from postop.telemetry import jobs

        register_audited_models()
        post_migrate.connect(sync_roles, dispatch_uid="postop.sync_roles")
        jobs.connect()
        from django.contrib.auth.signals import user_logged_in

        from postop.auth.middleware import record_sign_in_time

        user_logged_in.connect(record_sign_in_time, dispatch_uid="postop.auth.sign_in_time")
