from __future__ import annotations

from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "calls"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from calls.warmup import is_qcluster, warm_agent_stack
        from orders.models import DischargeOrder

        # However an order's reviewed text changes (admin, load_order_catalog), its waiting calls are
        # reviewed: gaining its Spanish lifts their language holds (calls/holds/language.py).
        post_save.connect(_order_saved, sender=DischargeOrder, dispatch_uid="calls.order_language_review")

        if is_qcluster():
            warm_agent_stack()  # before the cluster forks its workers: they inherit the imports


def _order_saved(sender: type, instance: object, created: bool, raw: bool = False, **kwargs: object) -> None:
    if created or raw:
        return  # a new order has no calls yet; fixtures load rows as they are
    from calls.holds.language import order_calls_language_review

    order_calls_language_review(order=instance)
