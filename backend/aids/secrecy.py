"""Geheimhoudingswijzer: imposing secrecy, and what a member may do with secret information.

Rules from Gemw art. 22, 23 lid 4, 82 lid 5 and 87 to 89 (the regime since 1 April 2023),
Pw art. 84 and 86, Woo art. 5.1 and Sr art. 272, as summarised in the legal reference.
Water-board secrecy articles are not verified in this tool; the advice says so.
"""

from __future__ import annotations

from backend.aids import sources as src
from backend.aids.model import Advice, Answers, missing
from backend.aids.secrecy_questions import (
    ALLOWED,
    BY_LAW,
    DOUBT,
    GROUNDS,
    INVALID_GROUND,
    MUNICIPAL,
    NOT_ALLOWED,
    POSSIBLE,
    QUESTIONS,
    WATER_BOARD,
    WRONG_SHARING,
)

WATER_BOARD_NOTE = (
    "Sinds 1 april 2023 heeft de Waterschapswet eigen regels over geheimhouding, "
    "vergelijkbaar met die van de Gemeentewet, en is wat in een besloten vergadering "
    "is besproken van rechtswege geheim. Geheimhouding moet steunen op de wet, nooit "
    "alleen op een reglement van orde. De artikelnummers zijn in deze wijzer nog niet"
    " nagegaan: vraag de secretaris of de griffier van het waterschap."
)

# The 'what changed' panel: the regime before 1 April 2023.
CHANGES = (
    (
        "Tot 1 april 2023 moest de raad geheimhouding die het college, de burgemeester of"
        " een commissie had opgelegd, in zijn eerstvolgende vergadering bekrachtigen; "
        "anders verviel zij (oude artikelen 25, 55 en 86 Gemeentewet)."
    ),
    "Die bekrachtiging bestaat niet meer. De raad kan de geheimhouding opheffen of laten staan.",
    (
        "De regels staan nu bij elkaar in hoofdstuk Va van de Gemeentewet (artikelen 87 "
        "tot en met 89)."
    ),
    (
        "Geheimhouding kan alleen nog op een belang uit artikel 5.1 lid 1 of lid 2 van de"
        " Woo, met een motivering."
    ),
    (
        "Voor zaken van voor 1 april 2023 gold het oude stelsel: zeg bij een oude casus "
        "welk stelsel van toepassing was."
    ),
)


def _impose_sharing(a: Answers, advice: Advice) -> str:
    """Documents: the ground, then who may receive them, for a municipal body."""
    body = a["orgaan"]
    if a.get("ontvanger") == "enkele-leden":
        advice.add(
            (
                "Informatie die het college of de burgemeester onder geheimhouding aan de raad "
                "geeft, gaat naar de hele raad, niet naar een of enkele raadsleden. Alleen het "
                "orgaan dat de geheimhouding oplegde, mag de informatie delen."
            ),
            src.GEMW_88,
        )
        return WRONG_SHARING
    if body in ("college", "burgemeester") and a.get("ontvanger") == "hele-raad":
        advice.add(
            (
                "Geeft het college of de burgemeester de informatie onder geheimhouding aan de "
                "raad, dan gaat zij naar de hele raad; daarna beslist de raad over verder delen."
            ),
            src.GEMW_88,
        )
    else:
        advice.add(
            "Alleen het orgaan dat de geheimhouding oplegt, mag de informatie delen.", src.GEMW_88
        )
    return POSSIBLE


def _impose(a: Answers, advice: Advice) -> str:
    body = a["orgaan"]
    if body in WATER_BOARD:
        advice.add(WATER_BOARD_NOTE)
        return DOUBT
    if a["onderwerp"] == "besloten-vergadering":
        if body == "raad":
            advice.add(
                (
                    "Wat in een besloten vergadering van de raad is besproken, is van rechtswege "
                    "geheim totdat de raad de geheimhouding opheft. Een apart besluit "
                    "tot oplegging "
                    "is niet nodig."
                ),
                src.GEMW_23,
            )
            return BY_LAW
        if body == "raadscommissie":
            advice.add(
                (
                    "Voor een besloten vergadering van een raadscommissie geldt "
                    "hetzelfde als voor de"
                    " raad: wat er is besproken, is van rechtswege geheim totdat de geheimhouding "
                    "wordt opgeheven."
                ),
                src.GEMW_82,
            )
            return BY_LAW
        advice.add(
            (
                "De Provinciewet regelt de besloten vergadering van de Staten en hun commissies; "
                "het artikel is in deze wijzer niet nagegaan. Vraag de griffier hoe de "
                "geheimhouding daar ontstaat en wordt opgeheven."
            ),
            src.PW_84,
        )
        return DOUBT
    ground = GROUNDS[a["grond"]]
    municipal = body in MUNICIPAL
    rule = src.GEMW_87 if municipal else src.PW_84
    if not ground.qualifies:
        if not municipal and a["grond"] == "onevenredige-benadeling":
            advice.add(
                (
                    f"{ground.explanation} Voor de gemeente sluit artikel 87 Gemeentewet"
                    " dit uit; of "
                    "dat voor de provincie ook zo is, is in deze wijzer niet nagegaan."
                ),
                src.PW_84,
            )
            return DOUBT
        advice.add(ground.explanation, rule)
        advice.add(
            (
                "Geheimhouding die op zo'n grond wordt opgelegd, houdt geen stand. Zoek of een "
                "belang uit artikel 5.1 lid 1 of 2 Woo past, of maak de informatie openbaar."
            ),
            src.WOO_5_1,
        )
        return INVALID_GROUND
    advice.add(f"De grond is {ground.paragraph}. {ground.explanation}", src.WOO_5_1)
    if ground.weighing:
        advice.add(
            (
                "Dit is een relatieve grond: weeg het belang af tegen het belang van openbaarheid"
                " en leg die afweging vast in de motivering."
            ),
            src.WOO_5_1,
        )
    else:
        advice.add(
            (
                "Dit is een absolute grond: als de informatie eronder valt, weegt het belang van "
                "openbaarheid niet mee. Motiveer wel waarom de informatie eronder valt."
            ),
            src.WOO_5_1,
        )
    advice.add("Het besluit tot geheimhouding wordt gemotiveerd en noemt de grond.", rule)
    if not municipal:
        advice.add(
            (
                "Voor informatie aan Provinciale Staten duurt de geheimhouding tot de Staten haar"
                " opheffen."
            ),
            src.PW_86,
        )
        return POSSIBLE
    outcome = _impose_sharing(a, advice)
    if outcome == POSSIBLE:
        advice.add(
            (
                "Op de stukken staat dat geheimhouding geldt en welk orgaan haar kan opheffen. De"
                " geheimhouding duurt tot dat orgaan haar opheft; voor informatie aan de raad: "
                "tot de raad haar opheft."
            ),
            src.GEMW_89,
        )
        advice.add(
            (
                "De raad hoeft de geheimhouding niet meer te bekrachtigen; dat vervalt sinds 1 "
                "april 2023."
            ),
            src.GEMW_OLD,
        )
    return outcome


def _handle(a: Answers, advice: Advice) -> str:
    level = a["bestuurslaag"]
    action = a["handeling"]
    if action == "buiten":
        advice.add(
            (
                "Wie opzettelijk een geheim schendt waarvan hij weet of redelijkerwijs moet "
                "vermoeden dat hij het uit hoofde van ambt of wettelijk voorschrift moet "
                "bewaren, is strafbaar: tot een jaar gevangenisstraf of een geldboete van de "
                "vierde categorie. Schenden is bekendmaken aan een derde: de pers, sociale "
                "media, de achterban of ieder ander. Buiten de vergadering beschermt de "
                "onschendbaarheid u niet."
            ),
            src.SR_272,
        )
        advice.add("Het is ook een schending van de gedragscode.")
        return NOT_ALLOWED
    if level == "waterschap":
        advice.add(WATER_BOARD_NOTE)
        return DOUBT
    rules = {"gemeente": (src.GEMW_22, src.GEMW_88), "provincie": (src.PW_22, src.PW_86)}[level]
    if action == "vergadering":
        advice.add(
            "Wie geheime informatie in de openbare vergadering noemt, schendt de "
            "geheimhouding en de gedragscode. De voorzitter kan ingrijpen en de raad of de "
            "Staten kunnen het lid erop aanspreken."
        )
        advice.add(
            (
                "Strafbaar op grond van artikel 272 Wetboek van Strafrecht is het niet: leden "
                "kunnen niet worden vervolgd voor wat zij in de vergadering zeggen "
                "(onschendbaarheid). Buiten de vergadering geldt die bescherming niet."
            ),
            rules[0],
        )
        return NOT_ALLOWED
    if action == "fractiemedewerker":
        advice.add(
            (
                "Een fractiemedewerker, fractie-assistent of burgercommissielid die de informatie"
                " niet onder geheimhouding kreeg, is een derde. Delen mag alleen als het orgaan "
                "dat de geheimhouding oplegde (voor informatie aan de raad: de raad) daartoe "
                "besluit."
            ),
            rules[1] if level == "gemeente" else None,
        )
        advice.add("Bekendmaken aan een derde kan strafbaar zijn.", src.SR_272)
        return NOT_ALLOWED
    if a["kring"] == "hele-raad":
        advice.add(
            (
                "Uw fractiegenoten kregen dezelfde informatie onder dezelfde geheimhouding. Met "
                "hen bespreken is geen bekendmaking aan een derde, zolang het besloten blijft."
            ),
            rules[1] if level == "gemeente" else None,
        )
        return ALLOWED
    advice.add(
        (
            "Fractiegenoten die de informatie niet kregen, zijn derden. Vraag het orgaan dat "
            "de geheimhouding oplegde om de kring uit te breiden."
        ),
        rules[1] if level == "gemeente" else None,
    )
    return NOT_ALLOWED


def _contradiction(a: Answers) -> list[str]:
    if a.get("doel") != "opleggen":
        return []
    meeting = a.get("onderwerp") == "besloten-vergadering"
    if meeting and a.get("orgaan") in (
        "college",
        "burgemeester",
        "gedeputeerde-staten",
        "commissaris-van-de-koning",
    ):
        return ["orgaan", "onderwerp"]
    return []


NEXT_STEPS = {
    POSSIBLE: [
        (
            "Schrijf de motivering: welk belang uit artikel 5.1 Woo, waarom deze informatie "
            "eronder valt en, bij een relatieve grond, de afweging tegen openbaarheid."
        ),
        "Zet op elk stuk dat geheimhouding geldt en welk orgaan haar kan opheffen.",
        (
            "Deel de informatie alleen via het orgaan dat de geheimhouding oplegt; informatie"
            " van het college gaat naar de hele raad."
        ),
        (
            "Noem wanneer u de geheimhouding opnieuw bekijkt, bijvoorbeeld na de gunning of "
            "de ondertekening, en hef haar op zodra het belang vervalt."
        ),
        "Gebruik de conceptbesluittekst hieronder en vul de motivering in.",
    ],
    INVALID_GROUND: [
        "Leg geen geheimhouding op deze grond op.",
        (
            "Kijk of een belang uit artikel 5.1 lid 1 of lid 2 Woo werkelijk past, en "
            "motiveer dat; anders is de informatie openbaar."
        ),
    ],
    BY_LAW: [
        "Maak in de notulen duidelijk dat de vergadering besloten was.",
        (
            "Laat de raad (of de commissie) aan het eind van de besloten vergadering "
            "beslissen wat openbaar mag worden, en wanneer de geheimhouding wordt opgeheven."
        ),
    ],
    WRONG_SHARING: [
        "Geef de informatie onder geheimhouding aan de hele raad, niet aan een of enkele leden.",
        (
            "Is de informatie al aan één lid gegeven, meld dat dan aan de griffier en herstel"
            " het met een besluit van het college."
        ),
    ],
    ALLOWED: [
        (
            "Bespreek het alleen in besloten kring, met wie de informatie onder dezelfde "
            "geheimhouding kreeg."
        ),
        "Neem geen stukken mee naar openbare bijeenkomsten en stuur ze niet door.",
    ],
    NOT_ALLOWED: [
        "Deel de informatie niet.",
        (
            "Wilt u dat de informatie openbaar wordt, vraag dan het orgaan dat de "
            "geheimhouding oplegde (voor informatie aan de raad: de raad) om haar op te "
            "heffen."
        ),
        "Twijfelt u wat wel kan, vraag het de griffier.",
    ],
    DOUBT: [
        "Vraag de griffier of de secretaris welke regel geldt, voordat u handelt.",
    ],
}


def advise(answers: Answers) -> Advice:
    """The advice for these answers, or what is still missing."""
    advice = Advice()
    conflict = _contradiction(answers)
    if conflict:
        advice.missing = conflict
        advice.add(
            "Een besloten vergadering is er bij de raad, de Staten of een commissie. Kies een"
            " van die organen, of kies 'stukken of informatie'."
        )
        return advice
    advice.missing = missing(QUESTIONS, answers)
    if advice.missing:
        return advice
    handle = _handle if answers["doel"] == "omgaan" else _impose
    advice.outcome = handle(answers, advice)
    advice.next_steps = list(NEXT_STEPS[advice.outcome])
    return advice


def draft_decision(answers: Answers) -> str | None:
    """A draft 'besluit tot oplegging van geheimhouding', with the motivation to fill in."""
    if answers.get("doel") != "opleggen" or answers.get("onderwerp") != "stukken":
        return None
    ground = GROUNDS.get(answers.get("grond", ""))
    body = answers.get("orgaan", "")
    if ground is None or not ground.qualifies or body in WATER_BOARD:
        return None
    municipal = body in MUNICIPAL
    law = "artikel 87 van de Gemeentewet" if municipal else "artikel 84 van de Provinciewet"
    names = {
        "raad": "De raad van de gemeente [naam]",
        "college": "Het college van burgemeester en wethouders van [gemeente]",
        "burgemeester": "De burgemeester van [gemeente]",
        "raadscommissie": "De commissie [naam] van de raad van [gemeente]",
        "provinciale-staten": "Provinciale Staten van [provincie]",
        "gedeputeerde-staten": "Gedeputeerde Staten van [provincie]",
        "commissaris-van-de-koning": "De commissaris van de Koning in [provincie]",
        "statencommissie": "De commissie [naam] van Provinciale Staten van [provincie]",
    }
    weighing = (
        "\n   Afweging: [waarom het belang van openbaarheid hier niet opweegt tegen dit belang]."
        if ground.weighing
        else ""
    )
    if body == "raad" or answers.get("ontvanger") == "hele-raad":
        until = "tot de raad haar opheft"
    elif body == "provinciale-staten":
        until = "tot Provinciale Staten haar opheffen"
    else:
        until = (
            "tot het orgaan dat haar oplegde haar opheft; wordt de informatie aan de raad of"
            " de Staten gegeven, dan tot die haar opheffen"
        )
    return (
        f"Besluit tot oplegging van geheimhouding\n\n{names[body]},\n\n"
        f"gelet op {law} en {ground.paragraph};\n\n"
        "besluit:\n\n"
        "1. Geheimhouding op te leggen op: [omschrijving van de stukken of informatie].\n"
        "2. Motivering: de geheimhouding is nodig vanwege het belang van "
        f"{ground.paragraph}, omdat [feiten: waarom deze "
        f"informatie onder deze grond valt].{weighing}\n"
        "3. Op de stukken wordt vermeld dat geheimhouding geldt en welk orgaan haar kan "
        "opheffen.\n"
        f"4. De geheimhouding duurt {until}. Zij wordt opnieuw bezien op [datum of "
        "gebeurtenis, bijvoorbeeld de gunning].\n"
        "5. De informatie wordt alleen gedeeld door het orgaan dat de geheimhouding oplegt"
        + (", en gaat naar de hele raad." if body in ("college", "burgemeester") else ".")
        + "\n\n[plaats, datum, ondertekening]"
    )
