from django.urls import path

from .views import content, intake, learner, notary, office, sequencing

app_name = "training"

urlpatterns = [
    path("", learner.learner_home, name="learner_home"),
    path("tananyag/<int:course_id>/", learner.course_detail, name="course_detail"),
    path("tananyag/<int:course_id>/lejatszo/<int:sco_id>/", learner.player, name="player"),
    path("tananyag/<int:course_id>/inditas/", sequencing.course_enter, name="course_enter"),
    path("tananyag/<int:course_id>/navigacio/", sequencing.navigation_view, name="navigation"),
    path("kiserlet/<int:attempt_id>/mentes/", learner.attempt_commit_view, name="attempt_commit"),
    path("csomag/<int:package_id>/<path:path>", learner.package_file, name="package_file"),
    # Served on the content origin (TRAINING_CONTENT_ORIGIN), under a signed launch token.
    path("tartalom/<str:token>/", content.content_frame, name="content_frame"),
    path("tartalom/<str:token>/<path:path>", content.content_file, name="content_file"),
    path("jegyzo/", notary.notary_home, name="notary_home"),
    path("jegyzo/export.xlsx", notary.learners_export, name="notary_export"),
    path("beiskolazott/<int:learner_id>/meghivo/", notary.invitation_resend, name="invitation_resend"),
    path("beiskolazott/<int:learner_id>/kivezetes/", notary.learner_withdraw, name="learner_withdraw"),
    path("kerelem/sablon.xlsx", intake.intake_template, name="intake_template"),
    path("kerelem/uj/", intake.intake_upload, name="intake_upload"),
    path("kerelem/<int:intake_id>/", intake.intake_detail, name="intake_detail"),
    path("kerelem/<int:intake_id>/hibalista.xlsx", intake.intake_report_view, name="intake_report"),
    path("iroda/", office.office_home, name="office_home"),
    path("iroda/tananyagok/", office.course_list, name="course_list"),
    path("iroda/tananyagok/uj/", office.course_create, name="course_create"),
    path("iroda/tananyagok/<int:course_id>/csomag/", office.package_upload_view, name="package_upload"),
    path("iroda/onkormanyzatok/", office.municipality_list, name="municipality_list"),
    path("iroda/beiskolazottak/", office.learner_list, name="learner_list"),
]
