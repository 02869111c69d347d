"""Each htmx fragment's context is a dataclass (`backend/web/fragments.py`) that says exactly
what the fragment reads: every variable its template (with the templates it includes, and the
page that includes it) uses is a field, and every field is used. Like Datasette's
tests/test_template_context.py; it keeps a view and its fragment from drifting apart."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from backend.web.fragments import FRAGMENT_CONTEXTS
from backend.web.templating import make_templates

ENV = make_templates().env
WEB = Path(__file__).resolve().parents[2] / "backend" / "web"
# What every template gets without a route passing it: the env's globals and the request.
PROVIDED = set(ENV.globals) | {"request"}
# Variables an included template reads only when its includer sets them (documented there).
OPTIONAL = {"partials/_live_chart.html": {"mine"}}


def _bound(ast: nodes.Template) -> set[str]:
    """Names a template sets itself ({% set %}, {% for %}, {% with %}, macro arguments)."""
    names = {name.name for name in ast.find_all(nodes.Name) if name.ctx in ("store", "param")}
    for macro in ast.find_all(nodes.Macro):
        names |= {arg.name for arg in macro.args}
    return names


def used(template: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The variables a template reads from its context, its includes' needs included."""
    if template in seen:
        return set()
    ast = ENV.parse(ENV.loader.get_source(ENV, template)[0])
    bound = _bound(ast)
    names = set(meta.find_undeclared_variables(ast)) - bound
    for included in meta.find_referenced_templates(ast):
        assert included, f"{template} includes a template by a computed name"
        needs = used(included, seen | {template}) - OPTIONAL.get(included, set())
        names |= needs - bound
    return names - PROVIDED


def _name(context_class) -> str:
    return context_class.__name__


@pytest.mark.parametrize("context_class", FRAGMENT_CONTEXTS, ids=_name)
def test_every_variable_a_fragment_uses_is_a_field(context_class):
    field_names = {field.name for field in fields(context_class)}
    missing = used(context_class.fragment) - field_names
    assert not missing, f"{context_class.fragment} reads {sorted(missing)}, not fields"
    if context_class.page:
        missing = used(context_class.page) - field_names
        assert not missing, f"{context_class.page} reads {sorted(missing)}, not fields"


@pytest.mark.parametrize("context_class", FRAGMENT_CONTEXTS, ids=_name)
def test_every_field_is_used(context_class):
    reads = used(context_class.fragment) | (
        used(context_class.page) if context_class.page else set()
    )
    unused = {field.name for field in fields(context_class)} - reads
    assert not unused, f"{_name(context_class)} has fields no template reads: {sorted(unused)}"


def test_every_fragment_a_router_renders_has_a_context():
    """A fragment named in a router (or in fragments.py) needs its dataclass there."""
    named = {
        match
        for module in WEB.glob("*.py")
        for match in re.findall(r'"(partials/_\w+\.html)"', module.read_text(encoding="utf-8"))
    }
    assert named == {context_class.fragment for context_class in FRAGMENT_CONTEXTS}


def test_the_check_finds_a_missing_field():
    """The contract check itself: a variable set by no one is reported."""
    assert "agenda" in used("partials/_agenda_editor.html")
    assert "total" not in used("partials/_agenda_editor.html")  # set by the template itself
