"""The product's WSGI application with the benchmark URLs (the product's plus a trivial view),
for benchmarks that run it under gunicorn."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

settings.ROOT_URLCONF = "benchmarks.urls"
application = get_wsgi_application()
