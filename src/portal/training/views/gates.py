"""Who may open the ASP oktatás pages: people log in by e-mail address on ASP oktatás's own login page."""

from django.contrib.auth.decorators import login_required

# Anonymous visitors are sent to "Belépés az ASP oktatásba", not to the KIR login chooser.
asp_login_required = login_required(login_url="accounts:login_email")
