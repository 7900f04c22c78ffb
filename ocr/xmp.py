"""The XMP packet of an archival copy, written in the usual form: one rdf:Description per
schema, each declaring its own namespace, the PDF/A identification as attributes (the form
PDFBox-based tools and veraPDF read), and the document's metadata record under a schema
described by a PDF/A extension schema (so that it is allowed in PDF/A-2b)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from lxml import etree

from pipeline.metadata import xml_safe

X = "adobe:ns:meta/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
SCHEMAS = {
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


def _description(rdf: etree._Element, **namespaces: str) -> etree._Element:
    return etree.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""},
                            nsmap=namespaces)


def _add(parent: etree._Element, ns: str, name: str, text: str | None = None):
    el = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        el.text = xml_safe(text)  # what XML cannot hold is left out
    return el


def xmp_stamp(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def pdf_date(when: datetime) -> str:
    """The Info dictionary's form of the same time: D:YYYYMMDDHHmmSS+00'00."""
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00")


def packet(title: str, created: datetime, modified: datetime, producer: str,
           record: Mapping[str, str] | None = None, *, namespace: str = "",
           prefix: str = "", descriptions: Mapping[str, str] | None = None,
           schema_name: str = "") -> bytes:
    """The whole packet (xpacket wrapper included), UTF-8."""
    root = etree.Element(f"{{{X}}}xmpmeta", nsmap={"x": X})
    rdf = etree.SubElement(root, f"{{{RDF}}}RDF", nsmap={"rdf": RDF})
    pdfaid = SCHEMAS["pdfaid"]
    _description(rdf, pdfaid=pdfaid).attrib.update(
        {f"{{{pdfaid}}}part": "2", f"{{{pdfaid}}}conformance": "B"})
    dc = _description(rdf, dc=SCHEMAS["dc"])
    _add(dc, SCHEMAS["dc"], "format", "application/pdf")
    alt = etree.SubElement(_add(dc, SCHEMAS["dc"], "title"), f"{{{RDF}}}Alt")
    etree.SubElement(alt, f"{{{RDF}}}li", {f"{{{XML}}}lang": "x-default"}).text = \
        xml_safe(title)
    xmp = _description(rdf, xmp=SCHEMAS["xmp"])
    for name, when in (("CreatorTool", None), ("CreateDate", created),
                       ("ModifyDate", modified), ("MetadataDate", modified)):
        _add(xmp, SCHEMAS["xmp"], name, producer if when is None else xmp_stamp(when))
    _add(_description(rdf, pdf=SCHEMAS["pdf"]), SCHEMAS["pdf"], "Producer", producer)
    if record:
        _extension(rdf, namespace, prefix, schema_name, descriptions or {}, list(record))
        values = _description(rdf, **{prefix: namespace})
        for name, value in record.items():
            _add(values, namespace, name, value)
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body
            + '<?xpacket end="w"?>').encode("utf-8")


def _extension(rdf: etree._Element, namespace: str, prefix: str, schema_name: str,
               descriptions: Mapping[str, str], names: list[str]) -> None:
    ext, sch, prop = (SCHEMAS[k] for k in ("pdfaExtension", "pdfaSchema", "pdfaProperty"))
    d = _description(rdf, pdfaExtension=ext, pdfaSchema=sch, pdfaProperty=prop)
    bag = etree.SubElement(_add(d, ext, "schemas"), f"{{{RDF}}}Bag")
    li = etree.SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    _add(li, sch, "schema", schema_name)
    _add(li, sch, "namespaceURI", namespace)
    _add(li, sch, "prefix", prefix)
    seq = etree.SubElement(_add(li, sch, "property"), f"{{{RDF}}}Seq")
    for name in names:
        p = etree.SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        _add(p, prop, "name", name)
        _add(p, prop, "valueType", "Text")
        _add(p, prop, "category", "external")
        _add(p, prop, "description", descriptions.get(name, name))
