"""The /api/v1/ tree: integration endpoints, the OpenAPI schema and the agent's per-call endpoints."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("agent/", include("calls.agent_urls")),
]
