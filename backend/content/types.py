"""The four content types: their fields, prose sections, folders, URLs and filters.

One registry describes each type, so that parsing, validation, the database, the pages
and the API all agree on what a dilemma, a good practice or a case consists of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from backend import vocabulary as v


@dataclass(frozen=True)
class FieldSpec:
    """A front-matter field and the rule it must satisfy.

    kind is one of: text, int, bool, term (one vocabulary value), terms (a list of
    vocabulary values), lines (a list of text lines), options (answer options A-D).
    """

    name: str
    kind: str
    label: str
    required: bool = True
    vocabulary: v.Vocabulary | None = None
    min: int | None = None
    max: int | None = None

    def bounds(self) -> tuple[int, int]:
        """min and max, for the kinds that need both (a fault in the type registry if unset)."""
        if self.min is None or self.max is None:
            raise TypeError(f"field {self.name!r} ({self.kind}) needs both min and max")
        return self.min, self.max

    def terms(self) -> v.Vocabulary:
        """The vocabulary of a term or terms field (a fault in the type registry if unset)."""
        if self.vocabulary is None:
            raise TypeError(f"field {self.name!r} ({self.kind}) needs a vocabulary")
        return self.vocabulary


@dataclass(frozen=True)
class Section:
    """A prose section: its `##` heading in the file and its field name."""

    heading: str
    name: str
    required: bool = True


@dataclass(frozen=True)
class Facet:
    """A list filter: the item field it filters on, its URL parameter and vocabulary."""

    name: str
    param: str
    vocabulary: v.Vocabulary


@dataclass(frozen=True)
class ContentType:
    """Everything the application knows about one type of item."""

    key: str
    api_type: str
    folder: str
    url_prefix: str
    api_prefix: str
    label: str
    plural: str
    fields: tuple[FieldSpec, ...]
    sections: tuple[Section, ...]
    facets: tuple[Facet, ...]
    kind: str | None = None
    intro: str = ""
    field_order: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_order", tuple(spec.name for spec in self.fields))

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    def facet(self, name: str) -> Facet | None:
        return next((facet for facet in self.facets if facet.name == name), None)

    def url(self, slug: str) -> str:
        return f"{self.url_prefix}/{slug}"

    def api_url(self, slug: str) -> str:
        return f"{self.api_prefix}/{slug}"


RECUSAL = v.Vocabulary(
    "recusal_required",
    "Onthouding wettelijk vereist",
    (v.Term("ja", "Ja"), v.Term("nee", "Nee")),
)

COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("slug", "slug", "Slug", min=3, max=80),
    FieldSpec("title", "text", "Titel", min=5, max=120),
    FieldSpec("summary", "text", "Samenvatting", min=20, max=300),
    FieldSpec("themes", "terms", "Thema's", vocabulary=v.THEMES, min=1, max=4),
    FieldSpec("roles", "terms", "Rollen", vocabulary=v.ROLES, min=1, max=14),
    FieldSpec("levels", "terms", "Bestuurslagen", vocabulary=v.LEVELS, min=1, max=3),
    FieldSpec("legal_refs", "terms", "Wetsartikelen", required=False, vocabulary=v.LEGAL_ARTICLES),
)
STATUS_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status", "term", "Status", vocabulary=v.STATUSES),
    FieldSpec("visibility", "term", "Zichtbaarheid", vocabulary=v.VISIBILITIES),
)
THEME_FACET = Facet("themes", "thema", v.THEMES)
# Shown after the theme and the type's own filters: level, role, legal article.
SHARED_FACETS: tuple[Facet, ...] = (
    Facet("levels", "bestuurslaag", v.LEVELS),
    Facet("roles", "rol", v.ROLES),
    Facet("legal_refs", "artikel", v.LEGAL_ARTICLES),
)
CASE_SECTIONS = (
    Section("Feiten", "facts"),
    Section("Vraag", "question"),
    Section("Wat er gebeurde", "what_happened"),
    Section("Uitkomst", "outcome"),
    Section("Beoordeling", "assessment"),
)
CASE_FIELDS = (
    FieldSpec("kind", "kind", "Soort casus", vocabulary=v.CASE_KINDS),
    FieldSpec("year", "int", "Jaar", min=2010, max=2026),
)

DILEMMA = ContentType(
    key="dilemma",
    api_type="dilemma",
    folder="dilemmas",
    url_prefix="/dilemmas",
    api_prefix="/api/v1/dilemmas",
    label="Dilemma",
    plural="Dilemma's",
    intro="Herkenbare situaties om in de raad, de Staten of het algemeen bestuur te bespreken.",
    fields=(
        *COMMON_FIELDS,
        FieldSpec("difficulty", "int", "Moeilijkheid", vocabulary=v.DIFFICULTIES, min=1, max=3),
        FieldSpec("minutes", "int", "Gespreksduur in minuten", min=5, max=45),
        FieldSpec("options", "options", "Antwoordopties", required=False, min=2, max=4),
        *STATUS_FIELDS,
    ),
    sections=(
        Section("Situatie", "situation"),
        Section("Vraag", "question"),
        Section("Om over na te denken", "considerations"),
        Section("Toelichting", "explanation"),
    ),
    facets=(THEME_FACET, Facet("difficulty", "moeilijkheid", v.DIFFICULTIES), *SHARED_FACETS),
)

GOOD_PRACTICE = ContentType(
    key="good_practice",
    api_type="good_practice",
    folder="good_practices",
    url_prefix="/goede-praktijken",
    api_prefix="/api/v1/good-practices",
    label="Goede praktijk",
    plural="Goede praktijken",
    intro=(
        "Hoe burgemeesters, commissarissen van de Koning en dijkgraven hun zorgplicht voor"
        " bestuurlijke integriteit invullen: preventief en bij een vermoeden van een schending."
    ),
    fields=(
        *COMMON_FIELDS,
        FieldSpec("approach", "terms", "Aanpak", vocabulary=v.APPROACHES, min=1, max=2),
        FieldSpec("actors", "terms", "Betrokkenen", vocabulary=v.ACTORS, min=1),
        FieldSpec("term_phase", "terms", "Fase in de periode", vocabulary=v.TERM_PHASES, min=1),
        FieldSpec("steps", "lines", "Stappen", min=3, max=12),
        *STATUS_FIELDS,
    ),
    sections=(
        Section("Doel", "goal"),
        Section("Werkwijze", "method"),
        Section("Aandachtspunten", "points_of_attention"),
        Section("Voorbeeld", "example", required=False),
    ),
    facets=(
        THEME_FACET,
        Facet("approach", "aanpak", v.APPROACHES),
        Facet("term_phase", "fase", v.TERM_PHASES),
        *SHARED_FACETS,
    ),
)

PERSONAL_INTEREST_CASE = ContentType(
    key="personal_interest",
    api_type="case",
    kind="personal_interest",
    folder="cases/personal_interest",
    url_prefix="/casussen/persoonlijk-belang",
    api_prefix="/api/v1/cases",
    label="Casus persoonlijk belang",
    plural="Casussen persoonlijk belang",
    intro=(
        "Mag een lid meestemmen? Casussen over persoonlijk belang, met de afweging en de"
        " uitkomst, ook waar onthouding niet nodig was."
    ),
    fields=COMMON_FIELDS
    + CASE_FIELDS
    + (
        FieldSpec("interest_type", "term", "Soort belang", vocabulary=v.INTEREST_TYPES),
        FieldSpec("interest", "text", "Het belang", min=5, max=200),
        FieldSpec("member_role", "term", "Rol van het lid", vocabulary=v.ROLES),
        FieldSpec("member_action", "term", "Wat het lid deed", vocabulary=v.MEMBER_ACTIONS),
        FieldSpec("recusal_required", "bool", "Onthouding wettelijk vereist"),
    )
    + STATUS_FIELDS,
    sections=CASE_SECTIONS,
    facets=(
        THEME_FACET,
        Facet("interest_type", "soort-belang", v.INTEREST_TYPES),
        Facet("recusal_required", "onthouding", RECUSAL),
        *SHARED_FACETS,
    ),
)

SECRECY_CASE = ContentType(
    key="secrecy",
    api_type="case",
    kind="secrecy",
    folder="cases/secrecy",
    url_prefix="/casussen/geheimhouding",
    api_prefix="/api/v1/cases",
    label="Casus geheimhouding",
    plural="Casussen geheimhouding",
    intro=(
        "Opleggen, delen, schenden en opheffen van geheimhouding, onder het oude stelsel en"
        " onder het stelsel dat sinds 1 april 2023 geldt."
    ),
    fields=COMMON_FIELDS
    + CASE_FIELDS
    + (
        FieldSpec("regime", "term", "Regime", vocabulary=v.SECRECY_REGIMES),
        FieldSpec("imposed_by", "term", "Opgelegd door", vocabulary=v.SECRECY_BODIES),
        FieldSpec("subject", "text", "Waarop", min=5, max=200),
        FieldSpec("woo_ground", "term", "Grond", vocabulary=v.WOO_GROUNDS),
        FieldSpec("shared_with", "text", "Gedeeld met", min=5, max=200),
        FieldSpec("lifted", "text", "Opheffing", min=5, max=200),
        FieldSpec("secrecy_issues", "terms", "Wat speelde er", vocabulary=v.SECRECY_ISSUES, min=1),
    )
    + STATUS_FIELDS,
    sections=CASE_SECTIONS,
    facets=(
        THEME_FACET,
        Facet("regime", "regime", v.SECRECY_REGIMES),
        Facet("secrecy_issues", "kwestie", v.SECRECY_ISSUES),
        Facet("woo_ground", "grond", v.WOO_GROUNDS),
        *SHARED_FACETS,
    ),
)

CONTENT_TYPES: dict[str, ContentType] = {
    content_type.key: content_type
    for content_type in (DILEMMA, GOOD_PRACTICE, PERSONAL_INTEREST_CASE, SECRECY_CASE)
}
CASE_TYPES = (PERSONAL_INTEREST_CASE, SECRECY_CASE)


def content_type_for_folder(relative_folder: str) -> ContentType | None:
    """The content type whose folder is relative_folder (e.g. 'cases/secrecy')."""
    return next((t for t in CONTENT_TYPES.values() if t.folder == relative_folder), None)
