"""The digitizing unit's signature on archival copies (pyHanko, PAdES): verified by pyHanko's
validator and by poppler's `pdfsig`, its appearance at the top right of page 1 as shown, a
changed byte caught, a later signature leaving it intact, `sohoa verify`."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from ocr.archival import save_pdfa
from sohoa.samples.build import scanned_pages
from sohoa.samples.documents import sample_documents
from storage.signing import PadesSigner, field_box, make_unit_key, verify, vn_time

UNIT = "Ủy ban nhân dân xã Đông Hòa"
WHEN = datetime(2026, 11, 30, 7, 5, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return make_unit_key(tmp_path_factory.mktemp("signing"), UNIT)


def archival(tmp: Path, rotate: int = 0) -> Path:
    """A PDF/A-2b copy of a page the project's generator renders."""
    page = scanned_pages(sample_documents()[0], dpi=100)[0]
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=100)
    out = tmp / f"copy-{rotate}.pdf"
    with pikepdf.open(io.BytesIO(buf.getvalue())) as pdf:
        if rotate:
            pdf.pages[0].Rotate = rotate
        save_pdfa(pdf, "Bản sao số hóa", WHEN, out)
    return out


def red_share(pdf: Path, tmp: Path, corner: str) -> float:
    """Share of seal-red pixels in a corner of page 1 as poppler shows it."""
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp / "shown")], check=True)
    img = np.asarray(Image.open(next(tmp.glob("shown*.png"))).convert("RGB")).astype(int)
    h, w, _ = img.shape
    part = {"top-right": img[: h // 8, w // 2:], "bottom-left": img[-h // 8:, : w // 2]}[corner]
    red = (part[..., 0] > 150) & (part[..., 1] < 90) & (part[..., 2] < 90)
    for f in tmp.glob("shown*.png"):
        f.unlink()
    return float(red.mean())


def test_a_signed_copy_verifies_with_pyhanko_and_pdfsig_and_stays_pdfa(key, tmp_path):
    p12, passphrase = key
    signed = PadesSigner(p12, passphrase, UNIT).sign(archival(tmp_path))
    verdict = verify(signed, [p12])
    assert verdict.ok, verdict.line
    assert verdict.signer == UNIT and verdict.whole and verdict.pdfa == "2B"
    assert "OK; signed by Ủy ban nhân dân xã Đông Hòa" in verdict.line
    out = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out and "Total document signed" in out
    assert "ETSI.CAdES.detached" in out  # PAdES
    # the appearance: a widget on page 1 at its top right, the seal drawn in red there
    with pikepdf.open(signed) as pdf:
        (widget,) = [a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig"]
        x0, _, x1, y1 = (float(v) for v in widget.Rect)
        _, _, w, h = (float(v) for v in pdf.pages[0].MediaBox)
        assert x1 > w * 0.9 and y1 > h * 0.9 and x0 > w / 2
    assert red_share(signed, tmp_path, "top-right") > 0.002
    # without the unit's certificate as trusted, the verdict says so (self-signed)
    assert "signer not trusted" in verify(signed).line


def test_a_byte_changed_after_signing_is_caught(key, tmp_path):
    p12, passphrase = key
    signed = PadesSigner(p12, passphrase, UNIT).sign(archival(tmp_path))
    data = bytearray(signed.read_bytes())
    at = data.find(b"/Title")
    data[at + 12] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    verdict = verify(bad, [p12])
    assert not verdict.ok and "altered after signing" in verdict.line


def test_a_later_signature_leaves_the_units_intact(key, tmp_path):
    p12, passphrase = key
    signer = PadesSigner(p12, passphrase, UNIT)
    once = signer.sign(archival(tmp_path), tmp_path / "once.pdf")
    twice = signer.sign(once, tmp_path / "twice.pdf")
    verdict = verify(twice, [p12])
    assert verdict.ok and "+1 later signature" in verdict.line
    out = subprocess.run(["pdfsig", str(twice)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 2


def test_a_page_shown_turned_gets_its_appearance_at_the_top_right_as_shown(key, tmp_path):
    p12, passphrase = key
    assert field_box([0, 0, 595, 842], 180) == (14, 14, 204, 76)
    signed = PadesSigner(p12, passphrase, UNIT).sign(archival(tmp_path, 180))
    assert verify(signed, [p12]).ok
    assert red_share(signed, tmp_path, "top-right") > 0.002


def test_the_signing_time_is_written_in_vietnams_time_to_the_second():
    assert vn_time(WHEN) == "30/11/2026 14:05:09 +07:00"


def test_sohoa_verify_says_so_in_one_line_with_the_exit_code(key, tmp_path, env, monkeypatch,
                                                              capsys):
    from sohoa.cli import main

    p12, passphrase = key
    monkeypatch.setenv("SOHOA_SIGNING_PKCS12", str(p12))
    signed = PadesSigner(p12, passphrase, UNIT).sign(archival(tmp_path))
    assert main(["verify", str(signed)]) == 0
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(rf"{re.escape(signed.name)}: OK; signed by {UNIT} at "
                        r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00; PDF/A-2B", line), line
    unsigned = archival(tmp_path, 90)
    assert main(["verify", str(unsigned)]) == 6
    assert "no signature" in capsys.readouterr().out


def test_a_copy_whose_name_is_near_the_limit_is_signed_beside_it(key, tmp_path):
    p12, passphrase = key
    long = tmp_path / ("Quyết định " * 15 + ".pdfa.pdf")  # 249 bytes of UTF-8
    assert len(long.name.encode()) > 240
    archival(tmp_path).rename(long)
    signed = PadesSigner(p12, passphrase, UNIT).sign(long)
    assert signed.parent == long.parent and len(signed.name) < 40
    assert verify(signed, [p12]).ok
