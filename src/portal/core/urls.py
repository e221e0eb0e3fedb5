from django.templatetags.static import static
from django.urls import path
from django.views.generic.base import RedirectView

from . import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="landing"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon.
    path("favicon.ico", RedirectView.as_view(url=static("portal/favicon.svg"), permanent=True), name="favicon"),
    path("kezdolap/", views.home, name="home"),
    path("cim/iranyitoszam/<str:code>/", views.postal_code_settlements, name="postal_code_settlements"),
]
