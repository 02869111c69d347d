"""A synthetic collection of Dutch-looking items for benchmarks (not shipped, not real)."""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from backend import vocabulary as v
from backend.config import REPO_ROOT
from backend.content.files import content_files, file_path, render_file
from backend.content.types import CONTENT_TYPES
from backend.content.validate import ItemRecord
from backend.search.analysis import STOP_WORDS

WORD = re.compile(r"[^\W\d_]+")


@lru_cache
def word_frequencies() -> tuple[list[str], list[int]]:
    """Words of the shipped collection with their frequencies: a realistic Dutch vocabulary
    of this domain, with the long tail of rare words that real text has (Zipf)."""
    counts: Counter = Counter()
    for path, _ in content_files(REPO_ROOT):
        counts.update(WORD.findall(path.read_text(encoding="utf-8").split("---", 2)[-1].lower()))
    words, weights = zip(*counts.most_common(), strict=True)
    return list(words), list(weights)


def _text(rng: random.Random, words: int) -> str:
    vocabulary, weights = word_frequencies()
    sentence = " ".join(rng.choices(vocabulary, weights, k=words))
    return sentence[0].upper() + sentence[1:] + "."


def query_words(rng: random.Random, count: int) -> list[str]:
    """Words for a query as people type them: content words (not stop words), drawn by
    how often they occur, so common and rarer words both appear."""
    vocabulary, weights = word_frequencies()
    pairs = [
        (w, n)
        for w, n in zip(vocabulary, weights, strict=True)
        if len(w) > 3 and w not in STOP_WORDS
    ]
    words, counts = zip(*pairs, strict=True)
    return rng.choices(words, counts, k=count)


def _front(rng: random.Random, type_key: str, number: int) -> dict:
    front = {
        "slug": f"synthetisch-{type_key.replace('_', '-')}-{number:05d}",
        "title": _text(rng, 6)[:110],
        "summary": _text(rng, 18)[:290],
        "themes": rng.sample(v.THEMES.slugs, rng.randint(1, 3)),
        "roles": rng.sample(v.ROLES.slugs, rng.randint(1, 3)),
        "levels": rng.sample(v.LEVELS.slugs, rng.randint(1, 2)),
        "legal_refs": rng.sample(v.LEGAL_ARTICLES.slugs, rng.randint(0, 3)),
    }
    if type_key == "dilemma":
        front |= {
            "difficulty": rng.randint(1, 3),
            "minutes": rng.choice([10, 15, 20]),
            "options": {"A": _text(rng, 8), "B": _text(rng, 8), "C": _text(rng, 8)},
        }
    elif type_key == "good_practice":
        front |= {
            "approach": [rng.choice(v.APPROACHES.slugs)],
            "actors": rng.sample(v.ACTORS.slugs, 2),
            "term_phase": [rng.choice(v.TERM_PHASES.slugs)],
            "steps": [_text(rng, 8) for _ in range(4)],
        }
    elif type_key == "personal_interest":
        front |= {
            "kind": "personal_interest",
            "year": rng.randint(2015, 2026),
            "interest_type": rng.choice(v.INTEREST_TYPES.slugs),
            "interest": _text(rng, 6),
            "member_role": rng.choice(v.ROLES.slugs),
            "member_action": rng.choice(v.MEMBER_ACTIONS.slugs),
            "recusal_required": rng.random() < 0.5,
        }
    else:
        year = rng.randint(2016, 2026)
        front |= {
            "kind": "secrecy",
            "year": year,
            "regime": "voor-2023" if year < 2023 else "sinds-2023",
            "imposed_by": rng.choice(v.SECRECY_BODIES.slugs),
            "subject": _text(rng, 6),
            "woo_ground": rng.choice(v.WOO_GROUNDS.slugs),
            "shared_with": _text(rng, 5),
            "lifted": _text(rng, 5),
            "secrecy_issues": [rng.choice(v.SECRECY_ISSUES.slugs)],
        }
    front |= {"status": "published", "visibility": "public"}
    return front


def synthetic_records(count: int, seed: int = 2026) -> list[ItemRecord]:
    """count items spread over the four types, deterministic for the seed."""
    rng = random.Random(seed)
    type_keys = list(CONTENT_TYPES)
    records = []
    for number in range(count):
        type_key = type_keys[number % len(type_keys)]
        content_type = CONTENT_TYPES[type_key]
        sections = {
            section.name: "\n\n".join(_text(rng, 40) for _ in range(3))
            for section in content_type.sections
        }
        front = _front(rng, type_key, number)
        records.append(ItemRecord(content_type, front, sections))
    return records


def write_corpus(root: Path, count: int, seed: int = 2026) -> list[ItemRecord]:
    """Write a synthetic corpus as content files under root."""
    records = synthetic_records(count, seed)
    for record in records:
        path = file_path(root, record)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_file(record), encoding="utf-8")
    return records
