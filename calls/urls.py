from __future__ import annotations

from django.urls import path

from calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/cancel/", views.call_cancel, name="cancel"),
    path("<int:pk>/reschedule/", views.call_reschedule, name="reschedule"),
    path("<int:pk>/call-now/", views.call_now, name="call_now"),
]
