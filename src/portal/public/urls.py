from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.search, name="search"),
    path("intezmeny/<str:om_id>/", views.institution_detail, name="institution"),
    path("fenntarto/<str:maintainer_id>/", views.maintainer_detail, name="maintainer"),
    path("nyilt-adatok/", views.open_data, name="open_data"),
    path("nyilt-adatok/<str:stamp>/intezmenyek.<str:fmt>", views.open_data_download, name="open_data_download"),
]
