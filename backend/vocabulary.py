"""Controlled vocabularies with their Dutch labels and short descriptions.

This module is the single source for validation of content, list filters, labels in
the interface and search facets. Slugs are stable identifiers used in content files
and URLs; labels and descriptions are what users see.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary."""

    slug: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class LegalArticle(Term):
    """A legal article that content may cite (see shared/legal-reference.md)."""

    law: str = ""
    short: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms, looked up by slug."""

    name: str
    label: str
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        slugs = [term.slug for term in self.terms]
        if len(slugs) != len(set(slugs)):
            raise ValueError(f"duplicate slug in vocabulary {self.name}")

    @property
    def slugs(self) -> list[str]:
        return [term.slug for term in self.terms]

    def get(self, slug: str) -> Term | None:
        return next((term for term in self.terms if term.slug == slug), None)

    def __contains__(self, slug: object) -> bool:
        return any(term.slug == slug for term in self.terms)

    def label_of(self, slug: str) -> str:
        term = self.get(slug)
        return term.label if term else slug


THEMES = Vocabulary(
    "themes",
    "Thema",
    (
        Term(
            "belangenverstrengeling",
            "Belangenverstrengeling",
            "Wanneer een persoonlijk, zakelijk of familiebelang de besluitvorming raakt.",
        ),
        Term(
            "nevenfuncties",
            "Nevenfuncties",
            "Functies naast het ambt: openbaar maken, verenigbaarheid en de schijn van"
            " belangenverstrengeling.",
        ),
        Term(
            "geschenken-en-uitnodigingen",
            "Geschenken en uitnodigingen",
            "Cadeaus, diners, reizen en kaartjes: aannemen, melden of weigeren.",
        ),
        Term(
            "geheimhouding-en-informatie",
            "Geheimhouding en informatie",
            "Omgaan met vertrouwelijke en geheime informatie, en wat er gebeurt als die uitlekt.",
        ),
        Term(
            "verboden-handelingen",
            "Verboden handelingen",
            "Overeenkomsten met de eigen gemeente, provincie of het waterschap die de wet"
            " verbiedt, en ontheffing daarvan.",
        ),
        Term(
            "ondermijning",
            "Ondermijning",
            "Vermenging van onderwereld en bovenwereld: beïnvloeding door criminele netwerken.",
        ),
        Term(
            "weerbaarheid-en-intimidatie",
            "Weerbaarheid en intimidatie",
            "Bedreiging, intimidatie en druk op politieke ambtsdragers en hun omgeving.",
        ),
        Term(
            "declaraties-en-onkosten",
            "Declaraties en onkosten",
            "Onkostenvergoedingen, declaraties en het gebruik van voorzieningen van de"
            " organisatie.",
        ),
        Term(
            "sociale-media",
            "Sociale media",
            "Wat je als ambtsdrager online zegt, deelt en liket, en hoe je met reacties omgaat.",
        ),
        Term(
            "omgangsvormen",
            "Omgangsvormen",
            "Respectvol gedrag in de raadzaal, de fractie en naar medewerkers; ongewenst gedrag.",
        ),
        Term(
            "melden-en-onderzoek",
            "Melden en onderzoek",
            "Een vermoeden van een integriteitsschending melden en zorgvuldig laten onderzoeken.",
        ),
        Term(
            "integriteitstoetsing",
            "Integriteitstoetsing",
            "Toetsing van kandidaat-bestuurders: VOG, risicoanalyse en gesprekken vooraf.",
        ),
        Term(
            "lobby-en-beinvloeding",
            "Lobby en beïnvloeding",
            "Contacten met belangengroepen, projectontwikkelaars en andere beïnvloeders.",
        ),
        Term(
            "privé-en-publiek",
            "Privé en publiek",
            "De grens tussen het ambt en het privéleven: familie, buren, vrienden en gedrag"
            " buiten het ambt.",
        ),
    ),
)

ROLES = Vocabulary(
    "roles",
    "Rol",
    (
        Term("raadslid", "Raadslid", "Lid van de gemeenteraad."),
        Term(
            "burgercommissielid",
            "Burgercommissielid",
            "Commissielid dat geen raadslid is, vaak namens een fractie.",
        ),
        Term("wethouder", "Wethouder", "Lid van het college van burgemeester en wethouders."),
        Term(
            "burgemeester",
            "Burgemeester",
            "Voorzitter van raad en college; bevordert de bestuurlijke integriteit van de"
            " gemeente.",
        ),
        Term("statenlid", "Statenlid", "Lid van Provinciale Staten."),
        Term("gedeputeerde", "Gedeputeerde", "Lid van Gedeputeerde Staten."),
        Term(
            "commissaris-van-de-koning",
            "Commissaris van de Koning",
            "Voorzitter van Provinciale en Gedeputeerde Staten; bevordert de bestuurlijke"
            " integriteit van de provincie.",
        ),
        Term("griffier", "Griffier", "Adviseur van de raad of Provinciale Staten."),
        Term(
            "gemeentesecretaris",
            "Gemeentesecretaris",
            "Eerste adviseur van het college en hoogste ambtenaar van de gemeente.",
        ),
        Term(
            "fractievoorzitter", "Fractievoorzitter", "Voorzitter van een raads- of Statenfractie."
        ),
        Term(
            "fractiemedewerker",
            "Fractiemedewerker",
            "Ondersteunt een fractie; geen gekozen ambtsdrager.",
        ),
        Term(
            "ab-lid-waterschap",
            "Lid algemeen bestuur waterschap",
            "Lid van het algemeen bestuur van een waterschap.",
        ),
        Term(
            "db-lid-waterschap",
            "Lid dagelijks bestuur waterschap",
            "Lid van het dagelijks bestuur van een waterschap.",
        ),
        Term(
            "dijkgraaf",
            "Dijkgraaf",
            "Voorzitter van het waterschap; bevordert de bestuurlijke integriteit van het"
            " waterschap.",
        ),
    ),
)

LEVELS = Vocabulary(
    "levels",
    "Bestuurslaag",
    (
        Term("gemeente", "Gemeente", "Gemeenteraad, college en burgemeester."),
        Term(
            "provincie",
            "Provincie",
            "Provinciale Staten, Gedeputeerde Staten en de commissaris van de Koning.",
        ),
        Term(
            "waterschap",
            "Waterschap",
            "Algemeen bestuur, dagelijks bestuur en de voorzitter (dijkgraaf).",
        ),
    ),
)


def _article(slug: str, law: str, short: str, label: str, description: str) -> LegalArticle:
    return LegalArticle(slug=slug, label=label, description=description, law=law, short=short)


# Article numbers marked "(to verify)" in legal-reference.md are labelled without a
# number, so that nothing in the interface depends on an unverified article number.
LEGAL_ARTICLES = Vocabulary(
    "legal_refs",
    "Wetsartikel",
    (
        _article(
            "gemeentewet-170",
            "Gemeentewet",
            "170",
            "Gemeentewet art. 170 lid 2",
            "De burgemeester bevordert de bestuurlijke integriteit van de gemeente (zorgplicht).",
        ),
        _article(
            "provinciewet-175",
            "Provinciewet",
            "175",
            "Provinciewet art. 175 lid 2",
            "De commissaris van de Koning bevordert de bestuurlijke integriteit van de provincie.",
        ),
        _article(
            "provinciewet-182",
            "Provinciewet",
            "182",
            "Provinciewet art. 182",
            "De commissaris van de Koning adviseert en bemiddelt als de bestuurlijke integriteit"
            " van een gemeente in het geding is.",
        ),
        _article(
            "waterschapswet-94",
            "Waterschapswet",
            "",
            "Waterschapswet (zorgplicht voorzitter)",
            "De voorzitter van het waterschap bevordert de bestuurlijke integriteit van het"
            " waterschap.",
        ),
        _article(
            "gemeentewet-28",
            "Gemeentewet",
            "28",
            "Gemeentewet art. 28",
            "Een raadslid neemt niet deel aan beraadslaging en stemming over een aangelegenheid"
            " die hem rechtstreeks of middellijk persoonlijk aangaat of waarbij hij als"
            " vertegenwoordiger is betrokken, en niet over de rekening van een lichaam waarin"
            " hij bestuurt of waaraan hij verantwoording schuldig is. Sinds 1 januari 2023 ook"
            " niet aan de beraadslaging, en is Awb art. 2:4 daarop niet van toepassing (lid 2).",
        ),
        _article(
            "gemeentewet-58",
            "Gemeentewet",
            "58",
            "Gemeentewet art. 58",
            "De regel over persoonlijk belang geldt ook voor de vergaderingen van het college.",
        ),
        _article(
            "provinciewet-28",
            "Provinciewet",
            "28",
            "Provinciewet art. 28",
            "Een Statenlid neemt niet deel aan beraadslaging en stemming over een aangelegenheid"
            " die hem rechtstreeks of middellijk persoonlijk aangaat; sinds 1 januari 2023 is"
            " Awb art. 2:4 daarop niet van toepassing (lid 2).",
        ),
        _article(
            "awb-2-4",
            "Algemene wet bestuursrecht",
            "2:4",
            "Awb art. 2:4",
            "Een bestuursorgaan handelt zonder vooringenomenheid en waakt ertegen dat personen"
            " met een persoonlijk belang de besluitvorming beïnvloeden. Geldt voor de"
            " voorbereiding van besluiten (ambtenaren, selectie- en adviescommissies). Sinds"
            " 1 januari 2023 niet van toepassing op beraadslaging en stemming van raads- en"
            " Statenleden (Gemeentewet en Provinciewet art. 28 lid 2).",
        ),
        _article(
            "gemeentewet-8",
            "Gemeentewet",
            "8",
            "Gemeentewet art. 8",
            "Het aantal raadsleden hangt af van het aantal inwoners: van 9 zetels (tot 3.000"
            " inwoners) tot 45 zetels (meer dan 200.000 inwoners).",
        ),
        _article(
            "gemeentewet-22",
            "Gemeentewet",
            "22",
            "Gemeentewet art. 22",
            "Raadsleden kunnen niet worden vervolgd of aangesproken voor wat zij in de"
            " vergadering zeggen of schriftelijk overleggen (onschendbaarheid). Geheime"
            " informatie noemen in de vergadering schendt wel de geheimhouding en de"
            " gedragscode, maar is daardoor niet strafbaar.",
        ),
        _article(
            "gemeentewet-82",
            "Gemeentewet",
            "82",
            "Gemeentewet art. 82 lid 5",
            "Wat in een besloten commissievergadering is besproken, is op grond van de wet"
            " geheim totdat de geheimhouding wordt opgeheven (zoals bij art. 23 lid 4).",
        ),
        _article(
            "gemeentewet-87",
            "Gemeentewet",
            "87",
            "Gemeentewet art. 87",
            "Raad, college, burgemeester en commissies kunnen geheimhouding opleggen, alleen op"
            " grond van een belang uit Woo art. 5.1 lid 1 of 2, met een motivering.",
        ),
        _article(
            "gemeentewet-88",
            "Gemeentewet",
            "88",
            "Gemeentewet art. 88",
            "Alleen het orgaan dat geheimhouding oplegde mag de informatie delen; geheime"
            " informatie van het college gaat naar de hele raad.",
        ),
        _article(
            "gemeentewet-89",
            "Gemeentewet",
            "89",
            "Gemeentewet art. 89",
            "Stukken vermelden de geheimhouding en wie die kan opheffen; de geheimhouding duurt"
            " tot het opleggende orgaan, of voor de raad de raad, haar opheft.",
        ),
        _article(
            "gemeentewet-23",
            "Gemeentewet",
            "23",
            "Gemeentewet art. 23 lid 4",
            "Wat in een besloten vergadering is besproken, is geheim totdat de raad de"
            " geheimhouding opheft.",
        ),
        _article(
            "gemeentewet-25-oud",
            "Gemeentewet",
            "25 (oud)",
            "Gemeentewet art. 25, 55 en 86 (oud, tot 1 april 2023)",
            "Het oude stelsel: geheimhouding door college of burgemeester moest door de raad in"
            " de eerstvolgende vergadering worden bekrachtigd.",
        ),
        _article(
            "provinciewet-84",
            "Provinciewet",
            "84",
            "Provinciewet art. 84",
            "Provinciale Staten, Gedeputeerde Staten, de commissaris van de Koning en commissies"
            " kunnen geheimhouding opleggen op grond van een belang uit Woo art. 5.1.",
        ),
        _article(
            "provinciewet-86",
            "Provinciewet",
            "86",
            "Provinciewet art. 86",
            "Duur en opheffing van geheimhouding; voor informatie aan Provinciale Staten tot"
            " Provinciale Staten haar opheffen.",
        ),
        _article(
            "woo-5-1",
            "Wet open overheid",
            "5.1",
            "Woo art. 5.1",
            "De gronden om informatie niet openbaar te maken, zoals vertrouwelijk meegedeelde"
            " bedrijfsgegevens, financiële belangen van de overheid en de persoonlijke"
            " levenssfeer.",
        ),
        _article(
            "sr-272",
            "Wetboek van Strafrecht",
            "272",
            "Wetboek van Strafrecht art. 272",
            "Opzettelijk een geheim schenden dat je uit hoofde van ambt of wet moet bewaren, is"
            " strafbaar.",
        ),
        _article(
            "gemeentewet-15",
            "Gemeentewet",
            "15",
            "Gemeentewet art. 15",
            "Verboden handelingen voor raadsleden, ontheffing door Gedeputeerde Staten en de"
            " gedragscode voor raadsleden.",
        ),
        _article(
            "provinciewet-15",
            "Provinciewet",
            "15",
            "Provinciewet art. 15 lid 3",
            "Provinciale Staten stellen een gedragscode vast voor hun leden.",
        ),
        _article(
            "provinciewet-40c",
            "Provinciewet",
            "40c",
            "Provinciewet art. 40c lid 2",
            "Provinciale Staten stellen een gedragscode vast voor de gedeputeerden.",
        ),
        _article(
            "provinciewet-68",
            "Provinciewet",
            "68",
            "Provinciewet art. 68 lid 2",
            "Provinciale Staten stellen een gedragscode vast voor de commissaris van de Koning.",
        ),
        _article(
            "gemeentewet-41c",
            "Gemeentewet",
            "41c",
            "Gemeentewet art. 41c lid 2",
            "De raad stelt een gedragscode vast voor de wethouders.",
        ),
        _article(
            "gemeentewet-69",
            "Gemeentewet",
            "69",
            "Gemeentewet art. 69 lid 2",
            "De raad stelt een gedragscode vast voor de burgemeester.",
        ),
        _article(
            "waterschapswet-33",
            "Waterschapswet",
            "33",
            "Waterschapswet art. 33 lid 3",
            "Het algemeen bestuur stelt een gedragscode vast voor de leden van het"
            " waterschapsbestuur.",
        ),
        _article(
            "gemeentewet-12",
            "Gemeentewet",
            "12",
            "Gemeentewet art. 12",
            "Raadsleden maken hun nevenfuncties openbaar, sinds 2023 direct en elektronisch.",
        ),
        _article(
            "gemeentewet-13",
            "Gemeentewet",
            "13",
            "Gemeentewet art. 13",
            "Functies die niet verenigbaar zijn met het raadslidmaatschap.",
        ),
        _article(
            "sr-285d",
            "Wetboek van Strafrecht",
            "285d",
            "Wetboek van Strafrecht art. 285d",
            "Doxing: persoonsgegevens van iemand verzamelen of verspreiden om hem vrees aan te"
            " jagen, ernstige overlast aan te doen of hem ernstig te hinderen in zijn ambt of"
            " beroep is sinds 1 januari 2024 strafbaar.",
        ),
        _article(
            "wet-bescherming-klokkenluiders",
            "Wet bescherming klokkenluiders",
            "",
            "Wet bescherming klokkenluiders",
            "Wie op redelijke gronden een vermoeden van een misstand meldt, wordt beschermd"
            " tegen benadeling en de identiteit van de melder wordt vertrouwelijk behandeld.",
        ),
        _article(
            "wet-35546",
            "Wet bevorderen integriteit en functioneren decentraal bestuur",
            "35 546",
            "Wet bevorderen integriteit en functioneren decentraal bestuur",
            "In werking sinds 1 januari 2023 (geheimhouding sinds 1 april 2023): onder meer de"
            " VOG voor wethouders, openbaarmaking van nevenfuncties en één hoofdstuk over"
            " geheimhouding (Kamerstuk 35 546).",
        ),
    ),
)

DIFFICULTIES = Vocabulary(
    "difficulty",
    "Moeilijkheid",
    (
        Term("1", "Instap", "Geschikt om mee te beginnen; de norm is vrij helder."),
        Term("2", "Gemiddeld", "Meerdere belangen wegen tegen elkaar op."),
        Term("3", "Lastig", "Geen eenduidig antwoord; vraagt om een goed gesprek."),
    ),
)

APPROACHES = Vocabulary(
    "approach",
    "Aanpak",
    (
        Term(
            "preventief", "Preventief", "Integriteit op de agenda houden en schendingen voorkomen."
        ),
        Term(
            "repressief",
            "Repressief",
            "Zorgvuldig handelen bij een vermoeden van een integriteitsschending.",
        ),
    ),
)

TERM_PHASES = Vocabulary(
    "term_phase",
    "Fase in de bestuursperiode",
    (
        Term("begin-periode", "Net geïnstalleerd", "De eerste maanden na de installatie."),
        Term("midden-periode", "Midden in de periode", "Het gewone ritme van de bestuursperiode."),
        Term(
            "aanloop-verkiezingen",
            "Aanloop naar verkiezingen",
            "Het laatste jaar voor de verkiezingen, inclusief kandidaatstelling.",
        ),
        Term(
            "na-integriteitskwestie",
            "Na een integriteitskwestie",
            "Na een melding, onderzoek of incident dat de organisatie heeft geraakt.",
        ),
    ),
)

ACTORS = Vocabulary(
    "actors",
    "Betrokkene",
    (
        Term("burgemeester", "Burgemeester"),
        Term("commissaris-van-de-koning", "Commissaris van de Koning"),
        Term("dijkgraaf", "Dijkgraaf"),
        Term("griffier", "Griffier"),
        Term("gemeentesecretaris", "Gemeentesecretaris"),
        Term("provinciesecretaris", "Provinciesecretaris"),
        Term("secretaris-directeur", "Secretaris-directeur waterschap"),
        Term("raad", "Gemeenteraad"),
        Term("provinciale-staten", "Provinciale Staten"),
        Term("algemeen-bestuur", "Algemeen bestuur waterschap"),
        Term("college", "College van B en W"),
        Term("gedeputeerde-staten", "Gedeputeerde Staten"),
        Term("dagelijks-bestuur", "Dagelijks bestuur waterschap"),
        Term("presidium", "Presidium of agendacommissie"),
        Term("fractievoorzitters", "Fractievoorzitters"),
        Term("integriteitsadviseur", "Integriteitsadviseur"),
        Term("vertrouwenspersoon", "Vertrouwenspersoon"),
        Term("extern-onderzoeker", "Extern onderzoeksbureau"),
        Term("politieke-partijen", "Politieke partijen"),
        Term("communicatieadviseur", "Communicatieadviseur"),
    ),
)

CASE_KINDS = Vocabulary(
    "kind",
    "Soort casus",
    (
        Term("personal_interest", "Persoonlijk belang", "Meestemmen of niet bij een eigen belang."),
        Term(
            "secrecy", "Geheimhouding", "Opleggen, delen, schenden en opheffen van geheimhouding."
        ),
    ),
)

INTEREST_TYPES = Vocabulary(
    "interest_type",
    "Soort belang",
    (
        Term("financieel", "Financieel belang", "Eigen geld, bezit of inkomen staat op het spel."),
        Term("eigendom", "Eigendom of woning", "Grond, woning of bedrijfspand van het lid zelf."),
        Term("familie", "Familie of partner", "Het belang van een partner, kind of familielid."),
        Term(
            "bestuursfunctie",
            "Bestuursfunctie",
            "Het lid is bestuurder van een betrokken organisatie.",
        ),
        Term("werkgever", "Werkgever of opdrachtgever", "Het lid werkt voor een betrokken partij."),
        Term(
            "lidmaatschap",
            "Lidmaatschap",
            "Het lid is gewoon lid van een betrokken vereniging of groep.",
        ),
        Term(
            "vertegenwoordiger",
            "Vertegenwoordiger",
            "Het lid is als vertegenwoordiger bij de zaak betrokken.",
        ),
    ),
)

MEMBER_ACTIONS = Vocabulary(
    "member_action",
    "Wat het lid deed",
    (
        Term(
            "beraadslaging-en-stemming",
            "Nam deel aan beraadslaging en stemming",
            "Het lid deed volledig mee.",
        ),
        Term(
            "onthield-zich-van-stemming",
            "Onthield zich alleen van stemming",
            "Het lid deed mee aan het debat, maar niet aan de stemming.",
        ),
        Term(
            "onthield-zich-van-beraadslaging-en-stemming",
            "Onthield zich van beraadslaging en stemming",
            "Het lid deed niet mee aan debat en stemming.",
        ),
        Term(
            "verliet-de-vergadering",
            "Verliet de vergadering bij het agendapunt",
            "Het lid was bij de behandeling niet aanwezig.",
        ),
    ),
)

SECRECY_REGIMES = Vocabulary(
    "regime",
    "Regime",
    (
        Term(
            "voor-2023",
            "Voor 1 april 2023",
            "Oude stelsel (art. 25, 55 en 86 Gemeentewet oud), met bekrachtiging door de raad.",
        ),
        Term(
            "sinds-2023",
            "Sinds 1 april 2023",
            "Nieuwe stelsel (hoofdstuk Va Gemeentewet, art. 87-89), zonder bekrachtiging.",
        ),
    ),
)

SECRECY_BODIES = Vocabulary(
    "imposed_by",
    "Opgelegd door",
    (
        Term("raad", "Gemeenteraad"),
        Term("college", "College van B en W"),
        Term("burgemeester", "Burgemeester"),
        Term("raadscommissie", "Raadscommissie"),
        Term("provinciale-staten", "Provinciale Staten"),
        Term("gedeputeerde-staten", "Gedeputeerde Staten"),
        Term("commissaris-van-de-koning", "Commissaris van de Koning"),
        Term("statencommissie", "Statencommissie"),
        Term("algemeen-bestuur", "Algemeen bestuur waterschap"),
        Term("dagelijks-bestuur", "Dagelijks bestuur waterschap"),
    ),
)

# Grounds are named by their interest, not by sub-paragraph letter.
WOO_GROUNDS = Vocabulary(
    "woo_ground",
    "Grond voor geheimhouding",
    (
        Term(
            "bedrijfsgegevens-vertrouwelijk",
            "Vertrouwelijk meegedeelde bedrijfs- en fabricagegegevens",
            "Woo art. 5.1 lid 1 onder c (absolute grond).",
        ),
        Term(
            "bijzondere-persoonsgegevens",
            "Bijzondere persoonsgegevens",
            "Woo art. 5.1 lid 1 onder d (absolute grond).",
        ),
        Term(
            "economische-financiele-belangen",
            "Economische of financiële belangen van de overheid",
            "Woo art. 5.1 lid 2 onder b (afweging tegen het belang van openbaarheid).",
        ),
        Term(
            "opsporing-en-vervolging",
            "Opsporing en vervolging van strafbare feiten",
            "Woo art. 5.1 lid 2 onder c.",
        ),
        Term(
            "inspectie-controle-toezicht",
            "Inspectie, controle en toezicht door bestuursorganen",
            "Woo art. 5.1 lid 2 onder d.",
        ),
        Term(
            "persoonlijke-levenssfeer",
            "Eerbiediging van de persoonlijke levenssfeer",
            "Woo art. 5.1 lid 2 onder e.",
        ),
        Term(
            "concurrentiegevoelige-gegevens",
            "Concurrentiegevoelige bedrijfs- en fabricagegegevens",
            "Woo art. 5.1 lid 2 onder f: andere dan de vertrouwelijk meegedeelde gegevens van"
            " lid 1 onder c.",
        ),
        Term(
            "geen-geldige-grond",
            "Geen geldige grond",
            "Een reden die niet in Woo art. 5.1 lid 1 of 2 staat, zoals 'politiek gevoelig' of"
            " intern beraad.",
        ),
    ),
)

SECRECY_ISSUES = Vocabulary(
    "secrecy_issue",
    "Wat speelde er",
    (
        Term("correct-toegepast", "Correct toegepast", "Geheimhouding volgens de regels."),
        Term("grond-ongeldig", "Ongeldige grond", "Opgelegd op een grond die niet kwalificeert."),
        Term(
            "verkeerd-gedeeld", "Verkeerd gedeeld", "Gedeeld met mensen die het niet mochten zien."
        ),
        Term("geschonden", "Geschonden", "Geheime informatie is naar buiten gebracht."),
        Term("opgeheven", "Opgeheven", "De geheimhouding is (deels) opgeheven."),
        Term(
            "bekrachtiging",
            "Bekrachtiging (oud stelsel)",
            "De bekrachtiging door de raad onder het stelsel van voor 1 april 2023.",
        ),
        Term(
            "besloten-vergadering", "Besloten vergadering", "Wat besproken is met gesloten deuren."
        ),
    ),
)

STATUSES = Vocabulary(
    "status",
    "Status",
    (
        Term("draft", "Concept"),
        Term("review", "Ter beoordeling"),
        Term("published", "Gepubliceerd"),
        Term("archived", "Gearchiveerd"),
    ),
)

VISIBILITIES = Vocabulary(
    "visibility",
    "Zichtbaarheid",
    (
        Term("public", "Openbaar"),
        Term("internal", "Intern"),
    ),
)

ALL = {
    vocabulary.name: vocabulary
    for vocabulary in (
        THEMES,
        ROLES,
        LEVELS,
        LEGAL_ARTICLES,
        DIFFICULTIES,
        APPROACHES,
        TERM_PHASES,
        ACTORS,
        CASE_KINDS,
        INTEREST_TYPES,
        MEMBER_ACTIONS,
        SECRECY_REGIMES,
        SECRECY_BODIES,
        WOO_GROUNDS,
        SECRECY_ISSUES,
        STATUSES,
        VISIBILITIES,
    )
}
