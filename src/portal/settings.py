"""Settings of the portal: one module, every knob read from the environment.

Defaults give a working local product (SQLite file, console mail, local files);
production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and the mail settings.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.getenv("VAR_DIR", PROJECT_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.getenv(name)
    return int(value) if value not in (None, "") else default


def envstr(name: str, default: str) -> str:
    value = os.getenv(name)
    return value if value not in (None, "") else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.getenv(name)
    if value in (None, ""):
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# DJANGO_ENV=production: HTTPS only (redirect, HSTS, secure cookies), the reverse proxy on this host
# trusted for the client address and for HTTPS, and no start with the development secret key.
DJANGO_ENV = envstr("DJANGO_ENV", "development").strip().lower()
PRODUCTION = DJANGO_ENV == "production"
DEBUG = envbool("DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = envstr("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or DEBUG):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_ENV=production needs its own SECRET_KEY and DEBUG off.")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The absolute base of links in mail and PDFs (set-password links, QR codes). `make run` and
# `make serve` set it from HOST and PORT; without it, a development process derives it the same way.
# Production (DEBUG off) refuses to start without an explicit one: see portal.core.checks.
SITE_URL_EXPLICIT = envstr("SITE_URL", "") != ""
SITE_URL = envstr("SITE_URL", f"http://{envstr('HOST', '127.0.0.1')}:{envstr('PORT', '8000')}").rstrip("/")
# The reverse proxies in front of the application (addresses or networks, comma-separated). Only a
# request from one of them has its X-Forwarded-For read for the client's address (lockout, rate
# limits) and its X-Forwarded-Proto for HTTPS. Empty: the connection's own address is the client.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", ["127.0.0.1", "::1"] if PRODUCTION else [])

INSTALLED_APPS = [
    "portal.core.apps.OperatorAdminConfig",  # /admin/ for operators, second factor required
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "portal.core",
    "portal.accounts",
    "portal.registry",
    "portal.changes",
    "portal.documents",
    "portal.office",
    "portal.access",
    "portal.public",
    "portal.training",
    "ninja",  # serves its Swagger UI from its own static files (no CDN)
]

MIDDLEWARE = [
    # First: the content origin answers package content (and static files) only.
    "portal.training.middleware.ContentHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that a locked-out attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool("DB_POOL", True):
    # A per-process pool (psycopg_pool): a request takes an open connection instead of opening
    # one (a new PostgreSQL backend, ~2-3 ms, more than a whole cached search). It works with
    # threaded servers too, which persistent connections (CONN_MAX_AGE) do not; the two exclude
    # each other.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": envint("DB_POOL_MIN", 2), "max_size": envint("DB_POOL_MAX", 8), "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default keeps its file under VAR_DIR; a fresh checkout has no such folder yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker and the web server use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API rate limit and the public search's caches live in Django's cache. Per
# process by default; several processes need a shared one (CACHE_URL=redis://host:6379/0), or each
# process counts its own limit.
CACHE_URL = envstr("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "portal")}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.accounts.backends.LoginKeyBackend",
]
LOGIN_URL = "accounts:choose"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "portal.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "portal.accounts.passwords.LettersAndDigitsValidator"},
    {"NAME": "portal.accounts.passwords.CommonPasswordsValidator"},
    {"NAME": "portal.accounts.passwords.NoIdentifierValidator"},
]

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", PRODUCTION or (not DEBUG and SITE_URL.startswith("https")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS: on in the production profile, each switchable by the environment.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Behind the reverse proxy, a request is HTTPS when the proxy says so; the proxy must set (overwrite)
# X-Forwarded-Proto on every request, as the documented nginx configuration does.
if envbool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The SCORM player shows packages in a same-origin iframe, so frames from the site itself are allowed
# (X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self'); no other site may frame a page.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]  # X_FRAME_OPTIONS is not DENY: see above

# Content-Security-Policy (django-csp) on every response: scripts only from the site's own files (no
# inline script, no eval), nothing from other origins. Inline styles stay allowed: a few templates
# size bars and indent outlines with style attributes. A response that sets its own header keeps it.
CSP_SELF, CSP_NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    # SCORM package files are third-party content with inline scripts; their isolation (own origin or
    # own policy) belongs to the SCORM serving, which may set its own header.
    "EXCLUDE_URL_PREFIXES": ["/asp/csomag/", "/asp/tartalom/"],
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF, "'unsafe-inline'"],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "frame-src": [CSP_SELF],
        "frame-ancestors": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
    },
}
CSRF_FAILURE_VIEW = "portal.core.views.csrf_failure"

# SCORM packages play from their own origin, so that a package's script cannot act as the person
# playing it anywhere on the portal (docs/security.md). Another host name of this same application,
# best on another registrable domain (https://asp-tartalom.example.hu); empty = the portal's own
# origin, without that isolation (development only; `check --deploy` warns). Launch tokens in the
# content URLs are valid for TRAINING_CONTENT_TOKEN_SECONDS.
TRAINING_CONTENT_ORIGIN = envstr("TRAINING_CONTENT_ORIGIN", "").rstrip("/")
TRAINING_CONTENT_TOKEN_SECONDS = envint("TRAINING_CONTENT_TOKEN_SECONDS", 4 * 3600)
if TRAINING_CONTENT_ORIGIN:
    from urllib.parse import urlsplit

    _content_hostname = urlsplit(TRAINING_CONTENT_ORIGIN).hostname
    if _content_hostname and "*" not in ALLOWED_HOSTS and _content_hostname not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_content_hostname)

# Repeated failed logins lock the account and the address for a while.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "login_key"
# authenticate() masks credentials named "...key...": the identity comes from the request instead.
AXES_USERNAME_CALLABLE = "portal.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "portal.core.clientaddress.client_address"
AXES_LOCKOUT_CALLABLE = "portal.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "hu"
# Hungarian only: the product's words are Hungarian msgids in locale/hu; add a language here together with
# its complete catalogue (tests/core/test_catalogue.py).
LANGUAGES = [("hu", "Magyar")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Budapest"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The project-wide assets (portal/css, portal/js) live in src/portal/static.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# Every stored file (documents, SCORM packages and their extracted files, intake tables) goes
# through Django's storage API: the local folder MEDIA_ROOT by default, an S3-compatible object store
# with FILE_STORAGE=storages.backends.s3.S3Storage (django-storages) and the S3_* settings. Files are
# private either way: the app checks who asks and streams them (docs/decisions.md, [E]).
FILE_STORAGE = envstr("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
FILE_STORAGE_OPTIONS: dict = {}
if FILE_STORAGE == "storages.backends.s3.S3Storage":
    FILE_STORAGE_OPTIONS = {
        "bucket_name": envstr("S3_BUCKET", "portal"),
        # Empty: AWS itself; set for another S3-compatible server (SeaweedFS, MinIO, Ceph, ...).
        "endpoint_url": envstr("S3_ENDPOINT_URL", "") or None,
        "region_name": envstr("S3_REGION", "") or None,
        # Empty: boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance role).
        "access_key": envstr("S3_ACCESS_KEY", "") or None,
        "secret_key": envstr("S3_SECRET_KEY", "") or None,
        "location": envstr("S3_PREFIX", ""),  # a folder inside the bucket
        "addressing_style": envstr("S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "file_overwrite": False,  # two uploads of "okirat.pdf" keep both
        "default_acl": None,  # objects stay private: the bucket grants nothing to the public
        "querystring_auth": True,
        "max_memory_size": 2 * 1024 * 1024,  # larger downloads spill to a temporary file
    }
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE, "OPTIONS": FILE_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if envbool("STATIC_COMPRESS", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files from the app folders in development and tests, too.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "KIR Intézménytörzs <noreply@kir.localhost>")
# Seconds to wait for the SMTP server (connect and each reply); Django's default is no limit.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", 6)
# A worker's hold on a message it is sending; after it, a message whose worker died is sent again.
OUTBOX_CLAIM_SECONDS = envint("OUTBOX_CLAIM_SECONDS", 300)

# Background jobs (portal.core.jobs): Django's Tasks API with its database backend, in the same
# database as everything else; workers: `python -m portal db_worker` (or the outbox_worker's passes).
TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Single-use links and codes for setting a password.
CREDENTIAL_LINK_HOURS = envint("CREDENTIAL_LINK_HOURS", 72)
RESET_LINK_HOURS = envint("RESET_LINK_HOURS", 2)
PASSWORD_RESET_RATE = envint("PASSWORD_RESET_RATE", 5)  # requests per address per hour
PUBLIC_API_RATE = envint("PUBLIC_API_RATE", 120)  # public API requests per client address per minute
# Without an account: new drafts (new institution, new maintainer) per client address, continuation
# codes sent per client address and per draft ("N/s|m|h|d"; 0 switches a limit off).
DRAFT_START_RATE = envstr("DRAFT_START_RATE", "10/h")
CONTINUATION_SEND_RATE = envstr("CONTINUATION_SEND_RATE", "5/h")
PASSWORD_RESET_IP_RATE = envint("PASSWORD_RESET_IP_RATE", 20)  # requests per IP address per hour
CREDENTIAL_CODE_HOURS = envint("CREDENTIAL_CODE_HOURS", 30 * 24)  # codes sent by post
OFFICE_SECOND_STEP_SECONDS = envint("OFFICE_SECOND_STEP_SECONDS", 300)

# Documents: the largest upload (bytes); ID-card data take effect this many seconds after saving.
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# A request body (without uploaded files) and its number of fields are bounded: past them Django answers
# 400 before any view runs. The largest form, the licence tab at its cap, has about 300 fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
ID_CARD_APPLY_SECONDS = envint("ID_CARD_APPLY_SECONDS", 300)

OTP_TOTP_ISSUER = "KIR Oktatási Hivatal"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
