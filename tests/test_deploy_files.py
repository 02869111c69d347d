"""The deployment kit (Dockerfile, compose.yaml, deploy/), checked as far as it can be without
Docker: the image runs as an unprivileged user on Python 3.12 or 3.13 with a health check,
compose has two app processes, PostgreSQL and a proxy, every DT_ variable is a real setting,
and the proxy spreads requests over both apps and passes the live event streams unbuffered."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from fastapi.routing import iter_route_contexts
from typer.main import get_command

from backend.cli import app as cli_app
from backend.config import Settings
from backend.main import create_app
from tests.conftest import make_settings, serving

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
NGINX = ROOT / "deploy" / "nginx.conf"
START = ROOT / "deploy" / "start.sh"
SETTINGS = {f"DT_{name.upper()}" for name in Settings.model_fields}
DT_VARIABLE = re.compile(r"\bDT_[A-Z0-9_]+\b")
APPS = ("app1", "app2")


# --- reading the files ------------------------------------------------------------------------


def instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            result.append((keyword.upper(), " ".join(arguments.split())))
    return result


def final_stage(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def image_env(steps: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, arguments in final_stage(steps):
        if keyword == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(arguments))
    return env


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def nginx_blocks(text: str, opening: str) -> dict[str, str]:
    """The bodies of the blocks whose opening line matches `opening` (one regex group: the
    block's name), e.g. `location ~ (\\S+)` or `upstream (\\S+)`; blocks without inner braces."""
    text = re.sub(r"#[^\n]*", "", text)
    pattern = re.compile(rf"^\s*{opening}\s*\{{([^{{}}]*)\}}", re.MULTILINE)
    return {match.group(1): match.group(2) for match in pattern.finditer(text)}


# --- Dockerfile -------------------------------------------------------------------------------


def test_the_image_runs_unprivileged_on_a_supported_python():
    steps = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    args = dict(arg.split("=", 1) for keyword, arg in steps if keyword == "ARG" and "=" in arg)
    bases = [arguments.split()[0] for keyword, arguments in steps if keyword == "FROM"]
    assert len(bases) >= 2, "a build stage and a run stage"
    for base in bases:
        resolved = re.sub(r"\$\{(\w+)\}", lambda match: args[match.group(1)], base)
        assert re.fullmatch(r"python:3\.1[23]-slim", resolved), resolved
    users = [arguments for keyword, arguments in final_stage(steps) if keyword == "USER"]
    assert users, "the run stage names a USER"
    assert users[-1].split(":")[0] not in ("root", "0")
    assert ("EXPOSE", "8000") in steps


def test_the_image_has_a_health_check_that_works_without_curl(tmp_path, fixture_db):
    steps = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    checks = [arguments for keyword, arguments in final_stage(steps) if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    command = json.loads(checks[0].split("CMD", 1)[1])
    assert command[:2] == ["python", "-c"] and "/healthz" in command[2]
    # The check's own Python, pointed at a real server: exit 0 when it answers, 1 when not.
    with serving(create_app(make_settings(tmp_path, fixture_db))) as base_url:
        code = command[2].replace("http://127.0.0.1:8000", base_url)
        assert subprocess.run([sys.executable, "-c", code], timeout=20).returncode == 0
    assert subprocess.run([sys.executable, "-c", code], timeout=20).returncode == 1


def test_the_image_logs_json_and_every_dt_variable_is_a_setting():
    env = image_env(instructions(DOCKERFILE.read_text(encoding="utf-8")))
    assert env["DT_LOG_FORMAT"] == "json"
    assert {name for name in env if name.startswith("DT_")} <= SETTINGS
    Settings(**{name.removeprefix("DT_").lower(): value for name, value in env.items()
                if name.startswith("DT_")})  # fmt: skip


def test_the_start_script_initialises_then_serves_on_all_addresses():
    steps = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    assert any(keyword == "COPY" and "deploy/start.sh" in args for keyword, args in steps)
    commands = [
        line.strip()
        for line in START.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith(("#", "set "))
    ]
    assert commands[0] == "dilemmatafel init --only-empty"
    assert commands[1].startswith("exec dilemmatafel serve --host 0.0.0.0")
    init_options = {
        option for param in get_command(cli_app).commands["init"].params for option in param.opts
    }
    assert "--only-empty" in init_options
    assert START.stat().st_mode & 0o111, "executable"


def test_the_docker_build_gets_the_sources_but_no_data_or_secrets():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", ".env", "data", "tests"} <= ignored
    copied = {
        source
        for keyword, arguments in instructions(DOCKERFILE.read_text(encoding="utf-8"))
        if keyword == "COPY" and "--from" not in arguments
        for source in arguments.split()[:-1]
        if not source.startswith("--")
    }
    for source in copied:
        assert (ROOT / source).exists(), source
        assert source.split("/")[0] not in ignored, source


def test_the_deployment_guide_names_every_setting_and_no_other():
    guide = ROOT / "docs" / "deployment.md"
    named = set(re.findall(r"`(DT_[A-Z0-9_]+)`", guide.read_text(encoding="utf-8")))
    assert named == SETTINGS


# --- compose.yaml -----------------------------------------------------------------------------


def test_compose_has_two_apps_postgresql_and_a_proxy():
    services = compose()["services"]
    assert set(services) == {"db", *APPS, "proxy"}
    db = services["db"]
    assert db["image"].startswith("postgres:15")
    assert "healthcheck" in db and any("/var/lib/postgresql/data" in v for v in db["volumes"])
    for name in APPS:
        app = services[name]
        assert app["build"] == "."
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
        url = app["environment"]["DT_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url
    assert services["proxy"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in APPS
    }


def test_each_app_keeps_its_own_index_on_a_volume_above_the_index_folder():
    index_dir = Path(
        image_env(instructions(DOCKERFILE.read_text(encoding="utf-8")))["DT_INDEX_DIR"]
    )
    config = compose()
    mounts = {}
    for name in APPS:
        [volume] = config["services"][name]["volumes"]
        source, target = volume.split(":")[:2]
        assert source in config["volumes"]
        # The index is swapped in by renaming its folder: a mount point cannot be renamed.
        assert index_dir.parent == Path(target), (index_dir, target)
        mounts[name] = source
    assert len(set(mounts.values())) == len(APPS)


def test_every_dt_variable_in_compose_is_a_setting_and_secrets_come_from_outside():
    text = COMPOSE.read_text(encoding="utf-8")
    assert set(DT_VARIABLE.findall(text)) <= SETTINGS
    for name in APPS:
        env = compose()["services"][name]["environment"]
        assert set(env) <= SETTINGS
        # The same key in both processes, from the operator's .env, never from the file.
        assert env["DT_SECRET_KEY"].startswith("${DT_SECRET_KEY:?")
        assert env["DT_LOG_FORMAT"] == "json"


def test_the_apps_trust_exactly_the_proxy_address():
    services = compose()["services"]
    proxy_address = services["proxy"]["networks"]["internal"]["ipv4_address"]
    for name in APPS:
        assert services[name]["environment"]["DT_TRUSTED_PROXIES"] == proxy_address


# --- deploy/nginx.conf ------------------------------------------------------------------------


def test_the_proxy_config_is_the_one_compose_mounts():
    volumes = compose()["services"]["proxy"]["volumes"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in volumes


def test_the_proxy_spreads_requests_over_both_apps_without_stickiness():
    text = NGINX.read_text(encoding="utf-8")
    [upstream] = nginx_blocks(text, r"upstream\s+(\S+)").items()
    name, body = upstream
    servers = re.findall(r"^\s*server\s+(\S+)", body, re.MULTILINE)
    assert servers == [f"{app}:8000" for app in APPS]
    for sticky in ("ip_hash", "hash ", "sticky"):
        assert sticky not in body
    assert text.count(f"proxy_pass http://{name};") >= 2


def test_the_proxy_tells_the_app_the_visitor_address_and_scheme():
    text = re.sub(r"#[^\n]*", "", NGINX.read_text(encoding="utf-8"))
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", text)
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s+\$scheme;", text)
    assert re.search(r"listen\s+443\s+ssl;", text)
    assert re.search(r"access_log\s+off;", text)  # addresses and search words stay out


@pytest.fixture
def stream_paths(tmp_path, fixture_db) -> list[str]:
    """Every Server-Sent Events route of the app, with sample values for its parameters."""
    app = create_app(make_settings(tmp_path, fixture_db))
    paths = [
        re.sub(r"\{[^}]+\}", "ABC234", route.path)
        for route in iter_route_contexts(app.routes)
        if (route.path or "").endswith("/stroom")
    ]
    assert len(paths) >= 3
    return paths


def test_the_proxy_passes_every_event_stream_unbuffered(stream_paths):
    locations = nginx_blocks(NGINX.read_text(encoding="utf-8"), r"location\s+~\s+(\S+)")
    unbuffered = [
        re.compile(pattern)
        for pattern, body in locations.items()
        if re.search(r"proxy_buffering\s+off;", body) and "proxy_pass" in body
    ]
    assert unbuffered
    for path in stream_paths:
        assert any(pattern.fullmatch(path) for pattern in unbuffered), path
    for page in ("/j/ABC234", "/live/12", "/scherm/ABC234", "/zoeken"):
        assert not any(pattern.fullmatch(page) for pattern in unbuffered), page
