"""The guides stay true to the code (like Datasette's tests/test_docs.py).

The README's settings table names exactly the fields of `Settings`, its command table names
exactly the commands of the `dilemmatafel` CLI (with every option and argument), and every
relative link in the README and the guides points to a file inside this repository (and, with
an anchor, to a heading of that file).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import typer
from typer.main import get_command

from backend.cli import app
from backend.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = sorted(
    [
        README,
        *(ROOT / name for name in ("CONTRIBUTING.md", "CHANGELOG.md")),
        *ROOT.glob("docs/*.md"),
    ]
)
PROGRAM = "dilemmatafel"

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
INLINE_LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?", re.MULTILINE)
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
SAME_PAGE = re.compile(r"\[(?:[^\]\\]|\\.)*\]\((#[^)\s]+)\)")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


# --- reading the README -----------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (a pipe escaped as \\| stays in its cell)."""
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def section_table(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under `heading` (a `## ` heading)."""
    lines = markdown.splitlines()
    assert heading in lines, f"README.md: de kop '{heading}' ontbreekt"
    start = lines.index(heading) + 1
    rows: list[list[str]] = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if line.lstrip().startswith("|"):
            rows.append(_cells(line))
        elif rows:
            break
    assert len(rows) > 2, f"README.md: geen tabel onder '{heading}'"
    return rows[2:]  # without the header and the |---| line


def first_code(cell: str) -> str:
    """The text of the first `code` span in a table cell."""
    match = CODE_SPAN.search(cell)
    assert match, f"README.md: verwacht een `code`-naam in de cel '{cell}'"
    return match.group(2).strip()


# --- reading the code -------------------------------------------------------------------------


def command_paths(typer_app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of a typer app, as its words after the program name, sub-groups included."""
    paths = []
    for command in typer_app.registered_commands:
        name = command.name or command.callback.__name__.lower().replace("_", "-")
        paths.append((*prefix, name))
    for group in typer_app.registered_groups:
        name = group.name or group.typer_instance.info.name
        paths.extend(command_paths(group.typer_instance, (*prefix, name)))
    return paths


def cli_command(path: tuple[str, ...]):
    """The command object typer builds for a command path (its parameters as typer sees them)."""
    command = get_command(app)
    for word in path:
        command = command.commands[word]
    return command


def parameter_names(command) -> list[str]:
    """How the README names each parameter: the long option, or the argument in capitals."""
    names = []
    for param in command.params:
        if param.param_type_name == "argument":
            names.append(param.name.upper())
        else:
            names.append(max(param.opts, key=len))
    return names


# --- the tests ----------------------------------------------------------------------------------


def test_the_settings_table_lists_every_setting():
    prefix = Settings.model_config["env_prefix"]
    rows = section_table(README.read_text(encoding="utf-8"), "## Configuration")
    documented = [first_code(row[0]) for row in rows]
    expected = {prefix + name.upper() for name in Settings.model_fields}
    assert len(documented) == len(set(documented)), "README.md: een instelling staat er dubbel"
    missing, unknown = sorted(expected - set(documented)), sorted(set(documented) - expected)
    assert not missing and not unknown, (
        f"README.md, tabel onder '## Configuration': ontbreekt {missing}, bestaat niet {unknown}"
    )
    for row in rows:
        assert len(row) == 3 and all(row), f"README.md: vul standaard en betekenis in: {row}"


def test_the_cli_table_lists_every_command():
    rows = section_table(README.read_text(encoding="utf-8"), "## Command line")
    documented = {}
    for row in rows:
        usage = first_code(row[0])
        words = re.match(rf"{PROGRAM}(?: [a-z][a-z-]*)*", usage)
        assert words, f"README.md: '{usage}' begint niet met '{PROGRAM}'"
        documented[tuple(words.group(0).split()[1:])] = usage
    expected = set(command_paths(app))
    assert set(documented) == expected, (
        f"README.md, tabel onder '## Command line': ontbreekt"
        f" {sorted(' '.join(path) for path in expected - set(documented))}, bestaat niet"
        f" {sorted(' '.join(path) for path in set(documented) - expected)}"
    )


@pytest.mark.parametrize("path", command_paths(app), ids=" ".join)
def test_the_cli_table_names_every_option_and_argument(path):
    rows = section_table(README.read_text(encoding="utf-8"), "## Command line")
    usage = next(
        first_code(row[0])
        for row in rows
        if re.match(rf"{PROGRAM} {' '.join(path)}(?![\w-])", first_code(row[0]))
    )
    missing = [
        name
        for name in parameter_names(cli_command(path))
        if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", usage)
    ]
    assert not missing, f"README.md: '{usage}' noemt {missing} niet"


def relative_links(markdown: str) -> list[str]:
    """The link targets in a Markdown text that point at a file (no URL, no anchor alone);
    code blocks and code spans are examples, not links."""
    text = CODE_SPAN.sub("", FENCE.sub("", markdown))
    targets = [
        *INLINE_LINK.findall(text),
        *REFERENCE_LINK.findall(text),
        *HTML_LINK.findall(text),
    ]
    return [t for t in targets if t and not SCHEME.match(t) and not t.startswith("#")]


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown text (lower case, punctuation
    dropped, spaces to hyphens, a number added to repeats)."""
    seen: dict[str, int] = {}
    for heading in HEADING.findall(FENCE.sub("", markdown)):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        seen[slug] = seen.get(slug, -1) + 1
        if seen[slug]:
            seen[f"{slug}-{seen[slug]}"] = 0
    return set(seen)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_relative_link_points_into_the_repository(guide):
    text = guide.read_text(encoding="utf-8")
    broken = []
    for target in [
        *relative_links(text),
        *SAME_PAGE.findall(CODE_SPAN.sub("", FENCE.sub("", text))),
    ]:
        file_part, _, fragment = target.partition("#")
        path = (
            (guide.parent / unquote(file_part.split("?", 1)[0])).resolve() if file_part else guide
        )
        if not path.is_relative_to(ROOT):
            broken.append(f"{target} (buiten de repository)")
        elif not path.exists():
            broken.append(f"{target} (bestaat niet)")
        elif (
            fragment
            and path.suffix == ".md"
            and fragment not in anchors(path.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target} (geen kop met dit anker)")
    assert not broken, f"{guide.relative_to(ROOT)}: {broken}"


def test_the_readme_points_to_the_guides():
    links = {target.split("#", 1)[0] for target in relative_links(README.read_text("utf-8"))}
    guides = {
        "CONTRIBUTING.md",
        "CHANGELOG.md",
        "docs/architecture.md",
        "docs/content-format.md",
        "docs/security.md",
    }
    assert guides <= links, f"README.md linkt niet naar {sorted(guides - links)}"


def test_the_link_reader_finds_links_and_skips_examples():
    text = (
        "See [the guide](docs/a.md#part), [site](https://example.org), [top](#top),\n"
        '<a href="docs/b.md">b</a> and `[not](a-link.md)`.\n\n[ref]: ../c.md\n\n'
        "```markdown\n[example](nowhere.md)\n```\n"
    )
    assert sorted(relative_links(text)) == ["../c.md", "docs/a.md#part", "docs/b.md"]


def test_anchors_follow_github():
    text = "# Content format\n## Dilemma (`dilemmas/`)\n## Notes\n## Notes\n```\n# not\n```\n"
    assert anchors(text) == {"content-format", "dilemma-dilemmas", "notes", "notes-1"}
