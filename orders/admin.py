from __future__ import annotations

from django.contrib import admin

from orders.models import DischargeOrder


@admin.register(DischargeOrder)
class DischargeOrderAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "procedure_group", "active", "sort_order")
    list_filter = ("procedure_group", "active")
    search_fields = ("key", "title")
