from __future__ import annotations

from django.urls import path

from calls import views
from calls.capture import views as capture_views
from calls.triage import views as escalation_views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/cancel/", views.call_cancel, name="cancel"),
    path("<int:pk>/reschedule/", views.call_reschedule, name="reschedule"),
    path("<int:pk>/call-now/", views.call_now, name="call_now"),
    path("<int:pk>/release-english/", views.call_release_english, name="release_english"),
    path("review/", capture_views.review_queue_view, name="review_queue"),
    path("<int:pk>/sign-off/", capture_views.review_sign_off_view, name="review_sign_off"),
    path("<int:pk>/clear-attention/", views.call_clear_attention, name="clear_attention"),
    path("escalations/", escalation_views.escalation_list, name="escalation_list"),
    path("escalations/panel/", escalation_views.escalation_panel, name="escalation_panel"),
    path("escalations/<int:pk>/", escalation_views.escalation_detail, name="escalation_detail"),
    path(
        "escalations/<int:pk>/acknowledge/",
        escalation_views.escalation_acknowledge_view,
        name="escalation_acknowledge",
    ),
    path("escalations/<int:pk>/resolve/", escalation_views.escalation_resolve_view, name="escalation_resolve"),
]
