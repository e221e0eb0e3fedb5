from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("intezmeny/", views.institution_home, name="institution_home"),
    path("intezmeny/oktatasi-igazolvany/", views.id_cards, name="id_cards"),
    path("intezmeny/oktatasi-igazolvany/<str:number>/", views.id_card_edit, name="id_card_edit"),
    path("hivatal/intezmenyek/", views.office_institution_go, name="office_institution_go"),
    path("hivatal/intezmenyek/<str:om_id>/jogviszonyok/", views.office_relations, name="office_relations"),
]
