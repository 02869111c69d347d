"""Ontheffingstoets: is an agreement of a council member with the municipality banned by
Gemw art. 15 lid 1 onder d, and what should Gedeputeerde Staten weigh for an exemption (lid 2)?

The law names no grounds for an exemption; the parliamentary papers ask whether a conflict of
interest is sufficiently excluded in the concrete case. So the aid gives a structured advice
for GS, never a verdict.
"""

from __future__ import annotations

from backend.aids import sources as src
from backend.aids.model import Advice, Answers, Option, Outcome, Question, missing

OUTSIDE = "buiten-verbod"
NEEDED = "ontheffing-nodig"
DOUBT = "twijfel"

OUTCOMES = (
    Outcome(OUTSIDE, "Valt buiten het verbod", "Voor deze overeenkomst is geen ontheffing nodig."),
    Outcome(
        NEEDED,
        "Valt onder het verbod: ontheffing nodig",
        ("Alleen met ontheffing van Gedeputeerde Staten; hieronder de afweging."),
    ),
    Outcome(
        DOUBT,
        "Twijfel: laat het vooraf beoordelen",
        ("Of het verbod geldt, hangt af van feiten die deze toets niet kan wegen."),
    ),
)

REAL_ESTATE = ("onroerend-verwerven", "huur-pacht")
BANNED = ("aanneming-werk", "werkzaamheden", "roerende-zaken", *REAL_ESTATE)


def _covered(a: Answers) -> bool:
    """True once the answers show the agreement is of a banned kind with the member."""
    kind = a.get("overeenkomst")
    if kind not in BANNED or a.get("partij") not in ("zelf", "eigen-bedrijf"):
        return False
    return kind not in REAL_ESTATE or a.get("procedure") == "onderhands"


QUESTIONS = (
    Question(
        "overeenkomst",
        "Wat voor overeenkomst met de gemeente is het?",
        (
            Option(
                "aanneming-werk",
                "Aanneming van werk",
                "Bijvoorbeeld bouwen, verbouwen of onderhoud.",
            ),
            Option(
                "werkzaamheden",
                "Betaalde werkzaamheden buiten dienstbetrekking",
                "Bijvoorbeeld een opdracht als adviseur of zzp'er.",
            ),
            Option(
                "roerende-zaken",
                "Levering van roerende zaken",
                "Bijvoorbeeld meubilair, voertuigen of materialen.",
            ),
            Option("onroerend-verwerven", "Verwerven van grond of een gebouw van de gemeente"),
            Option(
                "huur-pacht",
                "Huren of pachten van de gemeente",
                "Bijvoorbeeld landbouwgrond, een bedrijfspand of een ligplaats.",
            ),
            Option(
                "besluit",
                "Een subsidie, vergunning of ander besluit",
                "Geen overeenkomst: de gemeente beslist eenzijdig op een aanvraag.",
            ),
            Option("anders", "Een andere overeenkomst", "Die hierboven niet staat."),
        ),
    ),
    Question(
        "procedure",
        "Hoe wordt de grond of het gebouw toegewezen?",
        (
            Option(
                "onderhands",
                "Onderhands",
                ("De gemeente kiest de wederpartij zelf, zonder dat anderen kans maken."),
            ),
            Option(
                "openbaar",
                "Openbaar, met gelijke kansen",
                ("Een inschrijving, loting of selectieprocedure waaraan iedereen kan meedoen."),
            ),
        ),
        applies=lambda a: a.get("overeenkomst") in REAL_ESTATE,
    ),
    Question(
        "partij",
        "Wie sluit de overeenkomst met de gemeente?",
        (
            Option("zelf", "Het raadslid zelf"),
            Option(
                "eigen-bedrijf",
                "Een bedrijf van het raadslid",
                "Een bedrijf dat het raadslid bezit of zeggenschap over heeft.",
            ),
            Option(
                "ander", "Een ander", "Bijvoorbeeld de werkgever of de partner van het raadslid."
            ),
        ),
        applies=lambda a: (
            a.get("overeenkomst") in BANNED
            and (a.get("overeenkomst") not in REAL_ESTATE or a.get("procedure") == "onderhands")
        ),
    ),
    Question(
        "marktconform",
        "Is de prijs marktconform?",
        (
            Option(
                "ja", "Ja, onderbouwd", "Bijvoorbeeld met een taxatie of vergelijkbare offertes."
            ),
            Option("nee", "Nee, of niet onderbouwd"),
        ),
        applies=_covered,
    ),
    Question(
        "invloed",
        "Heeft het raadslid invloed op de overeenkomst?",
        (
            Option(
                "geen",
                "Nee",
                (
                    "Het raadslid is niet betrokken bij de voorbereiding of het "
                    "besluit, en neemt er niet aan deel."
                ),
            ),
            Option(
                "wel",
                "Ja",
                (
                    "Het raadslid is betrokken bij het voorbereiden of nemen van het "
                    "besluit, of bij het toezicht erop."
                ),
            ),
        ),
        applies=_covered,
    ),
    Question(
        "alternatieven",
        "Had de gemeente redelijke alternatieven?",
        (
            Option(
                "geen",
                "Nee",
                ("Bijvoorbeeld: er is in de omgeving geen andere aanbieder of gegadigde."),
            ),
            Option("wel", "Ja, er zijn andere aanbieders of gegadigden"),
        ),
        applies=_covered,
    ),
    Question(
        "transparantie",
        "Is de overeenkomst openbaar en controleerbaar?",
        (
            Option(
                "ja",
                "Ja",
                ("De overeenkomst, de prijs en de rol van het raadslid zijn openbaar gemaakt."),
            ),
            Option("nee", "Nee"),
        ),
        applies=_covered,
    ),
    Question(
        "voorwaarden",
        "Kunnen er voorwaarden aan een ontheffing worden verbonden?",
        (
            Option(
                "ja",
                "Ja",
                (
                    "Bijvoorbeeld een beperkte duur, een prijsherziening of niet "
                    "deelnemen aan besluiten erover."
                ),
            ),
            Option("nee", "Nee"),
        ),
        applies=_covered,
    ),
)

# (answer, value) -> (argues for an exemption?, what it means)
CONSIDERATIONS = {
    ("marktconform", "ja"): (
        True,
        (
            "De prijs is marktconform en onderbouwd: het raadslid krijgt geen "
            "voordeel boven een ander."
        ),
    ),
    ("marktconform", "nee"): (
        False,
        (
            "De prijs is niet aantoonbaar marktconform: een voordeel voor het "
            "raadslid is niet uitgesloten."
        ),
    ),
    ("invloed", "geen"): (
        True,
        (
            "Het raadslid heeft geen invloed op de overeenkomst en neemt niet "
            "deel aan besluiten erover."
        ),
    ),
    ("invloed", "wel"): (
        False,
        (
            "Het raadslid heeft invloed op de overeenkomst: dat is precies de "
            "belangenverstrengeling die het verbod wil voorkomen."
        ),
    ),
    ("alternatieven", "geen"): (
        True,
        (
            "Er is geen redelijk alternatief; zonder ontheffing kan de gemeente"
            " de overeenkomst niet sluiten."
        ),
    ),
    ("alternatieven", "wel"): (
        False,
        ("Er zijn alternatieven; de gemeente is niet op het raadslid aangewezen."),
    ),
    ("transparantie", "ja"): (True, "De overeenkomst is openbaar en controleerbaar."),
    ("transparantie", "nee"): (
        False,
        ("De overeenkomst is niet openbaar; de schijn van bevoordeling ligt op de loer."),
    ),
    ("voorwaarden", "ja"): (True, "Voorwaarden kunnen het overgebleven risico beperken."),
    ("voorwaarden", "nee"): (False, "Het risico kan niet met voorwaarden worden beperkt."),
}


def considerations(answers: Answers) -> list[tuple[bool, str]]:
    """What the answers mean for the question the parliamentary papers ask, point by point."""
    return [
        CONSIDERATIONS[(name, answers[name])]
        for name in ("marktconform", "invloed", "alternatieven", "transparantie", "voorwaarden")
        if (name, answers.get(name)) in CONSIDERATIONS
    ]


def advise(answers: Answers) -> Advice:
    """The advice for these answers, or what is still missing."""
    advice = Advice()
    advice.missing = missing(QUESTIONS, answers)
    if advice.missing:
        return advice
    kind = answers["overeenkomst"]
    if kind == "anders":
        advice.add(
            (
                "Deze toets kent de overeenkomsten die hierboven staan: aanneming van werk, "
                "betaalde werkzaamheden buiten dienstbetrekking, levering van roerende zaken "
                "en het onderhands verwerven, huren of pachten van onroerende zaken. Of uw "
                "overeenkomst ook onder artikel 15 lid 1 onder d valt, gaat de toets niet na: "
                "lees het artikel na of vraag het de griffier."
            ),
            src.GEMW_15,
        )
        advice.outcome = DOUBT
    elif kind == "besluit":
        advice.add(
            (
                "Het verbod van artikel 15 lid 1 onder d gaat over overeenkomsten met de "
                "gemeente. Een subsidie of vergunning is een besluit op een aanvraag, geen "
                "overeenkomst, en valt daar niet onder."
            ),
            src.GEMW_15,
        )
        advice.add(
            (
                "Andere regels kunnen wel gelden, zoals de regels over persoonlijk "
                "belang bij beraadslaging en stemming en de gedragscode."
            ),
            src.GEMW_28,
        )
        advice.outcome = OUTSIDE
    elif kind in REAL_ESTATE and answers["procedure"] == "openbaar":
        advice.add(
            (
                "Het verbod geldt alleen voor het onderhands verwerven, huren of "
                "pachten. Een openbare toewijzing met gelijke kansen (inschrijving,"
                " loting of selectieprocedure) is niet onderhands en valt buiten "
                "het verbod."
            ),
            src.GEMW_15,
        )
        advice.add(
            "Sinds het Didam-arrest (Hoge Raad 26 november 2021) moet een "
            "gemeente bij verkoop van grond in beginsel gelijke kansen bieden; "
            "de rechtbank Noord-Nederland paste dat op 10 januari 2023 toe op "
            "de pacht van landbouwgrond. Zorg dat de procedure echt openbaar en"
            " gelijk is."
        )
        advice.outcome = OUTSIDE
    elif answers["partij"] == "ander":
        advice.add(
            (
                "Het verbod geldt ook voor overeenkomsten die het raadslid "
                "middellijk sluit. Of een overeenkomst van een ander (werkgever, "
                "partner) daaronder valt, hangt af van de feiten, zoals zeggenschap"
                " en financieel belang."
            ),
            src.GEMW_15,
        )
        advice.outcome = DOUBT
    else:
        advice.add(
            (
                "Deze overeenkomst valt onder het verbod van artikel 15 lid 1 onder"
                " d Gemeentewet, rechtstreeks of middellijk."
            ),
            src.GEMW_15,
        )
        advice.add(
            (
                "Gedeputeerde Staten kunnen ontheffing verlenen (artikel 15 lid 2)."
                " De wet noemt geen gronden; volgens de wetsgeschiedenis is de "
                "vraag of belangenverstrengeling in het concrete geval voldoende is"
                " uitgesloten. De praktijk verschilt per provincie. Deze toets "
                "geeft dus een gestructureerd advies, geen oordeel."
            ),
            src.GEMW_15,
        )
        for argues_for, text in considerations(answers):
            advice.add(
                ("Pleit voor ontheffing: " if argues_for else "Pleit tegen ontheffing: ") + text
            )
        advice.add(
            (
                "Wie zonder ontheffing zo'n overeenkomst sluit, kan zijn "
                "lidmaatschap verliezen via de procedure van de Kieswet."
            ),
            src.GEMW_15,
        )
        advice.outcome = NEEDED
    advice.next_steps = list(NEXT_STEPS[advice.outcome])
    return advice


NEXT_STEPS = {
    OUTSIDE: [
        "Leg vast waarom de overeenkomst buiten het verbod valt, met de stukken van de procedure.",
        (
            "Meld de overeenkomst toch bij de griffier, en neem niet deel aan "
            "besluiten erover als ze u persoonlijk aangaan."
        ),
    ],
    NEEDED: [
        "Sluit de overeenkomst niet voordat Gedeputeerde Staten ontheffing hebben verleend.",
        (
            "Vraag de ontheffing schriftelijk aan bij Gedeputeerde Staten, met "
            "de feiten per punt hierboven en de stukken (taxatie, offertes, "
            "procedure)."
        ),
        (
            "Kijk in het beleidskader van uw provincie welke gegevens zij "
            "vraagt; het model hieronder laat zien wat gebruikelijk is."
        ),
    ],
    DOUBT: [
        (
            "Laat vooraf beoordelen of de overeenkomst onder het verbod valt, "
            "bijvoorbeeld door de griffier of Gedeputeerde Staten."
        ),
        "Twijfelt u, vraag dan ontheffing aan: dat is de veilige weg.",
    ],
}
