"""The product's WSGI application with the benchmarks' trivial view (for gunicorn in benchmarks)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.ROOT_URLCONF = "benchmarks.urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
