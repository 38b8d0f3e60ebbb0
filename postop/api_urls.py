"""The /api/v1/ tree: integration endpoints, the OpenAPI schema and the agent's per-call endpoints."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from calls.apis import CallRecordViewSet, CallViewSet
from orders.apis import DischargeOrderViewSet
from patients.apis import DischargeViewSet, PatientViewSet
from postop.api_docs import SchemaView, SwaggerView
from postop.apis import KnowledgeSearchApi, WorkerStatsApi

# SimpleRouter: no browsable root and no ".json" suffix routes (JSON is the only format); path converters.
router = SimpleRouter(trailing_slash=True, use_regex_path=False)
router.register("patients", PatientViewSet, basename="api-patient")
router.register("discharges", DischargeViewSet, basename="api-discharge")
router.register("orders", DischargeOrderViewSet, basename="api-order")
router.register("calls", CallViewSet, basename="api-call")
router.register("call-records", CallRecordViewSet, basename="api-call-record")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    # Swagger UI's page carries a small <style> block and the UI sets inline styles: styles only.
    path(
        "docs/", csp_update({"style-src": [UNSAFE_INLINE]})(SwaggerView.as_view(url_name="api-schema")), name="api-docs"
    ),
    path("agent/", include("calls.agent_api.urls")),
    path("knowledge/search/", KnowledgeSearchApi.as_view(), name="api-knowledge-search"),
    path("worker-stats/", WorkerStatsApi.as_view(), name="api-worker-stats"),
    *router.urls,
]
