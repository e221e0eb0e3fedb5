from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("kezdolap/", views.home, name="home"),
    path("cim/iranyitoszam/<str:code>/", views.postal_code_settlements, name="postal_code_settlements"),
]
