from django.urls import path

from . import maintainer_views as views

app_name = "maintainers"

urlpatterns = [
    path("uj-fenntarto/", views.announce, name="announce"),
    path("uj-fenntarto/folytatas/", views.announce_continue, name="announce_continue"),
    path("fenntarto/", views.home, name="home"),
    path("fenntarto/modositas/", views.change, name="change"),
    path("fenntarto/kerelmek/", views.request_list, name="request_list"),
    path("fenntarto/megszuntetes/", views.termination, name="termination"),
    path("fenntartoi-kerelem/<int:pk>/", views.request_detail, name="request_detail"),
    path("fenntartoi-kerelem/<int:pk>/adatok/", views.request_edit, name="request_edit"),
    path("fenntartoi-kerelem/<int:pk>/kerelem.pdf", views.request_pdf, name="request_pdf"),
    path("fenntartoi-kerelem/<int:pk>/sztorno/", views.request_cancel, name="request_cancel"),
    path("fenntartoi-kerelem/<int:pk>/tagok/uj/", views.member_edit, name="member_new"),
    path("fenntartoi-kerelem/<int:pk>/tagok/<str:key>/", views.member_edit, name="member_edit"),
    path("fenntartoi-kerelem/<int:pk>/tagok/<str:key>/torles/", views.member_delete, name="member_delete"),
    path("fenntartoi-kerelem/<int:pk>/okiratok/", views.document_add, name="document_add"),
    path("fenntartoi-kerelem/<int:pk>/okiratok/<int:document>/", views.document_file, name="document_file"),
    path("fenntartoi-kerelem/<int:pk>/okiratok/<int:document>/torles/", views.document_remove,
         name="document_remove"),
    path("hivatal/fenntartok/", views.office_list, name="office_list"),
    path("hivatal/fenntartok/<int:pk>/", views.office_detail, name="office_detail"),
    path("hivatal/fenntartok/<int:pk>/intezmeny-hozzarendelese/", views.office_link, name="office_link"),
    path("hivatal/fenntartok/<int:pk>/jelszolevel/", views.office_password_letter, name="office_password_letter"),
    path("hivatal/kerelmek/<int:pk>/okiratok/<int:document>/", views.office_document_file,
         name="office_document_file"),
]
