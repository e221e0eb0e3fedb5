"""Foundation: page latency against a trivial view, password hashing and login cost."""

from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from .harness import measure, table

TITLE = "Foundation: pages, password hash, login"


def _page_rows(client: Client) -> list[list[object]]:
    trivial = measure(lambda: client.get("/__trivial__/"), repeat=200)
    rows = [["trivial view (same middleware)", trivial.p50_ms, trivial.p95_ms, 1.0]]
    for label, url in [("landing page", "/"), ("institution login page", "/belepes/intezmeny/")]:
        timing = measure(lambda url=url: client.get(url), repeat=200)
        rows.append([label, timing.p50_ms, timing.p95_ms, timing.p50_ms / trivial.p50_ms])
    return rows


def _login_rows() -> list[list[object]]:
    from .fixtures import demo_institution_user

    om_id, username, password = demo_institution_user()
    hash_timing = measure(lambda: make_password("Hofeherke7torpe"), repeat=10, warmup=1)
    client = Client()

    def login() -> None:
        response = client.post(
            "/belepes/intezmeny/", {"om_id": om_id, "username": username, "password": password}
        )
        assert response.status_code == 302, response.status_code
        client.logout()

    login_timing = measure(login, repeat=10, warmup=1)
    return [
        ["one password hash (PBKDF2, production setting)", hash_timing.p50_ms, hash_timing.p95_ms, ""],
        ["one institution login (form POST, hash check, session)", login_timing.p50_ms,
         login_timing.p95_ms, f"{login_timing.p50_ms / hash_timing.p50_ms:.2f} × hash"],
    ]


@override_settings(ROOT_URLCONF="benchmarks.urls", DEBUG=False)
def run() -> str:
    client = Client()
    rows = _page_rows(client) + _login_rows()
    return table(["what", "p50 ms", "p95 ms", "ratio to trivial view"], rows)
