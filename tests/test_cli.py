"""The dilemmatafel command: check, init, import, export, format and stats."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backend.cli import app
from backend.config import get_settings
from tests.factories import make_record, write_record

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch, content_dir, empty_database_url):
    monkeypatch.setenv("DT_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("DT_CONTENT_DIR", str(content_dir))
    monkeypatch.setenv("DT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield content_dir
    get_settings.cache_clear()


def test_check_passes_on_valid_content(env):
    result = runner.invoke(app, ["content", "check"])
    assert result.exit_code == 0
    assert "Alle 4 bestanden zijn in orde." in result.output


def test_check_reports_every_problem_and_exits_non_zero(env):
    write_record(env, make_record(slug="dubbel", themes=["onbekend-thema"]))
    write_record(env, make_record("good_practice", slug="ook-fout", approach=["curatief"]))
    result = runner.invoke(app, ["content", "check"])
    assert result.exit_code == 1
    assert "dilemmas/dubbel.md" in result.output and "onbekend-thema" in result.output
    assert "good_practices/ook-fout.md" in result.output and "curatief" in result.output
    assert "2 fout(en) in 2 bestand(en)." in result.output


def test_init_refuses_bad_content_and_changes_nothing(env):
    assert runner.invoke(app, ["init"]).exit_code == 0
    write_record(env, make_record(slug="kapot", difficulty=8))
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 1
    assert "Er is niets geïmporteerd; de database is ongewijzigd." in result.output
    stats = runner.invoke(app, ["stats"])
    assert "Dilemma's" in stats.output and "│      1 │" in stats.output


def test_import_export_round_trip(env, tmp_path):
    assert "4 nieuw" in runner.invoke(app, ["content", "import"]).output
    assert "4 ongewijzigd" in runner.invoke(app, ["content", "import"]).output
    result = runner.invoke(app, ["content", "export", str(tmp_path / "out")])
    assert result.exit_code == 0 and "4 bestanden geschreven" in result.output
    original = env / "dilemmas" / "subsidie-eigen-sportvereniging.md"
    exported = tmp_path / "out" / "dilemmas" / "subsidie-eigen-sportvereniging.md"
    assert exported.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")


def test_format_rewrites_files_in_canonical_form(env):
    path = env / "dilemmas" / "subsidie-eigen-sportvereniging.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("## Vraag\n\n", "## Vraag\n"), encoding="utf-8")
    result = runner.invoke(app, ["content", "format"])
    assert "1 van 4 bestanden herschreven." in result.output
    assert path.read_text(encoding="utf-8") == original


def test_stats_counts_per_type_theme_role_and_level(env):
    runner.invoke(app, ["init"])
    output = runner.invoke(app, ["stats"]).output
    for label in ["Casussen geheimhouding", "Belangenverstrengeling", "Raadslid", "Waterschap"]:
        assert label in output
