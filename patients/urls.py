from __future__ import annotations

from django.urls import path

from patients import optout_views, views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("discharge/", views.discharge, name="discharge"),
    path("discharge/preview/", views.discharge_preview, name="discharge_preview"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("<int:pk>/contact/", views.patient_edit_contact, name="edit_contact"),
    path("<int:pk>/contacts/", views.nurse_contact_add, name="nurse_contact_add"),
    path("transitional-care/share/", views.tcm_share_panel, name="tcm_share"),
    path("<int:pk>/do-not-call/lift/", optout_views.lift_do_not_call, name="lift_do_not_call"),
]
