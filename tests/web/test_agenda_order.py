"""Moving blocks in the agenda editor: "Dilemma 1" is the first dilemma everywhere the agenda
is shown afterwards (editor, print view, Word, Markdown, calendar), and the redrawn editor
names the control that keeps the keyboard focus and what to announce."""

from __future__ import annotations

import io
import re
from collections import Counter

import lxml.html
from docx import Document
from icalendar import Calendar

from backend.content.store import import_records
from tests.factories import make_record
from tests.helpers import csrf, login

BUILD = {
    "publiek": "raad",
    "datum": "2030-03-15",
    "begintijd": "19:30",
    "duur": "120",
    "groepsgrootte": "12",
}
NUMBER = re.compile(r"^Dilemma (\d+): ")


def save(client) -> str:
    response = client.post(
        "/sessies/opslaan", data={**BUILD, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    return response.headers["location"]


def edit(client, url: str, htmx: bool = True, **data):
    return client.post(
        f"{url}/wijzig",
        data={**data, "csrf_token": csrf(client)},
        headers={"HX-Request": "true"} if htmx else {},
        follow_redirects=False,
    )


def move(client, url: str, index: int, action: str, htmx: bool = True):
    return edit(client, url, htmx, action=action, index=str(index))


def editor_blocks(html: str) -> list[tuple[str, str]]:
    """(heading id, block title) of each block in the editor, in order."""
    document = lxml.html.fromstring(html)
    blocks = []
    for heading in document.xpath("//ol[@class='dt-agenda-edit']/li/h2"):
        title = heading.text_content().split(" · ", 1)[1].rsplit(" (", 1)[0].strip()
        blocks.append((heading.get("id"), title))
    return blocks


def dilemma_titles(titles: list[str]) -> list[str]:
    return [title for title in titles if NUMBER.match(title)]


def numbers(titles: list[str]) -> list[int]:
    return [int(NUMBER.match(title).group(1)) for title in dilemma_titles(titles)]


def test_dilemma_one_is_the_first_dilemma_everywhere_after_a_move(client, accounts, engine):
    login(client, "facilitator")
    url = save(client)
    # A dilemma added by hand comes after the last dilemma round, numbered in turn.
    name = "Het zwembad van de wethouder"
    import_records(engine, [make_record(slug="zwembad-dilemma", title=name)])
    added = edit(client, url, action="voegtoe", slug="zwembad-dilemma")
    blocks = editor_blocks(added.text)
    dilemmas = [i for i, (_, title) in enumerate(blocks) if NUMBER.match(title)]
    assert len(dilemmas) >= 2, blocks
    place = dilemmas[-1]
    moved_id, moved_title = blocks[place]
    assert moved_title == f"Dilemma {len(dilemmas)}: {name}"

    # Up, one place at a time, until it is the first dilemma: then it is "Dilemma 1".
    while place > dilemmas[0]:
        response = edit(client, url, action="omhoog", index=str(place))
        assert response.status_code == 200
        place -= 1
        after = editor_blocks(response.text)
        assert after[place][0] == moved_id  # the block kept its id
        assert numbers([title for _, title in after]) == list(range(1, len(dilemmas) + 1))
    assert after[place] == (moved_id, f"Dilemma 1: {name}")

    # The same order and numbers on the print view and in every export.
    page = client.get(url).text
    view = re.search(r'href="(/sessies/bekijken/[\w-]+)"', page).group(1)
    shown = lxml.html.fromstring(client.get(view).text)
    table = [row.xpath("td")[1].text_content().strip() for row in shown.xpath("//tbody/tr")]
    sections = [h.text_content().split(" · ", 1)[1] for h in shown.xpath("//section/h2")]
    assert dilemma_titles(table)[0] == f"Dilemma 1: {name}"
    assert dilemma_titles(table) == [s.rsplit(" (", 1)[0] for s in dilemma_titles(sections)]
    assert numbers(table) == list(range(1, len(dilemmas) + 1))
    assert dilemma_titles([title for _, title in editor_blocks(page)]) == dilemma_titles(table)

    word = Document(io.BytesIO(client.get(f"{view}/agenda.docx").content))
    word_titles = [row.cells[1].text for row in word.tables[0].rows[1:]]
    assert dilemma_titles(word_titles) == dilemma_titles(table)
    markdown = client.get(f"{view}/agenda.md").text
    assert f"| Dilemma 1: {name} |" in markdown
    assert markdown.index(f"Dilemma 1: {name}") < markdown.index("Dilemma 2: ")
    event = Calendar.from_ical(client.get(f"{view}/agenda.ics").content).walk("VEVENT")[0]
    described = [line.split(" ", 1)[1] for line in str(event["DESCRIPTION"]).splitlines()]
    assert dilemma_titles(described) == dilemma_titles(table)


def test_the_redrawn_editor_names_the_moved_blocks_control_and_says_where_it_is(client, accounts):
    login(client, "facilitator")
    url = save(client)
    blocks = editor_blocks(client.get(url).text)
    heading_id, title = blocks[2]

    def change(html: str) -> tuple[lxml.html.HtmlElement, str, str]:
        document = lxml.html.fromstring(html)
        marker = document.get_element_by_id("agenda-change")
        return document, marker.get("data-focus"), marker.get("data-announce")

    # One place up: the focus stays on the block's own "Omhoog" button.
    document, focus, announced = change(move(client, url, 2, "omhoog").text)
    assert focus == f"{heading_id}-omhoog"
    button = document.get_element_by_id(focus)
    assert button.get("disabled") is None and "Omhoog" in button.text_content()
    assert announced == f"Blok ‘{title}’ staat nu op plaats 2 van {len(blocks)}."
    # To the top: "Omhoog" is disabled there, so the focus goes to its "Omlaag".
    document, focus, announced = change(move(client, url, 1, "omhoog").text)
    assert focus == f"{heading_id}-omlaag"
    assert document.get_element_by_id(f"{heading_id}-omhoog").get("disabled") is not None
    assert announced == f"Blok ‘{title}’ staat nu op plaats 1 van {len(blocks)}."

    # Ids are unique, so each label points at one field and the focus at one control.
    ids = Counter(element.get("id") for element in document.iter() if element.get("id"))
    assert [id_ for id_, count in ids.items() if count > 1] == []


def test_without_javascript_a_move_posts_and_redirects_to_the_editor(client, accounts):
    login(client, "facilitator")
    url = save(client)
    first_id, first_title = editor_blocks(client.get(url).text)[0]
    response = move(client, url, 0, "omlaag", htmx=False)
    assert response.status_code == 303 and response.headers["location"] == url
    page = client.get(url).text
    assert editor_blocks(page)[1] == (first_id, first_title)
    assert 'id="agenda-change"' not in page  # nothing to focus on a page drawn anew
