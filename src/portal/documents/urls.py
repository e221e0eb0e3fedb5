from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("intezmeny/dokumentumok/", views.institution_list, name="institution_list"),
    path("intezmeny/dokumentumok/<int:pk>/letoltes/", views.institution_download, name="institution_download"),
    path("intezmeny/dokumentumok/<int:pk>/torles/", views.institution_remove, name="institution_remove"),
    path("fenntarto/dokumentumok/", views.maintainer_list, name="maintainer_list"),
    path("fenntarto/dokumentumok/<int:pk>/letoltes/", views.maintainer_download, name="maintainer_download"),
    path("fenntarto/dokumentumok/<int:pk>/torles/", views.maintainer_remove, name="maintainer_remove"),
    path("kerelem/<int:pk>/dokumentumok/", views.request_documents, name="request_documents"),
    path("nyilvanos/dokumentum/<int:pk>/", views.public_download, name="public_download"),
    path("hivatal/dokumentumok/", views.office_list, name="office_list"),
    path("hivatal/dokumentumok/<int:pk>/hitelesites/", views.office_authenticate, name="office_authenticate"),
    path("hivatal/dokumentumok/<int:pk>/letoltes/", views.office_download, name="office_download"),
    path("hivatal/intezmenyek/<str:om_id>/dokumentum/", views.office_register, name="office_register"),
    path("hivatal/fenntartok/<int:pk>/dokumentum/", views.office_register_maintainer,
         name="office_register_maintainer"),
]
