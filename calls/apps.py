from __future__ import annotations

from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "calls"

    def ready(self) -> None:
        from calls.warmup import is_qcluster, warm_agent_stack

        if is_qcluster():
            warm_agent_stack()  # before the cluster forks its workers: they inherit the imports
