"""The fixed phrases of Vietnamese administrative documents, to restore their marks. Pure.

An engine that sees a syllable's letters may still miss its marks: "ỦY BẠN NHÂN DÂN",
"KẾT QUÁ", "Nội nhận". The phrases every Decree 30/2020 document is made of (the national
title and motto, the names of bodies and offices, the document types, the words of the
signing block and of the legal bases) are known in advance. Where a line's letters, marks
set aside, are exactly those of such a phrase, at word boundaries, the phrase's marks are put
back: only marks (and đ/d) change, and only inside a whole phrase of two syllables or more.
One word that Vietnamese does not write and that is a letter away from the phrase's ("BÁN LẺ
SẢN PHM RƯỢU", "giải quvết") is the phrase's word: the phrase's other words stand on the page,
and what was read there is no word at all. Phrases are found across a
line's end too (`restore_across`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ocr.lexicon import in_use, reads_as_words
from ocr.vietnamese import (
    base_form,
    between,
    cased_like,
    one_per_letters,
    replace_spans,
    syllables,
)
from pipeline.header import TITLES, near_title, squeezed
from pipeline.letters import edit_distance

#: Written once from the Decree 30/2020 templates and the vocabulary of one-stop results;
#: not drawn from any measured page.
PHRASES = """
ỦY BAN NHÂN DÂN | HỘI ĐỒNG NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc | Nơi nhận | Như trên | Lưu: VT | Như Điều
TM. ỦY BAN NHÂN DÂN | KT. CHỦ TỊCH | PHÓ CHỦ TỊCH | CHỦ TỊCH | CHÁNH VĂN PHÒNG
TRƯỞNG PHÒNG | PHÓ TRƯỞNG PHÒNG | GIÁM ĐỐC | PHÓ GIÁM ĐỐC | CHI CỤC TRƯỞNG
QUYẾT ĐỊNH | THÔNG BÁO | TỜ TRÌNH | BIÊN BẢN | KẾ HOẠCH | BÁO CÁO | GIẤY MỜI
GIẤY PHÉP | GIẤY XÁC NHẬN | GIẤY CHỨNG NHẬN | GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
TRÍCH LỤC | BẢN SAO | BẢN CHÍNH | CÔNG VĂN | HỢP ĐỒNG | GIẤY ỦY QUYỀN
Về việc | Căn cứ | Theo đề nghị của | Xét đề nghị của | Xét hồ sơ
Luật Tổ chức chính quyền địa phương | Luật Đất đai | Luật Hộ tịch | Luật Xử lý vi phạm hành chính
Nghị định | Thông tư | Chính phủ | Thủ tướng Chính phủ | Bộ trưởng
Quyết định này có hiệu lực kể từ ngày ký | có hiệu lực thi hành | chịu trách nhiệm thi hành
tổ chức thực hiện | chịu trách nhiệm | theo quy định của pháp luật | theo quy định
Ủy ban nhân dân | Hội đồng nhân dân | Văn phòng | Chánh Văn phòng | Bộ phận Một cửa
Bộ phận tiếp nhận và trả kết quả | Trung tâm Phục vụ hành chính công | dịch vụ công trực tuyến
thủ tục hành chính | hồ sơ | kết quả | tiếp nhận | hẹn trả kết quả | giải quyết
Phòng Tài nguyên và Môi trường | Phòng Kinh tế | Phòng Tư pháp | Phòng Văn hóa và Thông tin
Văn phòng đăng ký đất đai | Kho bạc Nhà nước | Chi cục Thuế | Đội Thuế | Ngân hàng Chính sách xã hội
công chức | Tư pháp - Hộ tịch | Địa chính - Xây dựng | Văn hóa - Xã hội | Tài chính - Kế toán
Công an xã | Trưởng Công an | Trưởng thôn | Trưởng xóm | Bí thư Chi bộ
quyền sử dụng đất | tài sản gắn liền với đất | tiền sử dụng đất | mục đích sử dụng đất
thửa đất số | tờ bản đồ số | diện tích | đất nông nghiệp | nghĩa vụ tài chính
vi phạm hành chính | xử phạt | khiếu nại | khởi kiện | cưỡng chế | hành vi vi phạm
bảo trợ xã hội | trợ cấp xã hội | bảo hiểm y tế | bảo hiểm xã hội | hộ nghèo | hộ cận nghèo
đăng ký | khai sinh | kết hôn | khai tử | hộ kinh doanh | thường trú | tạm trú
Căn cước | căn cước công dân | công dân | tiếp công dân | định danh điện tử | chuyển đổi số
mã số thuế
phòng, chống thiên tai | tìm kiếm cứu nạn | bổ sung | đề nghị | phê duyệt | dự toán
sinh ngày | nơi cư trú | quê quán | dân tộc | quốc tịch | giới tính
đối với | đối tượng | điều kiện | đơn vị | địa bàn
tổ công tác | kiện toàn | thành viên | tổ chức | thông tin | xác minh
số tiền | bằng chữ | đồng | triệu đồng | nghìn đồng | người nộp | nơi nộp
ký hiệu | ngày ký | người ký | chữ ký
chuyển mục đích sử dụng đất | chuyển nhượng quyền sử dụng đất | tặng cho quyền sử dụng đất
thừa kế quyền sử dụng đất | cấp Giấy chứng nhận quyền sử dụng đất | đăng ký biến động
đất ở tại nông thôn | đất ở tại đô thị | đất trồng cây lâu năm | đất trồng lúa
đăng ký khai sinh | đăng ký kết hôn | đăng ký khai tử | đăng ký lại khai sinh
trích lục khai sinh | trích lục kết hôn | trích lục khai tử | xác nhận tình trạng hôn nhân
chứng thực bản sao từ bản chính | chứng thực chữ ký | chứng thực hợp đồng
cấp giấy phép xây dựng | đăng ký hộ kinh doanh | bán lẻ sản phẩm rượu | bán lẻ sản phẩm thuốc lá
trợ cấp xã hội hằng tháng | người cao tuổi | người khuyết tật | hộ gia đình | mai táng phí
hỗ trợ chi phí mai táng | trẻ em mồ côi | hoàn cảnh khó khăn | có công với cách mạng
Quyết định này | Thủ trưởng các cơ quan | các cơ quan, đơn vị | tổ chức, cá nhân | có liên quan
cơ quan, tổ chức | kể từ ngày | sửa đổi, bổ sung | quy định chi tiết | hướng dẫn thi hành
Chủ tịch Ủy ban nhân dân | Phó Chủ tịch Ủy ban nhân dân | Ủy ban Mặt trận Tổ quốc Việt Nam
Mặt trận Tổ quốc | Hội Liên hiệp Phụ nữ | Đoàn Thanh niên | Hội Nông dân | Hội Cựu chiến binh
cải cách hành chính | cơ chế một cửa | một cửa liên thông | Cổng Dịch vụ công quốc gia
kết quả giải quyết thủ tục hành chính | chữ ký số | bản điện tử | hồ sơ điện tử | số hóa
thời hạn giải quyết | đúng hạn | quá hạn | người dân | doanh nghiệp | địa phương
đơn vị hành chính | sắp xếp đơn vị hành chính | số định danh cá nhân | nơi thường trú
giấy tờ tùy thân | chứng minh nhân dân | hộ chiếu | ngày cấp | nơi cấp
đất phi nông nghiệp | đất rừng sản xuất | quyền sở hữu nhà ở | tài sản khác gắn liền với đất
bản đồ địa chính | trích đo địa chính | mốc giới | ranh giới | diện tích đất
đăng ký kinh doanh | ngành, nghề kinh doanh | vốn kinh doanh | thuế thu nhập cá nhân
lệ phí trước bạ | phí, lệ phí | ngân sách nhà nước | khắc phục hậu quả | hình thức xử phạt
phạt tiền | biện pháp khắc phục hậu quả | tình tiết tăng nặng | tình tiết giảm nhẹ
lập biên bản | người vi phạm | trật tự xây dựng | công trình xây dựng | nhà ở riêng lẻ
vệ sinh môi trường | bảo vệ môi trường | phòng cháy, chữa cháy | an toàn thực phẩm
người có công | thương binh | liệt sĩ | trợ cấp một lần | đối tượng bảo trợ xã hội
thẻ bảo hiểm y tế | khám bệnh, chữa bệnh | tổ dân phố | khu dân cư
"""


def _phrases() -> list[str]:
    """`PHRASES`, one phrase each."""
    return [p.strip() for p in PHRASES.replace("\n", "|").split("|") if p.strip()]


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Base letters (lower case, syllables joined by spaces) -> the phrase's syllables, for
    phrases of two syllables or more whose base letters no other phrase shares."""
    forms = (tuple(s.lower() for s in syllables(p)) for p in _phrases())
    return one_per_letters(f for f in forms if len(f) >= 2)


#: a mark that ends a clause or a list's item ("Mai Xuân Trường, thôn Đông Quy"): no phrase
#: runs across one unless it is written there ("phòng, chống thiên tai", "Lưu: VT")
_CLAUSE_MARK = re.compile(r"[,;:.]")


@lru_cache(maxsize=1)
def _marked_gaps() -> dict[tuple[str, ...], frozenset[int]]:
    """A phrase's syllables (lower case) -> the gaps between them (0: after the first) that
    hold a clause mark as the phrase is written."""
    return {tuple(s.lower() for s in syllables(p)):
            frozenset(k for k, gap in enumerate(between(p)) if _CLAUSE_MARK.search(gap))
            for p in _phrases()}


#: a phrase of two words is recognised with one misread only when this many letters or more
#: were read for it: one or two letters are too little to know the word by ("K HOACH")
NEAR_LETTERS = 3


@lru_cache(maxsize=1)
def _near_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Base letters of a phrase with one syllable left out (written "*") -> the phrases that
    have them."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for letters, form in _index().items():
        words = letters.split()
        for p in range(len(words)):
            out.setdefault(" ".join([*words[:p], "*", *words[p + 1:]]), []).append(form)
    return {k: tuple(v) for k, v in out.items()}


_STROKE = str.maketrans("đĐdD", "dDđĐ")


def _near(read: list[str], bases: list[str]) -> tuple[str, ...] | None:
    """The one phrase that ``read`` (a run of syllables) is with one word misread: that word
    is none Vietnamese writes (a letter dropped, added or changed: "SẢN PHM", "RƯUU",
    "chuyn") and a letter away from the phrase's; the others have the phrase's letters. A
    code or abbreviation in running text ("Lưu: VP") is no misread."""
    short = len(read) < 3
    found = set()
    for p, word in enumerate(read):
        # a word Vietnamese writes with its d's stroke put on or taken off had that stroke,
        # not a letter, misread, as a mark may be ("công đân": "dân", not "công văn")
        if in_use(word) or in_use(word.translate(_STROKE)):
            continue
        code = word.isupper() and len(word) > 1 and not all(w.isupper() for w in read)
        # a capitalised word after the first is a name's ("xóm Đồi Bương"), no misread
        name = p > 0 and word[:1].isupper() and not word.isupper()
        if code or name or (short and len(word) < NEAR_LETTERS):
            continue
        key = " ".join([*bases[:p], "*", *bases[p + 1:]])
        found.update(f for f in _near_index().get(key, ())
                     if edit_distance(base_form(f[p]).lower(), bases[p]) == 1)
    return found.pop() if len(found) == 1 else None


def restore_marks(text: str) -> str:
    """The line with the marks of every fixed phrase it holds put back (longest first), and
    a phrase with one word misread (`_near`) mended."""
    index = _index()
    if not index:
        return text
    longest = max(len(k.split()) for k in index)
    marked = [bool(_CLAUSE_MARK.search(gap)) for gap in between(text)]

    def phrase(read: list[str], bases: list[str], _new: list[str], i: int,
               j: int) -> list[str] | None:
        found = index.get(" ".join(bases[i:j])) or _near(read[i:j], bases[i:j])
        if found is None or any(marked[i + k] and k not in _marked_gaps().get(found, ())
                                for k in range(j - i - 1)):
            return None
        return [cased_like(p, w) for p, w in zip(found, read[i:j], strict=True)]

    return replace_spans(text, longest, phrase)


@lru_cache(maxsize=1)
def _by_letters() -> dict[str, tuple[str, ...]]:
    """Base letters of a phrase of two syllables or more with its spaces left out -> the
    phrase as written (in each case it is listed in), for letters no other phrase has."""
    out: dict[str, dict[str, list[str]]] = {}
    for phrase in _phrases():
        if len(syllables(phrase)) >= 2 and re.fullmatch(r"[^\W\d_]+(?:(?: | - )[^\W\d_]+)+",
                                                          phrase):
            key = squeezed(phrase)
            out.setdefault(key, {}).setdefault(phrase.lower(), []).append(phrase)
    return {k: tuple(next(iter(v.values()))) for k, v in out.items() if len(v) == 1}


_CORE = re.compile(r"^(\W*)([^\W\d_]+(?:[ \-–]+[^\W\d_]+)*)(\W*)$")
_APART = re.compile(r"[ \-–]+")


def restore_spacing(text: str) -> str:
    """A line that is one fixed phrase with its words parted in the wrong places ("QU YẾT
    DỊNH", "TRÍCHLỤCKHAI TỬ": a title's spaced or tight letters), or with its dashes lost
    ("Độc lập Tự do Hạnh phúc", "Độc lập Tự do - Hạnh phúc": a thin dash), written as the
    phrase: in capitals when it was read in capitals, else as the phrase is written. A phrase
    read right, or with an en dash for its hyphen, stays as read."""
    m = _CORE.match(text)
    if m is None:
        return text
    core = m.group(2)
    found = _by_letters().get(squeezed(core))
    if found is None:
        return text
    same_words = _APART.split(base_form(core).lower()) == _APART.split(base_form(found[0]).lower())
    if same_words and len(re.findall("[-–]", core)) >= found[0].count("-"):
        return text
    letters = [c for c in core if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.8 * len(letters):
        phrase = found[0].upper()
    else:  # "Ủy ban nhân dân" rather than "ỦY BAN NHÂN DÂN" when read so
        phrase = next((f for f in found if f[0].isupper() == core[0].isupper()
                       and not f.isupper()), found[0])
    return m.group(1) + phrase + m.group(3)


#: the header's lines in capitals that every document of a council prints alone on their line
HEADER_LINES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Base letters without spaces -> each document type's title of two words or more, and
    each of the header's fixed lines."""
    return {squeezed(t): t for t in (*TITLES, *HEADER_LINES)}


def restore_title(text: str) -> str:
    """A line in capitals that is a document type's title or a fixed line of the header (the
    council, the national title) read a letter or more off (`pipeline.header.near_title`)
    written as printed, when exactly one is that near: such a line is set alone in bold
    capitals, and nothing else in a header comes that close to one. A line of more words
    than the title that reads as words as it is (`ocr.lexicon.reads_as_words`) stays."""
    m = _CORE.match(text)
    if m is None or not m.group(2).isupper():
        return text
    letters = squeezed(m.group(2))
    if letters in _titles():
        return text
    near = [t for k, t in _titles().items() if near_title(k, letters)]
    if len(near) != 1:
        return text
    if len(m.group(2).split()) > len(near[0].split()) and reads_as_words(m.group(2)):
        return text  # more words than the title, and words as read: a signing title's "CHỦ
        # CÔNG TRÌNH" is no "CHƯƠNG TRÌNH" with a letter more
    return m.group(1) + near[0] + m.group(3)


#: Fixed forms of Decree 30 documents, as misread -> as printed:
_FORMS = (
    # the subject cue "V/v" (về việc) opening a line, its slash read as a letter or bar:
    # "Vịv đề nghị …", "V|v …", "V/V …", or its slash lost, "Vv …" (a subject goes on in
    # small letters)
    (re.compile(r"^([\W_]{0,2})V\s?[/|\\lI1iìíỉĩị]?\s?[vV](?=\s+[a-zđà-ỹ])"), r"\1V/v"),
    # the subject cue "Về việc" opening a line, its V read as another stroke or its mark
    # misread: "lề việc …", "Vê việc …" ("Để việc …" is a sentence's)
    (re.compile(r"^([\W_]{0,2})[VYlI|\\/][eèéẻẽẹêềếểễệ] việc(?= )"), r"\1Về việc"),
    # the filing note "Lưu: VT" (văn thư), its T read as i: "Lưu: Vĩ,"
    (re.compile(r"^([\W_]{0,2}Lưu\s?[:;.]\s*)V[iìíỉĩị1lI|](?![^\W\d_])"), r"\1VT"),
    # the filing note's punctuation, a speck the line reader drops after "VT" (and the space
    # after its colon): "- Lưu: VT KTHT." -> "- Lưu: VT, KTHT."; the note is the recipients'
    # last item and ends with a full stop: "- Lưu: VT" -> "- Lưu: VT." (a unit's
    # abbreviation after it, as well)
    (re.compile(r"^([\W_]{0,2}Lưu):(?=VT\b)"), r"\1: "),
    (re.compile(r"^([\W_]{0,2}Lưu\s?:\s?VT)(?= [A-ZĐ])"), r"\1,"),
    (re.compile(r"^([\W_]{0,2}Lưu\s?:\s?VT(?:, [A-ZĐ][A-ZĐ0-9]{0,7})?)$"), r"\1."),
    # the body's closing mark "./." right after its last word, read apart from it or a stroke
    # short: "tháng ./", "ký/.", "này ./.", "ký/" -> "tháng./.", "ký./.", "này./.", "ký./."
    (re.compile(r"(?<=[\w)])\s?(?:\./\.?|/\.)$|(?<=[a-zà-ỹđ])/$"), "./."),
    # a part's number in Roman figures before its heading in capitals, its full stop lost:
    # "III HỒ SƠ VÀ THỜI HẠN NỘP" (no Vietnamese word is written so)
    (re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X)(?= ([^\W\d_]{2,}))"),
     lambda m: m.group(1) + ("." if m.group(2).isupper() else "")),
    # the first part's "I." read as an L (the readers take a lone bar with its stop for a
    # letter): "L. VỊ TRÍ, SỐ LƯỢNG", "L VỊ TRÍ" (no word is an L before capitals)
    (re.compile(r"^L\.?(?= ([^\W\d_]{2,}\W* [^\W\d_]{2,}))"),
     lambda m: "I." if m.group(1).isupper() else m.group(0)),
    # the number's label "Số:" with its o read as a nought or its hat lost: "S0:", "So:"
    (re.compile(r"^([\W_]{0,2})S[0Oo]\s?:"), r"\1Số:"),
    # an article's number after "Điều" read with a hat for the grave: "Điêu 3"
    (re.compile(r"(?<![^\W\d_])(Đ|đ)i[êếểễệ]u(?= \d)"), r"\1iều"),
    # a numbered item's full stop read as a comma: "3, Các tình tiết …"
    # (a capital after it: "4, ấp Long Hòa" is an address's house number)
    (re.compile(r"^(\d{1,2}),(?= (\w))"),
     lambda m: m.group(1) + ("." if m.group(2).isupper() else ",")),
    # an article's heading, "Điều 1. Gia hạn …", its full stop read as a comma, a colon or
    # lost: "Điều 1, Gia hạn", "Điều 3 Chánh Văn phòng" (a small letter after it: "Điều 10
    # của Luật …" is a reference wrapped onto the line)
    (re.compile(r"^([\W_]{0,2}Điều \d{1,3})(?:\s?[,:;]\s?|\s)(?=(\w))"),
     lambda m: m.group(1) + (". " if m.group(2).isupper() else m.group(0)[len(m.group(1)):])),
    # the title "Ông" before a person's name, its hat lost: "Ong Bùi Đức Hạnh" ("ong", a bee,
    # is no title; a capitalised word after "Ông" is a name)
    (re.compile(r"(?<![^\W\d_])Ong(?= ([^\W\d_]+) ([^\W\d_]))"),
     lambda m: "Ông" if m.group(1)[0].isupper() and m.group(2).isupper() else "Ong"),
    # a table cell holding a nought, read as the letter
    (re.compile(r"^O$"), "0"),
    # "năm" before a year, its vowel's marks misread: "nũm 2024", "nấm 2017", "nam 2023"
    (re.compile(r"(?<![^\W\d_])n[aàáảãạăằắẳẵặâầấẩẫậuùúủũụoòóỏõọơờớởỡợ]m(?= (?:19|20)\d\d\b)"),
     "năm"),
    # the letter's "Kính gửi:" opening a line, its first word misread: "Kuh gửi:", "Kinh gửi:"
    (re.compile(r"^([\W_]{0,2})K[^\W\d_]{1,3} g[ửưủữ]i(?=\s*:)"), r"\1Kính gửi"),
)


def restore_forms(text: str) -> str:
    """The line with the fixed forms it holds (`_FORMS`) written as printed."""
    for pattern, printed in _FORMS:
        text = pattern.sub(printed, text)
    return text


def restore_across(texts: list[str]) -> list[str]:
    """Lines in reading order with the marks of fixed phrases that wrap from one line onto the
    next put back ("… chuyến mục đích" / "sử dụng đất …": "chuyển mục đích sử dụng đất"), as
    `restore_marks` does within a line. Each line keeps its own words."""
    out = list(texts)
    for k in range(len(out) - 1):
        if "\n" in out[k] or "\n" in out[k + 1]:
            continue
        joined = restore_marks(f"{out[k]}\n{out[k + 1]}").split("\n")
        if len(joined) == 2:
            out[k], out[k + 1] = joined
    return out


#: a preamble clause opening a line ("Căn cứ Luật …", "Xét đề nghị …", "Theo đề nghị …")
_CLAUSE = re.compile(r"^[\W_]{0,2}(?:Căn cứ|Xét|Theo đề nghị)\b")
#: a list item opening a line: a dash (or a plus) before its first word
_ITEM = re.compile(r"^\s*[-–+]\s?\w")


def restore_clause_ends(texts: list[str]) -> list[str]:
    """Lines in reading order with the semicolon that ends a Decree 30 list item put back
    where it was read as a colon (its tail lost): an item of the list under "Nơi nhận:"
    ("- Phòng Văn hóa - Xã hội:"), and a "Căn cứ …" clause whose next line opens another
    clause ("Căn cứ Luật Người cao tuổi …2009:" / "Căn cứ Nghị định …"). A clause that
    announces what follows keeps its colon ("… như sau:", "QUYẾT ĐỊNH:")."""
    out = list(texts)
    recipients = False
    start = None  # the line the current clause opened on
    for k, text in enumerate(out):
        if text.startswith("Nơi nhận"):
            recipients = True
        elif recipients and not _ITEM.match(text):
            recipients = False
        if _CLAUSE.match(text):
            start = k
        elif text[:1].isupper():
            start = None
        if not text.endswith(":") or text.endswith("như sau:") or text.isupper():
            continue
        nxt = out[k + 1] if k + 1 < len(out) else ""
        if (recipients and _ITEM.match(text)) or (
                start is not None and out[start].lstrip("-–+ ").startswith("Căn cứ")
                and _CLAUSE.match(nxt)):
            out[k] = text[:-1] + ";"
    return out
