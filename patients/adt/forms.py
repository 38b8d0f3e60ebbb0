from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms

from orders.models import DischargeOrder
from patients.forms import DischargeForm


class SetUpForm(forms.Form):
    """A nurse picks the orders (and their parameters) of a discharge that arrived through the feed."""

    orders = forms.MultipleChoiceField(label="Discharge orders", widget=forms.CheckboxSelectMultiple)
    param_field = staticmethod(DischargeForm.param_field)

    def __init__(self, *args: Any, catalog: list[DischargeOrder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        self.fields["orders"].choices = [(order.key, order.title) for order in catalog]
        self.fields["orders"].error_messages["required"] = "Pick at least one discharge order."
        self.order_errors: dict[str, list[str]] = {}
        for order in catalog:
            for param in order.parameters or []:
                widget: forms.Widget = (
                    forms.DateInput(attrs={"type": "date"}) if param.get("type") == "date" else forms.TextInput()
                )
                self.fields[self.param_field(order.key, param["name"])] = forms.CharField(
                    label=param.get("label") or param["name"].replace("_", " ").capitalize(),
                    required=False,
                    widget=widget,
                )

    def order_params(self) -> dict[str, dict[str, str]]:
        chosen = set(self.cleaned_data.get("orders") or [])
        return {
            order.key: {
                p["name"]: (self.data.get(self.param_field(order.key, p["name"])) or "").strip()
                for p in order.parameters
            }
            for order in self.catalog
            if order.key in chosen and order.parameters
        }

    def order_groups(self) -> list[tuple[str, list[dict[str, Any]]]]:
        chosen = set(self.data.getlist("orders")) if self.is_bound else set()
        rows = [
            {
                "order": order,
                "checked": order.key in chosen,
                "params": [self[self.param_field(order.key, p["name"])] for p in order.parameters or []],
                "errors": self.order_errors.get(order.key, []),
            }
            for order in self.catalog
        ]
        return [(group, list(items)) for group, items in groupby(rows, key=lambda r: r["order"].procedure_group)]
