"""What every integration endpoint shares: authentication, permissions, throttling, paging, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.fields import get_error_detail
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from postop.authentication import ApiKeyAuthentication
from postop.permissions import ModelPermissions
from postop.throttling import ApiKeyRateThrottle

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    """Page-number paging where a bad `page_size` is a 400 saying what to send, not silently the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        text = raw.strip()
        if not text.isdigit() or not 1 <= int(text) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(text)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw.strip() not in self.last_page_strings and not raw.strip().isdigit():
            raise exceptions.ValidationError(
                {self.page_query_param: ["Give a page number (1, 2, ...) or leave the parameter out."]}
            )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


def as_api_validation_error(exc: DjangoValidationError, *, field: str | None = None) -> exceptions.ValidationError:
    """A service's django ValidationError as DRF's 400 body: always {field: [messages]}."""
    detail = get_error_detail(exc)
    if isinstance(detail, dict):
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        return exceptions.ValidationError(detail)
    return exceptions.ValidationError({field or api_settings.NON_FIELD_ERRORS_KEY: detail})


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField turns `0` or `12.5` into "0" / "12.5"; here a number is a 400."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            # The schema's maxLength is about what was sent; trimming must not make a long value fit.
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text fields take text only (see StrictCharField)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERROR_RESPONSES: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Field errors: {field: [messages]}; errors not about one field are under non_field_errors.",
        examples=[
            OpenApiExample(
                "Bad phone",
                value={"phone": ["This is not a phone number. Enter it with the country code."]},
                status_codes=["400"],
            )
        ],
    ),
    401: OpenApiResponse(DetailSerializer, description="No credentials, or an unknown or revoked API key."),
    403: OpenApiResponse(DetailSerializer, description="The key's or user's permissions do not allow this."),
    404: OpenApiResponse(DetailSerializer, description="No such record (the same answer whether it exists or not)."),
    429: OpenApiResponse(DetailSerializer, description="Too many requests for this key; retry after Retry-After."),
}


SERVER_ERROR_DETAIL = "The server failed to handle this request. Nothing was changed by it; try again later."


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_validation_error(exc)
    elif isinstance(exc, Http404):
        # The same body for "no such id" and "not yours to see".
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None or settings.DEBUG:
        return response  # handled, or a developer's machine where the debug page helps
    # An unexpected error: a JSON 500 without the exception's text (it may quote a record).
    view = context.get("view")
    logger.error(
        "api request failed view=%s error=%s", type(view).__name__ if view else "-", type(exc).__name__, exc_info=exc
    )
    return Response({"detail": SERVER_ERROR_DETAIL}, status=500)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, except that a filter sent with no value (`?discharged_after=`) is a 400, not ignored."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            empty = sorted(
                name
                for name in filterset_class.base_filters
                if name in request.query_params and not any(v.strip() for v in request.query_params.getlist(name))
            )
            if empty:
                raise exceptions.ValidationError(
                    {name: ["Give a value for this filter, or leave the parameter out."] for name in empty}
                )
        return super().filter_queryset(request, queryset, view)


class IntegrationApiMixin:
    """Mix into every /api/v1/ view except the agent's: key or session auth, model permissions."""

    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    filter_backends = [StrictFilterBackend]
    permission_classes = [ModelPermissions]
    throttle_classes = [ApiKeyRateThrottle]
    pagination_class = Pagination

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return api_exception_handler


class IdFilter(django_filters.NumberFilter):
    """A row id in a query string: a whole number the database can hold, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
