"""Production profile and Content-Security-Policy (issue 12, item 4)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "portal"


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="kir.example.hu",
               SITE_URL="https://kir.example.hu", TRAINING_CONTENT_ORIGIN="https://asp-tartalom.example.hu", **extra)
    return env


def test_check_deploy_is_clean_under_the_production_profile():
    result = subprocess.run([sys.executable, "-m", "portal", "check", "--deploy", "--fail-level", "WARNING"],
                            env=_production_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_production_profile_sets_https_proxy_and_cookies():
    code = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.TRUSTED_PROXIES)")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            env=_production_env(DJANGO_SETTINGS_MODULE="portal.settings"),
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == (
        "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') True True ['127.0.0.1', '::1']")


def test_the_production_profile_refuses_the_development_key():
    env = _production_env(DJANGO_SETTINGS_MODULE="portal.settings")
    env.pop("SECRET_KEY")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "needs its own SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/belepes/intezmeny/", "/kereses/", "/uj-intezmeny/", "/api/docs"])
def test_every_page_has_a_policy_that_forbids_inline_script(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
    assert policy["default-src"] == "'self'"


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy forbids inline script: every script is a file of the site (JSON data blocks aside)."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template}: {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: event handler attribute")
        if "javascript:" in text:
            offenders.append(f"{template}: javascript: URL")
    assert offenders == []
