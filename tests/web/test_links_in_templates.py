"""Templates build internal URLs from route names (`path_for`), never by hand (issue 14), so
renaming a route's path cannot leave a dead link behind; and every `path_for` in a template
names a route that exists, with exactly the parameters its path needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import nodes
from starlette.requests import Request
from starlette.routing import NoMatchFound

from backend.aids.registry import AIDS
from backend.content.types import CONTENT_TYPES
from backend.main import create_app
from backend.web.links import path_for
from backend.web.pages import TAG_PAGES
from backend.web.templating import make_templates
from tests.conftest import make_settings

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ENV = make_templates().env

# An HTML attribute whose value starts with "/" (href, action, src, hx-get, sse-connect,
# data-control, ...), or a quoted Jinja string that starts like a site path ("/beheer").
# Static files keep their /static/ address.
HAND_BUILT = re.compile(r"""[\w:-]+\s*=\s*["']/(?!static/)|["']/(?!static/)[\w-]""")

# Being converted in another branch at the time of writing; drop this once they are merged.
NOT_YET_CONVERTED: tuple[str, ...] = ()


def _templates() -> list[Path]:
    skipped = {path for pattern in NOT_YET_CONVERTED for path in TEMPLATES.glob(pattern)}
    return sorted(set(TEMPLATES.rglob("*.html")) - skipped)


@pytest.mark.parametrize(
    "line",
    [
        '<a href="/dilemmas">',
        '<a href="/">Home</a>',
        '<form method="post" action="/live/{{ live.id }}/delen">',
        'hx-get="/zoeken"',
        'sse-connect="/j/{{ code }}/stroom?na=1"',
        '{% set crumbs = [("/beheer", "Beheer")] %}',
        "{% set base = '/wijzers/' ~ aid.key %}",
    ],
)
def test_the_check_sees_a_hand_built_url(line):
    assert HAND_BUILT.search(line)


@pytest.mark.parametrize(
    "line",
    [
        '<link rel="stylesheet" href="/static/css/dilemmatafel.css">',
        "<a href=\"{{ path_for('dilemma_list') }}?moeilijkheid=1\">",
        '<rect width="100" height="4" class="dt-chart__track"/>',
        "{% if request.url.path.startswith(href ~ '/') %}",
        '<a href="#inhoud">',
    ],
)
def test_the_check_leaves_static_files_and_named_routes_alone(line):
    assert not HAND_BUILT.search(line)


def test_no_template_builds_an_internal_url_by_hand():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:120]}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_BUILT.search(line)
    ]
    assert not found, "Use {{ path_for('route_name', ...) }} instead of:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The application's routes (no lifespan: nothing is served)."""
    folder = tmp_path_factory.mktemp("routes")
    return create_app(make_settings(folder, folder / "routes.db"))


def _resolves(app, name: str, params: set[str]) -> bool:
    """True when a route has this name and exactly these path parameters."""
    try:
        app.url_path_for(name, **dict.fromkeys(params, "1"))
    except NoMatchFound:
        return False
    return True


# The keys templates join into computed route names ("aid_" ~ aid.key).
NAME_PARTS = [
    *CONTENT_TYPES,
    *AIDS,
    *(page.segment for page in TAG_PAGES),
]


def _path_for_calls(template: str) -> list[nodes.Call]:
    ast = ENV.parse(ENV.loader.get_source(ENV, template)[0])
    return [
        call
        for call in ast.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "path_for"
    ]


def _candidate_names(name: nodes.Expr) -> list[str]:
    """The route names a path_for's first argument can be: itself when fixed, else each
    known key put in the place of the computed part."""
    if isinstance(name, nodes.Const):
        return [name.value]
    if isinstance(name, nodes.Concat):
        fixed = [part.value if isinstance(part, nodes.Const) else None for part in name.nodes]
        if fixed.count(None) == 1:
            return ["".join(part or key for part in fixed) for key in NAME_PARTS]
    return []


def test_every_path_for_names_a_route_with_its_parameters(app):
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        template = path.relative_to(TEMPLATES).as_posix()
        for call in _path_for_calls(template):
            given = {keyword.key for keyword in call.kwargs}
            names = _candidate_names(call.args[0]) if call.args else []
            if not any(_resolves(app, name, given) for name in names):
                problems.append(
                    f"{template}:{call.lineno}: no route {names[:3]} with parameters"
                    f" {sorted(given)}"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "params"),
    [("dilemma_list", {"slug"}), ("dilemma_lijst", set()), ("live_action", {"session_id"})],
)
def test_a_wrong_name_or_parameter_does_not_resolve(app, name, params):
    assert not _resolves(app, name, params)


def test_computed_route_names_exist_for_every_content_type_aid_and_tag_page(app):
    wanted = (
        [(f"{key}_list", set()) for key in CONTENT_TYPES]
        + [(f"{key}_detail", {"slug"}) for key in CONTENT_TYPES]
        + [(f"aid_{key}", set()) for key in AIDS]
        + [(f"{page.segment}_index", set()) for page in TAG_PAGES]
        + [(f"{page.segment}_page", {"slug"}) for page in TAG_PAGES]
    )
    assert [name for name, params in wanted if not _resolves(app, name, params)] == []


def test_remembered_paths_stay_those_of_their_own_parameters(tmp_path, fixture_db):
    """`path_for` remembers paths per app: each name and set of parameters keeps its own."""
    app = create_app(make_settings(tmp_path, fixture_db))
    request = Request({"type": "http", "app": app, "headers": []})
    for _ in range(2):  # the second round is answered from memory
        assert path_for(request, "live_lead", session_id=1) == "/live/1"
        assert path_for(request, "live_lead", session_id=2) == "/live/2"
        assert path_for(request, "live_join_code", code="ABC123") == "/j/ABC123"
    with pytest.raises(NoMatchFound):
        path_for(request, "live_lead")
    app.state.engine.dispose()
