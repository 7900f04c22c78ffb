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
from storage.signing import (
    PadesSigner,
    field_box,
    make_unit_key,
    pkcs12_signer,
    verify,
    vn_time,
)

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
    signed = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(archival(tmp_path))
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


def test_a_long_term_signature_carries_its_chain_when_asked(key, tmp_path):
    """PAdES B-LT: the validation data in a DSS in the signature's own revision, so the
    signature covers the whole file (pdfsig says so too). "auto" signs B-B with a certificate
    that names no revocation data (the self-signed unit key)."""
    p12, passphrase = key
    lt = PadesSigner(pkcs12_signer(p12, passphrase), UNIT, level="B-LT").sign(
        archival(tmp_path))
    with pikepdf.open(lt) as pdf:
        assert "/DSS" in pdf.Root and len(pdf.Root.DSS.Certs) >= 1
    verdict = verify(lt, [p12])
    assert verdict.ok and verdict.whole and "PAdES B-LT" in verdict.line, verdict.line
    out = subprocess.run(["pdfsig", str(lt)], capture_output=True, text=True).stdout
    assert "Total document signed" in out and "Signature is Valid" in out
    auto = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(
        archival(tmp_path, 90), tmp_path / "auto.pdf")
    with pikepdf.open(auto) as pdf:
        assert "/DSS" not in pdf.Root
    assert "PAdES B-B" in verify(auto, [p12]).line


def test_a_byte_changed_after_signing_is_caught(key, tmp_path):
    p12, passphrase = key
    signed = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(archival(tmp_path))
    data = bytearray(signed.read_bytes())
    at = data.find(b"/Title")
    data[at + 12] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    verdict = verify(bad, [p12])
    assert not verdict.ok and "altered after signing" in verdict.line


def test_a_later_signature_leaves_the_units_intact(key, tmp_path):
    p12, passphrase = key
    signer = PadesSigner(pkcs12_signer(p12, passphrase), UNIT)
    once = signer.sign(archival(tmp_path), tmp_path / "once.pdf")
    twice = signer.sign(once, tmp_path / "twice.pdf")
    verdict = verify(twice, [p12])
    assert verdict.ok and "+1 later signature" in verdict.line
    out = subprocess.run(["pdfsig", str(twice)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 2


def test_a_page_shown_turned_gets_its_appearance_at_the_top_right_as_shown(key, tmp_path):
    p12, passphrase = key
    assert field_box([0, 0, 595, 842], 180) == (14, 14, 204, 76)
    signed = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(archival(tmp_path, 180))
    assert verify(signed, [p12]).ok
    assert red_share(signed, tmp_path, "top-right") > 0.002


def test_the_signing_time_is_written_in_vietnams_time_to_the_second():
    assert vn_time(WHEN) == "30/11/2026 14:05:09 +07:00"


def test_sohoa_verify_says_so_in_one_line_with_the_exit_code(key, tmp_path, env, monkeypatch,
                                                              capsys):
    from sohoa.cli import main

    p12, passphrase = key
    monkeypatch.setenv("SOHOA_SIGNING_PKCS12", str(p12))
    signed = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(archival(tmp_path))
    assert main(["verify", str(signed)]) == 0
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(rf"{re.escape(signed.name)}: OK; signed by {UNIT} at "
                        r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00; PAdES B-B; PDF/A-2B", line), line
    unsigned = archival(tmp_path, 90)
    assert main(["verify", str(unsigned)]) == 6
    assert "no signature" in capsys.readouterr().out


def test_a_copy_whose_name_is_near_the_limit_is_signed_beside_it(key, tmp_path):
    p12, passphrase = key
    long = tmp_path / ("Quyết định " * 15 + ".pdfa.pdf")  # 249 bytes of UTF-8
    assert len(long.name.encode()) > 240
    archival(tmp_path).rename(long)
    signed = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(long)
    assert signed.parent == long.parent and len(signed.name) < 40
    assert verify(signed, [p12]).ok


SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")


def test_a_key_on_a_pkcs11_token_signs_and_never_leaves_it(key, tmp_path, env, monkeypatch):
    """The unit's key in a token (SoftHSM, from Debian, as a stand-in for an HSM or a USB
    token): copies are signed through PKCS#11 and verify; no key file is made in the state."""
    import pkcs11
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        pkcs12,
    )
    from pkcs11 import Attribute, CertificateType, ObjectClass

    from app import bootstrap
    from app.settings import load_settings

    assert SOFTHSM.is_file(), "SoftHSM is missing: SOHOA_TESTS=1 scripts/bootstrap.sh"
    p12, passphrase = key
    conf, tokens = tmp_path / "softhsm2.conf", tmp_path / "tokens"
    tokens.mkdir()
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "mot-cua",
                    "--pin", "2468", "--so-pin", "13579"], check=True, capture_output=True)
    private, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(),
                                                         passphrase.read_bytes().strip())
    pem = tmp_path / "key.pem"
    pem.write_bytes(private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    subprocess.run(["softhsm2-util", "--import", str(pem), "--token", "mot-cua", "--label",
                    "don-vi", "--id", "01", "--pin", "2468"], check=True, capture_output=True)
    pem.unlink()
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label="mot-cua")
    with token.open(rw=True, user_pin="2468") as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.TOKEN: True,
            Attribute.VALUE: cert.public_bytes(Encoding.DER), Attribute.LABEL: "don-vi",
            Attribute.ID: b"\x01", Attribute.SUBJECT: cert.subject.public_bytes()})
    pin = tmp_path / "pin"
    pin.write_text("2468\n")
    for k, v in {"SOHOA_SIGNING_PKCS11_MODULE": str(SOFTHSM),
                 "SOHOA_SIGNING_PKCS11_TOKEN": "mot-cua", "SOHOA_SIGNING_PKCS11_KEY": "don-vi",
                 "SOHOA_SIGNING_PKCS11_PIN_FILE": str(pin), "SOHOA_SIGNING_UNIT": UNIT}.items():
        monkeypatch.setenv(k, v)
    app = bootstrap.App(load_settings())
    signed = app.signer().sign(archival(tmp_path))
    verdict = verify(signed, [p12])
    assert verdict.ok and verdict.signer == UNIT and verdict.pdfa == "2B", verdict.line
    assert not (app.settings.state / "signing").exists()  # no key file made
    # a wrong PIN is one clear error, not a traceback
    pin.write_text("0000\n")
    with pytest.raises(Exception) as wrong:
        bootstrap.App(load_settings()).signer()
    assert "PKCS#11 token 'mot-cua'" in str(wrong.value)


PREFLIGHT = ":".join(f"/usr/share/java/{j}.jar" for j in (
    "preflight", "pdfbox2", "xmpbox", "fontbox2", "commons-logging", "javax.activation",
    "jaxb-api"))


def test_pdfbox_reads_the_pdfa_identification_and_metadata_of_a_signed_copy(key, tmp_path):
    """PDFBox's Preflight (Debian's libpdfbox2-java) parses the XMP of a signed copy carrying
    its metadata record: every schema is read (the PDF/A identification, the extension
    schema describing the record). Preflight 2 validates PDF/A-1b only, so it reports the
    part it read, 2, as wrong: that line is the proof it read it."""
    from ocr.archival import embed_metadata

    p12, passphrase = key
    copy = archival(tmp_path)
    embed_metadata(copy, {"DocCode": "G06.01_QĐ_000021_V1", "SignerInfo": "Trương Công Định"})
    signed = PadesSigner(pkcs12_signer(p12, passphrase), UNIT).sign(copy)
    out = subprocess.run(["java", "-cp", PREFLIGHT, "org.apache.pdfbox.preflight.Validator_A1b",
                          str(signed)], capture_output=True, text=True, timeout=300).stdout
    assert "Schema is not set" not in out and "7.3" not in out, out
    assert "part must be 1" in out, out
    with pikepdf.open(signed) as pdf:  # the signature's revision left the metadata as it was
        assert str(pdf.trailer.Info.Producer) == "sohoa"
        assert b"G06.01_Q" in pdf.Root.Metadata.read_bytes()
