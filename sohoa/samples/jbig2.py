"""A black-and-white scan stored as JBIG2 in a PDF, as scanning software often stores one
(Acrobat's optimised scanned PDF, many desk scanners' own drivers, government portals' PDFs).

Pillow writes no JBIG2, so the stream is put together here, by the standard (ITU-T T.88,
embedded in a PDF as ISO 32000 7.4.7 says: no file header): a page information segment and one
immediate generic region coded MMR, whose data is the T.6 (Group 4) coding Pillow writes for a
TIFF. Lossless: decoded by jbig2dec, it is the page's pixels exactly.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageOps

#: JBIG2 segment types (T.88 7.3)
PAGE_INFORMATION = 48
IMMEDIATE_GENERIC_REGION = 38


def _group4(image: Image.Image) -> bytes:
    """The T.6 data of a 1-bit image, 1 for black as JBIG2 has it (a TIFF's min-is-black
    photometry codes 0 as the black run's colour, so the page is coded inverted)."""
    inverted = ImageOps.invert(image.convert("L")).convert("1")
    buf = io.BytesIO()
    inverted.save(buf, "TIFF", compression="group4", tiffinfo={278: image.height})  # one strip
    with Image.open(io.BytesIO(buf.getvalue())) as tif:
        (offset,), (count,) = tif.tag_v2[273], tif.tag_v2[279]
    return buf.getvalue()[offset:offset + count]


def _segment(number: int, kind: int, data: bytes) -> bytes:
    # number, type (4-byte page association off), no segment referred to, page 1, length
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2_stream(image: Image.Image) -> bytes:
    """A 1-bit page as an embedded JBIG2 stream, one generic region coded MMR."""
    w, h = image.size
    page = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)  # size, no resolution, flags, no stripes
    region = (struct.pack(">IIIIB", w, h, 0, 0, 0)  # the whole page, at 0,0, OR
              + bytes([1])                            # MMR
              + _group4(image))
    return _segment(0, PAGE_INFORMATION, page) + _segment(1, IMMEDIATE_GENERIC_REGION, region)


def store_as_jbig2(path: Path) -> None:
    """Store every 1-bit image of a PDF again as JBIG2, in place: what the page shows stays
    the same, pixel for pixel."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for obj in page.get_images(recursive=False).values():
                image = pikepdf.PdfImage(obj)
                if image.bits_per_component != 1 or image.image_mask:
                    continue
                bitmap = image.as_pil_image().convert("1")
                obj.write(jbig2_stream(bitmap), filter=pikepdf.Name.JBIG2Decode)
                obj.ColorSpace = pikepdf.Name.DeviceGray
                for key in ("/DecodeParms", "/Decode"):
                    if key in obj:
                        del obj[key]
        pdf.save(path)
