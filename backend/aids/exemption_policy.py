"""The model policy framework for exemptions (Gemw art. 15 lid 2) a province can adapt."""

from __future__ import annotations

# The model policy framework a province can adapt: (heading, paragraphs).
POLICY_FRAMEWORK = (
    (
        "Doel",
        [
            (
                "Dit kader beschrijft hoe Gedeputeerde Staten van [provincie] "
                "beslissen op een verzoek om ontheffing van het verbod van artikel "
                "15 lid 1 onder d Gemeentewet (artikel 15 lid 2). Het is een model:"
                " de wet noemt geen gronden, en de praktijk verschilt per "
                "provincie."
            )
        ],
    ),
    (
        "Reikwijdte",
        [
            (
                "Het verbod geldt voor overeenkomsten van een raadslid, "
                "rechtstreeks of middellijk, met de gemeente over aanneming van "
                "werk, betaalde werkzaamheden buiten dienstbetrekking, levering van"
                " roerende zaken en het onderhands verwerven, huren of pachten van "
                "onroerende zaken."
            ),
            (
                "Een openbare toewijzing met gelijke kansen (inschrijving, loting, "
                "selectieprocedure) is niet onderhands; daarvoor is geen ontheffing"
                " nodig."
            ),
        ],
    ),
    (
        "Het verzoek",
        [
            (
                "Het verzoek bevat: de overeenkomst en de wederpartij; de prijs en "
                "hoe die is bepaald (taxatie, offertes); de rol van het raadslid "
                "bij voorbereiding, besluit en toezicht; de alternatieven van de "
                "gemeente; hoe de overeenkomst openbaar wordt gemaakt; een "
                "verklaring van het college over de procedure."
            )
        ],
    ),
    (
        "Toetsingskader",
        [
            (
                "Gedeputeerde Staten beoordelen of belangenverstrengeling in het "
                "concrete geval voldoende is uitgesloten. Zij wegen daarbij ten "
                "minste: marktconformiteit, de invloed van het raadslid, de "
                "alternatieven, de openbaarheid en de voorwaarden die het risico "
                "beperken."
            )
        ],
    ),
    (
        "Voorwaarden",
        [
            (
                "Een ontheffing kan worden verleend onder voorwaarden, zoals: het "
                "raadslid neemt niet deel aan besluiten over de overeenkomst; de "
                "duur is beperkt; de prijs wordt periodiek herzien; de overeenkomst"
                " wordt openbaar gemaakt."
            )
        ],
    ),
    (
        "Procedure",
        [
            (
                "Gedeputeerde Staten beslissen binnen [termijn] na ontvangst van "
                "het volledige verzoek. [Afdeling] bereidt het besluit voor en "
                "vraagt zo nodig de gemeente om informatie."
            )
        ],
    ),
    (
        "Openbaarheid en evaluatie",
        [
            (
                "Verleende ontheffingen worden met hun motivering gepubliceerd. "
                "Gedeputeerde Staten evalueren dit kader [periode]."
            )
        ],
    ),
)
