"""Every legal basis the aids cite: the vocabulary slug (for the law pages) and the citation.

The content of each rule is taken from the project's legal reference (corrected 2026-11-30);
the Woo 5.1 paragraphs and Pw art. 28 were also read in the statute text (see docs/aids.md).
A basis without a slug is cited in text only: the collection has no page for it.
"""

from __future__ import annotations

from backend.aids.model import Basis

GEMW_28 = Basis("gemeentewet-28", "art. 28 Gemeentewet")
GEMW_58 = Basis("gemeentewet-58", "art. 58 Gemeentewet")
PW_28 = Basis("provinciewet-28", "art. 28 Provinciewet")
AWB_2_4 = Basis("awb-2-4", "art. 2:4 Awb")
WET_35546 = Basis("wet-35546", "Wet bevorderen integriteit en functioneren decentraal bestuur")

GEMW_22 = Basis("gemeentewet-22", "art. 22 Gemeentewet")
PW_22 = Basis(None, "art. 22 Provinciewet")
GEMW_23 = Basis("gemeentewet-23", "art. 23 lid 4 Gemeentewet")
GEMW_82 = Basis("gemeentewet-82", "art. 82 lid 5 Gemeentewet")
GEMW_87 = Basis("gemeentewet-87", "art. 87 Gemeentewet")
GEMW_88 = Basis("gemeentewet-88", "art. 88 Gemeentewet")
GEMW_89 = Basis("gemeentewet-89", "art. 89 Gemeentewet")
GEMW_OLD = Basis("gemeentewet-25-oud", "art. 25, 55 en 86 Gemeentewet (oud, tot 1 april 2023)")
PW_84 = Basis("provinciewet-84", "art. 84 Provinciewet")
PW_86 = Basis("provinciewet-86", "art. 86 Provinciewet")
WOO_5_1 = Basis("woo-5-1", "art. 5.1 Woo")
SR_272 = Basis("sr-272", "art. 272 Wetboek van Strafrecht")

GEMW_15 = Basis("gemeentewet-15", "art. 15 Gemeentewet")
