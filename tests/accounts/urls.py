"""The portal's URLs plus small views guarded by each decorator (for the permission tests)."""

from django.http import HttpResponse
from django.urls import path

from portal.accounts.decorators import (
    institution_view,
    master_required,
    module_view,
    office_required,
)
from portal.urls import handler403, handler404  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


@module_view
def module_page(request):
    return HttpResponse("modul")


@institution_view
def institution_page(request):
    return HttpResponse(f"intézmény:{request.acting_institution.om_id}")


@master_required
def manager_page(request):
    return HttpResponse("mesterjelszó-kezelő")


@office_required
def office_page(request):
    return HttpResponse("hivatal")


urlpatterns = portal_urlpatterns + [
    path("teszt/modul/", module_page),
    path("teszt/intezmeny/", institution_page),
    path("teszt/mester/", manager_page),
    path("teszt/hivatal/", office_page),
]
