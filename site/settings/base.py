"""Settings shared by every environment, safe for production.

Everything that differs between machines is read from the environment; with no
environment at all the platform runs embedded: SQLite, Celery tasks executed
in-process, and the built-in full-text search backend.

Over 400 lines on purpose: one file read top to bottom is the whole configuration of
every environment (dev, test and production only override a few names); splitting it
would hide which setting depends on which environment variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("GXPT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First: its templates override Wagtail's user screens (wagtailusers/users/*.html).
    "accounts",
    "notifications",
    "security",
    "catalog",
    "notices",
    "nominations",
    "search",
    "moderation",
    # Above every content app: they read catalog, nominations, notices and search.
    "matching",
    "opendata",
    # Durable after-commit work of every app (outbox/dispatch.py).
    "outbox",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "accounts.users_app.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    # Redoc's assets served from our own static files, not a CDN (the API docs work offline).
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Last: its post_migrate hooks need every other app's permissions and page types.
    "gxpt",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Reads on the replica unless this browser just wrote (does nothing without one).
    "gxpt.dbrouter.PinPrimaryMiddleware",
    # Static files straight from the app server, compressed and with far-future caching of the
    # hashed names (production storage); also without DEBUG on the embedded demo, which shows
    # the site's own 404/500 pages. nginx could serve STATIC_ROOT instead.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "security.middleware.SecurityHeadersMiddleware",
    "security.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Anonymous pages and public API answers from the shared cache (gxpt/pagecache.py);
    # after LocaleMiddleware, which decides the language the cache is keyed on.
    "gxpt.pagecache.PageCacheMiddleware",
    # What the page cache did not answer: the site and board pages from a per-process copy
    # kept until the next purge, instead of 6 queries (gxpt/routing.py).
    "gxpt.routing.BoardRouteMiddleware",
    # ID-card and mobile numbers masked in public answers, inside the cache (security/masking.py).
    "security.masking.MaskPersonalNumbersMiddleware",
    # Inside the page cache, so a cached page keeps the CSP header (and nonce) it was
    # rendered with.
    "security.middleware.AreaCSPMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth, django-otp and messages: sessions' age, 2FA and password state.
    "security.guards.AccountGuardMiddleware",
    # The request of every audit entry (address, role, changes); records refusals.
    "security.audit.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns lock-outs into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gxpt.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gxpt.context_processors.site_navigation",
                "opendata.context_processors.open_data_links",
            ],
        },
    },
]

WSGI_APPLICATION = "gxpt.wsgi.application"

# Database: SQLite embedded by default, PostgreSQL (or anything dj-database-url
# reads) when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            # A persistent connection is checked before each request reuses it: the
            # first request after a PostgreSQL restart reconnects instead of failing.
            conn_health_checks=True,
        )
    }
    # Fail fast when the server is unreachable instead of the OS default (minutes).
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets the public site read while a Celery task or an import writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# A read replica (PostgreSQL streaming replication): reads go there except a user's
# reads right after a write (gxpt/dbrouter.py). Off unless DATABASE_REPLICA_URL is set.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
if DATABASE_URL and DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {**DATABASES["default"]["OPTIONS"]}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gxpt.dbrouter.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in through the city's corporate single sign-on (法人一证通) will be an
# extra backend here (OIDC/SAML); accounts stay linked to what they act for
# through accounts.Account, whichever backend authenticated them.

# Password policy (security/passwords.py): 12+ characters of 3 of 4 classes, not common,
# not one of the last 5; issued passwords changed at first sign-in; 180 days at most.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "security.passwords.PasswordHistoryValidator"},
]
PASSWORD_HISTORY_COUNT = int(os.environ.get("PASSWORD_HISTORY_COUNT", "5"))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "180"))

# Sessions: 30 minutes idle (the cookie's age, renewed on every request) and an absolute
# lifetime from sign-in (security/guards.py), both configurable.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(8 * 3600)))

# Login failures (django-axes): an account is locked after AXES_FAILURE_LIMIT failures
# whatever the address, and a client address after as many failures across accounts
# (password spraying); both for AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
# The client address as our own throttles, the audit trail and the lock-outs all take it:
# one function, past GXPT_TRUSTED_PROXY_COUNT proxies (accounts.throttling.client_ip).
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"

# Two factors (django-otp; security/twofactor.py).
OTP_TOTP_ISSUER = "上海市政府购买服务供需对接平台"

LANGUAGE_CODE = "zh-hans"
# Simplified Chinese only: the platform's own strings are not translated to English,
# so offering English would change nothing but Wagtail's chrome.
LANGUAGES = [("zh-hans", "简体中文")]
# Our own zh-hans catalog comes first: the Wagtail 8 strings upstream leaves in
# English, and a few upstream translations corrected (locale/README.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# site/static is the gxpt app's own static folder (AppDirectoriesFinder): listing it in
# STATICFILES_DIRS too made collectstatic find every file twice.
STATICFILES_DIRS: list = []
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads (documents, images, stamped forms) on S3-compatible object storage when
# S3_BUCKET is set (django-storages): a private bucket, every URL signed and valid for
# S3_URL_SECONDS. Wagtail's document view checks the page privacy and collection
# permissions first, then redirects to that short-lived URL (WAGTAILDOCS_SERVE_METHOD).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "media"),
            "default_acl": None,  # the bucket's policy: private
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("S3_URL_SECONDS", "300")),
            "file_overwrite": False,
        },
    }
    WAGTAILDOCS_SERVE_METHOD = "redirect"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = "上海市政府购买社会组织服务供需对接平台"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "csv",
    "odt",
    "txt",
    "zip",
    "png",
    "jpg",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Uploaded documents' content must match their extension (notices/forms.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "notices.forms.CheckedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No request from the admin to an outside host: no Gravatar avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "gxpt.forms.LoginForm"
# Reset requests rate-limited per address and per e-mail, answered the same (security/reset.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "security.reset.RateLimitedPasswordResetForm"  # noqa: S105

# The shared cache: Redis in production (CACHE_URL or REDIS_CACHE_URL, e.g.
# redis://host:6379/1), local memory embedded. The Redis backend fails open with a
# breaker and short socket timeouts (gxpt/cache.py): an outage never hangs or 500s a page.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "gxpt.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gxpt"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5")),
                "retry_after": float(os.environ.get("CACHE_RETRY_AFTER", "5")),
                "health_check_interval": 30,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous page and public API cache (gxpt/pagecache.py). On by default only with a
# shared cache: local memory is per process and could not be purged across processes.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if CACHE_URL else "0"))
# Search answers are purged when the index changes (search.signals.results_changed), so
# they may live as long as pages; this bounds them on their own.
PAGE_CACHE_SEARCH_SECONDS = int(os.environ.get("PAGE_CACHE_SEARCH_SECONDS", "300"))
PAGE_CACHE_SEARCH_PREFIXES = ["/search/", "/api/search/", "/feeds/search/", "/export/search."]
PAGE_CACHE_EXCLUDE_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/i18n/",
    "/report/",
    "/messages/",
    "/directory/objections/",
    "/static/",
    "/media/",
    "/healthz/",
]
# A committed change to a model of these apps purges the page cache, except these models.
PAGE_CACHE_APPS = [
    "catalog",
    "notices",
    "nominations",
    "moderation",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
    "taggit",
]
PAGE_CACHE_IGNORED_MODELS = [
    "moderation.Report",
    # Objections are never public; what an answer changes (a credit event) purges as usual.
    "moderation.Objection",
    "moderation.ObjectionEvidence",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.UploadedFile",
]

# Celery: without a broker every task runs in-process when it is enqueued
# (embedded default); with CELERY_BROKER_URL the tasks go to Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# No result backend unless one is asked for: nothing reads task results, and a Redis
# result backend retries its connection ~20 times on every enqueue while Redis is down.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
# A task is acknowledged when it is done: a worker killed mid-task leaves it in Redis,
# which hands it out again after the visibility timeout; every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The longest task must end before Redis would hand its message to another worker:
# tasks are killed at CELERY_TASK_TIME_LIMIT, below the visibility timeout, and the long
# jobs (the nightly monitoring run) work in batches of their own tasks.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "240"))
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 30, CELERY_TASK_TIME_LIMIT * 9 // 10)
# Publishing must not hang when Redis is down: every connection attempt fails fast
# (about 0.3 s with Redis refused or unreachable); the durable outbox retries later.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for messages past their visibility timeout every 10 s (kombu's default scans
    # only every 10th time, so a lost message would wait up to 100 s more).
    "unacked_restore_throttle": 1,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
    "socket_connect_timeout": 0.5,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
# The same for a result backend, when one is configured.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 0.5
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
# After-commit work left behind (Redis or a backend was down) is retried every
# OUTBOX_RETRY_SECONDS once it is OUTBOX_RETRY_AFTER seconds old.
OUTBOX_RETRY_SECONDS = float(os.environ.get("OUTBOX_RETRY_SECONDS", "60"))
OUTBOX_RETRY_AFTER = int(os.environ.get("OUTBOX_RETRY_AFTER", "60"))
# After a failed send to Redis, skip Redis for this long (requests never wait on it).
OUTBOX_SEND_RETRY_AFTER = float(os.environ.get("OUTBOX_SEND_RETRY_AFTER", "10"))
# Periodic tasks (celery beat). Embedded, without a broker, `manage.py run_periodic`
# runs them all once (e.g. from cron).
CELERY_BEAT_SCHEDULE = {
    # Every piece of after-commit work left behind (outbox entries, search's pending
    # index rows, unsent notification e-mails).
    "retry-outbox": {
        "task": "outbox.retry",
        "schedule": OUTBOX_RETRY_SECONDS,
        "kwargs": {"older_than_seconds": OUTBOX_RETRY_AFTER},
    },
    # Wagtail's scheduled publishing (go-live / expiry dates of pages), every minute.
    "publish-scheduled-pages": {"task": "notices.publish_scheduled", "schedule": 60.0},
    # Content monitoring: every rule over every published listing, nightly.
    "moderation-run-all-rules": {"task": "moderation.run_all_rules", "schedule": 86400.0},
    # Objections and credit-repair applications near their answer deadline: the centre
    # is reminded once each (moderation.objections.remind_due).
    "moderation-remind-objections": {"task": "moderation.remind_objections", "schedule": 3600.0},
    # The directory round's calendar: carry-over, reminders, notice and publication on their dates.
    "nominations-calendar": {"task": "nominations.run_calendar", "schedule": 3600.0},
    # Matching (matching.alerts): new demand listings for the providers they fit, saved
    # searches (immediate ones every ten minutes, digests daily), deadline reminders.
    "matching-new-listing-alerts": {"task": "matching.send_new_listing_alerts", "schedule": 900.0},
    "matching-saved-searches-immediate": {
        "task": "matching.run_saved_searches",
        "schedule": 600.0,
        "kwargs": {"frequency": "immediate"},
    },
    "matching-saved-searches-daily": {
        "task": "matching.run_saved_searches",
        "schedule": 86400.0,
        "kwargs": {"frequency": "daily"},
    },
    "matching-deadline-reminders": {"task": "matching.send_deadline_reminders", "schedule": 3600.0},
    # The audit trail's retention (security.audit): entries older than AUDIT_RETENTION_DAYS.
    "security-purge-audit-log": {"task": "security.purge_audit_log", "schedule": 86400.0},
    # The open-data bulk downloads (opendata.downloads), rebuilt daily.
    "opendata-regenerate": {"task": "opendata.regenerate", "schedule": 86400.0},
}
# Objections and credit repair (moderation.objections): the centre answers within this
# many working days (Monday to Friday) of the day one is lodged, and is reminded this
# many days before the deadline.
MODERATION_OBJECTION_WORKING_DAYS = int(os.environ.get("MODERATION_OBJECTION_WORKING_DAYS", "15"))
MODERATION_OBJECTION_REMINDER_DAYS = int(os.environ.get("MODERATION_OBJECTION_REMINDER_DAYS", "3"))
# Matching: a demand listing published within this many days is still "new" for the
# alerts (older ones are never alerted, e.g. on the first run); reminders this many
# days before a listing's 对接截止日期.
MATCHING_ALERT_WINDOW_DAYS = int(os.environ.get("MATCHING_ALERT_WINDOW_DAYS", "7"))
MATCHING_DEADLINE_REMINDER_DAYS = int(os.environ.get("MATCHING_DEADLINE_REMINDER_DAYS", "3"))
# Open data (opendata/): rows of one board or search export, items of one Atom feed.
OPENDATA_EXPORT_MAX_ROWS = int(os.environ.get("OPENDATA_EXPORT_MAX_ROWS", "2000"))
OPENDATA_FEED_ITEMS = int(os.environ.get("OPENDATA_FEED_ITEMS", "50"))
# OCDS: the publisher's ocid prefix (registered with the Open Contracting Partnership; the
# default is a placeholder), the publisher's name and the data's licence (a URI, or empty).
OPENDATA_OCID_PREFIX = os.environ.get("OPENDATA_OCID_PREFIX", "ocds-shgxpt")
OPENDATA_PUBLISHER_NAME = os.environ.get("OPENDATA_PUBLISHER_NAME", "上海市社会组织服务中心")
OPENDATA_LICENSE_URL = os.environ.get("OPENDATA_LICENSE_URL", "")
# Where the daily bulk downloads are kept in the default storage.
OPENDATA_STORAGE_PREFIX = os.environ.get("OPENDATA_STORAGE_PREFIX", "opendata")

# Days the audit trail (Wagtail's log entries) is kept; GB/T 22239 asks for six months.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))

# The footer's identifiers every government website carries (DOMAIN.md): the site
# identifier of the national government-website registry, the MIIT ICP filing and the
# public-security filing. Empty ones are not shown.
GXPT_SITE_FILINGS = {
    "site_code": os.environ.get("GXPT_SITE_CODE", ""),  # 网站标识码
    "icp": os.environ.get("GXPT_ICP_NUMBER", ""),  # ICP 备案号, e.g. 沪ICP备XXXXXXXX号
    "psb": os.environ.get(
        "GXPT_PSB_NUMBER", ""
    ),  # 公安机关备案号, e.g. 沪公网安备 31XXXXXXXXXXXX号
    "psb_code": os.environ.get("GXPT_PSB_CODE", ""),  # its digits, for the beian.mps.gov.cn link
}

# Search: the embedded backend unless ELASTICSEARCH_URL is set (see search/).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "gxpt")
# The embedded index (SQLite FTS5), a file of its own whatever the main database is;
# kept beside Elasticsearch too, as the fallback while the search server is down.
SEARCH_EMBEDDED_PATH = os.environ.get("SEARCH_EMBEDDED_PATH", str(VAR_DIR / "search.sqlite3"))
SEARCH_EMBEDDED_FALLBACK = env_bool("SEARCH_EMBEDDED_FALLBACK", True)
# A rebuild of the embedded index cuts and writes in a forked child process while it reads
# the records (on a machine of more than one core); off: all in the rebuilding process.
SEARCH_REBUILD_IN_CHILD = env_bool("SEARCH_REBUILD_IN_CHILD", True)
# A search or suggestion waits at most this long for Elasticsearch (writes wait longer);
# after a failure the embedded fallback answers for SEARCH_BREAKER_SECONDS, then ES is tried again.
SEARCH_QUERY_TIMEOUT = float(os.environ.get("SEARCH_QUERY_TIMEOUT", "1.5"))
SEARCH_BREAKER_SECONDS = float(os.environ.get("SEARCH_BREAKER_SECONDS", "30"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@gxpt.example.cn")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Bad input answers 400 in one shape on every endpoint (gxpt.api).
    "EXCEPTION_HANDLER": "security.apierrors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "上海市政府购买社会组织服务供需对接平台 API",
    "DESCRIPTION": "平台公开只读接口：供需项目、社会组织、公示公告、推荐目录和全文搜索。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One document for the public API: Wagtail's page API v2 and our DRF endpoints,
    # not the admin's internal API.
    "PREPROCESSING_HOOKS": ["gxpt.api.public_endpoints_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "security.apierrors.document_errors",
    ],
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per task run or received is noise at INFO (a migrate or an import
        # runs thousands); failures are still logged at WARNING/ERROR.
        "celery.app.trace": {"level": "WARNING"},
        "celery.worker.strategy": {"level": "WARNING"},
        # Wagtail's background tasks (reference index updates after every save).
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp, security.middleware.AreaCSPMiddleware).
# Public site: our own origin, plus the request's nonce for the few inline blocks.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin: inline scripts of its widgets and style attributes need 'unsafe-inline';
# no other origin, no plugins, no eval, no framing by other sites, forms post to us only.
GXPT_ADMIN_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
GXPT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Proxies in front of the site that append to X-Forwarded-For (a load balancer, nginx):
# the public forms' rate limits count the address the last of them saw
# (accounts/throttling.py). 0 trusts none and takes REMOTE_ADDR; a count higher than
# the real number of proxies lets a client choose its address.
GXPT_TRUSTED_PROXY_COUNT = int(os.environ.get("GXPT_TRUSTED_PROXY_COUNT", "0"))
