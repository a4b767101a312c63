"""Settings for the Platform for Partnerships, read from the environment in one place.

With nothing set the portal runs on SQLite with DEBUG on, for a first look. With DEBUG off it
refuses to start without a real SECRET_KEY and ALLOWED_HOSTS, and every security setting that
`manage.py check --deploy` asks for defaults to its safe value.
"""

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The package itself: templates, static files, fixtures and translations ship inside it, so
# the portal runs the same from the source tree and from an installed wheel.
PACKAGE_DIR = Path(__file__).resolve().parent
# Where the portal keeps what it writes by default (the SQLite database, media, collected
# static files): the source tree when run from it, else the working directory. Production
# sets DATABASE_URL, MEDIA_ROOT and STATIC_ROOT instead.
SOURCE_DIR = PACKAGE_DIR.parent
BASE_DIR = SOURCE_DIR if (SOURCE_DIR / "manage.py").is_file() else Path.cwd()

env = environ.Env()
if env.bool("PFP_READ_DOT_ENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

# Only ever used with DEBUG on: a missing key in production must stop the start-up.
DEVELOPMENT_SECRET_KEY = "django-insecure-pfp-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
# Blank entries ("ALLOWED_HOSTS= , ") are dropped so that they cannot pass for a host.
ALLOWED_HOSTS = [
    host.strip()
    for host in env.list(
        "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
    )
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "taggit",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Only for the one-time code emailed before a staff member sets up a second factor; never
    # confirmed, so it is never a way to verify a session.
    "django_otp.plugins.otp_email",
    "csp",
    "django_q",
    # CORS for the open API (portal/api).
    "corsheaders",
    "import_export",
    "pfp.accounts",
    "pfp.taxonomy",
    "pfp.moderation",
    "pfp.core",
    "practices",
    "calls_for_action",
    "meetings",
    # The top layer, composing pages of the apps above; no app imports it.
    "portal",
]
# Development-only tools (`seed_synthetic`): in a source checkout only, neither in the wheel nor
# in the image. Looked for beside this package, not by import name, which a third-party
# distribution could also claim.
if (SOURCE_DIR / "manage.py").is_file() and (SOURCE_DIR / "devtools" / "apps.py").is_file():
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    # First, so that every response and every log line carries the request's id.
    "pfp.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS headers for the open API only (CORS_URLS_REGEX); before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware, so that their pages are in the visitor's language, and before
    # anything reads the request body (CsrfViewMiddleware does).
    "pfp.core.middleware.RequestBodyLimitMiddleware",
    "pfp.core.middleware.HeadAsGetMiddleware",
    "pfp.core.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After AuthenticationMiddleware: it asks whether the visitor is signed in.
    "pfp.core.middleware.PrivatePageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pfp.core.middleware.PermissionsPolicyMiddleware",
    # After OTPMiddleware, which it needs, and after the header middleware, so that its
    # redirects carry the same headers as every other response.
    "pfp.accounts.middleware.StaffSecondFactorMiddleware",
    # Marks the browser as known for an account it signed in to (the per-account throttle).
    "pfp.accounts.middleware.KnownDeviceMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a database outage in a view into the 503 page; inside the header middleware, so
    # that page carries the usual headers.
    "pfp.core.middleware.DatabaseOutageMiddleware",
    # The open API's rate limit and conditional GET (ETag, Last-Modified, 304).
    "portal.api.http.ApiMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pfp.urls"
WSGI_APPLICATION = "pfp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "pfp.core.languages.languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "TEST_DATABASE_NAME" in env:
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before the password is tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "/"
# Signed links: an invitation to act for a government, and a partner's email confirmation.
PFP_INVITATION_DAYS = env.int("PFP_INVITATION_DAYS", default=7)
PFP_EMAIL_CONFIRMATION_DAYS = env.int("PFP_EMAIL_CONFIRMATION_DAYS", default=3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://pfp")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is down or slow must never break a page: short socket timeouts, and
    # errors logged and taken as misses (pfp.core.cache).
    CACHES["default"]["BACKEND"] = "pfp.core.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.25),
            "socket_timeout": env.float("CACHE_TIMEOUT", default=0.25),
            "retry_after": env.float("CACHE_RETRY_AFTER", default=5),
        }
    )

# Mail goes through the job queue (pfp/core/mail.py): a request only queues it, and the
# worker delivers it through the backend of EMAIL_URL, trying again while that fails.
_email = env.email("EMAIL_URL", default="consolemail://")
vars().update(_email)
PFP_DELIVERY_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if env.bool("PFP_QUEUE_MAIL", default=True):
    EMAIL_BACKEND = "pfp.core.mail.QueuedEmailBackend"
# The site's public address, for links in emails (no trailing slash).
PFP_SITE_URL = env.str("PFP_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PfP <pfp@gfmd.example>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates that read the same everywhere: "1 Dec 2026" and "1 Dec 2026, 18:47", never
# "12/01/2026 6:47 p.m.". A language's own formats live in pfp/core/formats/<language>/,
# which Django reads before these defaults (and before its own, American, English ones).
FORMAT_MODULE_PATH = ["pfp.core.formats"]
DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# The reference data and the report's practices that `load_pfp_data` loads.
PFP_FIXTURES_DIR = PACKAGE_DIR / "fixtures"
# Uploads on disk under MEDIA_ROOT, or with PFP_MEDIA_STORAGE=s3 in S3-compatible object
# storage (django-storages): bucket, endpoint and keys from AWS_STORAGE_BUCKET_NAME,
# AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Files
# are private in the bucket; the media view checks who asks, then redirects to a signed URL
# that expires after AWS_QUERYSTRING_EXPIRE seconds.
PFP_MEDIA_STORAGE = env.str("PFP_MEDIA_STORAGE", default="filesystem")
if PFP_MEDIA_STORAGE == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
        },
    }
elif PFP_MEDIA_STORAGE == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("PFP_MEDIA_STORAGE must be filesystem or s3.")
# How the media view hands a file on disk to the proxy, so that no web worker streams it:
# "" (Django streams it), "nginx" (X-Accel-Redirect to PFP_MEDIA_ACCEL_PREFIX, an internal
# location aliased to MEDIA_ROOT) or "sendfile" (X-Sendfile, Apache or lighttpd).
PFP_MEDIA_ACCEL = env.str("PFP_MEDIA_ACCEL", default="")
if PFP_MEDIA_ACCEL not in {"", "nginx", "sendfile"}:
    raise ImproperlyConfigured("PFP_MEDIA_ACCEL must be empty, nginx or sendfile.")
PFP_MEDIA_ACCEL_PREFIX = env.str("PFP_MEDIA_ACCEL_PREFIX", default="/protected-media/")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Security: safe by default in production; each switch can be turned off for a proxy setup.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("USE_X_FORWARDED_PROTO", default=True) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in. Behind a proxy, the client's address is taken from X-Forwarded-For through
# AXES_PROXY_COUNT proxies (django-ipware); with none, the header is ignored, since any client
# can send it. A header of the wrong shape (a client adding its own entries) is not trusted:
# the request then counts as coming from the proxy itself.
PFP_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0 if DEBUG else 1)
# ipware counts the proxies listed in the header: the last proxy appears only as REMOTE_ADDR.
AXES_IPWARE_PROXY_COUNT = max(PFP_PROXY_COUNT - 1, 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PFP_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Repeated failed sign-ins lock one account name from one address out for a while
# (django-axes): an attacker elsewhere cannot lock the real user out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Django's sign-in form posts the address as "username". Axes would look for the model's
# USERNAME_FIELD ("email"), find nothing, and lock nobody out.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Every failure is logged, whatever the address, for the per-account throttle
# (pfp.accounts.signin): past this many failures in the window, an account takes one attempt
# per interval from browsers that never signed in to it.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
PFP_SIGNIN_ACCOUNT_FAILURES = env.int("PFP_SIGNIN_ACCOUNT_FAILURES", default=20)
PFP_SIGNIN_ACCOUNT_WINDOW_MINUTES = env.int("PFP_SIGNIN_ACCOUNT_WINDOW_MINUTES", default=60)
PFP_SIGNIN_ACCOUNT_INTERVAL_SECONDS = env.int("PFP_SIGNIN_ACCOUNT_INTERVAL_SECONDS", default=60)

# Rate limits (django-ratelimit, pfp.accounts.limits): POSTs per client address and, signed
# in, per account; over the limit the form comes back with a 429 and nothing is done.
RATELIMIT_IP_META_KEY = "pfp.accounts.signin.client_ip"
# A cache outage lets requests through rather than refusing every sign-up.
RATELIMIT_FAIL_OPEN = True
PFP_RATE_LIMITS = {
    "signup": env.str("PFP_RATE_SIGNUP", default="10/h"),
    "password_reset": env.str("PFP_RATE_PASSWORD_RESET", default="10/h"),
    "invitation": env.str("PFP_RATE_INVITATION", default="20/h"),
    "offer": env.str("PFP_RATE_OFFER", default="30/h"),
}
# The open API (/api/v1/): requests per client address and period, then 429 with Retry-After.
PFP_RATE_API = env.str("PFP_RATE_API", default="300/m")
# Anyone may read the open API from a page of another site: GET only, no cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400
# At most this many accounts mails (confirmations, resets, invitations, notices) go to one
# address per period, whoever asks for them.
PFP_MAILS_PER_ADDRESS = env.str("PFP_MAILS_PER_ADDRESS", default="5/h")

# Staff sign in to the admin with a second factor (TOTP, django-otp) when this is on.
PFP_REQUIRE_2FA_FOR_STAFF = env.bool("PFP_REQUIRE_2FA_FOR_STAFF", default=not DEBUG)
OTP_TOTP_ISSUER = "GFMD PfP"
# Setting up a second factor takes a code emailed to the staff member's address, valid this
# long, and opens the setup for a while once entered: the password alone is not enough.
PFP_2FA_ENROLMENT_CODE_MINUTES = env.int("PFP_2FA_ENROLMENT_CODE_MINUTES", default=15)
PFP_2FA_ENROLMENT_WINDOW_MINUTES = env.int("PFP_2FA_ENROLMENT_WINDOW_MINUTES", default=15)

# Content Security Policy (django-csp): no inline or third-party scripts. Inline style
# attributes are allowed for the data-driven SDG colours; no inline script ever is.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Request bodies. Django's two settings cap what a form holds in memory (files bigger than
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file); RequestBodyLimitMiddleware refuses a
# body whose declared length is over the limits below before a byte of it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Per attachment or image, checked by the upload forms.
PFP_MAX_UPLOAD_BYTES = env.int("PFP_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# A whole multipart request on the paths that take uploads: the practice form sends an image
# and two new attachments at most, each up to PFP_MAX_UPLOAD_BYTES, plus its text fields.
PFP_UPLOAD_PATHS = ["/my/", "/admin/"]
PFP_MAX_UPLOAD_REQUEST_BYTES = env.int(
    "PFP_MAX_UPLOAD_REQUEST_BYTES", default=3 * PFP_MAX_UPLOAD_BYTES + 2 * 1024 * 1024
)
# Every other request body (a sign-in, an offer, a language choice).
PFP_MAX_REQUEST_BYTES = env.int("PFP_MAX_REQUEST_BYTES", default=1024 * 1024)

# Importing and exporting practices in the admin (practices/imports.py). An import file is
# capped at PFP_MAX_UPLOAD_BYTES. Cells a spreadsheet would run as formulas are defused by the
# resource itself (the library's own escaping drops the "=" and so changes the text); control
# characters an XLSX cannot hold are dropped rather than failing the export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Responses under these paths, and every response to a signed-in user that is not declared
# public, are sent with Cache-Control: no-store.
PFP_PRIVATE_PATHS = ["/my/", "/accounts/", "/admin/"]
# While the database is unreachable, pages answer 503 with this Retry-After.
PFP_RETRY_AFTER_SECONDS = env.int("PFP_RETRY_AFTER_SECONDS", default=30)

# Exports (pfp/core/export_files.py): a result larger than PFP_EXPORT_STREAM_MAX practices is
# written once per change of the public data into PFP_EXPORT_DIR and served from there; at
# most PFP_EXPORT_SLOTS are written at once on this machine, and a request that finds them
# all busy is told to come back after PFP_EXPORT_RETRY_SECONDS.
PFP_EXPORT_DIR = env.path("PFP_EXPORT_DIR", default=BASE_DIR / "exports")
PFP_EXPORT_STREAM_MAX = env.int("PFP_EXPORT_STREAM_MAX", default=2000)
PFP_EXPORT_SLOTS = env.int("PFP_EXPORT_SLOTS", default=1)
PFP_EXPORT_RETRY_SECONDS = env.int("PFP_EXPORT_RETRY_SECONDS", default=15)
PFP_EXPORT_MAX_AGE_HOURS = env.int("PFP_EXPORT_MAX_AGE_HOURS", default=24)
PFP_EXPORT_ACCEL_PREFIX = env.str("PFP_EXPORT_ACCEL_PREFIX", default="/protected-exports/")

# Run by pfp.wsgi when a web process starts: the search indexes are built in the background,
# so that the first search does not wait for them. An empty list (PFP_WARM_UP=) turns it off.
PFP_WARM_UP = env.list("PFP_WARM_UP", default=["practices.search.warm_up"])

# Anonymous list and landing pages are cached this long, and dropped on publication.
PFP_PAGE_CACHE_SECONDS = env.int("PFP_PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
# A published practice not reviewed for this many days is flagged as stale.
PFP_REVIEW_AFTER_DAYS = env.int("PFP_REVIEW_AFTER_DAYS", default=730)

# Background jobs: django-q2 with its ORM broker, so the queue is a table in the portal's own
# database: a queued job survives a restart of the worker or of the whole machine, and no other
# service is needed. A job that fails is not acknowledged and is offered again after
# PFP_TASK_RETRY_SECONDS, up to PFP_TASK_MAX_ATTEMPTS times (then it is kept as failed, in the
# admin). Run the worker with `manage.py qcluster`.
Q_CLUSTER = {
    "name": "pfp",
    "orm": "default",
    "workers": env.int("PFP_TASK_WORKERS", default=2),
    # A job running longer than this is stopped; it must be shorter than the retry delay, or
    # a job still running would be offered again.
    "timeout": env.int("PFP_TASK_TIMEOUT_SECONDS", default=240),
    "retry": env.int("PFP_TASK_RETRY_SECONDS", default=300),
    "max_attempts": env.int("PFP_TASK_MAX_ATTEMPTS", default=100),
    "ack_failures": False,
    "poll": env.float("PFP_TASK_POLL_SECONDS", default=2.0),
    "save_limit": 1000,
    "catch_up": False,
    "label": _("Background jobs"),
}
# The periodic jobs (pfp/core/jobs.py): a management command, how often, the hour (UTC) of
# its first run.
PFP_PERIODIC_JOBS = [
    ("send_offer_digest", "daily", 7),
    # It reminds each government at most once a year; a weekly run catches new stale records.
    ("remind_stale_reviews", "weekly", 6),
    ("clearsessions", "daily", 3),
    ("axes_reset_logs --age 90", "daily", 3),
    ("axes_reset_failure_logs --age 90", "daily", 3),
    ("prune_index_changes", "daily", 4),
]

# Logs go to standard output, one JSON object per line by default in production (time,
# level, logger, message, request id), plain text with DEBUG on.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "pfp.core.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        # Errors are mailed to ADMINS, when there are any, with DEBUG off (Django's default).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own handlers for these, which would print every line twice.
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}

# Whoever is mailed server errors: ADMINS="Ana Ruiz <ana@example.org>, ops@example.org".
ADMINS = []
for _name, _address in getaddresses([env.str("ADMINS", default="")]):
    if not _address:
        continue
    if "@" not in _address:
        raise ImproperlyConfigured(f"ADMINS holds an invalid address: {_address!r}")
    ADMINS.append((_name or _address, _address))
MANAGERS = ADMINS

# Error reporting to Sentry (or a Sentry-compatible service), only when SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        # Visitors' addresses, cookies and form data stay out of the reports.
        send_default_pii=False,
    )
