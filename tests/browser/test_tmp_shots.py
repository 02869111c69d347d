import os, shutil
from pathlib import Path
import pytest
import tests.browser.test_projector as tp
from sqlmodel import Session, select
from backend.models import Item
from backend.config import REPO_ROOT
from backend.main import create_app
from backend.accounts import service as accounts
from tests.conftest import make_settings, serving


@pytest.fixture
def server(tmp_path, shipped_db_template, shipped_index_template):
    database = tmp_path / "browser.db"
    shutil.copy(shipped_db_template, database)
    settings = make_settings(tmp_path, database, REPO_ROOT).model_copy(update={"base_url": "https://dilemmatafel.nl"})
    app = create_app(settings)
    app.state.search_index.directory = shipped_index_template
    with serving(app) as base_url:
        yield base_url


def test_shots(server, tmp_path, browser):
    out = Path(os.environ.get("SHOTS", "/tmp/projector13-shots")); out.mkdir(exist_ok=True, parents=True)
    engine = tp.make_engine(f"sqlite:///{tmp_path / 'browser.db'}")
    with Session(engine) as db:
        owner = accounts.create_user(db, "f@example.org", "facilitator", "een lange zin als wachtwoord").id
        db.commit()
    context = browser.new_context(locale="nl-NL", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    b = tp.LocalBroadcaster()
    slug = os.environ.get("SLUG", "aannemer-voor-de-eigen-verbouwing")
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == slug)).one()
    live = tp.start_agenda(engine, b, owner, [item])
    tp.show(page, server, live)
    def snap(name):
        for w, h in tp.SIZES:
            page.set_viewport_size({"width": w, "height": h}); page.evaluate(tp.MEASURE)
            page.screenshot(path=str(out / f"projector-{name}-{w}x{h}.png"))
    snap("1-meedoen")
    live.do(tp.service.go_to, 1); tp.redraw(page, "reading", item.title); snap("2-situatie")
    live.do(tp.service.open_answers)
    for n, o in enumerate((live.options() * 5)[:11]):
        live.answer(f"telefoon-{n:02d}-{'x' * 32}", o)
    tp.redraw(page, "voting", item.title); snap("3-stemmen")
    live.do(tp.service.reveal); tp.redraw(page, "outcome", item.title); snap("4-uitkomst")
    # the facilitator's page and a phone
    lead = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
    lead.goto(server + "/inloggen")
    lead.get_by_label("E-mailadres").fill("f@example.org")
    lead.get_by_label("Wachtwoord").fill("een lange zin als wachtwoord")
    lead.get_by_role("button", name="Inloggen").click()
    lead.goto(f"{server}/live/{live.id}")
    lead.screenshot(path=str(out / "lead-1280.png"), full_page=True)
    code = live.read(lambda db, row: row.code)
    phone = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{server}/j/{code}")
    phone.screenshot(path=str(out / "phone-390.png"), full_page=True)
    context.close()
    engine.dispose()
