"""The digitizing unit's signature on archival copies (pyHanko): PAdES baseline B-B, an
incremental update (a later signature, a person's or a timestamp, leaves this one intact), its
appearance at the top right of page 1: the unit's seal, its name and the signing time to the
second with Vietnam's offset. And the check of a signed copy (`sohoa verify`).

Keys: a PKCS#12 file. For the demo and tests the set-up makes a self-signed certificate for
the unit into the state folder (owner-only); production points `signing_pkcs12` at the unit's
own (and its passphrase file), or will use a PKCS#11 token (README).
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.errors import BadInputError, ConfigError
from pipeline.errors import SigningError as SigningFailed

log = logging.getLogger("sohoa.signing")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD = "SoHoa"
#: the appearance box, in points: width, height, distance from the top and right edges
BOX_W, BOX_H, MARGIN = 190, 62, 14
#: Noto Sans: embedded in the appearance (PDF/A), Vietnamese; pyHanko sets DejaVu and
#: Liberation with their glyphs spread apart, so they are only the last resort
FONTS = ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")


def vn_time(when: datetime) -> str:
    """"30/11/2026 14:05:09 +07:00": the signing time as the guidance writes it."""
    t = when.astimezone(VN)
    return t.strftime("%d/%m/%Y %H:%M:%S ") + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:]


def _font() -> str:
    for f in FONTS:
        if Path(f).is_file():
            return f
    raise ConfigError("no TrueType font for the signature's appearance",
                      hint="install fonts-dejavu-core (scripts/bootstrap.sh does)")


def make_unit_key(folder: Path, unit_name: str, years: int = 10) -> tuple[Path, Path]:
    """A self-signed certificate for the digitizing unit and its key, as PKCS#12, with a
    random passphrase beside it (both 0600). Returns (p12 path, passphrase path)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit_name),
                      x509.NameAttribute(NameOID.COMMON_NAME, unit_name)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    passphrase = secrets.token_urlsafe(24)
    p12, pw = folder / "unit.p12", folder / "unit.p12.pass"
    data = pkcs12.serialize_key_and_certificates(
        b"unit", key, cert, None,
        serialization.BestAvailableEncryption(passphrase.encode()))
    for path, content in ((p12, data), (pw, passphrase.encode())):
        path.write_bytes(content)
        path.chmod(0o600)
    return p12, pw


def seal_png(unit_name: str, size: int = 220) -> bytes:
    """The unit's seal drawn in red (two rings, a star, its name): a stand-in where the unit
    has not given an image of its own (`signing_seal_image`)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    red = (200, 20, 30, 255)
    d.ellipse((4, 4, size - 4, size - 4), outline=red, width=6)
    d.ellipse((30, 30, size - 30, size - 30), outline=red, width=3)
    c, r = size / 2, size * 0.13
    import math

    pts = [(c + (r if i % 2 == 0 else r * 0.4) * math.cos(math.pi / 2 + i * math.pi / 5),
            c - (r if i % 2 == 0 else r * 0.4) * math.sin(math.pi / 2 + i * math.pi / 5))
           for i in range(10)]
    d.polygon(pts, fill=red)
    font = ImageFont.truetype(_font(), max(10, size // 14))
    words = unit_name.upper()
    w = d.textlength(words, font=font)
    d.text((c - w / 2, c + r + 6), words, fill=red, font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    line: str                   # one line for a person
    signer: str = ""
    signed_at: datetime | None = None
    whole: bool = False         # the signature covers the whole file (nothing added after)
    pdfa: str = ""              # "2B" when the file declares PDF/A-2b


def pkcs12_signer(p12: Path, passphrase_file: Path):
    """The unit's key and certificate from a PKCS#12 file (its passphrase in a file)."""
    from pyhanko.sign import signers

    if not p12.is_file():
        raise ConfigError(f"signing key {p12} does not exist",
                          hint="set SOHOA_SIGNING_PKCS12, or unset it to use the unit key "
                               "the set-up makes")
    passphrase = passphrase_file.read_bytes().strip() if passphrase_file.is_file() else None
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase)
    if signer is None:
        raise ConfigError(f"signing key {p12}: cannot be opened (wrong passphrase?)")
    return signer


def pkcs11_signer(module: Path, token: str, key_label: str, pin_file: Path,
                  cert_label: str | None = None):
    """The unit's key on a PKCS#11 token or HSM (the key never leaves it): the module
    (e.g. SoftHSM's /usr/lib/softhsm/libsofthsm2.so, a vendor's HSM library), the token's label,
    the key's (and certificate's) label, the user PIN in a file (owner-only)."""
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    if not module.is_file():
        raise ConfigError(f"PKCS#11 module {module} does not exist",
                          hint="install the token's library, or fix SOHOA_SIGNING_PKCS11_MODULE")
    if not pin_file.is_file():
        raise ConfigError(f"PKCS#11 PIN file {pin_file} does not exist",
                          hint="write the token's user PIN into it (chmod 600)")
    try:
        session = pkcs11.open_pkcs11_session(
            str(module), token_criteria=TokenCriteria(label=token),
            user_pin=pin_file.read_text(encoding="utf-8").strip())
        return pkcs11.PKCS11Signer(session, key_label=key_label,
                                   cert_label=cert_label or key_label)
    except (PKCS11Error, OSError, ValueError) as exc:
        raise ConfigError(f"PKCS#11 token {token!r} ({module}): {type(exc).__name__} {exc}",
                          hint="check the token's label, the key's label and the PIN") from None


@lru_cache(maxsize=1)
def _writer():
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class KeepMetadata(IncrementalPdfFileWriter):
        """pyHanko rewrites a document's XMP and Info on every update (its producer, the
        time), in a form PDFBox-based validators cannot read. The signature's revision leaves
        both as sohoa wrote them (ocr/xmp.py): still in the usual form, still agreeing."""

        def _update_meta(self) -> None:
            return None

    return KeepMetadata


class PadesSigner:
    """Signs archival PDFs for one digitizing unit, with a pyHanko signer: a PKCS#12 key
    (`pkcs12_signer`) or a PKCS#11 token or HSM (`pkcs11_signer`)."""

    def __init__(self, signer, unit_name: str, seal_image: Path | None = None,
                 level: str = "auto"):
        self.signer = signer
        self.unit_name = unit_name
        self.seal = seal_image.read_bytes() if seal_image else seal_png(unit_name)
        self.font = _font()
        #: "B-LT": the chain's certificates and revocation data embedded (a DSS, added after
        #: the signature), so that the copy can be checked after the certificate expires;
        #: "B-B": the signature only; "auto": B-LT when the certificate names where its
        #: revocation data is (OCSP, CRL) and it can be had, else B-B (a self-signed
        #: certificate has none)
        self.level = level
        cert = signer.signing_cert
        revocable = bool(cert.ocsp_urls or cert.crl_distribution_points)
        self._lt = level == "B-LT" or (level == "auto" and revocable)

    def _validation_context(self):
        from pyhanko_certvalidator import ValidationContext

        cert = self.signer.signing_cert
        own = [cert] if cert.self_signed in ("yes", "maybe") else []
        return ValidationContext(trust_roots=own or None, allow_fetching=True,
                                 other_certs=list(self.signer.cert_registry))

    def _style(self, rotation: int = 0):
        from PIL import Image
        from pyhanko.pdf_utils import layout
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
        from pyhanko.pdf_utils.images import PdfImage
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.stamp import TextStampStyle

        return _rotated_style(TextStampStyle, rotation)(
            stamp_text="Ký bởi: %(unit)s\nThời gian ký: %(when)s\nBản số hóa từ bản giấy",
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(self.font, font_size=7),
                                        font_size=7, leading=9),
            background=PdfImage(Image.open(io.BytesIO(self.seal))),
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(3)),
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins(left=62, right=4, top=2, bottom=2)),
            background_opacity=1.0, border_width=1, border_color=(0.75, 0.1, 0.12))

    def sign(self, path: Path, out: Path | None = None) -> Path:
        """``path`` signed into ``out`` (default: beside it, under a short name), now: the time
        in the appearance is the signature's own, to the second."""
        import logging

        logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset" notes
        return self._sign(path, out)

    def _sign(self, path: Path, out: Path | None) -> Path:
        from pyhanko.sign import fields, signers
        from pyhanko.sign.fields import SigSeedSubFilter
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
        from pyhanko_certvalidator.errors import PathError, ValidationError

        # a short name beside it: a scan's own name may already be near the 255-byte limit
        out = out or path.with_name(
            f"signed-{hashlib.sha256(path.name.encode()).hexdigest()[:16]}.pdf")
        with path.open("rb") as f:
            w = _writer()(f, strict=False)
            page = w.root["/Pages"]["/Kids"][0].get_object()
            rotation = int(page.get("/Rotate", 0)) % 360
            box = field_box([float(v) for v in page.get("/CropBox", page["/MediaBox"])],
                            rotation)
            from pyhanko.sign.fields import enumerate_sig_fields

            taken = {name for name, _, _ in enumerate_sig_fields(w)}
            field = next(f"{FIELD}{n or ''}" for n in range(100) if f"{FIELD}{n or ''}"
                         not in taken)
            def sign(long_term: bool) -> None:
                meta = signers.PdfSignatureMetadata(
                    field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
                    reason="Số hóa từ bản giấy (digitized from the paper original)",
                    location="Việt Nam", name=self.unit_name,
                    embed_validation_info=long_term,
                    validation_context=self._validation_context() if long_term else None,
                    # B-LT in the signature's own revision: it covers the whole file, and
                    # no second revision rewrites the XMP
                    dss_settings=DSSContentSettings(
                        placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                        include_vri=False))
                pdf_signer = signers.PdfSigner(
                    meta, signer=self.signer, stamp_style=self._style(rotation),
                    new_field_spec=fields.SigFieldSpec(field, on_page=0, box=box))
                with out.open("wb") as o:
                    pdf_signer.sign_pdf(w, output=o, appearance_text_params={
                        "unit": self.unit_name, "when": vn_time(datetime.now(UTC))})

            try:
                sign(self._lt)
            except (SigningError, PathError, ValidationError, OSError) as exc:
                if not self._lt or self.level == "B-LT":
                    raise SigningFailed(f"{path.name}: cannot be signed {self.level}: "
                                        f"{exc}") from None
                log.warning("signing at PAdES B-LT failed (%s): signing at B-B from now on",
                            exc)
                self._lt = False
                f.seek(0)
                w = _writer()(f, strict=False)
                sign(False)
        return out


def field_box(page_box: list[float], rotation: int) -> tuple[int, int, int, int]:
    """The signature's rectangle, in the page's own coordinates, that shows at the top right
    of the page as displayed (a scan fed upside down is archived with /Rotate 180)."""
    x0, y0, x1, y1 = page_box
    w, h = x1 - x0, y1 - y0
    dw, dh = (h, w) if rotation in (90, 270) else (w, h)
    corners = [(dw - MARGIN - BOX_W, dh - MARGIN - BOX_H), (dw - MARGIN, dh - MARGIN)]
    back = {0: lambda u, v: (u, v), 90: lambda u, v: (w - v, u),
            180: lambda u, v: (w - u, h - v), 270: lambda u, v: (v, h - u)}[rotation]
    pts = [back(u, v) for u, v in corners]
    xs, ys = [x0 + p[0] for p in pts], [y0 + p[1] for p in pts]
    return int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))


def _rotated_style(base, rotation: int):
    """``base`` (a pyHanko stamp style) whose appearance is turned against the page's
    /Rotate, so that it reads upright where the page is shown turned."""
    if not rotation:
        return base
    from dataclasses import dataclass as dc

    from pyhanko.pdf_utils import generic, layout

    matrix = {90: [0, 1, -1, 0, 0, 0], 180: [-1, 0, 0, -1, 0, 0],
              270: [0, -1, 1, 0, 0, 0]}[rotation]

    @dc(frozen=True)
    class Rotated(base):
        def create_stamp(self, writer, box, text_params):
            if rotation in (90, 270):  # laid out as shown: the field's sides swap
                box = layout.BoxConstraints(width=box.height, height=box.width)
            stamp = super().create_stamp(writer, box, text_params)
            plain = stamp.as_form_xobject

            def as_form_xobject():
                xobj = plain()
                xobj["/Matrix"] = generic.ArrayObject(generic.FloatObject(v) for v in matrix)
                return xobj

            stamp.as_form_xobject = as_form_xobject
            return stamp

    return Rotated


def verify(path: Path, trusted: list[Path] | None = None) -> Verdict:
    """A signed copy checked: the signature intact and covering the whole file, who signed
    and when, and the PDF/A it declares. ``trusted``: certificates (PEM/DER or PKCS#12 without
    passphrase) taken as trust roots; the unit's own self-signed one, say."""
    import logging

    import pikepdf
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # an untrusted (self-signed) certificate is a finding of the verdict, not a traceback
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        with path.open("rb") as f:
            reader = PdfFileReader(f, strict=False)
            sigs = reader.embedded_signatures
            if not sigs:
                return Verdict(False, f"{path.name}: no signature")
            roots = [_load_cert(p) for p in trusted or []]
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
            statuses = [validate_pdf_signature(sig, context) for sig in sigs]
    except (OSError, ValueError) as exc:
        raise BadInputError(path.name, f"not a readable signed PDF: {exc}") from None
    first, last = statuses[0], statuses[-1]
    subject = first.signing_cert.subject.native if first.signing_cert else {}
    signer = subject.get("common_name") or subject.get("organization_name") or ""
    at = first.signer_reported_dt
    # a later signature (a person's, a timestamp) may follow the unit's; nothing else may
    # after the last signature, only what keeps it checkable later (a DSS, a document
    # timestamp: PAdES B-LT / LTA) may follow
    whole = last.coverage is not None and (
        last.coverage.name == "ENTIRE_FILE" or (
            last.coverage.name == "ENTIRE_REVISION"
            and last.modification_level is not None
            and last.modification_level.name in ("NONE", "LTA_UPDATES")))
    problems = [w for w, bad in (
        ("altered after signing", not all(x.intact for x in statuses)),
        ("a signature does not verify", not all(x.valid for x in statuses)),
        ("content added after the last signature", not whole),
        ("signer not trusted", not first.trusted)) if bad]
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        part, conf = meta.get("pdfaid:part", ""), meta.get("pdfaid:conformance", "")
        level = "PAdES B-LT" if "/DSS" in pdf.Root else "PAdES B-B"
    pdfa = f"{part}{conf}".upper()
    when = vn_time(at) if at else "?"
    more = f" (+{len(statuses) - 1} later signature(s))" if len(statuses) > 1 else ""
    line = (f"{path.name}: {'OK' if not problems else 'NOT OK: ' + ', '.join(problems)}; "
            f"signed by {signer} at {when}{more}; {level}; "
            f"{'PDF/A-' + pdfa if pdfa else 'no PDF/A identification'}")
    return Verdict(not problems, line, signer, at, whole, pdfa)


def _load_cert(path: Path):
    from asn1crypto import pem, x509

    data = path.read_bytes()
    if path.suffix.lower() in (".p12", ".pfx"):
        from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

        pw = path.with_name(path.name + ".pass")
        bundle = pkcs12.load_key_and_certificates(
            data, pw.read_bytes().strip() if pw.is_file() else None)
        data = bundle[1].public_bytes(Encoding.DER)
    elif pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def sign_data(signer: PadesSigner, data: bytes) -> bytes:
    """A detached CMS (PKCS#7, DER) signature of ``data`` by the digitizing unit's key (the
    one that signs archival copies: PKCS#12 or PKCS#11): a submitted report's manifest."""
    import asyncio

    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    cms = asyncio.run(signer.signer.async_sign_general_data(
        data, "sha256", detached=True,
        signed_attr_settings=PdfCMSSignedAttributes(signing_time=datetime.now(UTC))))
    return cms.dump()


def verify_data(data: bytes, signature: bytes, trusted: list[Path] | None = None) -> Verdict:
    """A detached CMS signature of ``data`` checked: intact, valid, by whom, when, trusted."""
    import asyncio
    import logging

    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        signed = cms.ContentInfo.load(signature)["content"]
        context = ValidationContext(trust_roots=[_load_cert(p) for p in trusted or []],
                                    allow_fetching=False)
        status = asyncio.run(async_validate_detached_cms(data, signed, context))
    except (ValueError, TypeError, KeyError) as exc:
        return Verdict(False, f"not a readable signature ({exc})")
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    who = subject.get("common_name") or subject.get("organization_name") or ""
    at = status.signer_reported_dt
    problems = [w for w, bad in (("altered after signing", not status.intact),
                                 ("the signature does not verify", not status.valid),
                                 ("signer not trusted", not status.trusted)) if bad]
    line = (f"{'OK' if not problems else 'NOT OK: ' + ', '.join(problems)}; signed by {who} "
            f"at {vn_time(at) if at else '?'}")
    return Verdict(not problems, line, who, at)
