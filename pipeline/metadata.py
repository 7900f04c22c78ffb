"""A digitized document's metadata record: the minimal fields of the national digitizing
guidance and of Decree 30/2020/NĐ-CP Phụ lục VI (DocCode, TypeName, CodeNumber,
CodeNotation, IssuedDate, OrganName, Subject, PageAmount, Language, SignerInfo,
Description), with what ties it to the register and to its files. Stored beside the archival
copy as JSON and XML, and embedded in the copy's XMP. Pure: built from what the pipeline read
and matched; serialised here."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

from lxml import etree

from pipeline.document_code import number_parts
from pipeline.models import RegisterEntry

#: the XML record's and the XMP schema's namespace
NAMESPACE = "https://sohoa.github.io/ns/ket-qua-so-hoa/1.0/"
PREFIX = "sohoa"
#: each field and what it holds, in Vietnamese (the XML record's comments, the XMP extension
#: schema's descriptions)
DESCRIPTIONS = {
    "DocCode": "Mã tài liệu số hóa (MCQ_LV_STT_PB)",
    "ResultId": "Mã hồ sơ TTHC",
    "TypeName": "Tên loại văn bản",
    "CodeNumber": "Số của văn bản",
    "CodeNotation": "Ký hiệu của văn bản",
    "IssuedDate": "Ngày, tháng, năm văn bản",
    "OrganName": "Tên cơ quan, tổ chức ban hành văn bản",
    "Subject": "Trích yếu nội dung",
    "PageAmount": "Số trang",
    "Language": "Ngôn ngữ",
    "SignerInfo": "Người ký",
    "Holder": "Chủ hồ sơ",
    "ProcedureCode": "Mã thủ tục hành chính",
    "ProcedureName": "Tên thủ tục hành chính",
    "UnitCode": "Mã đơn vị giải quyết",
    "UnitName": "Tên đơn vị giải quyết",
    "Description": "Ghi chú",
    "Format": "Định dạng bản số hóa",
    "DigitizedBy": "Đơn vị số hóa",
    "DigitizedAt": "Thời điểm số hóa",
    "OriginalFile": "Tệp quét gốc",
    "OriginalSha256": "Mã băm SHA-256 của tệp quét gốc",
    "PageRange": "Các trang trong tệp quét gốc",
    "Version": "Phiên bản",
}


@dataclass(frozen=True)
class DocumentMetadata:
    DocCode: str
    ResultId: str
    TypeName: str
    CodeNumber: str
    CodeNotation: str
    IssuedDate: str
    OrganName: str
    Subject: str
    PageAmount: int
    Language: str
    SignerInfo: str
    Holder: str
    ProcedureCode: str
    ProcedureName: str
    UnitCode: str
    UnitName: str
    Description: str
    Format: str
    DigitizedBy: str
    DigitizedAt: str
    OriginalFile: str
    OriginalSha256: str
    PageRange: str
    Version: int


def field_value(value: object) -> str:
    """A header field as the reader gives it ({"value": …, "certainty": …}) or as stored
    (the value), as text."""
    if isinstance(value, dict):
        value = value.get("value")
    return _nfc(value)


#: characters XML 1.0 cannot hold (control characters but tab, line feed, carriage return)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without what XML cannot hold (a file name with an escape sequence, a text
    layer with control characters)."""
    return _NOT_XML.sub("", text)


def _nfc(value: object) -> str:
    """NFC and XML-safe: the record must be writable as XML and XMP."""
    return xml_safe(unicodedata.normalize("NFC", str(value or ""))).strip()


def _title(text: str) -> str:
    """"GIẤY PHÉP XÂY DỰNG" -> "Giấy phép xây dựng"."""
    text = _nfc(text)
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def build(code: str, fields_read: dict[str, object], entry: RegisterEntry | None, *,
          pages: int, digitized_by: str, digitized_at: datetime, original_file: str,
          original_sha256: str, page_range: str = "", version: int = 1) -> DocumentMetadata:
    """The record: the register's values where the document is matched to a row, what was
    read on the page where the register says nothing."""
    def read(name: str) -> str:
        return field_value(fields_read.get(name))

    number = (entry.document_number if entry and entry.document_number else read("number"))
    code_number, notation = number_parts(number)
    issued = entry.issued_date.isoformat() if entry else read("date")
    type_name = _title(read("doc_type")) or (entry.procedure_name if entry else "")
    return DocumentMetadata(
        DocCode=code, ResultId=entry.result_id if entry else "", TypeName=type_name,
        CodeNumber=code_number, CodeNotation=notation, IssuedDate=issued,
        OrganName=read("issuing_body") or (entry.unit_name if entry else ""),
        Subject=read("subject") or (entry.procedure_name if entry else ""),
        PageAmount=pages, Language="vi",
        SignerInfo=(entry.signer if entry and entry.signer else read("signer")),
        Holder=entry.holder if entry else "",
        ProcedureCode=entry.procedure_code if entry else "",
        ProcedureName=entry.procedure_name if entry else "",
        UnitCode=entry.unit_code if entry else "", UnitName=entry.unit_name if entry else "",
        Description="" if entry else "chưa khớp sổ theo dõi (not matched to the register)",
        Format="PDF/A-2b", DigitizedBy=_nfc(digitized_by),
        DigitizedAt=digitized_at.isoformat(timespec="seconds"),
        OriginalFile=_nfc(original_file), OriginalSha256=original_sha256,
        PageRange=page_range, Version=version)


def to_json(meta: DocumentMetadata) -> bytes:
    return (json.dumps(asdict(meta), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xml(meta: DocumentMetadata) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}TaiLieuSoHoa", nsmap={None: NAMESPACE})
    for f in fields(meta):
        root.append(etree.Comment(f" {DESCRIPTIONS[f.name]} "))
        etree.SubElement(root, f"{{{NAMESPACE}}}{f.name}").text = str(getattr(meta, f.name))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def from_json(data: bytes) -> DocumentMetadata:
    return DocumentMetadata(**json.loads(data))


def xmp_values(meta: DocumentMetadata) -> dict[str, str]:
    """The record as XMP properties of the sohoa schema (every field, as text)."""
    return {f.name: str(getattr(meta, f.name)) for f in fields(meta)}


def issued_date(meta: DocumentMetadata) -> date | None:
    try:
        return date.fromisoformat(meta.IssuedDate)
    except ValueError:
        return None
