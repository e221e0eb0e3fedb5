from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("", views.manager, name="manager"),
    path("felhasznalo/uj/", views.user_create, name="user_create"),
    path("felhasznalo-nezet/", views.user_view, name="user_view"),
    path("felhasznalo-nezet/<int:pk>/", views.user_rights, name="user_rights"),
    path("felhasznalo-nezet/<int:pk>/letiltas/", views.user_deactivate, name="user_deactivate"),
    path("felhasznalo-nezet/<int:pk>/engedelyezes/", views.user_activate, name="user_activate"),
    path("felhasznalo-nezet/<int:pk>/jelszo/", views.user_password, name="user_password"),
    path("felhasznalo-nezet/<int:pk>/torles/", views.user_delete, name="user_delete"),
    path("projekt-nezet/", views.project_view, name="project_view"),
    path("projekt-nezet/<slug:code>/", views.module_users, name="module_users"),
    path("intezmenyvezetoi-cim/", views.head_email, name="head_email"),
    # Module entry pages: the URLs the permission check protects.
    path("modulok/", views.my_modules, name="my_modules"),
    path("modulok/intezmenyi-adatok/", views.institution_data_home, name="institution_data_home"),
    path("modulok/intezmenyi-adatok/<str:om_id>/", views.institution_data_home, name="institution_data_home"),
    path("modulok/oktatasi-igazolvany/", views.id_cards_home, name="id_cards_home"),
    path("modulok/oktatasi-igazolvany/<str:om_id>/", views.id_cards_home, name="id_cards_home"),
    path("modulok/dokumentumok/", views.documents_home, name="documents_home"),
    path("modulok/dokumentumok/<str:om_id>/", views.documents_home, name="documents_home"),
    # The office's screens.
    path("hivatal/modulok/", views.office_modules, name="office_modules"),
    path("hivatal/modulok/<slug:code>/", views.office_module_close, name="office_module_close"),
    path("hivatal/mesterjelszo-link/", views.office_master_link, name="office_master_link"),
]
