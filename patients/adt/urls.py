from __future__ import annotations

from django.urls import path

from patients.adt import views

app_name = "adt"

urlpatterns = [
    path("", views.worklist_page, name="worklist"),
    path("<int:pk>/set-up/", views.set_up, name="set_up"),
    path("holds/<int:pk>/resume/", views.hold_resume_view, name="hold_resume"),
    path("holds/<int:pk>/replace/", views.hold_replace_view, name="hold_replace"),
]
