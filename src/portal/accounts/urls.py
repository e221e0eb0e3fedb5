from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("intezmeny/", views.login_institution, name="login_institution"),
    path("tankerulet/", views.login_district, name="login_district"),
    path("fenntarto/", views.login_maintainer, name="login_maintainer"),
    path("mesterjelszo/", views.login_master, name="login_master"),
    path("hivatal/", views.login_office, name="login_office"),
    path("hivatal/kod/", views.login_office_verify, name="login_office_verify"),
    path("asp-oktatas/", views.login_email, name="login_email"),
    path("kilepes/", views.logout, name="logout"),
    path("sajat-adatok/", views.profile, name="profile"),
    path("jelszovaltoztatas/", views.password_change, name="password_change"),
    path("elfelejtett-jelszo/", views.password_reset, name="password_reset"),
    path("jelszo-beallitasa/<str:token>/", views.credential_use, name="credential_use"),
    path("fenntartoi-kod/", views.credential_code_use, name="credential_code_use"),
]
