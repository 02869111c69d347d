"""Persoonlijk-belangwijzer: may a member take part in deliberation and vote?

Rules from Gemw art. 28 and 58 and Pw art. 28 (text since 1 January 2023), the case law on
'persoonlijk belang' as summarised in the legal reference, and Awb art. 2:4 only where it
still applies (the preparation of decisions, e.g. in a committee). The water-board rule and
the article for Gedeputeerde Staten are not verified in this tool; the advice says so.
"""

from __future__ import annotations

from backend.aids import sources as src
from backend.aids.interest_questions import (
    ADMITTING_BODIES,
    DOUBT,
    JOIN,
    NOT,
    QUESTIONS,
    WATER_BOARD,
)
from backend.aids.model import Advice, Answers, Basis, missing


def body_rule(body: str) -> Basis | None:
    """The article that binds a member of this body in deliberation and vote, if verified."""
    return {"raad": src.GEMW_28, "provinciale-staten": src.PW_28, "college": src.GEMW_58}.get(body)


def _close(relation: str) -> bool:
    return relation in ("partner", "eerste-graad")


def _appointment(a: Answers, advice: Advice, rule: Basis | None) -> str:
    candidate = a["kandidaat"]
    if candidate == "geen-band":
        advice.add(
            (
                "De benoeming gaat u niet persoonlijk aan: u bent geen kandidaat en hebt geen "
                "familieband met een kandidaat. Hebt u een andere band met een kandidaat, zoals "
                "werkgever of zakenpartner, bespreek dat dan vooraf."
            ),
            rule,
        )
        return JOIN
    if a["keuze"] == "open":
        advice.add(
            (
                "Een benoeming gaat iemand volgens artikel 28 persoonlijk aan als de keuze door "
                "een voordracht of een herstemming tot hem is beperkt. Bij een vrije keuze uit "
                "meer kandidaten zegt artikel 28 dat niet uitdrukkelijk; dat is een afweging."
            ),
            rule,
        )
        return DOUBT
    if candidate == "zelf":
        advice.add(
            (
                "De keuze is door een voordracht of herstemming tot u beperkt. Dan gaat de "
                "benoeming u volgens artikel 28 persoonlijk aan."
            ),
            rule,
        )
        return NOT
    if _close(a["verwantschap"]):
        advice.add(
            (
                "De keuze is beperkt tot uw partner, ouder of kind. Een benoeming die een naaste "
                "persoonlijk aangaat, raakt u in de regel middellijk persoonlijk."
            ),
            rule,
        )
        return NOT
    advice.add(
        (
            "De keuze is beperkt tot een verder familielid. Of dat u middellijk persoonlijk "
            "aangaat, hangt af van de band; de wet noemt geen familiegraad."
        ),
        rule,
    )
    return DOUBT


def _interest(a: Answers, advice: Advice, rule: Basis | None) -> str:
    interest = a["belang"]
    specific = a.get("specifiek")
    if interest == "geen":
        advice.add(
            (
                "U noemt geen eigen belang, geen belang van naasten of organisaties en geen rol "
                "als vertegenwoordiger."
            ),
            rule,
        )
        return JOIN
    if interest == "vertegenwoordiger":
        advice.add(
            (
                "U bent bij de zaak betrokken als vertegenwoordiger. Artikel 28 noemt dat "
                "uitdrukkelijk als reden om niet deel te nemen."
            ),
            rule,
        )
        return NOT
    if interest == "vereniging" and a["positie"] == "gewoon-lid":
        if a["omvang"] == "groot":
            advice.add(
                (
                    "Gewoon lidmaatschap van een grote vereniging is in de regel niet genoeg voor"
                    " een persoonlijk belang: uw belang is niet te onderscheiden van dat van de "
                    "andere leden."
                ),
                rule,
            )
            return JOIN
        advice.add(
            (
                "Bij een kleine organisatie kan ook gewoon lidmaatschap een belang geven dat u "
                "onderscheidt van anderen. De rechtspraak geeft hier geen vaste lijn; het is een "
                "afweging."
            ),
            rule,
        )
        return DOUBT
    if specific == "nee":
        advice.add(
            (
                "Het besluit raakt het belang zoals dat van een grotere groep inwoners of "
                "organisaties. Zo'n algemeen belang is in de regel geen persoonlijk belang."
            ),
            rule,
        )
        return JOIN
    if specific == "onzeker":
        advice.add(
            (
                "U weet niet zeker of het belang specifiek is. Dat is precies de afweging die de "
                "rechtspraak maakt: bespreek de feiten vooraf."
            ),
            rule,
        )
        return DOUBT
    if interest == "eigen":
        advice.add(
            "Het besluit raakt uw eigen belang specifiek. Dat gaat u rechtstreeks persoonlijk aan.",
            rule,
        )
        return NOT
    if interest == "onderneming":
        advice.add(
            (
                "Het besluit raakt uw bedrijf of aandelen specifiek. Een financieel belang is in "
                "de regel een persoonlijk belang."
            ),
            rule,
        )
        return NOT
    if interest == "vereniging":
        advice.add(
            (
                "U zit in het bestuur van een organisatie die het besluit specifiek raakt. Een "
                "bestuursfunctie geeft in de regel een persoonlijk belang."
            ),
            rule,
        )
        return NOT
    if interest == "werkgever":
        advice.add(
            (
                "Het besluit raakt uw werkgever of opdrachtgever specifiek. Of dat u persoonlijk "
                "aangaat, hangt af van uw functie en van de vraag of uw eigen werk of inkomen "
                "ervan afhangt; de rechtspraak geeft hier geen vaste lijn."
            ),
            rule,
        )
        return DOUBT
    if _close(a["verwantschap"]):
        advice.add(
            (
                "Het besluit raakt specifiek uw partner, ouder of kind. Dat gaat u in de regel "
                "middellijk persoonlijk aan."
            ),
            rule,
        )
        return NOT
    advice.add(
        (
            "Het besluit raakt specifiek een verder familielid. Of dat u middellijk "
            "persoonlijk aangaat, hangt af van de band; de wet noemt geen familiegraad."
        ),
        rule,
    )
    return DOUBT


def _substance(a: Answers, advice: Advice, rule: Basis | None) -> str:
    """The verdict on the interest itself, by the standard of art. 28."""
    decision = a["besluit"]
    if decision == "toelating" and a["verkiezing"] == "periodiek":
        advice.add(
            "Bij het besluit over de toelating van de leden die na de periodieke verkiezingen"
            " zijn benoemd, mag u meedoen, ook over uw eigen toelating. Dat is de enige"
            " uitzondering op artikel 28.",
            rule,
        )
        return JOIN
    if decision == "toelating":
        advice.add(
            "De uitzondering voor de toelating geldt alleen na de periodieke verkiezingen. Bij"
            " een tussentijdse toelating geldt de gewone regel.",
            rule,
        )
    if decision == "benoeming":
        return _appointment(a, advice, rule)
    if decision == "rekening" and a["rekening_band"] != "geen":
        tie = (
            "in het bestuur zit"
            if a["rekening_band"] == "bestuur"
            else "rekening en verantwoording moet afleggen"
        )
        advice.add(
            (
                "Artikel 28 sluit deelname uit aan het vaststellen of goedkeuren van de rekening "
                f"van een lichaam waarvan u {tie}."
            ),
            rule,
        )
        return NOT
    return _interest(a, advice, rule)


def _contradiction(a: Answers) -> list[str]:
    if a.get("besluit") == "toelating" and a.get("orgaan") not in ADMITTING_BODIES:
        return ["orgaan", "besluit"]
    return []


def _body_reasons(body: str, verdict: str, advice: Advice) -> str:
    """Add what the body changes, and return the outcome."""
    if body in ("raad", "provinciale-staten"):
        rule = body_rule(body)
        advice.add(
            (
                "Sinds 1 januari 2023 geldt de regel voor beraadslaging én stemming; daarvoor "
                "alleen voor de stemming."
            ),
            src.WET_35546,
        )
        advice.add(
            (
                "Artikel 2:4 Awb is niet van toepassing op uw deelname aan beraadslaging en "
                "stemming; artikel 28 is hier de enige norm."
            ),
            rule,
        )
        return verdict
    if body == "college":
        advice.add(
            "Artikel 28 Gemeentewet geldt via artikel 58 ook voor de beraadslaging en stemming"
            " in het college.",
            src.GEMW_58,
        )
        advice.add(
            "Of artikel 2:4 Awb voor collegeleden buiten toepassing blijft, zoals voor "
            "raadsleden, is in deze wijzer nog niet nagegaan; de wijzer gaat er niet van uit."
            " Wees daarom voorzichtig, ook met de schijn van vooringenomenheid."
        )
        return verdict
    if body == "gedeputeerde-staten":
        advice.add(
            (
                "Voor Gedeputeerde Staten is het artikel dat deze regel toepast in deze wijzer "
                "niet nagegaan. De uitkomst volgt de maatstaf van artikel 28 Provinciewet; laat "
                "haar bevestigen door de provinciesecretaris of de commissaris van de Koning."
            ),
            src.PW_28,
        )
        return verdict
    if body == "commissie":
        advice.add(
            (
                "Een commissie bereidt het besluit voor. Bij de voorbereiding van besluiten geldt"
                " artikel 2:4 Awb: het bestuur waakt ertegen dat personen met een persoonlijk "
                "belang de besluitvorming beïnvloeden. Wat de verordening op de commissies "
                "daarover zegt, kan per gemeente of provincie verschillen."
            ),
            src.AWB_2_4,
        )
        return verdict
    # Water boards: the rule is not verified in this tool, so never a firm answer.
    shown = {NOT: "niet deelnemen", JOIN: "deelnemen", DOUBT: "twijfel"}[verdict]
    advice.add(
        "Ter vergelijking: naar de maatstaf van artikel 28 Gemeentewet zou de uitkomst "
        f"zijn: {shown}."
    )
    advice.add(
        "De regel voor leden van een waterschapsbestuur is in deze wijzer nog niet "
        "nagegaan. Artikel 2:4 Awb is niet zonder meer de regel voor uw deelname aan "
        "beraadslaging en stemming. Raadpleeg de secretaris of de griffier van het "
        "waterschap."
    )
    return DOUBT


NEXT_STEPS = {
    NOT: [
        (
            "Meld aan het begin van het agendapunt dat u niet deelneemt en noem in algemene "
            "termen waarom."
        ),
        "Vraag de voorzitter dit in de notulen of de besluitenlijst op te nemen.",
        (
            "Doe ook niet mee aan het debat, niet alleen niet aan de stemming. De wet "
            "verplicht u niet de zaal te verlaten; kijk wat uw reglement van orde of "
            "gedragscode zegt. Veel leden gaan op de publieke tribune zitten om elke schijn "
            "te vermijden."
        ),
        "Houd u ook buiten de voorbereiding, bijvoorbeeld in de commissie.",
    ],
    JOIN: [
        (
            "U kunt deelnemen. Kan een ander uw belang zien, meld het dan toch aan het begin "
            "van het agendapunt en zeg waarom het u niet uitsluit."
        ),
        "Leg de afweging vast (de vastlegging hieronder) en bewaar haar.",
    ],
    DOUBT: [
        "Bespreek het vooraf met de griffier of de voorzitter, met de feiten op tafel.",
        (
            "Besluit u na overleg toch deel te nemen, meld uw belang dan aan het begin van "
            "het agendapunt en laat het notuleren."
        ),
        "Leg de afweging vast (de vastlegging hieronder) en bewaar haar.",
    ],
}


def advise(answers: Answers) -> Advice:
    """The advice for these answers, or what is still missing."""
    advice = Advice()
    conflict = _contradiction(answers)
    if conflict:
        advice.missing = conflict
        advice.add(
            "Deze wijzer behandelt de toelating van nieuw gekozen leden alleen bij de raad, "
            "Provinciale Staten en het algemeen bestuur van een waterschap. Kies een ander "
            "orgaan of een ander soort besluit."
        )
        return advice
    advice.missing = missing(QUESTIONS, answers)
    if advice.missing:
        return advice
    body = answers["orgaan"]
    verdict = _substance(answers, advice, body_rule(body))
    advice.outcome = _body_reasons(body, verdict, advice)
    advice.next_steps = list(NEXT_STEPS[advice.outcome])
    if body in WATER_BOARD:
        advice.next_steps[0] = (
            "Bespreek het vooraf met de secretaris of de griffier van het waterschap, met de "
            "feiten op tafel."
        )
    return advice
