"""The product's WSGI application with the benchmarks' URLs (a trivial view beside the product's)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "benchmarks.urls"
