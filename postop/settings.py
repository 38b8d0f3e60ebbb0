"""PostOp AI settings: one module, read from the environment.

Every variable is listed in .env.example. Helpers fail loudly on values they cannot
read, so a typo in production stops the process instead of silently falling back.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import sys
import tempfile
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        value = default
    else:
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as America/New_York, got {value!r}"
        ) from None
    return value


# TCPA healthcare exemption: calls only between 08:00 and 21:00 in the patient's zone.
LEGAL_CALLING_WINDOW = (time(8, 0), time(21, 0))


def env_calling_window(name: str, default: str) -> tuple[time, time]:
    raw = env_str(name, default)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", raw)
    if not match:
        raise ImproperlyConfigured(f"{name} must look like 09:00-19:00, got {raw!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an impossible time: {raw!r}") from None
    if start >= end:
        raise ImproperlyConfigured(f"{name} must start before it ends, got {raw!r}")
    legal_start, legal_end = LEGAL_CALLING_WINDOW
    if start < legal_start or end > legal_end:
        raise ImproperlyConfigured(f"{name}={raw!r} is wider than the permitted 08:00-21:00 healthcare calling hours")
    return start, end


DEBUG = env_bool("DJANGO_DEBUG", True)

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
# Keys that are public (this file, Django's docs and project templates): never valid in production.
KNOWN_DEV_SECRET_KEYS = frozenset({DEV_SECRET_KEY, "x", "secret", "changeme", "change-me", "your-secret-key"})
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 10


def check_secret_key(value: str, name: str = "SECRET_KEY") -> str:
    """A production key: long, not a published one, and not a short pattern repeated."""
    advice = (
        f"generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))' and set {name} "
        "(it signs sessions and the agent's per-call tokens)"
    )
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG=0; {advice}")
    if value in KNOWN_DEV_SECRET_KEYS or value.startswith("django-insecure-") or "insecure" in value.lower():
        raise ImproperlyConfigured(f"{name} is a published development key; {advice}")
    if len(value) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"{name} is {len(value)} characters long; use at least {SECRET_KEY_MIN_LENGTH}: {advice}"
        )
    if len(set(value)) < SECRET_KEY_MIN_DISTINCT:
        raise ImproperlyConfigured(
            f"{name} has only {len(set(value))} different characters; use a random key with at least "
            f"{SECRET_KEY_MIN_DISTINCT}: {advice}"
        )
    return value


SECRET_KEY = env_str("SECRET_KEY")
if not DEBUG:
    check_secret_key(SECRET_KEY)
elif not SECRET_KEY:
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_q",
    "auditlog",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mozilla_django_oidc",
    "postop",
    "patients",
    "orders",
    "calls",
    "calls.capture",
    "knowledge",
    "patients.adt",
]

MIDDLEWARE = [
    "postop.telemetry.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "postop.auth.middleware.IdleLogoffMiddleware",
    "postop.auth.middleware.OIDCRecheckMiddleware",
    "postop.clinics.ClinicScopeMiddleware",  # every patient queryset sees the user's clinics only
    "postop.api_clock.ApiUtcMiddleware",  # the API stays in UTC; pages use the clinic's zone
    "postop.middleware.StaffRequiredMiddleware",
    "postop.auth.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "postop.middleware.NoStoreMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last: django-axes turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "postop.urls"
WSGI_APPLICATION = "postop.wsgi.application"
ASGI_APPLICATION = "postop.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "postop.context_processors.portal",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the portal and the qcluster share the embedded file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
CLINIC_TIME_ZONE = env_time_zone("CLINIC_TIME_ZONE", "America/New_York")
# One clock: everything shown (portal, admin, exports) is in the clinic's zone; the database stays UTC.
TIME_ZONE = CLINIC_TIME_ZONE
# Admin lists and any datetime shown without postop/clock.py carry the zone's abbreviation.
FORMAT_MODULE_PATH = ["postop.formats"]
CLINIC_COUNTRY = env_str("CLINIC_COUNTRY", "US")
CLINIC_SUBDIVISION = env_str("CLINIC_SUBDIVISION") or None
CLINIC_NAME = env_str("CLINIC_NAME", "PostOp AI Demo Clinic")
CLINIC_CALLBACK_NUMBER = env_str("CLINIC_CALLBACK_NUMBER", "+12125550100")
CALLING_WINDOW = env_calling_window("CALLING_WINDOW", "09:00-19:00")
DEFAULT_CALL_TIME = time(10, 0)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from hx-headers, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP inside the network; the probes get no cookies
    # and no patient data, so they are answered where they ask instead of redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Behind a TLS-terminating proxy (deploy/nginx/postop.conf) name the header it sets, e.g.
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto: Django then trusts "https" in it. Only set this when
# the proxy always overwrites the header, or a client could claim HTTPS over plain HTTP.
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER")
if _proxy_header:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", _proxy_header):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, got {_proxy_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

# Content-Security-Policy (django-csp): scripts and styles only from this server's static files,
# no inline <script>, no on*= handlers, no eval (htmx runs with allowEval off: see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Calls and dialing -------------------------------------------------------
LIVEKIT_URL = env_str("LIVEKIT_URL")
LIVEKIT_API_KEY = env_str("LIVEKIT_API_KEY")
LIVEKIT_API_SECRET = env_str("LIVEKIT_API_SECRET")
SIP_OUTBOUND_TRUNK_ID = env_str("SIP_OUTBOUND_TRUNK_ID")
LIVEKIT_AGENT_NAME = env_str("LIVEKIT_AGENT_NAME", "postop-followup-agent")
LIVEKIT_RINGING_TIMEOUT = env_int("LIVEKIT_RINGING_TIMEOUT", 30, minimum=5, maximum=120)
LIVEKIT_REQUEST_TIMEOUT = env_int("LIVEKIT_REQUEST_TIMEOUT", 10, minimum=1, maximum=120)
_livekit_vars = {
    "LIVEKIT_URL": LIVEKIT_URL,
    "LIVEKIT_API_KEY": LIVEKIT_API_KEY,
    "LIVEKIT_API_SECRET": LIVEKIT_API_SECRET,
    "SIP_OUTBOUND_TRUNK_ID": SIP_OUTBOUND_TRUNK_ID,
}
_livekit_missing = [name for name, value in _livekit_vars.items() if not value]
if _livekit_missing and len(_livekit_missing) < len(_livekit_vars):
    raise ImproperlyConfigured(
        "LiveKit is half configured: set all of LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and "
        f"SIP_OUTBOUND_TRUNK_ID, or none for simulated calls. Missing: {', '.join(_livekit_missing)}"
    )
DIALER_BACKEND = "livekit" if not _livekit_missing else "simulated"

CALL_MAX_ATTEMPTS = env_int("CALL_MAX_ATTEMPTS", 3, minimum=1, maximum=10)
CALL_RETRY_BASE_MINUTES = env_float("CALL_RETRY_BASE_MINUTES", 10, minimum=0)
CALL_RETRY_FACTOR = env_float("CALL_RETRY_FACTOR", 2, minimum=1)
CALL_RETRY_CAP_MINUTES = env_float("CALL_RETRY_CAP_MINUTES", 240, minimum=1)
CALL_LEASE_MINUTES = env_int("CALL_LEASE_MINUTES", 15, minimum=1)
MAX_CONCURRENT_CALLS = env_int("MAX_CONCURRENT_CALLS", 5, minimum=1)
# Calls claimed per dispatch statement (and transaction). The default claims a whole dispatch round
# (at most calls.services.DISPATCH_PICK_MAX) at once: ten batches of 500 cost a quarter more.
DISPATCH_BATCH_SIZE = env_int("DISPATCH_BATCH_SIZE", 5000, minimum=1)
AGENT_TOKEN_TTL_HOURS = env_int("AGENT_TOKEN_TTL_HOURS", 6, minimum=1, maximum=48)
# After an attempt ends its token may still post the last transcript events and the completion
# for this many seconds (the agent's queue flushing); nothing else once the attempt has ended.
AGENT_TOKEN_GRACE_SECONDS = env_int("AGENT_TOKEN_GRACE_SECONDS", 120, minimum=0, maximum=3600)
# A web process loads the red-flag pipeline and the knowledge indexes in the background as it starts
# (postop/warmup.py), so the first triage after a restart does not wait on it.
WARM_UP_AT_START = env_bool("WARM_UP_AT_START", True)
# A discharge dated further back than this is refused: every one of its calls would be due at once.
DISCHARGE_MAX_PAST_DAYS = env_int("DISCHARGE_MAX_PAST_DAYS", 30, minimum=0, maximum=365)
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
# Simulated calls use this OpenAI model when OPENAI_API_KEY is set (the worker reads the same variable).
AGENT_LLM_MODEL = env_str("AGENT_LLM_MODEL", "gpt-4.1-mini")
# The agent worker's key for the inbound-callback lookup (/api/v1/agent/callbacks/ only; header
# X-Agent-Service-Key). Same value in the worker's environment. Empty: inbound callbacks are off.
AGENT_SERVICE_KEY = env_str("AGENT_SERVICE_KEY")

# --- django-q2 -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
Q_CLUSTER: dict[str, object] = {
    "name": env_str("Q_CLUSTER_NAME", "postop"),
    "workers": env_int("Q_WORKERS", 2, minimum=1),
    "timeout": env_int("Q_TIMEOUT", 300, minimum=10),
    "retry": env_int("Q_TIMEOUT", 300, minimum=10) + 60,  # must exceed timeout
    "max_attempts": 1,  # calls have their own retry policy; never re-run a dial blindly
    "catch_up": False,  # a missed minute needs one dispatch, not sixty
    "save_limit": 1000,
    "ack_failures": True,
    "label": "Jobs",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    # Cluster heartbeats (django_q.status.Stat) live in a cache every process on this host
    # can read, so the dashboard and `manage.py callstats` see the qcluster's workers.
    # With Redis the heartbeats live in Redis and every host sees every cluster.
    # One folder per checkout AND database, so the demo's cluster and another setup's never mix; a
    # test process gets its own (a `make demo` running in the same checkout must not show up in,
    # or be disturbed by, the tests). Subprocesses a test starts get Q_STATS_DIR explicitly.
    _stats_key = f"{BASE_DIR}|{DATABASE_URL}"
    if "pytest" in sys.modules:
        _stats_key += f"|test-{os.getpid()}"
    _checkout = hashlib.md5(_stats_key.encode(), usedforsecurity=False).hexdigest()[:8]
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "django_q": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("Q_STATS_DIR") or str(Path(tempfile.gettempdir()) / f"postop-qstats-{_checkout}"),
        },
    }
    Q_CLUSTER["cache"] = "django_q"

# --- REST framework -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "postop.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON is the only format: no browsable API (HTML) and no form posts to the API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only; nested 100,000 deep is a 400 with a message, not a RecursionError (postop/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["postop.parsers.SafeJSONParser"],
    # Every API error, including an unexpected one, is a JSON body without internal detail.
    "EXCEPTION_HANDLER": "postop.api_base.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Integration endpoints throttle per API key (ApiKey.throttle_rate overrides) and per portal user.
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env_str("API_KEY_THROTTLE_RATE", "600/min"),
        "api_user": env_str("API_USER_THROTTLE_RATE", "1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PostOp AI API",
    "DESCRIPTION": "Discharges, scheduled follow-up calls and their outcomes, for EHR integrations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Staff (or an integration's API key) with read access to the API; browsers signed out go to the login.
    "SERVE_PERMISSIONS": ["postop.permissions.CanReadApiDocs"],
    # Swagger UI's assets come from this server (whitenoise), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Who answered a call (the identity check's speaking_with, an attempt's answered_by): one name for one choice set.
    # The other choice sets share a field name with another set ("status", "outcome"): each gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "AnsweredByEnum": "calls.models.AnsweredBy",
        "CallOutcomeEnum": "calls.models.CallOutcome",
        "CallStatusEnum": "calls.models.CallStatus",
        "AnswerStatusEnum": "calls.capture.models.AnswerStatus",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

# --- Logging: structured lines, never patient names, phones or transcript text -------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
# "json" (default with DJANGO_DEBUG=0): one JSON object a line with the request id and the call
# reference (postop/telemetry/logging.py); "plain" for reading at a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain', got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "postop.telemetry.logging.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(call_ref)s] %(message)s"},
        "json": {"()": "postop.telemetry.logging.JsonLineFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Knowledge base (knowledge/rag.py) ------------------------------------------------
# How often a process checks whether knowledge documents changed elsewhere (portal edits
# reach the agent API within this many seconds).
KNOWLEDGE_INDEX_CHECK_SECONDS = env_float("KNOWLEDGE_INDEX_CHECK_SECONDS", 5, minimum=0)
LOGGING["loggers"].update({"haystack": {"level": "WARNING"}, "bm25s": {"level": "WARNING"}})

# --- Clinical safety (calls/triage/): escalation targets and the identity check --------
# An urgent escalation (same-day callback) is due this many minutes after it is raised;
# a routine one by this clinic time on the next business day.
ESCALATION_URGENT_MINUTES = env_int("ESCALATION_URGENT_MINUTES", 120, minimum=5, maximum=12 * 60)
ESCALATION_ROUTINE_DUE_TIME = time.fromisoformat(env_str("ESCALATION_ROUTINE_DUE_TIME", "17:00"))
# The learned third stage of red-flag triage (calls/triage/learned.py): a classifier trained at start-up
# on development data that fires only where the rules found nothing. On for the languages listed
# (English by default, cross-validated on development data; see README); 0 turns it off for all.
TRIAGE_LEARNED_STAGE = env_bool("TRIAGE_LEARNED_STAGE", True)
TRIAGE_LEARNED_LANGUAGES = env_list("TRIAGE_LEARNED_LANGUAGES", "en,es")
# What the agent asks for besides the first name: "dob" (date of birth; the last four digits of
# the phone when no date of birth is on file) or "phone_last4".
IDENTITY_CHECK = env_str("IDENTITY_CHECK", "dob")
if IDENTITY_CHECK not in ("dob", "phone_last4"):
    raise ImproperlyConfigured("IDENTITY_CHECK must be 'dob' or 'phone_last4'.")
IDENTITY_MAX_ATTEMPTS = env_int("IDENTITY_MAX_ATTEMPTS", 2, minimum=1, maximum=3)

# --- Calling-frequency rules and transitional care (calls/rules.py, patients/contact.py) ----
# TCPA healthcare exemption: at most one call a day and three a week per patient. Settings may
# lower these limits, never raise them.
CALLS_PER_DAY_MAX = env_int("CALLS_PER_DAY_MAX", 1, minimum=1)
CALLS_PER_WEEK_MAX = env_int("CALLS_PER_WEEK_MAX", 3, minimum=1)
if CALLS_PER_DAY_MAX > 1 or CALLS_PER_WEEK_MAX > 3:
    raise ImproperlyConfigured(
        f"CALLS_PER_DAY_MAX={CALLS_PER_DAY_MAX} / CALLS_PER_WEEK_MAX={CALLS_PER_WEEK_MAX} is more than the "
        "healthcare calling rules allow (at most 1 call a day and 3 a week per patient); you may only lower them"
    )
if CALLS_PER_WEEK_MAX < CALLS_PER_DAY_MAX:
    raise ImproperlyConfigured("CALLS_PER_WEEK_MAX must be at least CALLS_PER_DAY_MAX")
# Medicare transitional care management: interactive contact by clinical staff within this many
# business days of discharge (weekends and CLINIC_COUNTRY holidays skipped).
TCM_CONTACT_BUSINESS_DAYS = env_int("TCM_CONTACT_BUSINESS_DAYS", 2, minimum=1, maximum=10)

# --- Hospital ADT feed (patients/adt/, `python manage.py adt_listener`) ----------------------
# The MLLP listener's address, and the MSH-4 sending facilities it accepts (others get AR).
ADT_LISTEN_HOST = env_str("ADT_LISTEN_HOST", "127.0.0.1")
ADT_LISTEN_PORT = env_int("ADT_LISTEN_PORT", 2575, minimum=1, maximum=65535)
ADT_SENDING_FACILITIES = env_list("ADT_SENDING_FACILITIES")
# MSH-11 processing ids accepted (P production, T training, D debugging); others get AR, so a test
# feed pointed at production by mistake never schedules a real call.
ADT_PROCESSING_IDS = env_list("ADT_PROCESSING_IDS", "P")
# Threads applying messages (each message is one transaction; one connection is answered in order).
ADT_WORKERS = env_int("ADT_WORKERS", 4, minimum=1, maximum=64)

# --- Sign-in: SSO (OpenID Connect), local accounts with TOTP MFA, lockout, idle logoff ---------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are upgraded to argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# HIPAA automatic logoff: a staff session with no activity for this long is ended; the page
# warns a minute before (static/js/session-timeout.js).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 15, minimum=2, maximum=8 * 60)
# Password (local-account) sessions must pass a TOTP code (django-otp) before any portal page.
# Single sign-on sessions are exempt: the identity provider does the second factor.
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
if not DEBUG and not MFA_REQUIRED:
    raise ImproperlyConfigured("MFA_REQUIRED=0 is refused when DJANGO_DEBUG=0: local accounts need a second factor")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "PostOp AI")

# django-axes: AXES_FAILURE_LIMIT wrong passwords for one username lock it for AXES_COOLOFF_MINUTES.
# Locking the username (not the address) stops guessing from many addresses; a clinic behind one
# NAT would otherwise lock out each other.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=3, maximum=20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address as well: deliberately not (see above); SSO users never reach it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0, maximum=5)

AUTHENTICATION_BACKENDS = [
    # First, so force_login (tests) and the session pick a backend that can load the user.
    "postop.auth.backends.LockoutBackend",
]

# OpenID Connect (mozilla-django-oidc): all six of these set turns on "Sign in with ..." on the
# login page; none keeps local accounts only; some refuses to start.
_oidc_vars = {
    name: env_str(name)
    for name in (
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
    )
}
_oidc_missing = [name for name, value in _oidc_vars.items() if not value]
if _oidc_missing and len(_oidc_missing) < len(_oidc_vars):
    raise ImproperlyConfigured(
        f"OpenID Connect is half configured: set all of {', '.join(_oidc_vars)} or none. "
        f"Missing: {', '.join(_oidc_missing)}"
    )
OIDC_ENABLED = not _oidc_missing
globals().update(_oidc_vars)
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile groups")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your organisation")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_STORE_ACCESS_TOKEN = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1, maximum=60)
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_CALLBACK_CLASS = "postop.auth.oidc.CallbackView"
OIDC_AUTHENTICATE_CLASS = "postop.auth.oidc.AuthenticateView"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=refused"
# Every this many seconds the portal asks the identity provider (userinfo, with the session's
# access token) whether the person still has access: a revoked token or a removed group ends the
# session at the next request.
OIDC_RECHECK_SECONDS = env_int("OIDC_RECHECK_SECONDS", 300, minimum=0)
OIDC_GROUP_MAP: dict[str, str] = {}
for _pair in env_list("OIDC_GROUP_MAP"):
    _idp_group, _sep, _role = (part.strip() for part in _pair.partition("="))
    if not _sep or not _idp_group or not _role:
        raise ImproperlyConfigured(f"OIDC_GROUP_MAP entries look like idp-group=Nurses, comma separated; got {_pair!r}")
    OIDC_GROUP_MAP[_idp_group] = _role
if OIDC_ENABLED and not OIDC_GROUP_MAP:
    raise ImproperlyConfigured(
        "OIDC_GROUP_MAP must map at least one identity-provider group onto a portal role, e.g. "
        "OIDC_GROUP_MAP=postop-nurses=Nurses,postop-leads=Clinical lead (without it nobody could sign in)"
    )
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("postop.auth.oidc.GroupMappingOIDCBackend")
AUTHENTICATION_BACKENDS.append("django.contrib.auth.backends.ModelBackend")

# --- Health and metrics (postop/health/, postop/telemetry/) -------------------------------
# /readyz reports not ready when no qcluster heartbeat is younger than this.
QCLUSTER_HEARTBEAT_SECONDS = env_int("QCLUSTER_HEARTBEAT_SECONDS", 60, minimum=1)
# /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` or from an address in
# METRICS_ALLOWED_NETWORKS (CIDR list, e.g. 127.0.0.1/32,10.0.0.0/8). Neither set: /metrics is off.
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS")
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_NETWORKS entries must be addresses or networks such as 10.0.0.0/8, got {_network!r}"
        ) from None
