"""QR codes for the join link, as inline SVG (no image files, no external service)."""

from __future__ import annotations

from html import escape

import segno
from markupsafe import Markup


def qr_svg(url: str, title: str) -> Markup:
    """An SVG QR code that scales with its container, announced by screen readers as `title`."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, svgclass="dt-qr", dark="#000", light="#fff"
    )
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1))
