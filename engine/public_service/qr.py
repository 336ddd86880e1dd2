"""The QR code printed on the receipt, drawn on the server as inline SVG (segno; no outside service)."""

from __future__ import annotations

import io


def qr_svg(text: str, *, title: str = "") -> str:
    """An SVG QR code of ``text`` (medium error correction, dark on white), without an XML declaration."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="svg", scale=4, border=2, xmldecl=False,
                                                 svgns=True, title=title or None, nl=False)
    return buffer.getvalue().decode("utf-8")
