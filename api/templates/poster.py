"""Mini-program posters: a PNG with the member-specific QR code, rendered deterministically.

The QR encodes the mini-program page path with the member's guide code under the template's guide
parameter and the member id: ``pages/x?guide=G001&member=42``. The same inputs give the same bytes
(Pillow writes PNG without timestamps), so a poster is stored once by content address.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

POSTER_SIZE = (600, 800)


def poster_payload(page: str, guide_param: str, guide_code: str, member_id: int) -> str:
    """What the QR code encodes: the page path with the guide code and the member id."""
    sep = "&" if "?" in page else "?"
    return page + sep + urlencode({guide_param or "guide": guide_code, "member": str(member_id)})


def render_poster(payload: str, title: str = "") -> bytes:
    """A PNG poster: white card, the title at the top, the QR code below."""
    import segno
    from PIL import Image, ImageDraw

    qr = segno.make(payload, error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=10, border=4)
    buf.seek(0)
    with Image.open(buf) as raw:
        code = raw.convert("RGB")
    w, h = POSTER_SIZE
    side = min(w - 80, code.width)
    code = code.resize((side, side), Image.Resampling.NEAREST)
    poster = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(poster)
    if title:
        draw.text((40, 40), title.encode("ascii", "ignore").decode()[:60], fill="black")
    poster.paste(code, ((w - side) // 2, h - side - 60))
    out = io.BytesIO()
    poster.save(out, format="PNG", optimize=False)
    return out.getvalue()
