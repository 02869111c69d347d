"""The edit form and front matter: the slug made from the title."""

from __future__ import annotations

from backend.content.types import CONTENT_TYPES
from backend.editorial.forms import form_to_item, slug_from_title

DILEMMA = CONTENT_TYPES["dilemma"]


def test_a_slug_is_made_from_the_title_when_left_empty():
    front, _ = form_to_item(DILEMMA, [("slug", ""), ("title", "Een cadeau van de aannemer?")])
    assert front["slug"] == "een-cadeau-van-de-aannemer"


def test_a_slug_the_editor_typed_is_kept():
    front, _ = form_to_item(DILEMMA, [("slug", "mijn-slug"), ("title", "Een andere titel")])
    assert front["slug"] == "mijn-slug"


def test_accents_go_and_a_long_title_is_cut_at_a_word():
    assert slug_from_title("Één keer naar België: überhaupt") == "een-keer-naar-belgie-uberhaupt"
    slug = slug_from_title("integriteit " * 20)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("integriteit")
