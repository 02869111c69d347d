"""Saved agendas: storing them behind two private links, and editing their blocks.

The editing operations work on the list of blocks and check every index they get, so a
tampered request gets a Dutch message and changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, replace
from datetime import date, time
from typing import Any

from sqlmodel import Session, col, select

from backend.agenda.build import dilemma_candidates
from backend.agenda.model import Agenda, AgendaRequest, Block
from backend.agenda.numbering import numbered
from backend.clock import utcnow
from backend.content.types import CONTENT_TYPES
from backend.errors import Forbidden, Invalid, NotFound
from backend.models import Item, SavedAgenda, User
from backend.models.ids import stored_id

MAX_BLOCK_MINUTES = 240
MAX_BLOCKS = 30


class AgendaEditError(Invalid):
    """An edit that cannot be made; the message is Dutch and nothing was changed."""


def request_to_dict(request: AgendaRequest) -> dict[str, Any]:
    data = asdict(request)
    data["day"], data["start"] = request.day.isoformat(), request.start.isoformat("minutes")
    data["themes"], data["roles"] = list(request.themes), list(request.roles)
    return data


def request_from_dict(data: dict[str, Any]) -> AgendaRequest:
    return AgendaRequest(
        **{
            **data,
            "day": date.fromisoformat(data["day"]),
            "start": time.fromisoformat(data["start"]),
            "themes": tuple(data["themes"]),
            "roles": tuple(data["roles"]),
        }
    )


def agenda_of(saved: SavedAgenda) -> Agenda:
    """The stored agenda, its dilemmas numbered in the order they now have."""
    blocks = [Block(**block) for block in numbered(saved.blocks)]
    return Agenda(request_from_dict(saved.request), blocks)


WITHDRAWN_TITLE = "Onderdeel niet meer beschikbaar"
WITHDRAWN_NOTICE = (
    "Een of meer onderdelen van deze agenda zijn sinds het opslaan uit de collectie gehaald."
    " Ze worden niet meer getoond; de gespreksleider kan een ander onderdeel kiezen."
)


def without_withdrawn(db: Session, agenda: Agenda) -> Agenda:
    """The agenda with every item that is no longer published and public blanked out, so a
    shared link never shows what an editor has archived since the agenda was saved."""
    slugs = [block.slug for block in agenda.blocks if block.slug]
    if not slugs:
        return agenda
    available = set(
        db.exec(
            select(Item.slug).where(
                col(Item.slug).in_(slugs), Item.status == "published", Item.visibility == "public"
            )
        ).all()
    )
    blocks = [
        block
        if not block.slug or block.slug in available
        else replace(block, title=WITHDRAWN_TITLE, reason="", description="", slug=None, url=None)
        for block in agenda.blocks
    ]
    if blocks == agenda.blocks:
        return agenda
    return replace(agenda, blocks=blocks, notices=[*agenda.notices, WITHDRAWN_NOTICE])


def save_agenda(db: Session, owner: User, agenda: Agenda, title: str) -> SavedAgenda:
    """Store an agenda for its owner, with a new unguessable view link and edit link."""
    saved = SavedAgenda(
        owner_id=stored_id(owner),
        view_token=secrets.token_urlsafe(16),
        edit_token=secrets.token_urlsafe(24),
        title=title[:200],
        request=request_to_dict(agenda.request),
        blocks=[asdict(block) for block in agenda.blocks],
    )
    db.add(saved)
    db.flush()
    return saved


def duplicate(db: Session, owner: User, saved: SavedAgenda) -> SavedAgenda:
    """A copy with new links, as a starting point for the next session."""
    return save_agenda(db, owner, agenda_of(saved), f"Kopie van {saved.title}")


def by_view_token(db: Session, token: str) -> SavedAgenda | None:
    return db.exec(select(SavedAgenda).where(SavedAgenda.view_token == token)).first()


def editable(db: Session, token: str, user: User) -> SavedAgenda:
    """The agenda behind an edit link, for its owner only."""
    saved = db.exec(select(SavedAgenda).where(SavedAgenda.edit_token == token)).first()
    if saved is None:
        raise NotFound(
            "Deze bewerklink bestaat niet. Controleer de link of stel een nieuwe agenda samen."
        )
    if saved.owner_id != user.id:
        raise Forbidden(
            "Deze agenda is van iemand anders; alleen de eigenaar kan hem bewerken. Met de"
            " bekijklink kunt u hem wel lezen."
        )
    return saved


def agendas_of(db: Session, owner: User) -> list[SavedAgenda]:
    return list(
        db.exec(
            select(SavedAgenda)
            .where(SavedAgenda.owner_id == owner.id)
            .order_by(col(SavedAgenda.updated_at).desc())
        )
    )


def store(db: Session, saved: SavedAgenda, blocks: list[Block]) -> None:
    """Keep the edited blocks (dilemmas renumbered in their new order) as a new version."""
    saved.blocks = numbered([asdict(block) for block in blocks])
    saved.version += 1
    saved.updated_at = utcnow()
    db.add(saved)


def _index(blocks: list[Block], index: int) -> int:
    if not 0 <= index < len(blocks):
        raise AgendaEditError(
            "Dit onderdeel bestaat niet (meer) in de agenda. Laad de pagina opnieuw."
        )
    return index


def move(blocks: list[Block], index: int, step: int) -> list[Block]:
    """Move a block one place up (step -1) or down (step 1)."""
    _index(blocks, index)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(blocks):
        raise AgendaEditError("Dit onderdeel kan niet verder die kant op.")
    moved = list(blocks)
    moved[index], moved[target] = moved[target], moved[index]
    return moved


def remove(blocks: list[Block], index: int) -> list[Block]:
    _index(blocks, index)
    if len(blocks) == 1:
        raise AgendaEditError("Een agenda heeft minstens één onderdeel.")
    return blocks[:index] + blocks[index + 1 :]


def set_minutes(blocks: list[Block], index: int, raw: str) -> list[Block]:
    _index(blocks, index)
    if not raw.strip().isdecimal() or not 1 <= int(raw) <= MAX_BLOCK_MINUTES:
        raise AgendaEditError(
            f"Vul voor de minuten een heel getal in van 1 tot en met {MAX_BLOCK_MINUTES}."
        )
    changed = list(blocks)
    changed[index] = Block(**{**asdict(blocks[index]), "minutes": int(raw)})
    return changed


def _dilemma_block(item: Item, minutes: int, form: str, reason: str) -> Block:
    return Block(
        "dilemma",
        f"Dilemma: {item.title}",
        minutes,
        reason=reason,
        description=item.summary,
        slug=item.slug,
        url=CONTENT_TYPES["dilemma"].url(item.slug),
        form=form,
    )


def _public_dilemma(db: Session, slug: str) -> Item:
    item = db.exec(
        select(Item).where(
            Item.slug == slug,
            Item.type == "dilemma",
            Item.status == "published",
            Item.visibility == "public",
        )
    ).first()
    if item is None:
        raise AgendaEditError("Dit dilemma bestaat niet of is niet gepubliceerd.")
    return item


def swap(db: Session, blocks: list[Block], index: int, slug: str) -> list[Block]:
    """Replace a dilemma by another one, keeping its time and work form."""
    _index(blocks, index)
    old = blocks[index]
    if old.kind != "dilemma":
        raise AgendaEditError("Alleen een dilemma kan worden gewisseld.")
    if slug in {block.slug for block in blocks}:
        raise AgendaEditError("Dit dilemma staat al in de agenda.")
    item = _public_dilemma(db, slug)
    changed = list(blocks)
    changed[index] = _dilemma_block(item, old.minutes, old.form, "Gekozen door de gespreksleider.")
    return changed


def add_dilemma(db: Session, blocks: list[Block], slug: str) -> list[Block]:
    """Add a dilemma after the last dilemma round (its minutes come from the dilemma)."""
    if len(blocks) >= MAX_BLOCKS:
        raise AgendaEditError(f"Een agenda heeft hoogstens {MAX_BLOCKS} onderdelen.")
    if slug in {block.slug for block in blocks}:
        raise AgendaEditError("Dit dilemma staat al in de agenda.")
    item = _public_dilemma(db, slug)
    last = max((i for i, b in enumerate(blocks) if b.kind == "dilemma"), default=len(blocks) - 2)
    form = next((b.form for b in blocks if b.kind == "dilemma"), "plenair")
    block = _dilemma_block(
        item, int(item.front["minutes"]), form, "Toegevoegd door de gespreksleider."
    )
    return [*blocks[: last + 1], block, *blocks[last + 1 :]]


def distribute(blocks: list[Block], duration: int) -> list[Block]:
    """Make the total equal the duration again by adjusting the dilemma rounds evenly."""
    difference = duration - sum(block.minutes for block in blocks)
    targets = [i for i, block in enumerate(blocks) if block.kind == "dilemma"] or [
        i for i, block in enumerate(blocks) if block.kind == "agreements"
    ]
    if not targets or difference == 0:
        return list(blocks)
    changed = [Block(**asdict(block)) for block in blocks]
    share, extra = divmod(abs(difference), len(targets))
    sign = 1 if difference > 0 else -1
    for position, index in enumerate(targets):
        changed[index].minutes += sign * (share + (1 if position < extra else 0))
    if any(changed[i].minutes < 1 for i in targets):
        raise AgendaEditError(
            "De overige onderdelen duren samen al langer dan de bijeenkomst. Haal een onderdeel"
            " weg of maak de bijeenkomst langer."
        )
    return changed


def alternatives(db: Session, agenda: Agenda, index: int, limit: int = 3) -> list[Item]:
    """Suggested replacements for a dilemma block: fitting dilemmas not yet in the agenda."""
    _index(agenda.blocks, index)
    taken = {block.slug for block in agenda.blocks if block.slug}
    return dilemma_candidates(db, agenda.request, exclude=taken, limit=limit)
