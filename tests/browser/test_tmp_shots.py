import os
from pathlib import Path
import tests.browser.test_projector as tp
from tests.browser.test_projector import engine, owner  # noqa
from sqlmodel import Session, select
from backend.models import Item

def test_shots(live_server, engine, owner, browser):
    out = Path(os.environ.get("SHOTS", "/tmp/projector13-shots")); out.mkdir(exist_ok=True, parents=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    b = tp.LocalBroadcaster()
    slug = os.environ.get("SLUG", "gala-van-de-papierfabriek")
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == slug)).one()
    live = tp.start_agenda(engine, b, owner, [item])
    tp.show(page, live_server, live)
    def snap(name):
        for w, h in tp.SIZES:
            page.set_viewport_size({"width": w, "height": h}); page.evaluate(tp.MEASURE)
            page.screenshot(path=str(out / f"projector-{name}-{w}x{h}.png"))
    snap("1-meedoen")
    live.do(tp.service.go_to, 1); tp.redraw(page, "reading", item.title); snap("2-situatie")
    live.do(tp.service.open_answers)
    for n, o in enumerate(live.options() * 2):
        live.answer(f"telefoon-{n:02d}-{'x' * 32}", o)
    tp.redraw(page, "voting", item.title); snap("3-stemmen")
    live.do(tp.service.reveal); tp.redraw(page, "outcome", item.title); snap("4-uitkomst")
    context.close()
