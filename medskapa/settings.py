"""Settings for Medskapa, read from the environment.

Development is the default so that a fresh clone runs with no set-up: SQLite under the
git-ignored ``var/`` folder and a secret generated there. ``MEDSKAPA_ENV=production`` turns on
the production posture and refuses to start without a real secret.

Nothing here keeps state in the web process: sessions and the cache live in the database (or
Redis when ``REDIS_URL`` is set), so any number of web and worker machines can share one
PostgreSQL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MEDSKAPA_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("MEDSKAPA_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = os.environ.get("DEBUG", "0") == "1" and not PRODUCTION


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _development_secret() -> str:
    """A per-checkout secret, generated once, so that a clone runs without set-up."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("MEDSKAPA_ENV=production needs a SECRET_KEY in the environment.")
    SECRET_KEY = _development_secret()
elif PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production (50+ random characters).")

# Keys for columns encrypted at rest (medskapa.web.crypto): Fernet keys, newest first.
FIELD_ENCRYPTION_KEYS = _env_list("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "MEDSKAPA_ENV=production needs FIELD_ENCRYPTION_KEYS in the environment."
        )
    # Development only: a key derived from the per-checkout secret, so a clone needs no set-up.
    FIELD_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"medskapa-field-encryption:" + SECRET_KEY.encode()).digest()
        ).decode()
    ]
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        _key_ok = len(base64.urlsafe_b64decode(_key.encode())) == 32  # a Fernet key
    except ValueError:
        _key_ok = False
    if not _key_ok:
        raise ImproperlyConfigured(
            "Every FIELD_ENCRYPTION_KEYS entry must be a Fernet key (32 url-safe base64 bytes)."
        )

ALLOWED_HOSTS = _env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]"
)
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_ratelimit",
    "django_prometheus",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Core: never imports a domain app.
    "medskapa.accounts",
    "medskapa.organisations",
    "medskapa.access",
    "medskapa.audit",
    "medskapa.web",
    "medskapa.api",
    # Domain apps are added below this line, one per capability.
    "medskapa.checkins",
    "medskapa.klarsprak",
    "medskapa.conversations",
    "medskapa.events",
    "medskapa.insights",
    "medskapa.projects",
    "medskapa.reports",
    "medskapa.feedback",
    "medskapa.mydata",
    "medskapa.ops",
]
# Domain apps left out (labels, e.g. "events,projects"): CI proves the rest runs without each
# (issue 13). urls.py and api.py wire only installed apps; tests of left-out apps are skipped.
WITHOUT_APPS = set(_env_list("MEDSKAPA_WITHOUT_APPS"))
INSTALLED_APPS = [
    app for app in INSTALLED_APPS if app.removeprefix("medskapa.") not in WITHOUT_APPS
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "medskapa.web.middleware.RequestIdMiddleware",
    "medskapa.ops.logs.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a logged-in person's saved language counts (no i18n URL prefixes).
    "medskapa.web.middleware.SwedishFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "medskapa.accounts.middleware.SessionPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "medskapa.accounts.middleware.RequireStaffMfaMiddleware",
    # The permission layer: services' refusals become audited 404s; identified reads are audited.
    "medskapa.access.middleware.PermissionLayerMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "medskapa.web.middleware.NoStoreMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "medskapa.urls"
WSGI_APPLICATION = "medskapa.wsgi.application"
ASGI_APPLICATION = "medskapa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "medskapa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "medskapa.web.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'medskapa.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: shared state only --------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "medskapa_cache",
        }
    }
# Throttles count with the cache's atomic add/incr (django-ratelimit); Django's own Redis cache
# has them (the library's check knows only django-redis: W001). The database cache does not:
# fine for one developer, refused by the deploy check in production (E003), so use Redis there.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not PRODUCTION:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
# With Redis, a request reads its session from the cache; every write still goes to the
# database too, so a Redis restart logs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "medskapa_session"
SESSION_SAVE_EVERY_REQUEST = False
# The absolute lifetime of any session; the idle timeouts per role live in SESSION_POLICY.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_POLICY = {
    "staff_idle_seconds": 30 * 60,
    "young_person_idle_seconds": 60 * 60,
    "absolute_seconds": SESSION_COOKIE_AGE,
}

# --- Background work (Django's Tasks API via the django-tasks backport) --------------------
# immediate: run in the web process (development, tests, small installs);
# database:  `manage.py db_worker` processes on one or more servers (django-tasks-db);
# rq:        `manage.py rqworker --job-class django_tasks_rq.Job default` pools on many
#            machines sharing Redis (django-tasks-rq).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 300}}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# OWASP ASVS 5 (V6): length, not composition; a list of common passwords; no expiry.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "medskapa.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:start"

ACCOUNT_ADAPTER = "medskapa.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "medskapa.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
ACCOUNT_PREVENT_ENUMERATION = True
# --- Client address, rate limits and throttles (docs/deploy.md, "Behind the TLS proxy") -------
# Behind our own proxies REMOTE_ADDR is the proxy's. TRUSTED_PROXY_COUNT says how many proxies
# of ours append to X-Forwarded-For (the N-th entry from the right is the client); or
# TRUSTED_CLIENT_IP_HEADER names a header our proxy overwrites (X-Real-IP). Neither set: the
# headers are ignored, so a client cannot choose its own address. allauth reads these two
# settings, and medskapa.web.clientip.client_ip (used by the throttles and the audit log) too.
try:
    ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)
except ValueError:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number.") from None
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER", "").strip() or None
RATELIMIT_IP_META_KEY = "medskapa.web.clientip.client_ip"
# Log-in (OWASP ASVS 5.0 V6.3.1, level 2; the numbers are explained in docs/deploy.md):
# - per client: 20 failures a minute, 200 an hour, whatever the accounts;
# - per client and account ("key"): 5 in 5 minutes, 10 an hour, 20 a day: a growing wait for
#   that pair only, never a lock of the account for everybody;
# - per account from all clients together ("login_failed_account"): 100 an hour, which one
#   stranger (10 an hour per address) reaches only from 10+ addresses at once.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/m/ip,200/h/ip,5/5m/key,10/h/key,20/d/key",
    "login_failed_account": "100/h/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "signup": "20/m/ip",
    # Invite codes and links: guessing them must be slow, whatever the size of the code space.
    "invite_code": "10/m/ip,60/h/ip",
}
# Public and code-based pages (medskapa.web.throttle; narrowest limit first). Code spaces of
# about 40 bits (receipts, join and invite codes) get a ceiling for everybody together as well.
THROTTLES = {
    "event_signup": "10/10m/client+target,30/h/client,200/h/target",
    "event_link": "30/10m/client,100/h/client",
    "campaign_step": "600/10m/client+target",
    "campaign_answer": "30/10m/client+target,60/h/client+target,600/h/target",
    "receipt_code": "5/m/client,20/h/client,1000/h/global",
    "project_join_code": "5/m/client,20/h/client,20/h/user,200/h/target",
    "invite_code_space": "1000/h/global",
    "share_link": "60/10m/client",
    "goal_reaction": "60/10m/client+target,600/h/target",
    "gap_report": "10/h/user,200/h/target",
    "accessibility_report": "5/h/client,100/d/target",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Medskapa"
MFA_RECOVERY_CODE_COUNT = 10
# Sessions are recorded at log-in; tracking every request would write on every page view.
USERSESSIONS_TRACK_ACTIVITY = False

# --- Internationalisation: Swedish first, English too, right-to-left ready ----------------
LANGUAGE_CODE = "sv"
# Arabic: complete for young people's check-in pages (right to left); more through gettext.
LANGUAGES = [("sv", _("Swedish")), ("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "medskapa" / "locale"]
LANGUAGE_COOKIE_NAME = "medskapa_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files: served by WhiteNoise, no CDN --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    WHITENOISE_USE_FINDERS = True
# Uploaded files (pictures on cards, logos, imported documents). Never served as public media:
# views check access and stream them. Several web machines must share it: point the default
# storage at a shared volume or an object store (django-storages) in production.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Audit log: chain key and checkpoints (docs/deploy.md, "Audit log") ------------------------
# The key of the audit chain's HMAC lives only in the environment, never in the database, so
# the database role cannot re-chain rows after removing some. Rotation: a new key gets the next
# version; older keys stay in AUDIT_CHAIN_OLD_KEYS ("2:key,3:key") to verify older rows.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
if not AUDIT_CHAIN_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("MEDSKAPA_ENV=production needs AUDIT_CHAIN_KEY (environment).")
    # Derived from nothing secret, on purpose: development and test data only.
    AUDIT_CHAIN_KEY = "medskapa-development-audit-chain-key-not-secret"
elif PRODUCTION and len(AUDIT_CHAIN_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY is too weak for production (32+ random chars).")
AUDIT_CHAIN_KEY_VERSION = int(os.environ.get("AUDIT_CHAIN_KEY_VERSION", "2"))
AUDIT_CHAIN_OLD_KEYS = _env_list("AUDIT_CHAIN_OLD_KEYS")
# Signed chain heads go to a storage the database role cannot rewrite: in production an object
# store with write-once retention (AUDIT_CHECKPOINT_BACKEND + AUDIT_CHECKPOINT_OPTIONS as JSON).
STORAGES["audit_checkpoints"] = {
    "BACKEND": os.environ.get(
        "AUDIT_CHECKPOINT_BACKEND", "django.core.files.storage.FileSystemStorage"
    ),
    "OPTIONS": json.loads(
        os.environ.get("AUDIT_CHECKPOINT_OPTIONS")
        or json.dumps({"location": str(VAR_DIR / "audit-checkpoints")})
    ),
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Medskapa <noreply@medskapa.local>")
# Links in e-mails and text messages point here.
MEDSKAPA_BASE_URL = os.environ.get("MEDSKAPA_BASE_URL", "http://127.0.0.1:8000")
# Text messages: a class with send(messages), like Django's e-mail backends.
MEDSKAPA_SMS_BACKEND = os.environ.get("SMS_BACKEND", "medskapa.web.sms.ConsoleSmsBackend")

# --- Security headers -----------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in a header from a meta tag
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "medskapa.web.views.csrf_failure"

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-medskapa_session"

# --- Logging: JSON lines with the request id, no personal data --------------------------------
# One JSON object a line on standard error (python-json-logger). Every record passes a filter
# that masks e-mail addresses, personal identity numbers, phone numbers and first names
# (medskapa.ops.logs); the SQL logger, which prints query parameters, never goes below INFO.
# LOG_FORMAT=text gives plain lines for a developer's terminal.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "medskapa.ops.logs.RequestIdFilter"},
        "scrub": {"()": "medskapa.ops.logs.ScrubPersonalDataFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "scrub"],
            "formatter": "text" if os.environ.get("LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.db.backends.schema": {"level": "INFO"},
    },
}

# --- Operations: readiness, metrics (django-prometheus at /metrics) -------------------------
# /metrics answers a bearer token (METRICS_TOKEN) or an address in METRICS_ALLOWED_ADDRESSES
# (comma-separated, networks allowed), and 404 to anyone else. Under gunicorn with several
# workers set PROMETHEUS_MULTIPROC_DIR to an empty folder per host (see docs/deploy.md).
# READY_REQUIRES: the checks that make /readyz answer 503 (database, cache, queue, worker).
MEDSKAPA_OPS = {
    "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
    "METRICS_ALLOWED_ADDRESSES": _env_list("METRICS_ALLOWED_ADDRESSES"),
    "READY_REQUIRES": _env_list("READY_REQUIRES", "database,cache,queue"),
}
PROMETHEUS_EXPORT_MIGRATIONS = False  # would query at start-up
# Query counts and latencies per database and cache hits and misses, through thin wrappers.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite use an in-memory database per test process; said explicitly, because
    # pytest-django only recognises SQLite by Django's own engine name, not the wrapper's.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
# Redis only (production): the database cache keeps Django's own class, so that
# django-ratelimit's check still recognises it and refuses it for throttles in production.
CACHES["default"]["BACKEND"] = {
    "django.core.cache.backends.redis.RedisCache": "medskapa.ops.cache.RedisCache",
}.get(CACHES["default"]["BACKEND"], CACHES["default"]["BACKEND"])

# --- Medskapa -------------------------------------------------------------------------------
MEDSKAPA = {
    # Help numbers shown on every young person's page (the organisation adds its own).
    "HELP_NUMBERS": [
        ("112", _("Emergency")),
        ("116 111", _("BRIS, for children and young people")),
    ],
    # Age under which a guardian must consent where the legal basis is consent (GDPR art. 8, SE).
    "GUARDIAN_CONSENT_AGE": 13,
    "INVITE_VALID_DAYS": 14,
}
