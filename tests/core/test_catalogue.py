"""The Hungarian catalogue holds every word of the product, and only Hungarian is offered."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_tool():
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "tools" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_catalogue_has_every_translatable_string_and_is_compiled():
    problems = load_tool().check()
    assert problems == [], "\n".join(problems + ["Run `make messages`."])


def test_the_catalogue_check_notices_a_string_that_is_not_in_it(tmp_path, monkeypatch):
    tool = load_tool()
    package = tmp_path / "portal"
    (package / "locale" / "hu" / "LC_MESSAGES").mkdir(parents=True)
    source = tool.PACKAGE / tool.PO
    for suffix in (".po", ".mo"):
        (package / tool.PO).with_suffix(suffix).write_bytes(source.with_suffix(suffix).read_bytes())
    (package / "extra.py").write_text(
        'from django.utils.translation import gettext_lazy\nNEW = gettext_lazy("Egy új, még fel nem vett mondat")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(tool, "PACKAGE", package)
    assert "missing from django.po: 'Egy új, még fel nem vett mondat'" in tool.check()


@pytest.mark.django_db
def test_a_browser_asking_for_english_gets_the_hungarian_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="hu"' in response.content.decode()
    assert response["Content-Language"] == "hu"


def eager_module_level_translations(path: Path) -> list[int]:
    """Lines where a module or class body calls gettext (not gettext_lazy): translated once, at import."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    eager = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in ("gettext", "ngettext", "pgettext", "npgettext")
    }
    bodies = [tree.body] + [node.body for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    return sorted(
        call.lineno
        for body in bodies
        for statement in body
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.Expr))
        for call in ast.walk(statement)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in eager
    )


def test_module_level_strings_are_translated_lazily():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "src" / "portal").rglob("*.py")
        if "migrations" not in path.parts and (lines := eager_module_level_translations(path))
    }
    assert found == {}, "use gettext_lazy for strings defined at import time"


def test_the_lazy_rule_finds_an_eager_constant(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('from django.utils.translation import gettext as _\nA = "x"\nB = _("Mentés")\n', encoding="utf-8")
    assert eager_module_level_translations(module) == [3]
