import unicodedata

from pipeline.matching import candidate_ids, match_result_id, parse_manifest

REGISTER = {"000.00.06.H56-231027-0361", "000.21.11.H01-240819-0003", "GCN-ĐĂNG-KÝ-7"}


def known(ids):
    return {i for i in ids if i in REGISTER}


def test_dossier_code_anywhere_in_the_file_name():
    assert candidate_ids("QĐ 000.00.06.H56-231027-0361 (bản chính).pdf")[0] == \
        "000.00.06.H56-231027-0361"
    assert match_result_id("000.00.06.H56-231027-0361.tif", {}, known) == (
        "000.00.06.H56-231027-0361", "file name")
    assert match_result_id("scan_000.21.11.H01-240819-0003_p1.jpg", {}, known)[0] == \
        "000.21.11.H01-240819-0003"


def test_whole_stem_as_result_id_with_nfd_file_name():
    nfd = unicodedata.normalize("NFD", "GCN-ĐĂNG-KÝ-7.png")
    assert match_result_id(nfd, {}, known) == ("GCN-ĐĂNG-KÝ-7", "file name")


def test_manifest_matches_generic_names_and_wins():
    manifest = parse_manifest(
        "\ufefffile,result_id\nIMG_0001.jpg,000.00.06.H56-231027-0361\n"
        + unicodedata.normalize("NFD", "Quét ngày 10.pdf") + ",000.21.11.H01-240819-0003\n"
        "IMG_0002.jpg,999.99.99.X99-000000-0000\n"
    )
    assert match_result_id("IMG_0001.jpg", manifest, known)[0] == "000.00.06.H56-231027-0361"
    assert match_result_id("Quét ngày 10.pdf", manifest, known)[0] == \
        "000.21.11.H01-240819-0003"
    rid, why = match_result_id("IMG_0002.jpg", manifest, known)
    assert rid is None and "not in the register" in why


def test_no_id_is_unmatched_with_a_reason():
    rid, why = match_result_id("ban-quet.png", {}, known)
    assert rid is None and "no register result id" in why


def test_dossier_codes_with_four_five_and_six_final_digits_are_read_whole():
    # TT 04/2025/TT-VPCP: four digits or more after the date
    assert candidate_ids("000.00.06.H56-260125-0123_scan.pdf")[0] == "000.00.06.H56-260125-0123"
    assert candidate_ids("000.00.06.H56-260125-01234_scan.pdf")[0] == \
        "000.00.06.H56-260125-01234"
    assert candidate_ids("000.00.06.H56-260125-010123_scan.pdf")[0] == \
        "000.00.06.H56-260125-010123"


def test_a_longer_dossier_code_is_never_matched_as_a_shorter_one():
    known = {"000.00.06.H56-260125-0101"}.intersection
    rid, _how = match_result_id("000.00.06.H56-260125-010123_scan.pdf", {}, known)
    assert rid is None, "…-010123 is another dossier than …-0101"
