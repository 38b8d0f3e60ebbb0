"""Clinic scoping: which clinics' rows a request may read, in one place.

Every model holding a patient's data uses a `ClinicScopedQuerySet` as its default manager. Inside a
request, `ClinicScopeMiddleware` records the clinics the signed-in user belongs to (an API key
narrows that to the key's clinic, see postop.authentication); every queryset built or chained while
that scope is active gets `<clinic lookup>__in=<those clinics>` added. So a view, a DRF viewset,
an export, the admin and a related manager (patient.calls) are all scoped without each one asking.

Who sees what:
- a nurse / clinical lead / compliance auditor: the clinics they are a member of (none: nothing);
- a superuser: every clinic (scope None);
- an API key: its own clinic only, whatever its service user is;
- no request (the job cluster, the agent worker, management commands, the ADT listener): every
  clinic. The agent API is reached with a per-call token and looks the call up by that token.

New rows go to the request's clinic (`current_clinic_id()`, the default of Patient.clinic): the API
key's clinic, the nurse's only clinic, or the one a nurse of several picks on the discharge form.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from postop.models import Clinic


@dataclass
class ClinicScope:
    """What one request may see. `clinic_ids` None = every clinic."""

    clinic_ids: frozenset[int] | None = None
    clinic: Clinic | None = None  # where new rows go and whose clock pages show
    choices: list[Clinic] = field(default_factory=list)
    loaded: dict[int, Clinic] = field(default_factory=dict)  # clinics read during the request

    def restrict_to(self, clinic: Clinic) -> None:
        self.clinic_ids = frozenset({clinic.pk})
        self.clinic = clinic
        self.choices = [clinic]


_scope: ContextVar[ClinicScope | None] = ContextVar("clinic_scope", default=None)


def active_scope() -> ClinicScope | None:
    return _scope.get()


def visible_clinic_ids() -> frozenset[int] | None:
    scope = _scope.get()
    return scope.clinic_ids if scope is not None else None


def current_clinic() -> Clinic | None:
    """The clinic of the request (new rows, page clocks); None outside a request or for a superuser."""
    scope = _scope.get()
    return scope.clinic if scope is not None else None


def default_clinic() -> Clinic:
    """The clinic rows go to when nothing says otherwise; made from the environment if missing
    (migration postop.0003 makes it; a test that flushed the database needs it again)."""
    from django.conf import settings

    from postop.models import Clinic

    clinic = Clinic.objects.filter(is_default=True).first()
    if clinic is None:
        clinic, _ = Clinic.objects.get_or_create(
            is_default=True, defaults={"name": settings.CLINIC_NAME[:100], "slug": "default"}
        )
    return clinic


def clinic_by_id(pk: int) -> Clinic:
    """A clinic by id, read once per request (a list page asks for each row's patient's clinic)."""
    from postop.models import Clinic

    scope = _scope.get()
    if scope is None:
        return Clinic.objects.get(pk=pk)
    for clinic in scope.choices:
        if clinic.pk == pk:
            return clinic
    if pk not in scope.loaded:
        scope.loaded[pk] = Clinic.objects.get(pk=pk)
    return scope.loaded[pk]


def current_clinic_id() -> int:
    """Patient.clinic's default: the request's clinic, else the default clinic."""
    return (current_clinic() or default_clinic()).pk


def clinic_for_facility(facility: str) -> Clinic:
    """The clinic whose facility_codes list this HL7 sending facility (MSH-4); else the default clinic."""
    from postop.models import Clinic

    code = (facility or "").strip()
    if code:
        for clinic in Clinic.objects.exclude(facility_codes="").order_by("pk"):
            if code in clinic.facilities:
                return clinic
    return default_clinic()


@contextlib.contextmanager
def clinic_scope(clinics: Iterable[Clinic] | None, *, current: Clinic | None = None) -> Iterator[ClinicScope]:
    """Run a block as a user of `clinics` would (None: all clinics, new rows in `current`)."""
    if clinics is None:
        scope = ClinicScope(None, current, [current] if current else [])
    else:
        clinics = list(clinics)
        scope = ClinicScope(frozenset(c.pk for c in clinics), current or (clinics[0] if clinics else None), clinics)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def scope_for_user(user: Any) -> ClinicScope:
    if not getattr(user, "is_authenticated", False):
        return ClinicScope(None)
    if user.is_superuser:
        return ClinicScope(None, default_clinic())
    from postop.models import Clinic

    clinics = list(Clinic.objects.filter(members=user).order_by("-is_default", "name"))
    return ClinicScope(frozenset(c.pk for c in clinics), clinics[0] if clinics else None, clinics)


def visible_clinics(request: HttpRequest | Any = None) -> list[Clinic]:
    """The clinics the request's user (or key) may see and create rows in, for pickers."""
    from postop.models import Clinic

    scope = _scope.get()
    if scope is None or scope.clinic_ids is None:
        return list(Clinic.objects.order_by("-is_default", "name"))
    return list(scope.choices)


class ClinicScopeMiddleware:
    """Put the signed-in user's clinics in scope for the whole request (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _scope.set(scope_for_user(getattr(request, "user", None)))
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)


def restrict_request_to(clinic: Clinic) -> None:
    """An API key authenticated: the rest of the request sees its clinic only."""
    scope = _scope.get()
    if scope is not None:
        scope.restrict_to(clinic)


class ClinicScopedQuerySet(models.QuerySet):
    """A queryset that, while a clinic scope is active, only reaches rows of the scope's clinics.

    `clinic_lookup` is the path from the model to its Clinic ("clinic", "patient__clinic", ...).
    The filter is added when the queryset is made or chained (filter, all, get, a slice), and
    count/exists/iteration/update/delete of a queryset made outside the scope (a class attribute)
    run on a scoped copy. It is never added to a shared queryset in place.
    """

    clinic_lookup = "clinic"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clinic_scoped_to: frozenset[int] | None = None

    def _needs_clinic_scope(self) -> frozenset[int] | None:
        ids = visible_clinic_ids()
        if ids is None or self._clinic_scoped_to == ids:
            return None
        query = self._query  # not self.query: that property also applies deferred filters
        if query.is_sliced or query.combinator:
            return None
        return ids

    def _apply_clinic_scope(self) -> ClinicScopedQuerySet:
        """In place, on a queryset nobody else holds (a fresh one or a clone)."""
        ids = self._needs_clinic_scope()
        if ids is not None:
            self._clinic_scoped_to = ids
            self.query.add_q(Q(**{f"{self.clinic_lookup}__in": ids}))
        return self

    def _clone(self) -> ClinicScopedQuerySet:
        clone = super()._clone()
        clone._clinic_scoped_to = self._clinic_scoped_to
        return clone

    def _chain(self) -> ClinicScopedQuerySet:
        return super()._chain()._apply_clinic_scope()

    def _fetch_all(self) -> None:
        if self._result_cache is None and self._needs_clinic_scope() is not None:
            # Caching this clinic's rows on a queryset other requests share would show them to the
            # next clinic: iteration, len() and bool() below read a scoped copy instead.
            raise RuntimeError(
                f"A {self.model.__name__} queryset built outside a clinic scope was evaluated inside one; "
                "build it in the request (call .all() on it) so it is scoped to the request's clinics."
            )
        super()._fetch_all()

    def __iter__(self) -> Iterator[Any]:
        if self._result_cache is None and self._needs_clinic_scope() is not None:
            return iter(self._chain())
        return super().__iter__()

    def __len__(self) -> int:
        if self._result_cache is None and self._needs_clinic_scope() is not None:
            return len(self._chain())
        return super().__len__()

    def __bool__(self) -> bool:
        if self._result_cache is None and self._needs_clinic_scope() is not None:
            return bool(self._chain())
        return super().__bool__()

    def count(self) -> int:
        if self._result_cache is None and self._needs_clinic_scope() is not None:
            return self._chain().count()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None and self._needs_clinic_scope() is not None:
            return self._chain().exists()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if self._needs_clinic_scope() is not None:
            return self._chain().aggregate(*args, **kwargs)
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        if self._needs_clinic_scope() is not None:
            return self._chain().update(**kwargs)
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self._needs_clinic_scope() is not None:
            return self._chain().delete()
        return super().delete()

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        if self._needs_clinic_scope() is not None:
            return self._chain().iterator(chunk_size)
        return super().iterator(chunk_size)

    def for_clinics(self, clinics: Iterable[Clinic | int]) -> ClinicScopedQuerySet:
        """Explicitly: rows of these clinics (outside a request, e.g. a per-clinic report)."""
        ids = [getattr(c, "pk", c) for c in clinics]
        return self.filter(**{f"{self.clinic_lookup}__in": ids})


class ClinicScopedManager(models.Manager):
    def get_queryset(self) -> ClinicScopedQuerySet:
        return super().get_queryset()._apply_clinic_scope()


def scoped_queryset(lookup: str, base: type[models.QuerySet] = ClinicScopedQuerySet) -> type[ClinicScopedQuerySet]:
    """A ClinicScopedQuerySet subclass reaching the clinic through `lookup`."""
    if not issubclass(base, ClinicScopedQuerySet):
        base = type(base.__name__, (ClinicScopedQuerySet, base), {})
    return type(f"ClinicScoped{lookup.title().replace('__', '')}QuerySet", (base,), {"clinic_lookup": lookup})


def scoped_manager(lookup: str) -> ClinicScopedManager:
    """`objects = scoped_manager("patient__clinic")` for a model without its own queryset class."""
    return ClinicScopedManager.from_queryset(scoped_queryset(lookup))()
