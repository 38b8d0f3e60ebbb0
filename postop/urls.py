from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from postop import views

admin.site.site_header = "PostOp AI administration"
admin.site.site_title = "PostOp AI admin"

handler500 = "postop.views.server_error"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("patients/", include("patients.urls")),
    path("calls/", include("calls.urls")),
    path("discharges/", include("patients.adt.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("api/v1/", include("postop.api_urls")),
    path("admin/", admin.site.urls),
]
