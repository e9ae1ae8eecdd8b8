"""Settings for SBD Animal: every value comes from the environment.

With no environment at all the project runs on its embedded default: SQLite, Celery tasks run
eagerly in-process and email is written to the console. See `compose/.env.example` for every
variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()


def env_str(name: str, default: str) -> str:
    return str(env.str(name, default=default))


def env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default="").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env.str(name, default="").strip()
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
VAR_DIR = Path(env_str("SBD_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "backend.accounts",
    "backend.workouts",
    "backend.inquiries",
    "backend.backoffice",
    "backend.programs",
    "backend.web",
    "django_vite",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"
ASGI_APPLICATION = "backend.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
try:
    _db: dict[str, Any] = env.db_url_config(DATABASE_URL)
except Exception as exc:  # django-environ raises several types on a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] not in ("django.db.backends.mysql", "django.db.backends.sqlite3"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not a valid database URL: use mysql://… or sqlite:///…, "
        f"not {DATABASE_URL.split(':', 1)[0]}://…"
    )
if _db["ENGINE"] == "django.db.backends.mysql":
    _db["OPTIONS"] = {
        "charset": "utf8mb4",
        "init_command": "SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
        "ERROR_FOR_DIVISION_BY_ZERO', innodb_strict_mode=1",
        "isolation_level": "read committed",
    }
    _db["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    # 0: a connection per request, closed when it ends. Under ASGI (uvicorn) each request runs in
    # a thread of its own, so a persistent connection is never reused and never closed (they
    # piled up to MariaDB's max_connections); asgi.py refuses any other value.
    _db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
    _db["CONN_HEALTH_CHECKS"] = True
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # WAL: readers don't wait for the writer, and a commit costs no fsync of the main file
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A test database in a file, not in shared-cache memory: threads in concurrency tests then
    # wait for SQLite's lock instead of failing with "database table is locked".
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "Korean")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# --- Hardening: who serves /media/ -----------------------------------------------------------
# Django (backend/config/media.py) in development; in production nginx, with this off
MEDIA_SERVE = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
# --- Deployment (issue 15): media on a local volume (MEDIA_ROOT) or S3-compatible storage ----
# Set MEDIA_S3_BUCKET and uploads (avatars, inquiry images) go to that bucket through
# django-storages, and their URLs are the storage's (signed unless MEDIA_S3_QUERYSTRING_AUTH is
# off, e.g. for a public bucket or a CDN in MEDIA_S3_CUSTOM_DOMAIN). Empty keys: boto3's own
# credential chain (AWS_* variables, an instance role).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET", "")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if MEDIA_S3_BUCKET:
    _addressing = env_str("MEDIA_S3_ADDRESSING_STYLE", "auto")
    if _addressing not in ("auto", "path", "virtual"):
        raise ImproperlyConfigured(
            f"MEDIA_S3_ADDRESSING_STYLE must be auto, path or virtual, got {_addressing!r}"
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("MEDIA_S3_REGION", "") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN", "") or None,
            "querystring_auth": env_bool("MEDIA_S3_QUERYSTRING_AUTH", True),
            "querystring_expire": env_int("MEDIA_S3_QUERYSTRING_EXPIRE", 3600),
            "addressing_style": None if _addressing == "auto" else _addressing,
            # every upload has a fresh random name; never replace an object in place
            "file_overwrite": False,
            "default_acl": None,
        },
    }
# --- The pages (/calculator/, /admin-app/): Django templates with Vite's assets (django-vite) ---
# The Vite build of admin_react/ (`make build-web`): hashed files under assets/ and Vite's
# manifest (.vite/manifest.json, which the templates' tags read). collectstatic copies the files
# to STATIC_ROOT under web/ (nginx or whitenoise serves them); in DEBUG they are served from here.
WEB_BUILD_DIR = Path(env_str("WEB_BUILD_DIR", str(BASE_DIR / "admin_react" / "dist")))
WEB_STATIC_PREFIX = "web"
STATICFILES_DIRS = [(WEB_STATIC_PREFIX, WEB_BUILD_DIR)]
# `make dev`: the tags point at the Vite dev server (hot reload) instead of the build; only with
# DEBUG on, and only then does the Content-Security-Policy below allow the dev server's origin.
VITE_DEV_MODE = env_bool("DJANGO_VITE_DEV_MODE", False)
if VITE_DEV_MODE and not DEBUG:
    raise ImproperlyConfigured("DJANGO_VITE_DEV_MODE needs DJANGO_DEBUG on (development only)")
VITE_DEV_SERVER_PORT = env_int("DJANGO_VITE_DEV_SERVER_PORT", 5173)
VITE_DEV_SERVER_ORIGIN = f"http://127.0.0.1:{VITE_DEV_SERVER_PORT}"
DJANGO_VITE = {
    "default": {
        "dev_mode": VITE_DEV_MODE,
        "dev_server_host": "127.0.0.1",
        "dev_server_port": VITE_DEV_SERVER_PORT,
        "static_url_prefix": WEB_STATIC_PREFIX,
        "manifest_path": WEB_BUILD_DIR / ".vite" / "manifest.json",
    }
}
# Vite's hashed names (web/assets/) never change content: cached for a year by whitenoise
WHITENOISE_IMMUTABLE_FILE_TEST = rf"^/{STATIC_URL}{WEB_STATIC_PREFIX}/assets/"
# the calculator's TF.js model (model.json, its weight shards, meta.json), served as files
CALCULATOR_MODEL_DIR = BASE_DIR / "ml" / "artifacts"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
CACHE_URL = env_str("CACHE_URL", REDIS_URL or "locmemcache://")
CACHES = {"default": env.cache_url_config(CACHE_URL)}
# --- Hardening: a Redis that is down or hung fails a cache call in 2 s, never hangs it -------
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "socket_connect_timeout": 2,
            "socket_timeout": 2,
            # one pool per process, not one per request (backend/config/redis_pool.py)
            "pool_class": "backend.config.redis_pool.ProcessConnectionPool",
        }
    )

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_TIMEZONE = TIME_ZONE
# the bot's own messages (rest timers, reminders) are sent by workers, not by the bot process
CELERY_IMPORTS = ("bot.tasks",)
CELERY_BEAT_SCHEDULE = {
    "reminders-send": {"task": "bot.tasks.reminders_send", "schedule": 60.0},
    "rest-timers-sweep": {"task": "bot.tasks.rest_timers_sweep", "schedule": 30.0},
    # expired codes, link tokens and refresh tokens (backend/accounts/housekeeping.py)
    "accounts-purge-expired": {
        "task": "backend.accounts.tasks.accounts_purge_expired",
        "schedule": 60.0 * 60,
    },
    # yesterday's figures for the back office, after midnight UTC (backend/backoffice/tasks.py)
    "backoffice-daily-stats": {
        "task": "backend.backoffice.tasks.daily_stats_record",
        "schedule": crontab(hour="0", minute="10"),
    },
}
# --- Hardening: a task of a worker that died is delivered again within about a minute --------
# Redis holds a fetched task as unacked until this many seconds pass, then hands it to the next
# worker; the sweep for such tasks runs every 10 s. Shorter than an emailed code lives (10 min),
# longer than the email task's time limit (30 s). A task that runs longer than this may run
# twice: every task is idempotent (the importer stores each set once).
BROKER_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 45)
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    {
        "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
)

# --- Email ----------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "consolemail://")
_email: dict[str, Any] = env.email_url_config(EMAIL_URL)
# --- Hardening: an SMTP server that hangs fails the send after EMAIL_TIMEOUT seconds ---------
# `?timeout=N` in EMAIL_URL wins over EMAIL_TIMEOUT (default 10 s); other query options are refused
_email_options: dict[str, Any] = _email.pop("OPTIONS", {}) or {}
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if "TIMEOUT" in _email_options:
    EMAIL_TIMEOUT = _email_options.pop("TIMEOUT")
if _email_options:
    raise ImproperlyConfigured(f"EMAIL_URL has unknown options: {', '.join(_email_options)}")
if not isinstance(EMAIL_TIMEOUT, int) or EMAIL_TIMEOUT <= 0:
    raise ImproperlyConfigured("the email timeout must be a whole number of seconds above 0")
vars().update(_email)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SBD Animal <no-reply@sbdanimal.local>")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The only credentials of this project's clients: the JWT access token, from its HttpOnly
    # cookie (the web front ends) or an `Authorization: Bearer` header (scripts, schemathesis).
    # No DRF tokens (they never expire) and no Django sessions (the admin's own) on the API.
    # Its WWW-Authenticate header makes anonymous requests a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": ["backend.accounts.authentication.CookieJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "backend.config.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_THROTTLE_RATES": {
        "auth": env_str("THROTTLE_RATE_AUTH", "30/min"),
        # logins to one account from any address: the owner waits at most this period
        "login_account": env_str("THROTTLE_RATE_LOGIN_ACCOUNT", "10/min"),
        # charts drawn anew per lifter, API and bot together (backend/workouts/chart_limits.py)
        "chart_render": env_str("THROTTLE_RATE_CHART_RENDER", "20/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # DRF's three, the JSON one answering JSON nested too deeply with a 400 (not a 500)
    "DEFAULT_PARSER_CLASSES": [
        "backend.config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SBD Animal API",
    "DESCRIPTION": "Log lifts, get 1RM, calories, level and percentile; back office.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ExerciseCategoryEnum": "backend.workouts.models.Exercise.Category",
        "InquiryCategoryEnum": "backend.inquiries.models.Inquiry.Category",
        "ImportJobStatusEnum": "backend.workouts.models.ImportJob.Status",
        "InquiryStatusEnum": "backend.inquiries.models.Inquiry.Status",
        # kg/lb: the lifter's units, a plate setup's unit and every unit query parameter
        "UnitEnum": ["kg", "lb"],
    },
}

# --- Hardening: the declared reverse proxies ---------------------------------------------------
# How many proxies (nginx, a load balancer) stand in front of the app and append the address
# they saw to X-Forwarded-For. 0: the app is reached directly, the header is ignored and the
# client address is the socket's. Run uvicorn with --no-proxy-headers: this setting decides.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_NUM_PROXIES must be 0 or more")
REST_FRAMEWORK["NUM_PROXIES"] = NUM_PROXIES

# --- Hardening: Content-Security-Policy (django-csp) and the API docs -------------------------
# Scripts only from this origin (the Vite builds, the admin's and Swagger's own files); styles
# may be inline because the React admin's component library injects them at run time.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp", "drf_spectacular_sidecar"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[Any]]] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if VITE_DEV_MODE:
    # the dev server's modules and its hot-reload socket; django-vite's React refresh preamble
    # is an inline script, allowed by its nonce
    _directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for _directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        _directives[_directive].append(VITE_DEV_SERVER_ORIGIN)
    _directives["script-src"].append(NONCE)
    _directives["connect-src"].append(VITE_DEV_SERVER_ORIGIN.replace("http://", "ws://", 1))
# Swagger UI and the schema: served from this server's static files (drf-spectacular-sidecar);
# public in development, staff only in production unless DJANGO_API_DOCS_PUBLIC=true
API_DOCS_PUBLIC = env_bool("DJANGO_API_DOCS_PUBLIC", DEBUG)
SPECTACULAR_SETTINGS.update(
    {
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "SERVE_PERMISSIONS": [
            "rest_framework.permissions.AllowAny"
            if API_DOCS_PUBLIC
            else "rest_framework.permissions.IsAdminUser"
        ],
    }
)

# --- Accounts: JWT in HttpOnly cookies -------------------------------------------------------
JWT_ACCESS_LIFETIME = timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 5))
if not timedelta(0) < JWT_ACCESS_LIFETIME <= timedelta(minutes=5):
    raise ImproperlyConfigured("JWT_ACCESS_MINUTES must be between 1 and 5")
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": JWT_ACCESS_LIFETIME,
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # tokens carry a hash of the password hash: changing the password revokes them
    "CHECK_REVOKE_TOKEN": True,
    "SIGNING_KEY": env_str("JWT_SIGNING_KEY", SECRET_KEY),
}
AUTH_COOKIE_ACCESS = "sbd_access"
AUTH_COOKIE_REFRESH = "sbd_refresh"
# refresh (POST /api/auth/refresh/) and logout (POST /api/auth/logout/) both receive it
AUTH_COOKIE_REFRESH_PATH = "/api/auth/"
AUTH_COOKIE_SECURE = env_bool("AUTH_COOKIE_SECURE", not DEBUG)
ACCOUNTS_AVATAR_MAX_BYTES = env_int("ACCOUNTS_AVATAR_MAX_BYTES", 2 * 1024 * 1024)

# --- Security outside development -----------------------------------------------------------
# X-Forwarded-Proto is believed only when a proxy that sets it is declared
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# health probes (compose, a load balancer) ask over plain HTTP inside the network
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# Silenced deploy checks, each with its reason:
# - security.W021 (HSTS preload off): joining the browsers' preload list is a one-way commitment
#   for the whole domain that its operator makes on purpose with DJANGO_SECURE_HSTS_PRELOAD=true.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Telegram -------------------------------------------------------------------------------
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_BOT_USERNAME = env_str("TELEGRAM_BOT_USERNAME", "SBDAnimalBot")
TELEGRAM_API_BASE_URL = env_str("TELEGRAM_API_BASE_URL", "")
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Deployment (issue 15): health checks (Swagger UI's local files: the Hardening block) -----
INSTALLED_APPS += [
    "health_check",  # /health/ (backend/web/health.py); its templates render the HTML report
]

# --- The bot's process settings (issue 15): polling and webhook mode read the same values ----
# 0 / unset: the bot's own defaults (bot/application.py)
BOT_CONCURRENT_UPDATES = env_int("BOT_CONCURRENT_UPDATES", 0)
BOT_DB_THREADS = env_int("BOT_DB_THREADS", 0)
_overall_rate = env_str("TELEGRAM_OVERALL_MAX_RATE", "").strip()
try:
    TELEGRAM_OVERALL_MAX_RATE = float(_overall_rate) if _overall_rate else None
except ValueError:
    raise ImproperlyConfigured(
        f"TELEGRAM_OVERALL_MAX_RATE must be a number of messages a second, got {_overall_rate!r}"
    ) from None
# updates handled per chat (a flood from one chat must not starve the others); empty: no limit
BOT_CHAT_RATE = env_str("BOT_CHAT_RATE", "30/min")
# where conversations and chat data live: "pickle" (a file per process under SBD_VAR_DIR) or
# "redis" (REDIS_URL, shared by every webhook replica: bot/shared_state.py)
BOT_PERSISTENCE = env_str("BOT_PERSISTENCE", "pickle")
if BOT_PERSISTENCE not in ("pickle", "redis"):
    raise ImproperlyConfigured(f"BOT_PERSISTENCE must be pickle or redis, got {BOT_PERSISTENCE!r}")
if BOT_PERSISTENCE == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("BOT_PERSISTENCE=redis needs REDIS_URL")
