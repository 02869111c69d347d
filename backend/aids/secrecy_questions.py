"""The questions, outcomes and Woo grounds of the Geheimhoudingswijzer (rules: secrecy.py)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.aids.model import Option, Outcome, Question

POSSIBLE = "opleggen-mogelijk"
INVALID_GROUND = "geen-geldige-grond"
BY_LAW = "geheim-van-rechtswege"
WRONG_SHARING = "niet-zo-delen"
ALLOWED = "mag"
NOT_ALLOWED = "mag-niet"
DOUBT = "twijfel"

OUTCOMES = (
    Outcome(
        POSSIBLE,
        "Geheimhouding kan worden opgelegd",
        "Met een motivering op de gekozen grond; volg de checklist.",
    ),
    Outcome(
        INVALID_GROUND,
        "Deze grond is geen grond voor geheimhouding",
        "Geheimhouding kan alleen op een belang uit artikel 5.1 lid 1 of 2 Woo.",
    ),
    Outcome(
        BY_LAW,
        "Geheim van rechtswege",
        ("Wat met gesloten deuren is besproken, is geheim tot de geheimhouding wordt opgeheven."),
    ),
    Outcome(
        WRONG_SHARING,
        "Zo kan de informatie niet worden gedeeld",
        "Geheime informatie van het college of de burgemeester gaat naar de hele raad.",
    ),
    Outcome(
        ALLOWED,
        "Dat mag, binnen de geheimhouding",
        "De informatie blijft geheim; deel haar niet verder.",
    ),
    Outcome(NOT_ALLOWED, "Dat mag niet", "U zou de geheimhouding schenden."),
    Outcome(
        DOUBT,
        "Twijfel: vraag het de griffier of de secretaris",
        "Deze wijzer heeft de regel hiervoor niet nagegaan.",
    ),
)

MUNICIPAL = ("raad", "college", "burgemeester", "raadscommissie")
PROVINCIAL = (
    "provinciale-staten",
    "gedeputeerde-staten",
    "commissaris-van-de-koning",
    "statencommissie",
)
WATER_BOARD = ("algemeen-bestuur", "dagelijks-bestuur")


@dataclass(frozen=True)
class Ground:
    """A ground someone may name for secrecy, and what the law makes of it."""

    paragraph: str
    qualifies: bool
    weighing: bool
    explanation: str


# Woo art. 5.1 as read in the statute text (lid 1 onder c and d, lid 2 onder b to f).
GROUNDS = {
    "bedrijfsgegevens-vertrouwelijk": Ground(
        "art. 5.1 lid 1 onder c Woo",
        True,
        False,
        (
            "Alleen voor bedrijfs- en fabricagegegevens die een bedrijf of persoon "
            "vertrouwelijk aan de overheid heeft meegedeeld. Gaat het om andere "
            "concurrentiegevoelige gegevens, dan past lid 2 onder f."
        ),
    ),
    "bijzondere-persoonsgegevens": Ground(
        "art. 5.1 lid 1 onder d Woo",
        True,
        False,
        (
            "Voor bijzondere persoonsgegevens, zoals gegevens over gezondheid, tenzij de "
            "betrokkene toestemming gaf of ze zelf openbaar maakte."
        ),
    ),
    "economische-financiele-belangen": Ground(
        "art. 5.1 lid 2 onder b Woo",
        True,
        True,
        (
            "Voor de economische of financiële belangen van de gemeente, provincie of een "
            "ander overheidslichaam, zoals een raming of onderhandelingspositie bij een "
            "lopende aanbesteding of grondaankoop."
        ),
    ),
    "opsporing-en-vervolging": Ground(
        "art. 5.1 lid 2 onder c Woo",
        True,
        True,
        "Voor de opsporing en vervolging van strafbare feiten.",
    ),
    "inspectie-controle-toezicht": Ground(
        "art. 5.1 lid 2 onder d Woo",
        True,
        True,
        "Voor inspectie, controle en toezicht door bestuursorganen.",
    ),
    "persoonlijke-levenssfeer": Ground(
        "art. 5.1 lid 2 onder e Woo",
        True,
        True,
        ("Voor de persoonlijke levenssfeer, zoals gegevens over een medewerker of een inwoner."),
    ),
    "concurrentiegevoelige-gegevens": Ground(
        "art. 5.1 lid 2 onder f Woo",
        True,
        True,
        (
            "Voor concurrentiegevoelige bedrijfs- en fabricagegegevens die niet vertrouwelijk"
            " zijn meegedeeld (anders lid 1 onder c)."
        ),
    ),
    "onevenredige-benadeling": Ground(
        "art. 5.1 lid 5 Woo",
        False,
        False,
        (
            "Het vijfde lid van artikel 5.1 staat niet in lid 1 of 2. De wet laat "
            "geheimhouding alleen toe op een belang uit lid 1 of lid 2."
        ),
    ),
    "beleidsopvattingen": Ground(
        "art. 5.2 Woo",
        False,
        False,
        (
            "Persoonlijke beleidsopvattingen (artikel 5.2) staan niet in artikel 5.1 lid 1 of"
            " 2. Daarop kan geen geheimhouding worden opgelegd."
        ),
    ),
    "geen-geldige-grond": Ground(
        "geen grond uit de Woo",
        False,
        False,
        (
            "Een reden als 'politiek gevoelig' of 'nog niet rijp' is geen belang uit artikel "
            "5.1 lid 1 of 2 Woo."
        ),
    ),
}

GROUND_LABELS = {
    "bedrijfsgegevens-vertrouwelijk": "Vertrouwelijk aan de overheid meegedeelde bedrijfsgegevens",
    "bijzondere-persoonsgegevens": "Bijzondere persoonsgegevens",
    "economische-financiele-belangen": "Economische of financiële belangen van de overheid",
    "opsporing-en-vervolging": "Opsporing en vervolging van strafbare feiten",
    "inspectie-controle-toezicht": "Inspectie, controle en toezicht",
    "persoonlijke-levenssfeer": "Persoonlijke levenssfeer",
    "concurrentiegevoelige-gegevens": "Andere concurrentiegevoelige bedrijfsgegevens",
    "onevenredige-benadeling": "Onevenredige benadeling (art. 5.1 lid 5 Woo)",
    "beleidsopvattingen": "Persoonlijke beleidsopvattingen (art. 5.2 Woo)",
    "geen-geldige-grond": "Een andere reden, zoals 'politiek gevoelig'",
}

QUESTIONS = (
    Question(
        "doel",
        "Waarmee wilt u verder?",
        (
            Option(
                "opleggen",
                "Geheimhouding opleggen",
                "U bereidt een besluit tot geheimhouding voor of adviseert erover.",
            ),
            Option(
                "omgaan",
                "Omgaan met geheime informatie",
                "U hebt geheime informatie gekregen en wilt weten wat u ermee mag.",
            ),
        ),
    ),
    Question(
        "orgaan",
        "Welk orgaan wil geheimhouding opleggen?",
        (
            Option("raad", "De gemeenteraad"),
            Option("college", "Het college van burgemeester en wethouders"),
            Option("burgemeester", "De burgemeester"),
            Option("raadscommissie", "Een raadscommissie"),
            Option("provinciale-staten", "Provinciale Staten"),
            Option("gedeputeerde-staten", "Gedeputeerde Staten"),
            Option("commissaris-van-de-koning", "De commissaris van de Koning"),
            Option("statencommissie", "Een Statencommissie"),
            Option("algemeen-bestuur", "Het algemeen bestuur van een waterschap"),
            Option("dagelijks-bestuur", "Het dagelijks bestuur van een waterschap"),
        ),
        applies=lambda a: a.get("doel") == "opleggen",
    ),
    Question(
        "onderwerp",
        "Waarop moet de geheimhouding rusten?",
        (
            Option(
                "stukken",
                "Op stukken of informatie",
                "Bijvoorbeeld een raming, een contract of een brief aan de raad.",
            ),
            Option(
                "besloten-vergadering",
                "Op wat in een besloten vergadering wordt besproken",
                "Een vergadering met gesloten deuren van de raad, de Staten of een commissie.",
            ),
        ),
        applies=lambda a: a.get("doel") == "opleggen",
    ),
    Question(
        "grond",
        "Welk belang wilt u beschermen?",
        tuple(
            Option(value, label, GROUNDS[value].paragraph) for value, label in GROUND_LABELS.items()
        ),
        hint=(
            "Alleen een belang uit artikel 5.1 lid 1 of lid 2 van de Wet open overheid (Woo) "
            "kan de grond zijn."
        ),
        applies=lambda a: a.get("doel") == "opleggen" and a.get("onderwerp") == "stukken",
    ),
    Question(
        "ontvanger",
        "Wie moet de geheime informatie krijgen?",
        (
            Option("hele-raad", "De hele raad"),
            Option(
                "enkele-leden",
                "Een of enkele raadsleden, bijvoorbeeld een fractievoorzitter of de vragensteller",
            ),
            Option("niemand", "Niemand buiten het college of de burgemeester"),
        ),
        applies=lambda a: (
            a.get("doel") == "opleggen"
            and a.get("onderwerp") == "stukken"
            and a.get("orgaan") in ("college", "burgemeester")
        ),
    ),
    Question(
        "bestuurslaag",
        "Bij welke overheid bent u lid of werkt u?",
        (
            Option("gemeente", "Gemeente"),
            Option("provincie", "Provincie"),
            Option("waterschap", "Waterschap"),
        ),
        applies=lambda a: a.get("doel") == "omgaan",
    ),
    Question(
        "handeling",
        "Wat wilt u met de geheime informatie doen?",
        (
            Option(
                "fractiegenoten",
                "Bespreken met fractiegenoten die zelf ook lid van de raad of Staten zijn",
            ),
            Option(
                "fractiemedewerker",
                "Delen met een fractiemedewerker, fractie-assistent of burgercommissielid",
            ),
            Option("vergadering", "Noemen in de openbare vergadering zelf"),
            Option(
                "buiten", "Naar buiten brengen: pers, sociale media, achterban of andere derden"
            ),
        ),
        applies=lambda a: a.get("doel") == "omgaan",
    ),
    Question(
        "kring",
        "Wie kregen de informatie onder geheimhouding?",
        (
            Option("hele-raad", "Alle leden van de raad of de Staten, ook die fractiegenoten"),
            Option(
                "deel",
                (
                    "Alleen een deel, bijvoorbeeld de leden van een commissie of de aanwezigen bij "
                    "een besloten vergadering"
                ),
            ),
        ),
        applies=lambda a: a.get("doel") == "omgaan" and a.get("handeling") == "fractiegenoten",
    ),
)
