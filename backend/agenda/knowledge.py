"""The texts of the knowledge block per subject and level (see shared legal reference).

Each text paraphrases the law as it stands since 2023; an article number appears only where
the legal reference has verified it.
"""

from __future__ import annotations

KNOWLEDGE_TEXT = {
    ("persoonlijk-belang", "gemeente"): (
        "Wanneer doe je niet mee? Een raadslid neemt niet deel aan de beraadslaging en stemming"
        " over een zaak die hem rechtstreeks of middellijk persoonlijk aangaat of waarbij hij als"
        " vertegenwoordiger betrokken is (artikel 28 Gemeentewet; voor het college artikel 58)."
        " Sinds 2023 is dat voor raadsleden de enige regel: artikel 2:4 Awb geldt niet voor hun"
        " beraadslaging en stemming, wel voor de ambtelijke voorbereiding van besluiten. Gewoon"
        " lidmaatschap van een grote vereniging is meestal niet genoeg, een bestuursfunctie of"
        " een financieel belang meestal wel."
    ),
    ("persoonlijk-belang", "provincie"): (
        "Wanneer doe je niet mee? Een Statenlid neemt niet deel aan de beraadslaging en stemming"
        " over een zaak die hem rechtstreeks of middellijk persoonlijk aangaat of waarbij hij als"
        " vertegenwoordiger betrokken is (artikel 28 Provinciewet, dezelfde regel als voor"
        " raadsleden). Artikel 2:4 Awb geldt sinds 2023 niet voor die beraadslaging en stemming,"
        " wel voor de ambtelijke voorbereiding van besluiten. Gewoon lidmaatschap van een grote"
        " vereniging is meestal niet genoeg, een bestuursfunctie of een financieel belang"
        " meestal wel."
    ),
    ("persoonlijk-belang", "waterschap"): (
        "Wanneer doe je niet mee? Bespreek twijfel over een persoonlijk belang vooraf met de"
        " dijkgraaf; de gedragscode die het algemeen bestuur vaststelt (artikel 33 lid 3"
        " Waterschapswet) helpt daarbij. Gewoon lid zijn van een grote groep is meestal geen"
        " persoonlijk belang, een bestuursfunctie of financieel belang meestal wel. Bij de"
        " ambtelijke voorbereiding van besluiten vraagt artikel 2:4 Awb dat het waterschap zonder"
        " vooringenomenheid werkt."
    ),
    ("geheimhouding", "gemeente"): (
        "Sinds 1 april 2023 regelen de artikelen 87 tot en met 89 van de Gemeentewet de"
        " geheimhouding: raad, college, burgemeester en commissies leggen haar op met een"
        " motivering, alleen op grond van een belang uit artikel 5.1 lid 1 of 2 van de Woo."
        " Bekrachtiging door de raad bestaat niet meer; de geheimhouding duurt tot het orgaan dat"
        " haar oplegde (voor stukken aan de raad: de raad) haar opheft. Wie een geheim buiten de"
        " vergadering bekendmaakt, kan strafbaar zijn (artikel 272 Wetboek van Strafrecht). Wat een"
        " lid in de vergadering zelf zegt, valt onder de onschendbaarheid van artikel 22"
        " Gemeentewet: dat schendt wel de geheimhouding en de gedragscode, maar is niet strafbaar."
    ),
    ("geheimhouding", "provincie"): (
        "Provinciale Staten, Gedeputeerde Staten, de commissaris van de Koning en commissies"
        " kunnen geheimhouding opleggen op grond van een belang uit artikel 5.1 van de Woo"
        " (artikel 84 Provinciewet); voor informatie aan Provinciale Staten duurt zij tot de"
        " Staten haar opheffen (artikel 86). Wie een geheim buiten de vergadering bekendmaakt, kan"
        " strafbaar zijn (artikel 272 Wetboek van Strafrecht). Wat een lid in de vergadering zelf"
        " zegt, valt onder de onschendbaarheid van artikel 22 Provinciewet: dat schendt wel de"
        " geheimhouding en de gedragscode, maar is niet strafbaar."
    ),
    ("geheimhouding", "waterschap"): (
        "Sinds 1 april 2023 heeft de Waterschapswet eigen regels over geheimhouding, vergelijkbaar"
        " met die van de Gemeentewet; wat in een besloten vergadering is besproken, is op grond van"
        " de wet geheim. Geheimhouding heeft altijd een grondslag in de wet nodig; het reglement"
        " van orde alleen is niet genoeg. Wie een geheim buiten de vergadering bekendmaakt dat hij"
        " uit hoofde van zijn ambt moet bewaren, kan strafbaar zijn (artikel 272 Wetboek van"
        " Strafrecht)."
    ),
}
