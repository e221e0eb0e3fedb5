from django.contrib import admin
from django.urls import include, path

from portal.public.api import api

urlpatterns = [
    path("", include("portal.core.urls")),
    path("belepes/", include("portal.accounts.urls")),
    path("hivatal/", include("portal.office.urls")),
    path("mesterjelszo/", include("portal.access.urls")),
    path("", include("portal.registry.urls")),
    path("", include("portal.documents.urls")),
    path("", include("portal.changes.urls")),
    path("", include("portal.changes.maintainer_urls")),
    path("kereses/", include("portal.public.urls")),
    path("api/", api.urls),
    path("asp/", include("portal.training.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"
