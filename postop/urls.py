from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from postop import views
from postop.auth import oidc as oidc_views
from postop.auth import views as auth_views_local
from postop.health import views as health_views

admin.site.site_header = "PostOp AI administration"
admin.site.site_title = "PostOp AI admin"

handler500 = "postop.views.server_error"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/mfa/setup/", auth_views_local.mfa_setup, name="mfa_setup"),
    path("account/mfa/verify/", auth_views_local.mfa_verify, name="mfa_verify"),
    path("account/session/keepalive/", auth_views_local.session_keepalive, name="session_keepalive"),
    path("oidc/authenticate/", oidc_views.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc_views.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("healthz", health_views.healthz, name="healthz"),
    path("readyz", health_views.readyz, name="readyz"),
    path("metrics", health_views.metrics, name="metrics"),
    path("patients/", include("patients.urls")),
    path("calls/", include("calls.urls")),
    path("discharges/", include("patients.adt.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("api/v1/", include("postop.api_urls")),
    path("admin/", admin.site.urls),
]
