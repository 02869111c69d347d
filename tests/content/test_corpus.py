"""The shipped collection: valid, canonical, varied, and above the agreed minimums."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest

from backend import vocabulary as v
from backend.config import REPO_ROOT
from backend.content.files import content_files, load_collection, render_file


@pytest.fixture(scope="module")
def corpus():
    records, errors = load_collection(REPO_ROOT)
    assert [str(error) for error in errors] == []
    by_type: dict[str, list] = {}
    for record in records:
        by_type.setdefault(record.content_type.key, []).append(record)
    return by_type


def count(records, field):
    counter: Counter = Counter()
    for record in records:
        value = record.front.get(field)
        counter.update(value if isinstance(value, list) else [value])
    return counter


def test_every_shipped_file_is_in_canonical_form():
    for path, content_type in content_files(REPO_ROOT):
        from backend.content.files import read_record

        record, _ = read_record(path, content_type, REPO_ROOT)
        assert render_file(record) == path.read_text(encoding="utf-8"), (
            f"{path} is niet canoniek: draai 'dilemmatafel content format'"
        )


def test_everything_shipped_is_published_and_public(corpus):
    for records in corpus.values():
        for record in records:
            assert (record.front["status"], record.front["visibility"]) == ("published", "public")


def test_dilemma_minimums(corpus):
    dilemmas = corpus["dilemma"]
    assert len(dilemmas) >= 160
    levels, roles = count(dilemmas, "levels"), count(dilemmas, "roles")
    cells: Counter = Counter()
    for record in dilemmas:
        for theme in record.front["themes"]:
            cells.update((theme, level) for level in record.front["levels"])
    thin = {
        (theme, level): cells[(theme, level)]
        for theme in v.THEMES.slugs
        for level in v.LEVELS.slugs
        if cells[(theme, level)] < 3
    }
    assert thin == {}, "every theme at every level of government at least three dilemmas"
    assert {r: roles[r] for r in v.ROLES.slugs if roles[r] < 6} == {}
    for level in ("provincie", "waterschap"):
        assert levels[level] >= len(dilemmas) / 4, level
    assert set(count(dilemmas, "difficulty")) == {1, 2, 3}
    with_options = [d for d in dilemmas if d.front.get("options")]
    assert 0 < len(with_options) < len(dilemmas), "both multiple-choice and open dilemmas"


def test_good_practice_minimums(corpus):
    practices = corpus["good_practice"]
    assert len(practices) >= 45
    assert set(count(practices, "levels")) == set(v.LEVELS.slugs)
    cells = Counter(
        (approach, phase)
        for record in practices
        for approach in record.front["approach"]
        for phase in record.front["term_phase"]
    )
    missing = [
        (approach, phase)
        for approach in v.APPROACHES.slugs
        for phase in v.TERM_PHASES.slugs
        if cells[(approach, phase)] == 0
    ]
    assert missing == [], "preventive and repressive practice in every phase of the term"


def test_case_minimums_show_both_sides(corpus):
    interest, secrecy = corpus["personal_interest"], corpus["secrecy"]
    assert len(interest) >= 35 and len(secrecy) >= 35
    recusal = count(interest, "recusal_required")
    assert recusal[True] >= 10 and recusal[False] >= 10
    issues = count(secrecy, "secrecy_issues")
    for issue in ("grond-ongeldig", "verkeerd-gedeeld", "geschonden", "opgeheven"):
        assert issues[issue] >= 5, issue
    assert set(count(secrecy, "regime")) == {"voor-2023", "sinds-2023"}


def all_text(record) -> str:
    return "\n".join([*record.sections.values(), *map(str, record.front.values())])


def test_confirmation_of_secrecy_only_in_cases_under_the_old_regime(corpus):
    for record in corpus["secrecy"]:
        if record.front["regime"] == "sinds-2023":
            assert "bekrachtiging" not in record.front["secrecy_issues"], record.slug
        else:
            assert (
                "gemeentewet-25-oud" in record.front["legal_refs"]
                or "provincie" in record.front["levels"]
            )


UNVERIFIED_NUMBERS = [
    r"artikel 94\b",
    r"art\. 94\b",
    r"Waterschapswet art\. (?!33)",
    # Woo art. 5.1 was checked against the statute text on 2026-11-30: lid 1 a-e, lid 2 a-i.
    r"5\.1 lid 1 onder [f-z]\b",
    r"5\.1 lid 2 onder [j-z]\b",
    r"artikel 41b",
    r"artikel 67\b",
]


def test_no_article_numbers_that_the_legal_reference_marks_unverified(corpus):
    for records in corpus.values():
        for record in records:
            text = all_text(record)
            for pattern in UNVERIFIED_NUMBERS:
                assert not re.search(pattern, text), (record.slug, pattern)


def test_risk_analysis_is_never_called_a_legal_duty(corpus):
    duty = re.compile(r"risicoanalyse[^.]{0,60}(is|zijn) (wettelijk )?verplicht", re.IGNORECASE)
    for records in corpus.values():
        for record in records:
            assert not duty.search(all_text(record)), record.slug


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_no_near_duplicates(corpus):
    records = [record for records in corpus.values() for record in records]
    titles = Counter(record.title.lower() for record in records)
    assert [title for title, n in titles.items() if n > 1] == []
    prints = {record.slug: shingles(all_text(record)) for record in records}
    for (a, sa), (b, sb) in combinations(prints.items(), 2):
        overlap = len(sa & sb) / max(1, min(len(sa), len(sb)))
        assert overlap < 0.35, f"{a} en {b} lijken te veel op elkaar ({overlap:.0%})"
