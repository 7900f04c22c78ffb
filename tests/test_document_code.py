"""Document codes, file names and metadata records as the digitizing guidance asks, and the
XMP packet an archival copy carries them in (pure, and one real PDF)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pikepdf
from lxml import etree

from ocr.archival import embed_metadata, save_pdfa
from pipeline import metadata
from pipeline.document_code import (
    archival_file_name,
    document_code,
    number_parts,
    type_abbreviation,
    with_version,
)
from pipeline.models import Level, RegisterEntry
from pipeline.timezone import VIETNAM

ENTRY = RegisterEntry("000.00.11.H01-250312-0104", "1.004227",
                      "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", "000.00.11.H01",
                      "Huyện Ngọc Lâm", Level.DISTRICT, date(2025, 3, 12),
                      document_number="188/GPXD", signer="Phạm Quang Huy",
                      holder="Đặng Thị Đào")


def test_codes_follow_mcq_lv_stt_pb():
    assert type_abbreviation("QUYẾT ĐỊNH") == "QĐ"
    assert type_abbreviation("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH") == "GCN"
    assert type_abbreviation("Giấy phép xây dựng") == "GP"
    # nothing read on the page: the procedure's name says what it gives
    assert type_abbreviation("", "Cấp giấy phép xây dựng nhà ở riêng lẻ") == "GP"
    assert type_abbreviation("", "Đăng ký khai sinh") == "KQ"
    code = document_code("G06.01", "QĐ", 21)
    assert code == "G06.01_QĐ_000021_V1" and with_version(code, 2) == "G06.01_QĐ_000021_V2"
    assert archival_file_name(code, date(2025, 3, 12), "Quyết định về việc Đất đai") == \
        "G06.01_QĐ_000021_V1_20250312_Quyet-dinh-ve-viec-Dat-dai.pdf"
    assert number_parts("435/QĐ-UBND") == ("435", "QĐ-UBND")
    assert number_parts("188 / GPXD") == ("188", "GPXD")


def record(entry=ENTRY) -> metadata.DocumentMetadata:
    read = {"number": {"value": "188/GPXD", "certainty": 0.9},
            "doc_type": {"value": "GIẤY PHÉP XÂY DỰNG", "certainty": 0.9},
            "issuing_body": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LÂM",
            "subject": "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
            "date": "2025-03-12", "signer": "Phạm Quang Huy"}
    return metadata.build("G06.01_GP_000002_V1", read, entry, pages=2,
                          digitized_by="Bộ phận Một cửa",
                          digitized_at=datetime(2026, 11, 30, 16, 5, 9, tzinfo=VIETNAM),
                          original_file="scan_0001.pdf", original_sha256="ab" * 32,
                          page_range="2-3")


def test_the_metadata_record_has_the_guidance_fields_in_json_and_xml():
    r = record()
    data = json.loads(metadata.to_json(r))
    assert {"DocCode", "TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName",
            "Subject", "PageAmount", "Language", "SignerInfo", "Description"} <= set(data)
    assert (data["TypeName"], data["CodeNumber"], data["CodeNotation"]) == (
        "Giấy phép xây dựng", "188", "GPXD")
    assert data["Holder"] == "Đặng Thị Đào" and data["DigitizedAt"].endswith("+07:00")
    assert metadata.from_json(metadata.to_json(r)) == r
    root = etree.fromstring(metadata.to_xml(r))
    ns = {"s": metadata.NAMESPACE}
    assert root.findtext("s:OrganName", namespaces=ns) == "ỦY BAN NHÂN DÂN HUYỆN NGỌC LÂM"
    assert root.findtext("s:PageAmount", namespaces=ns) == "2"
    # not matched: what was read on the page, and a note saying so
    loose = record(entry=None)
    assert loose.CodeNumber == "188" and loose.ResultId == "" and "chưa khớp" in \
        loose.Description


def test_the_archival_copy_carries_the_record_in_xmp_pdfa_identification_readable(tmp_path):
    out = tmp_path / "a.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        save_pdfa(pdf, "Quyết định", datetime(2025, 1, 1, tzinfo=UTC), out)
    embed_metadata(out, metadata.xmp_values(record()))
    with pikepdf.open(out) as pdf:
        raw = pdf.Root.Metadata.read_bytes()
        assert "/Filter" not in pdf.Root.Metadata.stream_dict  # PDF/A: not compressed
        info = pdf.trailer.Info
        assert str(info.Title) == "Quyết định" and str(info.CreationDate).startswith(
            "D:20250101000000")
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta[f"{{{metadata.NAMESPACE}}}DocCode"] == "G06.01_GP_000002_V1"
        assert meta[f"{{{metadata.NAMESPACE}}}SignerInfo"] == "Phạm Quang Huy"
    # the usual form: the PDF/A identification as attributes of an rdf:Description that
    # declares its namespace; every sohoa property described by an extension schema
    xml = etree.fromstring(raw[raw.index(b"<x:xmpmeta"):raw.index(b"</x:xmpmeta>") + 12])
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    ident = [d for d in xml.iter(f"{rdf}Description")
             if "{http://www.aiim.org/pdfa/ns/id/}part" in d.attrib]
    assert len(ident) == 1 and ident[0].nsmap.get("pdfaid") == "http://www.aiim.org/pdfa/ns/id/"
    described = {e.text for e in xml.iter("{http://www.aiim.org/pdfa/ns/property#}name")}
    assert described == set(metadata.DESCRIPTIONS)


def test_a_copy_whose_name_is_near_the_limit_gets_its_record(tmp_path):
    """The copy of a scan named with 248 bytes: its record is put in all the same."""
    out = tmp_path / ("000.00.11.H01-240315-0001-" + "đ" * 109 + ".pdfa.pdf")
    assert len(out.name.encode()) > 245
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        save_pdfa(pdf, "Quyết định", datetime(2025, 1, 1, tzinfo=UTC), out)
    embed_metadata(out, metadata.xmp_values(record()))
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata()[f"{{{metadata.NAMESPACE}}}Holder"] == "Đặng Thị Đào"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_file_name_with_control_characters_still_gives_a_record_and_xmp(tmp_path):
    """A name handed in with an escape sequence: the record leaves out what XML cannot hold."""
    r = metadata.build("MCQ_QĐ_000001_V1", {}, None, pages=1, digitized_by="Bộ phận Một cửa",
                       digitized_at=datetime(2026, 11, 30, tzinfo=VIETNAM),
                       original_file="\x1b]0;Quyết định\x07.pdf", original_sha256="ab" * 32)
    assert etree.fromstring(metadata.to_xml(r)).findtext(
        f"{{{metadata.NAMESPACE}}}OriginalFile") == "]0;Quyết định.pdf"
    out = tmp_path / "a.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        save_pdfa(pdf, "x\x1b", datetime(2025, 1, 1, tzinfo=UTC), out)
    embed_metadata(out, {**metadata.xmp_values(r), "Description": "a\x0cb"})


def test_two_documents_with_the_same_text_are_both_listed_in_mets():
    from pipeline.package import PackageDocument, PackageFile, listed_files, mets

    same = "e3b0" * 16  # both texts empty
    docs = [PackageDocument(code, rid, "", (PackageFile("text", f"{rid}/{code}.txt", same, 0,
                                                        "text/plain"),
                                            PackageFile("original", "originals/b.pdf",
                                                        "aa" * 32, 9, "application/pdf")), ())
            for code, rid in (("MCQ_KQ_000001_V1", "R-1"), ("MCQ_KQ_000002_V1", "R-2"))]
    xml = mets(docs, package_id="p", label="p", creator="Bộ phận Một cửa",
               created=datetime(2026, 11, 30, tzinfo=VIETNAM))
    assert set(listed_files(xml)) == {"R-1/MCQ_KQ_000001_V1.txt", "R-2/MCQ_KQ_000002_V1.txt",
                                      "originals/b.pdf"}
