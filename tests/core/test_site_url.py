"""Links in mail and letters point at the address the product is served on (issue 18, item 1)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.core.checks import site_url_messages

ROOT = Path(__file__).resolve().parents[2]


def ids(**kwargs) -> list[str]:
    defaults = {"site_url": "https://kir.example.hu", "explicit": True, "debug": False,
                "allowed_hosts": ["kir.example.hu"]}
    return [m.id for m in site_url_messages(**{**defaults, **kwargs})]


def test_an_explicit_public_address_passes():
    assert ids() == []


def test_production_without_an_explicit_site_url_is_an_error():
    assert ids(explicit=False) == ["portal.E001"]
    assert ids(explicit=False, debug=True) == []


@pytest.mark.parametrize("url", ["kir.example.hu", "ftp://kir.example.hu", "https://"])
def test_a_url_that_is_not_an_absolute_web_address_is_an_error(url):
    assert "portal.E002" in ids(site_url=url)


def test_a_listening_address_is_not_a_place_to_send_people():
    assert "portal.E003" in ids(site_url="http://0.0.0.0:8000", allowed_hosts=["*"])


def test_a_host_the_server_refuses_is_a_warning():
    assert ids(site_url="http://127.0.0.1:8101", allowed_hosts=["localhost"]) == ["portal.W001"]
    assert ids(site_url="https://www.kir.example.hu", allowed_hosts=[".kir.example.hu"]) == []


def make_site_url(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "MAKEFLAGS"}}
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", "show-site-url: ; @echo $$SITE_URL", "show-site-url", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


def test_make_run_and_serve_link_to_the_address_they_serve():
    assert make_site_url() == "http://127.0.0.1:8000"
    assert make_site_url("PORT=8101") == "http://127.0.0.1:8101"
    assert make_site_url("HOST=kir.local", "PORT=9000") == "http://kir.local:9000"
    assert make_site_url("HOST=0.0.0.0", "PORT=8101") == "http://127.0.0.1:8101"
    assert make_site_url("SITE_URL=https://kir.example.hu") == "https://kir.example.hu"


def load_wsgi(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"], env={**base, **env},
        cwd=ROOT, capture_output=True, text=True,
    )


def test_production_refuses_to_start_without_an_explicit_site_url(tmp_path):
    refused = load_wsgi(VAR_DIR=str(tmp_path))
    assert refused.returncode != 0
    assert "portal.E001" in refused.stderr
    started = load_wsgi(VAR_DIR=str(tmp_path), SITE_URL="http://127.0.0.1:8000")
    assert started.returncode == 0, started.stderr


def test_settings_derive_the_address_from_host_and_port(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL, settings.SITE_URL_EXPLICIT)"],
        env={**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "DJANGO_SETTINGS_MODULE": "portal.settings",
             "HOST": "127.0.0.1", "PORT": "8101", "VAR_DIR": str(tmp_path)},
        capture_output=True, text=True, check=True,
    )
    assert out.stdout.split() == ["http://127.0.0.1:8101", "False"]
