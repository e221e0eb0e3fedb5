from django.urls import path

from . import operating_views, views

app_name = "changes"

urlpatterns = [
    path("uj-intezmeny/", views.start, name="start"),
    path("uj-intezmeny/folytatas/", views.continue_draft, name="continue"),
    path("kerelem/<int:pk>/", views.overview, name="overview"),
    path("kerelem/<int:pk>/bekuldes/", views.submit, name="submit"),
    path("kerelem/<int:pk>/kerelem.pdf", views.pdf, name="pdf"),
    path("kerelem/<int:pk>/sztorno/", views.cancel, name="cancel"),
    path("kerelem/<int:pk>/alapadatok/", views.tab_basic, name="tab_basic"),
    path("kerelem/<int:pk>/jogelodok/", views.tab_predecessors, name="tab_predecessors"),
    path("kerelem/<int:pk>/mukodesi-engedelyek/", views.tab_licences, name="tab_licences"),
    path("kerelem/<int:pk>/fenntarto/", views.tab_maintainer, name="tab_maintainer"),
    path("kerelem/<int:pk>/feladatellatasi-helyek/", views.tab_sites, name="tab_sites"),
    path("kerelem/<int:pk>/feladatellatasi-helyek/uj/", views.site_edit, name="site_new"),
    path("kerelem/<int:pk>/feladatellatasi-helyek/<str:key>/", views.site_edit, name="site_edit"),
    path("kerelem/<int:pk>/feladatellatasi-helyek/<str:key>/torles/", views.site_delete, name="site_delete"),
    path("kerelem/<int:pk>/ellatott-feladatok/", views.tab_tasks, name="tab_tasks"),
    path("kerelem/<int:pk>/ellatott-feladatok/<str:key>/", views.site_tasks, name="site_tasks"),
    path("kerelem/<int:pk>/ellatott-feladatok/<str:key>/<str:task>/", views.task_edit, name="task_edit"),
    path("kerelem/<int:pk>/ellatott-feladatok/<str:key>/<str:task>/torles/", views.task_delete,
         name="task_delete"),
    path("intezmeny/adatmodositas/", operating_views.data_change, name="data_change"),
    path("intezmeny/kerelmek/", operating_views.request_list, name="request_list"),
    path("intezmeny/szuneteles-megszunes/", operating_views.institution_end, name="institution_end"),
    path("kerelem/<int:pk>/feladatellatasi-helyek/<str:key>/allapot/", operating_views.site_status,
         name="site_status"),
    path("kerelem/<int:pk>/ellatott-feladatok/<str:key>/<str:task>/jeloles/", operating_views.task_mark,
         name="task_mark"),
    path("hivatal/kerelmek/", views.office_queue, name="office_queue"),
    path("hivatal/kerelmek/hitelesites/", views.office_authenticate, name="office_authenticate"),
    path("hivatal/kerelmek/<int:pk>/", views.office_detail, name="office_detail"),
    path("hivatal/kerelmek/<int:pk>/kerelem.pdf", views.office_pdf, name="office_pdf"),
    path("hivatal/kerelmek/<int:pk>/<str:action>/", views.office_decide, name="office_decide"),
]
