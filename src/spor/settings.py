"""Spor settings: one module, in sections, read from the environment (docs/architecture.md#settings).

Every value comes from an environment variable through a strict helper: a value that cannot be
parsed raises ImproperlyConfigured naming the variable. A secret may also come from a file named
by `<NAME>_FILE`. The defaults are safe for a local demo; with SPOR_DEBUG=0 Spor refuses to start
while a demo secret or demo key is in use (see `check_production_secrets`).
"""

from __future__ import annotations

import base64
import binascii
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SPOR_VAR_DIR", PROJECT_DIR / "var"))


# --- strict environment helpers ---------------------------------------------------------------


def env_str(name: str, default: str) -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc.strerror}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}: expected 0 or 1, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name, "")
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- demo secrets (refused in production) -----------------------------------------------------

DEMO_SECRET_KEY = "spor-demo-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105 - public on purpose, refused in production
# A Fernet key (32 url-safe base64 bytes) that is public because it is in this file.
DEMO_FIELD_KEY = "c3Bvci1kZW1vLWZpZWxkLWtleS1ub3QtZm9yLXVzZSE="
DEMO_BLIND_INDEX_KEY = "spor-demo-blind-index-key"
DEMO_AUDIT_KEY = "spor-demo-audit-key-not-for-production-use"
DEMO_BACKUP_KEY = "spor-demo-backup-key-not-for-production-use"

# --- core -------------------------------------------------------------------------------------

DEBUG = env_bool("SPOR_DEBUG", True)
SECRET_KEY = env_str("SPOR_SECRET_KEY", DEMO_SECRET_KEY)
# Newest key first: it encrypts; every key in the list decrypts (rotation: docs/architecture.md#encryption-at-rest).
FIELD_KEYS = env_list("SPOR_FIELD_KEYS", [DEMO_FIELD_KEY])
# The blind index key is separate from the encryption keys so rotating those keeps name search.
BLIND_INDEX_KEY = env_str("SPOR_BLIND_INDEX_KEY", DEMO_BLIND_INDEX_KEY)
# The audit chains are HMACs under this key: without it no one can rewrite them unnoticed.
AUDIT_KEY = env_str("SPOR_AUDIT_KEY", DEMO_AUDIT_KEY)
if len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("SPOR_AUDIT_KEY: must be at least 32 characters")
# Signed audit checkpoints are appended here; keep it (or a copy) off this machine (docs/operations.md).
AUDIT_CHECKPOINT_FILE = Path(env_str("SPOR_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl")))
# Backup files hold password hashes and TOTP seeds, so they are encrypted under a key of their own,
# kept apart from the database, the field keys and the files (docs/operations.md#backups).
BACKUP_KEY = env_str("SPOR_BACKUP_KEY", DEMO_BACKUP_KEY)
BACKUP_KEY_MIN_LENGTH = 32
if len(BACKUP_KEY) < BACKUP_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(f"SPOR_BACKUP_KEY: at least {BACKUP_KEY_MIN_LENGTH} characters are needed")
ALLOWED_HOSTS = env_list("SPOR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# Identifying data is erased this many days after a case closes (docs/architecture.md#erasure).
ERASURE_AFTER_DAYS = env_int("SPOR_ERASURE_AFTER_DAYS", 5 * 365)
# A person known only from inquiries (never a case): erased this long after the last inquiry.
INQUIRY_ERASURE_AFTER_DAYS = env_int("SPOR_INQUIRY_ERASURE_AFTER_DAYS", 2 * 365)
SCREENING_RETENTION_DAYS = env_int("SPOR_SCREENING_RETENTION_DAYS", 180)
# A partner's referral may be dated at most this many days back (a back-dated referral would
# slip into closed statistics periods and shift deadlines).
REFERRAL_BACKDATE_DAYS = env_int("SPOR_REFERRAL_BACKDATE_DAYS", 30)
# --- deadlines and notifications (docs/definitions.md#tasks-and-deadlines) ---------------------
# Days before its end that a reflection period, a reintegration period or a follow-up after return
# shows on "Mine opgaver" and is announced by `spor notify`.
SPOR_WARN_REFLECTION_DAYS = env_int("SPOR_WARN_REFLECTION_DAYS", 7)
SPOR_WARN_REINTEGRATION_DAYS = env_int("SPOR_WARN_REINTEGRATION_DAYS", 30)
SPOR_WARN_FOLLOWUP_DAYS = env_int("SPOR_WARN_FOLLOWUP_DAYS", 14)
# Days before a temporary residence permit (udlændingelovens § 9 c, stk. 4) expires that it shows
# on "Mine opgaver": time to ask the police whether the investigation still needs the person.
SPOR_WARN_PERMIT_DAYS = env_int("SPOR_WARN_PERMIT_DAYS", 30)
# A case put to decision is overdue this many days after, without a decision; a return plan this
# many days after it was submitted to the Return Agency without an answer.
SPOR_DECISION_OVERDUE_DAYS = env_int("SPOR_DECISION_OVERDUE_DAYS", 30)
SPOR_RETURN_OVERDUE_DAYS = env_int("SPOR_RETURN_OVERDUE_DAYS", 14)
# Follow-ups after a departure on a prepared return, in days after it: about 1, 3, 6 and 12 months
# (docs/definitions.md#follow-up-after-return). One setting for the plan page, the API and the tasks.
try:
    SPOR_FOLLOWUP_DAYS = sorted({int(day) for day in env_list("SPOR_FOLLOWUP_DAYS", ["30", "91", "182", "365"])})
except ValueError:
    raise ImproperlyConfigured("SPOR_FOLLOWUP_DAYS: expected whole numbers separated by commas") from None
if not SPOR_FOLLOWUP_DAYS or not all(1 <= day <= 366 for day in SPOR_FOLLOWUP_DAYS):
    raise ImproperlyConfigured("SPOR_FOLLOWUP_DAYS: between 1 and 366 days after the departure")
if (
    min(
        [
            SPOR_WARN_REFLECTION_DAYS,
            SPOR_WARN_REINTEGRATION_DAYS,
            SPOR_WARN_FOLLOWUP_DAYS,
            SPOR_WARN_PERMIT_DAYS,
            *SPOR_FOLLOWUP_DAYS,
        ]
    )
    < 0
):
    raise ImproperlyConfigured("SPOR_WARN_*_DAYS, SPOR_FOLLOWUP_DAYS: a number of days cannot be negative")
# The yearly statistics' back page and the NGOs funded by the action plan, whose referrals the
# publication counts by name (docs/statistics.md#the-back-page).
SPOR_STATS_ISBN = env_str("SPOR_STATS_ISBN", "")
SPOR_STATS_PUBLISHER = env_str("SPOR_STATS_PUBLISHER", "Center mod Menneskehandel, Social- og Boligstyrelsen")
SPOR_STATS_CONTACT = env_list(
    "SPOR_STATS_CONTACT", ["Social- og Boligstyrelsen", "Lerchesgade 35, 5", "5000 Odense C", "Tlf.: 72 42 37 00"]
)
SPOR_STATS_WEB = env_str("SPOR_STATS_WEB", "www.cmm.dk")
SPOR_STATS_FUNDED_NGOS = env_list("SPOR_STATS_FUNDED_NGOS", ["AmiAmi", "HopeNow", "Reden International"])
# Links in notification e-mails: the address users reach Spor at. An e-mail holds a case number
# and this link, never a name (docs/operations.md#notifications).
SPOR_BASE_URL = env_str("SPOR_BASE_URL", "http://127.0.0.1:8000")
# Mail: the console in a demo (DEBUG), SMTP in production unless SPOR_EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = env_str(
    "SPOR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("SPOR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SPOR_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("SPOR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SPOR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SPOR_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("SPOR_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("SPOR_EMAIL_FROM", "spor@localhost")


# Django's own bar for SECRET_KEY (security.W009): at least 5 distinct characters.
MIN_DISTINCT_CHARACTERS = 5
# A Fernet key is 32 random bytes; 16 distinct byte values is far below what a random key has
# (about 30) and far above a repeated or counted pattern.
MIN_DISTINCT_KEY_BYTES = 16


def require_strong(name: str, value: str, min_length: int, min_distinct: int = MIN_DISTINCT_CHARACTERS) -> None:
    """Refuse a secret that is too short or has too few distinct characters to be random.

    Used by `check_production_secrets` for every secret in the environment; the error names the
    variable, never the value.
    """
    if len(value) < min_length:
        raise ImproperlyConfigured(f"{name}: at least {min_length} characters are needed with SPOR_DEBUG=0")
    if len(set(value)) < min_distinct:
        raise ImproperlyConfigured(f"{name}: at least {min_distinct} distinct characters are needed with SPOR_DEBUG=0")


def require_fernet_keys(name: str, keys: list[str]) -> None:
    """Refuse a list with a key that is not a Fernet key (32 url-safe base64 bytes) or not random."""
    if not keys:
        raise ImproperlyConfigured(f"{name}: at least one key is needed")
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(f"{name}: key {position} is not a Fernet key (32 url-safe base64 bytes)")
        if len(set(raw)) < MIN_DISTINCT_KEY_BYTES:
            raise ImproperlyConfigured(f"{name}: key {position} is not random enough (too few distinct bytes)")


def check_production_secrets() -> None:
    """Refuse to run outside debug mode with a published demo secret or a weak one.

    The demo users and demo TOTP devices live in the database, so they are refused by the system
    check `spor.web.checks` when the server starts (docs/operations.md#production-checklist).
    """
    if DEBUG:
        return
    if SECRET_KEY == DEMO_SECRET_KEY:
        raise ImproperlyConfigured("SPOR_SECRET_KEY: the demo secret cannot be used with SPOR_DEBUG=0")
    if DEMO_FIELD_KEY in FIELD_KEYS:
        raise ImproperlyConfigured("SPOR_FIELD_KEYS: the demo key cannot be used with SPOR_DEBUG=0")
    if BLIND_INDEX_KEY == DEMO_BLIND_INDEX_KEY:
        raise ImproperlyConfigured("SPOR_BLIND_INDEX_KEY: the demo key cannot be used with SPOR_DEBUG=0")
    if AUDIT_KEY == DEMO_AUDIT_KEY:
        raise ImproperlyConfigured("SPOR_AUDIT_KEY: the demo key cannot be used with SPOR_DEBUG=0")
    if BACKUP_KEY == DEMO_BACKUP_KEY:
        raise ImproperlyConfigured("SPOR_BACKUP_KEY: the demo key cannot be used with SPOR_DEBUG=0")
    require_strong("SPOR_SECRET_KEY", SECRET_KEY, 50)
    require_fernet_keys("SPOR_FIELD_KEYS", FIELD_KEYS)
    require_strong("SPOR_BLIND_INDEX_KEY", BLIND_INDEX_KEY, 32)
    require_strong("SPOR_AUDIT_KEY", AUDIT_KEY, 32)
    require_strong("SPOR_BACKUP_KEY", BACKUP_KEY, 32)


check_production_secrets()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "spor.common",
    "spor.organisations",
    "spor.audit",
    "spor.people",
    "spor.cases",
    "spor.tasks",
    "spor.casefiles",
    "spor.interchange",
    "spor.stats",
    "spor.releases",
    "spor.screening",
    "spor.estimation",
    "spor.web",
    "spor.api",
    "spor.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "spor.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spor.web.middleware.SessionLifetimeMiddleware",
    "spor.audit.middleware.ViaMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "spor.web.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "spor.urls"
WSGI_APPLICATION = "spor.wsgi.application"
AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "django.template.context_processors.i18n",
                "spor.web.navigation.navigation",
            ],
        },
    },
]

# --- storage ----------------------------------------------------------------------------------

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'spor.sqlite3'}",
        conn_max_age=env_int("SPOR_DB_CONN_MAX_AGE", 60),
        # A kept connection the database has dropped (restart, failover, terminated backend) is
        # found at the start of the next request and replaced, so only in-flight requests fail.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer writes; the busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, not memory: the browser tests' live server runs in its own thread, which
    # then opens its own connection instead of sharing the test thread's (and its transaction).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# --- security ---------------------------------------------------------------------------------

SESSION_COOKIE_AGE = env_int("SPOR_SESSION_IDLE_MINUTES", 30) * 60  # idle timeout (docs/web.md#log-in-and-sessions)
SESSION_SAVE_EVERY_REQUEST = True  # each request renews the idle timeout
SESSION_COOKIE_HTTPONLY = True  # no script reads the session
SESSION_COOKIE_SAMESITE = "Lax"  # no cross-site POST carries the session
SESSION_COOKIE_SECURE = not DEBUG  # cookies only over HTTPS in production
CSRF_COOKIE_SECURE = not DEBUG  # same for the CSRF cookie
SECURE_CONTENT_TYPE_NOSNIFF = True  # browsers must not guess content types
SECURE_REFERRER_POLICY = "same-origin"  # no case URL leaks to other sites
X_FRAME_OPTIONS = "DENY"  # no framing (clickjacking)
# Strict-Transport-Security for a year, subdomains included: after one visit a browser never
# speaks plain HTTP to Spor again. Production only (a local demo runs on http://127.0.0.1).
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SPOR_SSL_REDIRECT", False)  # redirect http:// to https:// (when no proxy does)
# Behind a TLS-terminating proxy Django sees plain HTTP; the proxy's X-Forwarded-Proto tells it
# the request was HTTPS (so HSTS is sent). Only if the proxy sets it and strips a client's own.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SPOR_TLS_PROXY", False) else None
# Content-Security-Policy of every page (spor.web.middleware.SecurityHeadersMiddleware), debug
# mode too, so the browser tests see what production sends: only Spor's own scripts, styles,
# fonts and connections; images also as data: URIs (the design system's icons).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# A session ends this long after log-in whatever the activity, besides the idle timeout.
SESSION_MAX_AGE = env_int("SPOR_SESSION_MAX_HOURS", 10) * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- log-in: second factor and lock-out (docs/web.md#log-in-and-sessions) -------------------------

# Every role logs in with a password and a TOTP code (django-otp); the middleware sends a user
# without a verified second factor to enrolment or verification before any other page. The test
# suite sets SPOR_SECOND_FACTOR=0 (tests/conftest.py) because most tests log in with
# force_login; the tests of the log-in switch it on. Production refuses it off (check below).
SECOND_FACTOR_REQUIRED = env_bool("SPOR_SECOND_FACTOR", True)
if not DEBUG and not SECOND_FACTOR_REQUIRED:
    raise ImproperlyConfigured("SPOR_SECOND_FACTOR: the second factor cannot be off with SPOR_DEBUG=0")
OTP_TOTP_ISSUER = "Spor"  # the name an authenticator app shows next to the code
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try (django-otp)
# Repeated failed log-ins lock the user name from that address (django-axes). The log-in view asks
# axes before it checks a password, so axes' authentication backend is not needed (and the test
# client's login() keeps working); failures reach axes through Django's user_login_failed signal.
AXES_FAILURE_LIMIT = env_int("SPOR_LOGIN_FAILURES", 5)  # failed attempts from one address before the lock
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SPOR_LOGIN_LOCK_MINUTES", 30))  # lock length
# By user name and address together: by user name alone, anyone could lock any account with five
# requests. A guesser spreading over many addresses meets the per-user ceiling below instead.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_FAILURES_PER_USER = env_int("SPOR_LOGIN_FAILURES_PER_USER", 50)  # from all addresses, same lock length
# A first log-in enrols the second factor only with a code a manager issued, valid this long.
ENROLMENT_CODE_HOURS = env_int("SPOR_ENROLMENT_CODE_HOURS", 72)
AXES_RESET_ON_SUCCESS = True  # a successful log-in clears the count
AXES_VERBOSE = False  # no user names in the log
AXES_DISABLE_ACCESS_LOG = True  # no table of every address and browser that logged in (data minimisation)
# axes' backend and middleware are replaced by the log-in view's own check and lock page (W003, W002).
SILENCED_SYSTEM_CHECKS = ["axes.W002", "axes.W003"]

# --- language ---------------------------------------------------------------------------------

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise serves the static files (DKFDS, htmx: copied by `make setup`) from the app
# directories, so `spor serve` needs no collectstatic and no web server in front for them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- case documents (docs/casefiles.md#storage) ----------------------------------------------------

# The one setting for where the documents' encrypted bytes go: STORAGES["documents"]. On disk under
# SPOR_VAR_DIR/documents by default (SPOR_DOCUMENT_DIR to move it); object storage is another
# Django storage backend here (e.g. django-storages' S3 backend). The bytes are encrypted before
# they reach the storage, so the storage never holds plaintext whichever backend it is.
DOCUMENT_DIR = Path(env_str("SPOR_DOCUMENT_DIR", str(VAR_DIR / "documents")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENT_DIR, "base_url": None, "file_permissions_mode": 0o600},
    },
}
# The largest document, in megabytes (10^6 bytes); the error names the file's size.
DOCUMENT_MAX_MB = env_int("SPOR_DOCUMENT_MAX_MB", 20)
if DOCUMENT_MAX_MB < 1:
    raise ImproperlyConfigured("SPOR_DOCUMENT_MAX_MB: expected at least 1")
# Uploads above this many bytes go to a temporary file, never wholly into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1 << 20

# --- logging: opaque codes only, never personal data (docs/architecture.md#logs-and-urls) ---------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SPOR_LOG_LEVEL", "WARNING")},
    # Audit checkpoints reach the system log too (ids and hashes, no personal data).
    "loggers": {"spor.audit": {"level": "INFO"}},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
