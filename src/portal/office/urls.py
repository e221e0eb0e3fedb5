from django.urls import path

from . import codelists, views

app_name = "office"

urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
    path("naplo/", views.audit_log, name="audit_log"),
    path("statisztika/", views.statistics, name="statistics"),
    path("kodtablak/", codelists.codelist_index, name="codelist_index"),
    path("kodtablak/feladatkombinaciok/", codelists.task_combination_list, name="task_combination_list"),
    path("kodtablak/feladatkiegeszites/<slug:code>/", codelists.supplement_kind_detail,
         name="supplement_kind_detail"),
    path("kodtablak/<slug:slug>/", codelists.codelist_detail, name="codelist_detail"),
]
