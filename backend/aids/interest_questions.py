"""The questions and outcomes of the Persoonlijk-belangwijzer (rules: interest.py)."""

from __future__ import annotations

from backend.aids.model import Answers, Option, Outcome, Question

NOT = "niet-deelnemen"
JOIN = "deelnemen"
DOUBT = "twijfel"

WATER_BOARD = ("waterschap-ab", "waterschap-db")
ADMITTING_BODIES = ("raad", "provinciale-staten", *WATER_BOARD)
INTEREST_ASKED = ("eigen", "familie", "werkgever", "onderneming", "vereniging")

OUTCOMES = (
    Outcome(
        NOT,
        "Neem niet deel aan beraadslaging en stemming",
        "De wet vraagt dat u zich bij dit punt afzijdig houdt.",
    ),
    Outcome(
        JOIN,
        "U kunt deelnemen",
        "Uit uw antwoorden volgt geen persoonlijk belang dat u van deelname uitsluit.",
    ),
    Outcome(
        DOUBT,
        "Twijfel: bespreek het vooraf met de griffier of de voorzitter",
        "Uit uw antwoorden volgt geen zeker antwoord; de redenering zegt waarom.",
    ),
)


def _asks_interest(a: Answers) -> bool:
    return (
        a.get("besluit") == "gewoon"
        or (a.get("besluit") == "rekening" and a.get("rekening_band") == "geen")
        or (a.get("besluit") == "toelating" and a.get("verkiezing") == "tussentijds")
    )


QUESTIONS = (
    Question(
        "orgaan",
        "In welk orgaan wordt het besluit genomen?",
        (
            Option("raad", "Gemeenteraad"),
            Option("commissie", "Commissie van de raad of van Provinciale Staten"),
            Option("college", "College van burgemeester en wethouders"),
            Option("provinciale-staten", "Provinciale Staten"),
            Option("gedeputeerde-staten", "Gedeputeerde Staten"),
            Option("waterschap-ab", "Algemeen bestuur van een waterschap"),
            Option("waterschap-db", "Dagelijks bestuur van een waterschap"),
        ),
    ),
    Question(
        "besluit",
        "Waarover gaat het besluit?",
        (
            Option(
                "gewoon",
                "Een gewoon besluit",
                "Bijvoorbeeld een plan, een subsidie of een verordening.",
            ),
            Option(
                "benoeming",
                "Een benoeming",
                "Bijvoorbeeld een commissielid of een lid van de rekenkamer.",
            ),
            Option(
                "toelating",
                "De toelating van nieuwe leden",
                "Het onderzoek van de geloofsbrieven en het besluit over de toelating.",
            ),
            Option(
                "rekening",
                "De rekening van een organisatie",
                "Het vaststellen of goedkeuren van de jaarrekening van een lichaam.",
            ),
        ),
    ),
    Question(
        "rekening_band",
        "Wat is uw band met de organisatie waarvan de rekening wordt vastgesteld of goedgekeurd?",
        (
            Option("bestuur", "Ik zit in het bestuur van die organisatie"),
            Option(
                "verantwoording", "Ik moet aan die organisatie rekening en verantwoording afleggen"
            ),
            Option("geen", "Geen van beide"),
        ),
        applies=lambda a: a.get("besluit") == "rekening",
    ),
    Question(
        "verkiezing",
        "Wanneer worden de nieuwe leden toegelaten?",
        (
            Option(
                "periodiek",
                "Na de periodieke verkiezingen",
                "De toelating van de hele nieuwe raad of Staten.",
            ),
            Option(
                "tussentijds",
                "Tussentijds",
                "Een opvolger die tijdens de periode in een vrijgekomen zetel komt.",
            ),
        ),
        applies=lambda a: a.get("besluit") == "toelating",
    ),
    Question(
        "kandidaat",
        "Wie is kandidaat voor de benoeming?",
        (
            Option("zelf", "Ik ben zelf kandidaat"),
            Option("familie", "Mijn partner of een familielid"),
            Option("geen-band", "Iemand met wie ik geen familieband heb"),
        ),
        applies=lambda a: a.get("besluit") == "benoeming",
    ),
    Question(
        "keuze",
        "Is de keuze beperkt tot die kandidaat?",
        (
            Option(
                "beperkt",
                "Ja, door een voordracht of een herstemming",
                (
                    "Er blijft maar een kandidaat over, of de kandidaat staat op de voordracht "
                    "waartussen gekozen wordt."
                ),
            ),
            Option("open", "Nee, er wordt vrij gekozen uit meer kandidaten"),
        ),
        applies=lambda a: (
            a.get("besluit") == "benoeming" and a.get("kandidaat") in ("zelf", "familie")
        ),
    ),
    Question(
        "belang",
        "Welk belang hebt u bij het besluit?",
        (
            Option("eigen", "Een eigen belang", "Uw eigen woning, grond, inkomen of geld."),
            Option("familie", "Een belang van mijn partner of familie"),
            Option("werkgever", "Een belang van mijn werkgever of opdrachtgever"),
            Option("onderneming", "Een belang van mijn eigen bedrijf of mijn aandelen"),
            Option(
                "vereniging",
                (
                    "Een belang van een vereniging, stichting of andere organisatie waarbij ik "
                    "betrokken ben"
                ),
            ),
            Option(
                "vertegenwoordiger",
                "Ik ben bij de zaak betrokken als vertegenwoordiger",
                "Bijvoorbeeld als advocaat, gemachtigde of woordvoerder van een partij.",
            ),
            Option("geen", "Geen van deze"),
        ),
        applies=_asks_interest,
    ),
    Question(
        "verwantschap",
        "Hoe nauw is de familieband?",
        (
            Option("partner", "Partner (echtgenoot, geregistreerd of samenwonend)"),
            Option("eerste-graad", "Ouder of kind (eerste graad)"),
            Option("tweede-graad", "Broer, zus, grootouder of kleinkind (tweede graad)"),
            Option("verder", "Verder weg: oom, tante, neef, nicht of aangetrouwde familie"),
        ),
        applies=lambda a: (
            (_asks_interest(a) and a.get("belang") == "familie")
            or (a.get("besluit") == "benoeming" and a.get("kandidaat") == "familie")
        ),
    ),
    Question(
        "positie",
        "Welke positie hebt u in die organisatie?",
        (
            Option("bestuur", "Ik zit in het bestuur (of ben directeur)"),
            Option("gewoon-lid", "Ik ben gewoon lid, zonder functie"),
        ),
        applies=lambda a: _asks_interest(a) and a.get("belang") == "vereniging",
    ),
    Question(
        "omvang",
        "Hoe groot is de organisatie?",
        (
            Option("groot", "Groot: honderden leden of meer"),
            Option("klein", "Klein: een overzichtelijke groep leden"),
        ),
        applies=lambda a: (
            _asks_interest(a)
            and a.get("belang") == "vereniging"
            and a.get("positie") == "gewoon-lid"
        ),
    ),
    Question(
        "specifiek",
        "Raakt het besluit dat belang specifiek, anders dan dat van een grotere groep?",
        (
            Option(
                "ja",
                "Ja, het belang is specifiek",
                (
                    "Bijvoorbeeld: het gaat om uw perceel, het bedrijf van uw partner of de "
                    "subsidie van uw stichting."
                ),
            ),
            Option(
                "nee",
                "Nee, het raakt mij zoals een grote groep inwoners of organisaties",
                "Bijvoorbeeld: een tarief dat voor alle inwoners of alle verenigingen geldt.",
            ),
            Option("onzeker", "Dat weet ik niet zeker"),
        ),
        hint=(
            "De rechtspraak ziet een persoonlijk belang als een belang dat eigen is aan het "
            "lid en te onderscheiden van het algemene belang van een groep."
        ),
        applies=lambda a: (
            _asks_interest(a)
            and a.get("belang") in INTEREST_ASKED
            and not (a.get("belang") == "vereniging" and a.get("positie") != "bestuur")
        ),
    ),
)
