"""Files the demo attaches: a one-page PDF and a drawn-looking signature."""

import base64
import math
import zlib


def _one_page_pdf() -> bytes:
    """A blank A4 page with a correct cross-reference table, so strict readers accept it."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


PDF = _one_page_pdf()


def demo_signature() -> str:
    """A drawn-looking line on white, as the signature pad would send it (grayscale PNG)."""
    width, height = 240, 80

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    ink = {(x, int(40 + 22 * math.sin(x / 13) * math.cos(x / 41))) for x in range(20, 220)}
    rows = b"".join(
        b"\x00"
        + bytes(0 if any((x, y + d) in ink for d in (-1, 0, 1)) else 255 for x in range(width))
        for y in range(height)
    )
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x00\x00\x00\x00"
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    raw += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(raw).decode()
