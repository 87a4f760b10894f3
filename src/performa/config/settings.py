"""performa's Django settings: one module, read from the environment, failing loudly on bad values.

Environment:
    PERFORMA_HOME         data folder (default ``./var``): SQLite database, generated files, uploads
    DATABASE_URL          ``sqlite:///path`` or ``postgres://user:password@host:port/name``
    PERFORMA_SECRET_KEY   required when PERFORMA_DEBUG is off (``_FILE`` variant accepted)
    PERFORMA_DEBUG        ``1``/``0`` (default ``1``: a development checkout)
    PERFORMA_ALLOWED_HOSTS  comma-separated host names
    PERFORMA_LOGIN_FAILURES_PER_USER / _PER_ADDRESS / PERFORMA_LOGIN_WINDOW_MINUTES
                          login throttling (default 5 per user name, 20 per address, 15 minutes)
    PERFORMA_API_ANONYMOUS_PER_MINUTE / PERFORMA_API_TOKEN_PER_MINUTE
                          API rate limits (default 600 per address, 1200 per token, a minute)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets admin and other generic classes be subscripted at run time, as the type hints need.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_text(name: str, default: str | None = None) -> str:
    """The variable ``name``, or the content of the file named by ``name_FILE``, or ``default``."""
    if (path := os.environ.get(f"{name}_FILE")) is not None:
        return Path(path).read_text(encoding="utf-8").strip()
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set")
    return value


def env_flag(name: str, default: bool) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off``; anything else is a configuration error."""
    text = env_text(name, "1" if default else "0").strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={text!r} is not a yes/no value")


def env_int(name: str, default: int) -> int:
    """A positive whole number; anything else is a configuration error."""
    text = env_text(name, str(default)).strip()
    if not text.isdigit() or int(text) < 1:
        raise ImproperlyConfigured(f"{name}={text!r} is not a positive whole number")
    return int(text)


def database_from_url(url: str) -> dict[str, object]:
    """Django's DATABASES entry for a ``sqlite:///`` or ``postgres://`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parts.path[1:] if parts.path.startswith("//") else parts.path),
            # WAL and immediate transactions let a worker and the web app share the file.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000;",
            },
        }
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not sqlite or postgres")


PERFORMA_HOME = Path(env_text("PERFORMA_HOME", "var")).resolve()
PERFORMA_HOME.mkdir(parents=True, exist_ok=True)  # the SQLite file and generated files live here
DEBUG = env_flag("PERFORMA_DEBUG", default=True)
SECRET_KEY = env_text(
    "PERFORMA_SECRET_KEY", "insecure-development-key-never-use-in-production" if DEBUG else None
)
ALLOWED_HOSTS = [
    host.strip()
    for host in env_text("PERFORMA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]

DATABASES = {
    "default": database_from_url(
        env_text("DATABASE_URL", f"sqlite:///{PERFORMA_HOME / 'performa.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its vendored Swagger UI files, so the API docs need no CDN
    "performa.web",
    "performa.apps.accounts",
    "performa.apps.administrations",
    "performa.apps.cycles",
    "performa.apps.plans",
    "performa.apps.library",
    "performa.apps.measurements",
    "performa.apps.evaluations",
    "performa.apps.contexts",
    "performa.apps.staff",
    "performa.apps.surveys",
    "performa.apps.appraisals",
    "performa.apps.publication",
    "performa.apps.reports",
    "performa.apps.audit",
    "performa.apps.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

ROOT_URLCONF = "performa.config.urls"
WSGI_APPLICATION = "performa.config.wsgi.application"

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

PERFORMA_LOGIN_THROTTLE = {
    # After this many failed log-ins within the window, a user name (or a client address,
    # for guesses spread over many accounts) waits until the oldest failure ages out.
    "per_username": env_int("PERFORMA_LOGIN_FAILURES_PER_USER", 5),
    "per_address": env_int("PERFORMA_LOGIN_FAILURES_PER_ADDRESS", 20),
    "window_minutes": env_int("PERFORMA_LOGIN_WINDOW_MINUTES", 15),
}

PERFORMA_API_THROTTLE = {
    # Requests to the API (/api/v1/) per minute, counted in Django's cache: per client address
    # without a token, per token with one. Over the limit: 429 with Retry-After.
    "anonymous_per_minute": env_int("PERFORMA_API_ANONYMOUS_PER_MINUTE", 600),
    "token_per_minute": env_int("PERFORMA_API_TOKEN_PER_MINUTE", 1200),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
CACHES = {
    # Per process; every cached value is keyed by a cycle's data version, so nothing goes stale
    # and several processes need not share it (web/fragments.py). A shared cache can replace it.
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

STATIC_ROOT = PERFORMA_HOME / "static"
MEDIA_ROOT = PERFORMA_HOME / "media"

# Reminders go to the console unless a real backend is configured (the demo prints them).
MAILERS = {
    "default": {
        "BACKEND": env_text(
            "PERFORMA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        )
    }
}
DEFAULT_FROM_EMAIL = env_text("PERFORMA_DEFAULT_FROM_EMAIL", "performa <noreply@localhost>")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
# Off only behind plain http on loopback (benchmarks); production serves https.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("PERFORMA_SECURE_COOKIES", default=not DEBUG)
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
