"""A hand-over package's description: METS (the files of each document, grouped by result,
i.e. by administrative-procedure file, with their SHA-256) and PREMIS (each file as an object
with its fixity, and what happened to it: ingest, storage, fixity checks, repairs, the people
who confirmed or corrected it). TT 05/2025/TT-BNV describes submission and archival packages
per file and per document; this is their nearest open form: a BagIt bag (app/export.py) whose
data/mets.xml is written here. Pure: records in, XML bytes out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from pipeline.models import AuditEvent

METS = "http://www.loc.gov/METS/"
PREMIS = "http://www.loc.gov/premis/v3"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (f"{METS} https://www.loc.gov/standards/mets/mets.xsd "
                    f"{PREMIS} https://www.loc.gov/standards/premis/premis.xsd")
PROFILE = "sohoa: gói hồ sơ số hóa kết quả TTHC (BagIt + METS + PREMIS, theo TT 05/2025/TT-BNV)"


@dataclass(frozen=True)
class PackageFile:
    use: str             # original | archival | text | metadata
    path: str            # relative to the bag's data/ folder
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True)
class PackageDocument:
    code: str                      # "G06.01_GP_000002_V1"
    result_id: str
    label: str                     # the procedure's name, the holder
    files: tuple[PackageFile, ...]
    events: tuple[AuditEvent, ...]
    metadata_xml: str = ""         # path of its metadata record (XML), relative to data/


def _id(text: str) -> str:
    """An XML ID from a code: letters, digits, '-', '_', '.' only, not starting with a digit."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)
    return "d" + safe


def mets(documents: Iterable[PackageDocument], *, package_id: str, label: str,
         creator: str, created: datetime) -> bytes:
    docs = list(documents)
    root = etree.Element(f"{{{METS}}}mets", nsmap={"mets": METS, "premis": PREMIS,
                                                  "xlink": XLINK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)
    root.set("OBJID", package_id)
    root.set("LABEL", label)
    root.set("PROFILE", PROFILE)
    hdr = etree.SubElement(root, f"{{{METS}}}metsHdr",
                           CREATEDATE=created.isoformat(timespec="seconds"))
    for role, kind, name in (("CREATOR", "ORGANIZATION", creator),
                             ("CREATOR", "OTHER", "sohoa")):
        agent = etree.SubElement(hdr, f"{{{METS}}}agent", ROLE=role, TYPE=kind)
        if kind == "OTHER":
            agent.set("OTHERTYPE", "SOFTWARE")
        etree.SubElement(agent, f"{{{METS}}}name").text = name

    for d in docs:
        if d.metadata_xml:
            meta = next(f for f in d.files if f.path == d.metadata_xml)
            dmd = etree.SubElement(root, f"{{{METS}}}dmdSec", ID=f"dmd-{_id(d.code)}")
            etree.SubElement(dmd, f"{{{METS}}}mdRef", {
                "LOCTYPE": "URL", f"{{{XLINK}}}href": d.metadata_xml, "MDTYPE": "OTHER",
                "OTHERMDTYPE": "SOHOA-TAI-LIEU-SO-HOA", "MIMETYPE": "application/xml",
                "CHECKSUM": meta.sha256, "CHECKSUMTYPE": "SHA-256"})
        amd = etree.SubElement(root, f"{{{METS}}}amdSec", ID=f"amd-{_id(d.code)}")
        prov = etree.SubElement(amd, f"{{{METS}}}digiprovMD", ID=f"prov-{_id(d.code)}")
        wrap = etree.SubElement(prov, f"{{{METS}}}mdWrap", MDTYPE="PREMIS:EVENT")
        etree.SubElement(wrap, f"{{{METS}}}xmlData").append(_premis(d))

    file_sec = etree.SubElement(root, f"{{{METS}}}fileSec")
    groups: dict[str, etree._Element] = {}
    written: set[str] = set()  # an original shared by the documents of a batch: listed once
    for d in docs:
        for f in d.files:
            fid = _file_id(f)
            if fid in written:
                continue
            written.add(fid)
            if f.use not in groups:
                groups[f.use] = etree.SubElement(file_sec, f"{{{METS}}}fileGrp", USE=f.use)
            el = etree.SubElement(groups[f.use], f"{{{METS}}}file", ID=fid,
                                  MIMETYPE=f.media_type, SIZE=str(f.size), CHECKSUM=f.sha256,
                                  CHECKSUMTYPE="SHA-256")
            etree.SubElement(el, f"{{{METS}}}FLocat",
                             {"LOCTYPE": "URL", f"{{{XLINK}}}href": f.path})

    smap = etree.SubElement(root, f"{{{METS}}}structMap", TYPE="logical")
    top = etree.SubElement(smap, f"{{{METS}}}div", TYPE="package", LABEL=label)
    by_result: dict[str, etree._Element] = {}
    for d in docs:
        if d.result_id not in by_result:
            by_result[d.result_id] = etree.SubElement(
                top, f"{{{METS}}}div", TYPE="ho-so", LABEL=f"{d.result_id} {d.label}".strip())
        div = etree.SubElement(by_result[d.result_id], f"{{{METS}}}div", TYPE="tai-lieu",
                               LABEL=d.code, ADMID=f"amd-{_id(d.code)}")
        if d.metadata_xml:
            div.set("DMDID", f"dmd-{_id(d.code)}")
        for f in d.files:
            etree.SubElement(div, f"{{{METS}}}fptr", FILEID=_file_id(f))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _file_id(f: PackageFile) -> str:
    """One ID per file in the package (two documents whose texts are the same still have
    two files; the original of a batch is one file, listed once)."""
    return f"f-{f.use}-{hashlib.sha256(f.path.encode('utf-8')).hexdigest()[:24]}"


def _premis(d: PackageDocument) -> etree._Element:
    p = etree.Element(f"{{{PREMIS}}}premis", version="3.0")
    for f in d.files:
        obj = etree.SubElement(p, f"{{{PREMIS}}}object")
        obj.set(f"{{{XSI}}}type", "premis:file")
        ident = etree.SubElement(obj, f"{{{PREMIS}}}objectIdentifier")
        etree.SubElement(ident, f"{{{PREMIS}}}objectIdentifierType").text = "local"
        etree.SubElement(ident, f"{{{PREMIS}}}objectIdentifierValue").text = f.path
        ch = etree.SubElement(obj, f"{{{PREMIS}}}objectCharacteristics")
        fx = etree.SubElement(ch, f"{{{PREMIS}}}fixity")
        etree.SubElement(fx, f"{{{PREMIS}}}messageDigestAlgorithm").text = "SHA-256"
        etree.SubElement(fx, f"{{{PREMIS}}}messageDigest").text = f.sha256
        etree.SubElement(ch, f"{{{PREMIS}}}size").text = str(f.size)
        fmt = etree.SubElement(etree.SubElement(ch, f"{{{PREMIS}}}format"),
                               f"{{{PREMIS}}}formatDesignation")
        etree.SubElement(fmt, f"{{{PREMIS}}}formatName").text = f.media_type
    for n, e in enumerate(d.events, 1):
        ev = etree.SubElement(p, f"{{{PREMIS}}}event")
        ident = etree.SubElement(ev, f"{{{PREMIS}}}eventIdentifier")
        etree.SubElement(ident, f"{{{PREMIS}}}eventIdentifierType").text = "local"
        etree.SubElement(ident, f"{{{PREMIS}}}eventIdentifierValue").text = \
            f"{_id(d.code)}-{n}"
        etree.SubElement(ev, f"{{{PREMIS}}}eventType").text = EVENT_TYPES.get(e.stage, e.stage)
        etree.SubElement(ev, f"{{{PREMIS}}}eventDateTime").text = \
            e.at.isoformat(timespec="seconds")
        detail = etree.SubElement(ev, f"{{{PREMIS}}}eventDetailInformation")
        etree.SubElement(detail, f"{{{PREMIS}}}eventDetail").text = \
            f"{e.stage}: {e.detail}".strip()
        out = etree.SubElement(ev, f"{{{PREMIS}}}eventOutcomeInformation")
        etree.SubElement(out, f"{{{PREMIS}}}eventOutcome").text = e.outcome
        agent = etree.SubElement(ev, f"{{{PREMIS}}}linkingAgentIdentifier")
        etree.SubElement(agent, f"{{{PREMIS}}}linkingAgentIdentifierType").text = \
            "person" if e.actor else "software"
        etree.SubElement(agent, f"{{{PREMIS}}}linkingAgentIdentifierValue").text = \
            e.actor or "sohoa"
    return p


#: the catalogue's stages as PREMIS event types (id.loc.gov/vocabulary/preservation/eventType)
EVENT_TYPES = {
    "ocr": "metadata extraction", "store": "ingestion", "catalogue": "accession",
    "verify": "fixity check", "repair": "replication", "intake": "validation",
    "review": "validation", "read": "information package creation",
}


def listed_files(mets_xml: bytes) -> dict[str, str]:
    """Every file a METS document lists: its path (relative to data/) -> SHA-256."""
    root = etree.fromstring(mets_xml)
    out = {}
    for f in root.iter(f"{{{METS}}}file"):
        loc = f.find(f"{{{METS}}}FLocat")
        out[loc.get(f"{{{XLINK}}}href")] = f.get("CHECKSUM")
    return out
