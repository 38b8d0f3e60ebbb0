from __future__ import annotations

from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("ask/", views.ask, name="ask"),
    path("new/", views.document_create, name="create"),
    path("<slug:slug>/", views.document_detail, name="detail"),
    path("<slug:slug>/edit/", views.document_edit, name="edit"),
    path("<slug:slug>/submit/", views.document_submit, name="submit"),
    path("<slug:slug>/publish/", views.document_publish, name="publish"),
]
