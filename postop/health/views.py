"""/healthz, /readyz and /metrics: for load balancers, orchestrators and Prometheus."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from postop.health.checks import run_checks
from postop.telemetry.metrics import render_metrics


def _has_metrics_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), token.encode())


def _from_allowed_network(request: HttpRequest) -> bool:
    if not settings.METRICS_ALLOWED_NETWORKS:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_NETWORKS)


def _may_see_detail(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff) or _has_metrics_token(request)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: no database, no broker (a liveness probe must not restart a healthy
    web process because PostgreSQL is down)."""
    return JsonResponse({"status": "alive"})


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    results = run_checks()
    ready = all(result.ok for result in results)
    body: dict[str, object] = {"status": "ready" if ready else "not ready"}
    if _may_see_detail(request):
        body["checks"] = {
            result.name: {"ok": result.ok, "detail": result.detail, **({"skipped": True} if result.skipped else {})}
            for result in results
        }
    return JsonResponse(body, status=200 if ready else 503)


@login_not_required
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_TOKEN and not settings.METRICS_ALLOWED_NETWORKS:
        return JsonResponse(
            {"detail": "Metrics are off: set METRICS_TOKEN or METRICS_ALLOWED_NETWORKS to let Prometheus scrape them."},
            status=404,
        )
    if not (_has_metrics_token(request) or _from_allowed_network(request)):
        response = JsonResponse(
            {"detail": "Send the metrics token as 'Authorization: Bearer <METRICS_TOKEN>'."}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
