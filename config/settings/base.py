"""Settings shared by every environment, all driven by environment variables.

RECTIFY_SECRET_KEY, RECTIFY_DEBUG, RECTIFY_ALLOWED_HOSTS, DATABASE_URL (default: SQLite under var/).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("RECTIFY_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("RECTIFY_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("RECTIFY_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("RECTIFY_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "rectify.core",
    "rectify.accounts",
    "rectify.orgunits",
    "rectify.audit",
    "rectify.notifications",
    "rectify.regions",
    "rectify.ledger",
    "rectify.ingest",
    "rectify.rounds",
    "rectify.people",
    "rectify.documents",
    "rectify.demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rectify.accounts.first_login.PasswordChangeRequired",  # a one-time password is changed first
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rectify" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "rectify.orgunits.context_processors.roles",
                "rectify.notifications.context_processors.unread",
            ],
        },
    },
]


def database_from_env() -> dict:
    """DATABASE_URL picks the database; without it, a SQLite file under var/ in WAL mode."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "rectify.sqlite3"}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            {
                # Writers queue (BEGIN IMMEDIATE) for up to 30 s instead of failing after 5 s with
                # "database is locked" while an import writes (issue 8, 3.2).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
            }
        )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # JIT compiles the ledger's flag CASE (estimated cost > jit_optimize_above_cost) for 0.5–1 s per
        # query and saves nothing on tens of thousands of rows. random_page_cost 1.1 is the cost the
        # PostgreSQL manual suggests for SSDs (the default 4.0 models spinning disks); with 4.0 the planner
        # reads the whole task table to count flags (36 ms at 50,000 tasks) instead of the index (16 ms).
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rectify.accounts.throttle.LoginThrottleBackend",  # first: a locked login goes no further
    "rectify.accounts.backends.PasswordBackend",
]

# Login throttling (django-axes): RECTIFY_LOGIN_FAILURE_LIMIT wrong passwords lock the account, and the
# address they came from, for RECTIFY_LOGIN_COOLOFF_MINUTES; a successful login forgets the account's
# failures.
AXES_FAILURE_LIMIT = int(os.environ.get("RECTIFY_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("RECTIFY_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rectify.accounts.throttle.lockout_response"
# Behind a reverse proxy (RECTIFY_BEHIND_PROXY=1) every request comes from the proxy's address: the
# client's is read from X-Real-IP, which the proxy must set itself, overwriting whatever the client sent
# (nginx: `proxy_set_header X-Real-IP $remote_addr;`, see docs/deployment.md), and the proxy says that
# the client used HTTPS in X-Forwarded-Proto, which it must set the same way.
BEHIND_PROXY = env_bool("RECTIFY_BEHIND_PROXY", False)
# A request without X-Real-IP (one that reached the app around the proxy) counts under its own address,
# never under a shared "no address" that one attacker could lock for everyone.
CLIENT_IP_HEADERS_BEHIND_PROXY = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
AXES_IPWARE_META_PRECEDENCE_ORDER = CLIENT_IP_HEADERS_BEHIND_PROXY if BEHIND_PROXY else ("REMOTE_ADDR",)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "rectify" / "locale"]
TIME_ZONE = os.environ.get("RECTIFY_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = True  # serve straight from the finders when collectstatic has not run
# Front-end packages come from npm at set-up (./run) and are served from node_modules by the app:
# nothing loads from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "rectify" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploads over 2.5 MB stream to a temporary file, never held in memory; the first handler stops a file
# at the import limit (50 MB) while it streams in.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "rectify.ingest.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background work (imports, document rendering) through the Django Tasks API: the database backend runs
# in `rectify db_worker` (./run starts one). Progress of long jobs goes through the cache, which other
# processes can read while the job's own transaction is still open.
#
# RECTIFY_TASKS_BACKEND=rq runs the same tasks on Redis (RECTIFY_REDIS_URL, default
# redis://127.0.0.1:6379/0) through django-tasks-rq: start as many workers as wanted, on any machine
# that reaches the database and Redis, with `rectify rqworker --job-class django_tasks_rq.Job
# --with-scheduler default` (the scheduler runs deferred retries; docs/deployment.md).
REDIS_URL = os.environ.get("RECTIFY_REDIS_URL")
TASKS_BACKEND = os.environ.get("RECTIFY_TASKS_BACKEND", "database").strip().lower()
if TASKS_BACKEND not in {"database", "rq"}:
    raise ValueError(f"RECTIFY_TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
RQ_SHOW_ADMIN_LINK = False
if TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# Messages by e-mail: SMTP from the environment; without RECTIFY_EMAIL_HOST mail is written to the
# console (./run, a machine without a mail server). Chat robots need nothing here: their Apprise URLs
# are kept per unit or person in the admin (群机器人). RECTIFY_SITE_URL makes the links in e-mails and
# robot posts absolute (e.g. https://rectify.example.gov.cn).
EMAIL_HOST = os.environ.get("RECTIFY_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("RECTIFY_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("RECTIFY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("RECTIFY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("RECTIFY_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("RECTIFY_EMAIL_FROM", "rectify@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
RECTIFY_SITE_URL = os.environ.get("RECTIFY_SITE_URL", "http://127.0.0.1:8000")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "cache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RECTIFY_LOG_LEVEL", "WARNING")},
}

# The ledger's flag-count index INCLUDEs columns for PostgreSQL's index-only counts; SQLite builds it
# without them (its index entries carry the rowid already), which is what we want.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
