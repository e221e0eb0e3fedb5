import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# A production server whose mail links would point at a guessed address does not start.
from portal.core.checks import refuse_to_serve_without_site_url  # noqa: E402

refuse_to_serve_without_site_url()
