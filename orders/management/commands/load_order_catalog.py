from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from orders.catalog import ORDER_CATALOG
from orders.models import DischargeOrder

FIELDS = ("title", "instructions", "procedure_group", "parameters", "call_template", "sort_order")


class Command(BaseCommand):
    help = "Create or update the shipped discharge orders by key (idempotent; validates each order)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for entry in ORDER_CATALOG:
            order = DischargeOrder.objects.filter(key=entry["key"]).first()
            if order is None:
                order, outcome = DischargeOrder(key=entry["key"]), "created"
            else:
                changed = any(getattr(order, name) != entry[name] for name in FIELDS)
                outcome = "updated" if changed else "unchanged"
            if outcome != "unchanged":
                for name in FIELDS:
                    setattr(order, name, entry[name])
                order.full_clean()
                order.save()
                self.stdout.write(f"{outcome}: {order.key}")
            counts[outcome] += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Order catalog: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )
