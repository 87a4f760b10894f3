"""WSGI entry point (gunicorn performa.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "performa.config.settings")
application = get_wsgi_application()
