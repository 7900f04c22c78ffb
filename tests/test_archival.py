"""`sohoa ocr` and the archival PDF/A copy, on generated scans, with the real engines."""

import hashlib
import io
import json
import logging
import os
import subprocess
import time
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from PIL import Image

from ocr.archival import write_archival_pdf
from ocr.engine import Engine
from ocr.files import expand, ocr_file
from ocr.options import OcrOptions
from sohoa.cli import main
from sohoa.samples.build import write_corrupt_pdf, write_scan
from sohoa.samples.documents import SampleDoc

ENGINE = Engine(OcrOptions(pdf_dpi=200))


def doc(**kw) -> SampleDoc:
    base = dict(result_id="000.22.11.H01-250210-0009", unit="X02", procedure="ct", number=15,
                issued=date(2025, 2, 10), person="Võ Văn Lực", signer="Trương Công Định")
    return SampleDoc(**{**base, **kw})


def pixels_hash(img: Image.Image) -> str:
    return hashlib.sha256(img.tobytes()).hexdigest()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("name,variant", [("qd.png", ""), ("qd.tif", "bilevel"),
                                          ("qd.jpg", "upside_down")])
def test_archival_pdf_keeps_pixels_and_is_searchable_pdfa(tmp_path: Path, name, variant):
    src = tmp_path / name
    write_scan(doc(variant=variant), src)
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]
    out = write_archival_pdf(src, pages, tmp_path / "out" / "qd.pdf")

    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
        (image,) = (pikepdf.PdfImage(x) for x in pdf.pages[0].get_images().values())
        with Image.open(src) as original:
            assert (image.width, image.height) == original.size
            assert pixels_hash(image.as_pil_image()) == pixels_hash(original)
            if src.suffix == ".jpg":  # a JPEG is embedded byte for byte, not re-encoded
                assert image.obj.read_raw_bytes() == src.read_bytes()
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        assert pdf.pdf_version >= "1.7"
        if variant == "upside_down":  # shown upright, pixels not turned
            assert int(pdf.pages[0].Rotate) == 180
    text = pdftotext(out)
    for expected in ("QUYẾT ĐỊNH", "Số: 15/QĐ-UBND", "ỦY BAN NHÂN DÂN", "Độc lập - Tự do"):
        assert expected in text, expected
    if variant != "bilevel":  # a 1-bit scan turns the red seal black: see README, limits
        assert "Trương Công Định" in text


def test_pdf_input_keeps_its_pages_and_gains_a_text_layer(tmp_path: Path):
    src = tmp_path / "two.pdf"
    write_scan(doc(pages=2, procedure="gpxd"), src)
    before = pikepdf.open(src)
    images_before = [pixels_hash(pikepdf.PdfImage(x).as_pil_image())
                     for p in before.pages for x in p.get_images().values()]
    assert pdftotext(src).strip() == ""  # a scanner PDF: no text
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]
    out = write_archival_pdf(src, pages, tmp_path / "two-a.pdf")
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
        assert [pixels_hash(pikepdf.PdfImage(x).as_pil_image())
                for p in pdf.pages for x in p.get_images().values()] == images_before
    text = pdftotext(out)
    assert "GIẤY PHÉP XÂY DỰNG" in text and "Nơi nhận" in text


def test_ocr_reads_the_signer_under_the_seal_and_the_header_fields(tmp_path: Path):
    src = tmp_path / "qd.png"
    write_scan(doc(), src)
    result = ocr_file(src, tmp_path / "out", ENGINE)
    assert result.error is None and result.pages == 1 and result.review == 0
    fields = json.loads((tmp_path / "out" / "qd.json").read_text(encoding="utf-8"))["fields"]
    values = {k: v["value"] for k, v in fields.items() if v}
    assert values["signer"] == "Trương Công Định"  # printed under the red seal
    assert values["number"] == "15/QĐ-UBND"
    assert values["date"] == "2025-02-10"
    assert values["doc_type"] == "QUYẾT ĐỊNH"
    assert values["issuing_body"] == "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    assert values["subject"].startswith("Về việc")
    assert all(0 < v["certainty"] <= 1 for v in fields.values() if v)


def test_sohoa_ocr_command_writes_page_texts_and_pdfs_and_names_bad_files(tmp_path: Path,
                                                                          capsys):
    inbox = tmp_path / "in"
    write_scan(doc(pages=2, procedure="gpxd", variant="bilevel"), inbox / "gp.tif")
    write_scan(doc(variant="sideways"), inbox / "ct.jpg")
    write_corrupt_pdf(inbox / "hong.pdf")
    (inbox / "manifest.csv").write_text("file,result_id\n", encoding="utf-8")
    assert [p.name for p in expand([inbox])] == ["ct.jpg", "gp.tif", "hong.pdf"]

    rc = main(["ocr", str(inbox), "--output-dir", str(tmp_path / "out"), "--pdf"])
    out = capsys.readouterr()
    assert rc == 3  # one file could not be read: bad input (ExitCode.BAD_INPUT)
    assert "hong.pdf: not read: không đọc được PDF (not a readable PDF" in out.err
    assert "2 file(s) read" in out.out
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["ct.json", "ct.pdf", "ct_p1.txt", "gp.json", "gp.pdf",
                     "gp_p1.txt", "gp_p2.txt"]
    p1 = (tmp_path / "out" / "gp_p1.txt").read_text(encoding="utf-8")
    assert "GIẤY PHÉP XÂY DỰNG" in p1 and p1.endswith("\n")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in (tmp_path / "out" / "ct_p1.txt").read_text(
        encoding="utf-8")
    with pikepdf.open(tmp_path / "out" / "gp.pdf") as pdf:
        assert len(pdf.pages) == 2


def generated_page(tmp_path: Path) -> tuple[np.ndarray, tuple[float, float]]:
    """A generated page as 8-bit RGB, and its resolution."""
    path = tmp_path / "page.png"
    write_scan(doc(), path)
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")), img.info["dpi"]


def the_image(pdf: pikepdf.Pdf, page: int = 0) -> pikepdf.PdfImage:
    (image,) = (pikepdf.PdfImage(x) for x in pdf.pages[page].get_images().values())
    return image


@pytest.mark.parametrize("name", ["qd16.tif", "qd16c.png"])
def test_16_bit_scans_keep_their_samples_in_the_archival_copy(tmp_path: Path, name, caplog):
    rgb, dpi = generated_page(tmp_path)
    # 16-bit samples whose low bits are not a copy of the high ones (v*257 + 0..127, up to
    # 65535), so an 8-bit copy would not pass for the original
    noise = np.random.default_rng(5).integers(0, 128, rgb.shape)
    deep = np.minimum(rgb.astype(np.int64) * 257 + noise, 65535).astype(np.uint16)
    src = tmp_path / name
    if name.endswith(".tif"):
        deep = deep[..., 0]
        Image.fromarray(deep).save(src, dpi=dpi, compression="tiff_deflate")
    else:
        cv2.imwrite(str(src), deep[..., ::-1])  # OpenCV writes BGR
    with caplog.at_level(logging.INFO, logger="sohoa.ocr"):
        pages = [o for _, o in ENGINE.read_pages(src, src.name)]
        out = write_archival_pdf(src, pages, tmp_path / "out" / "qd.pdf")
    with pikepdf.open(out) as pdf:
        image = the_image(pdf)
        assert int(image.obj.BitsPerComponent) == 16
        assert (image.width, image.height) == (deep.shape[1], deep.shape[0])
        samples = np.frombuffer(image.obj.read_bytes(), ">u2").reshape(deep.shape)
        assert np.array_equal(samples, deep)
    kind = "grey" if deep.ndim == 2 else "colour"
    assert f"{name} p1: archival copy keeps the 16-bit {kind} samples" in caplog.messages
    text = pdftotext(out)
    for expected in ("QUYẾT ĐỊNH", "Số: 15/QĐ-UBND", "ỦY BAN NHÂN DÂN", "Võ Văn Lực"):
        assert expected in text, expected


def cmyk_jpeg(rgb: np.ndarray, dpi, path: Path) -> str:
    Image.fromarray(rgb).convert("CMYK").save(path, dpi=dpi, quality=92)
    return "CMYK converted to RGB (no usable ICC profile)"


def la_on_clear_paper(rgb: np.ndarray, dpi, path: Path) -> str:
    # black ink on transparent black paper: dropping the alpha would make the page black
    ink = 255 - np.asarray(Image.fromarray(rgb).convert("L"))
    Image.fromarray(np.dstack([np.zeros_like(ink), ink]), "LA").save(path, dpi=dpi)
    return "transparency laid on white"


def palette_on_clear_paper(rgb: np.ndarray, dpi, path: Path) -> str:
    img = Image.fromarray(rgb).quantize(16)
    paper = int(np.bincount(np.asarray(img).ravel()).argmax())
    palette = img.getpalette()
    palette[3 * paper:3 * paper + 3] = [0, 0, 0]  # the paper's colour: transparent black
    img.putpalette(palette)
    img.save(path, dpi=dpi, transparency=paper)
    return "transparency laid on white"


@pytest.mark.parametrize("name,mode,make", [("cmyk.jpg", "CMYK", cmyk_jpeg),
                                            ("la.png", "LA", la_on_clear_paper),
                                            ("palette.png", "P", palette_on_clear_paper)])
def test_unusual_modes_are_read_and_archived_on_white_paper(tmp_path: Path, name, mode, make,
                                                            caplog):
    rgb, dpi = generated_page(tmp_path)
    src = tmp_path / name
    note = make(rgb, dpi, src)
    with Image.open(src) as img:
        assert img.mode == mode
    with caplog.at_level(logging.INFO, logger="sohoa.ocr"):
        reading = ENGINE.digitize(src, name, tmp_path)
    (page,) = reading.pages
    for expected in ("QUYẾT ĐỊNH", "Số: 15/QĐ-UBND", "Võ Văn Lực"):
        assert expected in page.text, expected
    assert f"{name} p1: read from mode {mode}: {note}" in caplog.messages
    assert f"{name} p1: archival copy (mode {mode}): {note}" in caplog.messages
    with pikepdf.open(reading.documents[0].archival_pdf) as pdf:
        image = the_image(pdf)
        assert int(image.obj.BitsPerComponent) == 8
        pixels = np.asarray(image.as_pil_image().convert("L"))
        assert np.median(pixels) >= 240  # white paper, not black or grey


def archival(src: Path, name: str, work: Path) -> bytes:
    """The archival copy the engine makes of a one-document scan."""
    (doc,) = ENGINE.digitize(src, name, work).documents
    return doc.archival_pdf.read_bytes()


def dates(pdf_bytes: bytes) -> dict[str, str]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        out = {k: str(meta[k]) for k in ("xmp:CreateDate", "xmp:ModifyDate",
                                         "xmp:MetadataDate")}
        out.update({k: str(pdf.docinfo[k]) for k in ("/CreationDate", "/ModDate")})
    return out


@pytest.mark.parametrize("name", ["qd.png", "qd.pdf"])
def test_the_archival_copy_is_the_same_bytes_for_the_same_scan(tmp_path: Path, name):
    src = tmp_path / name
    write_scan(doc(), src)
    made = datetime.fromtimestamp(int(src.stat().st_mtime), UTC)
    first = archival(src, name, tmp_path)
    time.sleep(1.1)  # the clock moves on; the copy does not
    assert archival(src, name, tmp_path) == first
    assert set(dates(first).values()) == {made.isoformat(), made.strftime("D:%Y%m%d%H%M%S+00'00")}

    when = datetime(2024, 3, 15, 8, 30, 5, tzinfo=UTC)
    os.utime(src, (when.timestamp(), when.timestamp()))
    later = archival(src, name, tmp_path)
    assert later != first
    assert dates(later) == {"xmp:CreateDate": "2024-03-15T08:30:05+00:00",
                            "xmp:ModifyDate": "2024-03-15T08:30:05+00:00",
                            "xmp:MetadataDate": "2024-03-15T08:30:05+00:00",
                            "/CreationDate": "D:20240315083005+00'00",
                            "/ModDate": "D:20240315083005+00'00"}
    with pikepdf.open(io.BytesIO(first)) as a, pikepdf.open(io.BytesIO(later)) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])  # derived from the content


def test_a_long_tiff_is_archived_in_pieces_with_every_page_and_its_pixels(tmp_path: Path):
    """A long batch TIFF is made into PDF 16 pages at a time, each piece saved to the work
    folder (memory holds one piece), and joined: every page is there, pixels untouched."""
    from ocr.archival import CHUNK, archival_pdf, save_pdfa
    from ocr.linereader import Geometry
    from ocr.page import PageOcr

    n = CHUNK * 2 + 3
    rng = np.random.default_rng(7)
    frames = [Image.fromarray(rng.integers(0, 256, (140, 100), dtype=np.uint8)) for _ in range(n)]
    src = tmp_path / "lo-dai.tif"
    frames[0].save(src, save_all=True, append_images=frames[1:], compression="tiff_deflate",
                   dpi=(200, 200))
    pages = [PageOcr(i, 200, (100, 140), np.eye(3), Geometry(0, 0.0), False, "", [], 0.0, 1.0,
                     False) for i in range(1, n + 1)]
    work = tmp_path / "work"
    work.mkdir()
    with archival_pdf(src, src.name, pages, work) as pdf:
        save_pdfa(pdf, "lo-dai", datetime(2026, 1, 1, tzinfo=UTC), tmp_path / "out.pdf")
    assert len(list(work.glob("chunk-*.pdf"))) == 3
    with pikepdf.open(tmp_path / "out.pdf") as out:
        assert len(out.pages) == n
        for i in (0, CHUNK, n - 1):
            image = the_image(out, i)
            assert np.array_equal(np.asarray(image.as_pil_image()), np.asarray(frames[i]))


def _hostile_pdf(path: Path, scan: Path) -> None:
    """A PDF as some desks' software writes them: the scanned page, then a typed page in a
    font the file does not embed, a JavaScript open-action, a link running JavaScript, an
    embedded file and a form field."""
    with pikepdf.open(scan) as src, pikepdf.new() as pdf:
        pdf.pages.extend(src.pages)
        font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
        typed = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(b"BT /F1 28 Tf 72 700 Td (THONG BAO KET QUA) Tj ET\n"
                                     b"BT /F1 20 Tf 72 640 Td (So 42 ngay 12 thang 3) Tj ET"))
        pdf.pages.append(pikepdf.Page(typed))
        js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.Root.OpenAction = pdf.make_indirect(js)
        pdf.pages[1].obj.Annots = pdf.make_indirect([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 600, 300, 620],
            A=js))])
        attached = pdf.make_stream(b"secret")
        attached.Type = pikepdf.Name.EmbeddedFile
        pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
            Names=["a.txt", pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F="a.txt",
                                               EF=pikepdf.Dictionary(F=attached))]))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[], NeedAppearances=True)
        pdf.save(path)


def test_a_pdf_with_javascript_and_an_unembedded_font_gives_a_clean_archival_copy(
        tmp_path: Path):
    from ocr.archival import unembedded_fonts

    scan = tmp_path / "scan.pdf"
    write_scan(doc(procedure="gpxd"), scan)
    src = tmp_path / "tu-phan-mem.pdf"
    _hostile_pdf(src, scan)
    original = src.read_bytes()
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]
    out = write_archival_pdf(src, pages, tmp_path / "sach.pdf")
    assert src.read_bytes() == original  # the original is never touched
    with pikepdf.open(out) as pdf:
        for key in ("/OpenAction", "/Names", "/AcroForm", "/AA"):
            assert key not in pdf.Root, key
        assert all("/Annots" not in p.obj and "/AA" not in p.obj for p in pdf.pages)
        assert all(not unembedded_fonts(p) for p in pdf.pages)
        assert len(pdf.pages) == 2 and pdf.pages[1].mediabox[2] == 595
        assert b"app.alert" not in out.read_bytes() and b"secret" not in out.read_bytes()
    text = pdftotext(out)
    # the scanned page keeps its text layer; the typed page, now an image, gets one
    assert "Số: 15/GPXD" in text and "So 42 ngay 12 thang 3" in text


def test_a_page_poppler_cannot_redraw_is_one_clear_error_naming_the_file(
        tmp_path: Path, monkeypatch):
    """The typed page must be redrawn as an image; poppler failing on it is bad input (the
    file goes to quarantine with its reason), not a crash."""
    import pdf2image
    from pdf2image.exceptions import PDFSyntaxError

    from pipeline.errors import BadInputError

    scan = tmp_path / "scan.pdf"
    write_scan(doc(procedure="gpxd"), scan)
    src = tmp_path / "Quyết định hỏng.pdf"
    _hostile_pdf(src, scan)
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]

    def broken(*args, **kwargs):
        raise PDFSyntaxError("Syntax Error: Couldn't find trailer dictionary")

    monkeypatch.setattr(pdf2image, "convert_from_path", broken)
    with pytest.raises(BadInputError) as err:
        write_archival_pdf(src, pages, tmp_path / "sach.pdf")
    assert err.value.name == "Quyết định hỏng.pdf" and "trailer" in err.value.reason


def test_the_text_layer_of_a_page_scanned_askew_reads_as_whole_lines(tmp_path: Path):
    """A page scanned 2° askew: pdftotext (and search) find the motto in one line."""
    src = tmp_path / "lech.png"
    write_scan(doc(variant="skew"), src)
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]
    out = write_archival_pdf(src, pages, tmp_path / "lech.pdf")
    lines = pdftotext(out).splitlines()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in ln for ln in lines)
    assert any("Độc lập - Tự do - Hạnh phúc" in ln for ln in lines)
