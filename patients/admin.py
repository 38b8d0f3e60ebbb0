from __future__ import annotations

from django.contrib import admin

from patients.models import Discharge, Patient


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "external_id", "time_zone", "do_not_call", "created_at")
    list_filter = ("do_not_call", "preferred_language", "time_zone")
    search_fields = ("last_name", "first_name", "external_id", "phone")


@admin.register(Discharge)
class DischargeAdmin(admin.ModelAdmin):
    list_display = ("id", "patient", "procedure", "discharged_at", "discharged_by")
    list_filter = ("discharged_at",)
    search_fields = ("patient__last_name", "patient__external_id", "procedure")
    raw_id_fields = ("patient",)
    filter_horizontal = ("orders",)
