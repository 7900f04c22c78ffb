"""Vietnamese personal names, as lists: family names, middle names, given names, and the
family names of the Central Highlands peoples. Data only; `ocr.signer` reads a printed name
against them (by form: a name is never looked up to be accepted).

The common family and middle names are the project's own; the wider middle names and the
given names are taken from github.com/duyet/vietnamese-namedb (MIT licence, © 2016 Van-Duyet
Le): its one-word given names for boys and girls and the names of ``uit_member.json`` (8,485
full names of two words or more, every word a Vietnamese syllable).
"""

from __future__ import annotations

#: The commonest Vietnamese family names (together well over 90% of the population).
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương "
    "Lâm Mai Trịnh Lưu Cao Hà Tạ Châu Lương Tô Thái Kiều Đào Chu Triệu La Quách Văn Hứa "
    "Mạc Phùng Tăng Khúc Lại Từ Diệp Kim".split())

#: Family names beyond the commonest, of the Kinh and of other peoples: a reading that is
#: none of these nor of SURNAMES but has exactly one's letters takes that one's marks
#: ("Định" -> "Đinh", "Không" -> "Khổng"); one that is a family name stays as read.
FAMILY_NAMES = SURNAMES | frozenset(
    "Khổng Doãn Âu Lạc Thân Ninh Quản Ứng Giáp Ông Vương Hầu Bạch Cù Đàm Đồng Giang Hàn Hoa "
    "Kha Khương Lã Lữ Lư Lò Lục Mã Mông Nghiêm Nông Phí Phó Quan Sầm Thạch Tôn Tống Trình Vi "
    "Viên Yên Bế Cầm Chế Đậu Đồ Giả Hàng Hình Khiếu Lỗ Luân Mẫn Ngọ Ngũ Nhâm Phù Phương "
    "Quang Sơn Tiêu Trà Trầm Ung Xa Lường Vàng Giàng Sùng Thào Mùa Hờ Lầu Tráng Vừ Ksor "
    "Nay Siu Rơ "
    # of the Tày and the Giáy: a letter or two before a listed family name is taken for a
    # seal's stroke unless it is one (`ocr.signer._name_words`)
    "Ma Lù "
    # family names that open at least two of the names of uit_member.json (see above) and
    # were not listed: a reading of one must not lose to a listed name ("Nhữ" read "Chế")
    "Chung Dư Nhan Bành Cáp Danh Nhữ Tưởng Ôn Liêu Tiết Uông Lăng Mạch Kỷ Khưu Thiều "
    "Biện".split())
#: Middle names, the common ones: a middle word that is none of these but has exactly one's
#: letters takes its marks ("Hông" -> "Hồng", "Thé" -> "Thế"); of several, it takes those of
#: Văn or Thị, far the commonest ("Vẫn" -> "Văn", not "Vân"), else it stays as read.
MIDDLE_NAMES = frozenset(
    "Văn Thị Hữu Đức Minh Quốc Thanh Ngọc Xuân Công Đình Quang Thu Kim Gia Hoài Mỹ Trọng "
    "Bảo Như Anh Hồng Thành Tuấn Hoàng Phương Bích Diệu Khánh Nhật Tiến Thế Trung Duy Phúc "
    "Tấn Viết Bá Hải Thái Vĩnh Quý Đăng Huy Kiều Mạnh Nam Phước Thiện Tường Việt Cẩm Diễm Lệ "
    "Mai Thúy Tuyết Đại Cao Chí Hùng Khắc Trí Hạnh Hương Lan Thùy Thủy Tú Tùng Ánh Bình Đông "
    "Hiếu Hòa Kiên Long Lương Sỹ Sĩ Tài Trường Vân Y Mí Vạn Thọ".split())
#: Middle names rarer than those, seen at least three times among 8,485 full names of three
#: words or more (github.com/duyet/vietnamese-namedb, MIT licence: ``uit_member.json``); only
#: those whose letters, marks aside, are no other listed middle name's. A reading that is one
#: stands, and one with its letters takes its marks ("Nứ" -> "Nữ"); but a reading a letter
#: away from a name is mended only to a common one ("Mữu" is "Hữu", not "Mậu"), and where the
#: readings of a line differ between a rarer and a common one, most readings decide, then the
#: commoner (`ocr.signer.best_name`: "Yến" read once for "Văn" does not stand). Family
#: names given as a middle name are left to FAMILY_NAMES. "Út", the last-born of BIRTH_ORDER
#: (below), is added by hand.
RARER_MIDDLE = frozenset(
    "Thiên Nguyên Phú Phi Nhựt Vinh Yến Quỳnh Kỳ Thảo Đắc Phát Đạt Chánh Toàn Khoa Trúc "
    "Khải Hưng Tự Huyền Thuận Mậu Chấn Tiểu Khôi Tri Cảnh Lộc Hào Sinh Hoàn Danh Tâm Tố "
    "Nguyệt Cát Chiến Khả Nữ Viễn Nghĩa Thăng Huệ Đạo Thịnh Ái Song Kiến Quyết Phụng Nương "
    "Tứ Bé Út Thúc Hằng Trang Liên Phong Mộng Ất Lập Vĩ".split()) - MIDDLE_NAMES
COMMONEST_MIDDLE = ("Văn", "Thị")
#: family names of the Central Highlands peoples (Ê Đê, Jrai), whose men's names have a lone
#: "Y" before the given name ("Ksor Y Phương"): no other lone letter stands there
Y_FAMILIES = frozenset("Ksor Nay Siu Rơ".split())
#: family names of the Ê Đê and other Central Highlands peoples that follow the given name,
#: which opens with a man's "Y" or a woman's "H'" ("Y Thanh Hmok", "H'Hen Niê"): no Kinh
#: syllables, but names all the same
HIGHLAND_FAMILIES = frozenset(
    "Niê Mlô Êban Ayun Adrơng Byă Hmok Knul Ktla Kbuôr Mdrang Hwing Êung Hđơk Bkrông Kpă "
    "Ksơr Alê Hlong Êñuôl Mja Êya Kđoh Ksor Siu Nay Rcom Kpuih Puih Rahlan".split())
#: of several family names with a reading's letters, none of them as read, the commonest is
#: taken ("Ngõ" -> Ngô, not Ngọ); a reading that is a family name stays as read
COMMONEST_FAMILY = tuple(sorted(SURNAMES))

#: The South's birth-order names, a child called by its place among its siblings (the first
#: born is "Hai"; "Út" the last, "Em" the younger), written as given names and before them
#: ("Nguyễn Văn Sáu", "Huỳnh Văn Bé Tư", "Lê Thị Út Em"); the namedb lists only some.
BIRTH_ORDER = frozenset("Hai Ba Tư Năm Sáu Bảy Tám Chín Mười Út Em".split())

#: Given names: each one-word given name of the namedb's lists and each given name at least
#: two people of ``uit_member.json`` bear ("Dũng", not "Dùng"; "Phương", not "Phường"), of
#: those Vietnamese writes (`ocr.lexicon.in_use`: typos such as "Khaùnh" left out).
GIVEN_NAMES = frozenset((
    "An Anh Ba Ban Biên Biển Bào Bá Bách Bão Bé Bình Bích Bông Băng Bạch Bảo Bắc Bằng "
    "Bổng Bội Bửu Ca Cam Canh Cao Chi Chinh Chiêu Chiến Chiểu Chung Chuyên Chuẩn "
    "Chánh Chân Châu Chí Chính Chương Chưởng Chấn Chế Chỉnh Chức Cung Cát Cân Công Cúc "
    "Cơ Cương Cường Cảnh Cầm Cần Cầu Cẩm Cẩn Danh Dao Di Dinh Diên Diễm Diện Diệp Diệu "
    "Doanh Du Dung Duy Duyên Duyệt Duệ Dân Dã Dũng Dương Dạ Dụng Dự Em Gia "
    "Giang Giao Giàu Giác Giáng Giáp Hai Hinh Hiên Hiến Hiếu Hiền Hiển Hiểu Hiệp Hiệu "
    "Hoa Hoan Hoà Hoài Hoàn Hoàng Hoán Hoạ Hoạt Huy Huynh Huyền Huân Huấn Huệ Huỳnh Hy "
    "Hà Hài Hàm Hành Hào Hán Hân Hãn Hòa Hóa Hùng Hưng Hương Hướng Hường Hưởng Hạ Hạc "
    "Hạnh Hạo Hải Hảo Hậu Hằng Họa Học Hồ Hồng Hổ Hội Hợp Hữu Hỷ Kha Khai Khang Khanh "
    "Khiêm Khiết Khiếu Khoa Khoan Khoát Khuyên Khuyến Khuê Khánh Khê Khôi Khúc "
    "Khương Khả Khải Khắc Khởi Kim Kiên Kiếm Kiến Kiết Kiều Kiện Kiệt Kê Kính Kông Kết "
    "Kỳ Kỷ Lai Lam Lan Lanh Lay Linh Liêm Liên Liễu Liệt Loan Long Luyện Luân Luận Luật "
    "Ly Lành Lâm Lân Lãm Lê Lý Lăng Lĩnh Lưu Lương Lượng Lạc Lập Lễ Lệ Lịch Lộ Lộc "
    "Lợi Lục Lữ Lực Mai Mi Minh Miên My Mười Mạnh Mẫn Mậu Mến Mộc Mộng Mỹ Nam Nga Nghi "
    "Nghiêm Nghiệp Nghĩa Nghị Ngoan Nguyên Nguyễn Nguyện Nguyệt Ngà Ngân Ngôn "
    "Ngạn Ngọ Ngọc Nhan Nhanh Nhi Nhiên Nhiều Nhiệm Nhu Nhung Nhuận Nhàn Nhân Nhã Nhơn "
    "Như Nhượng Nhạn Nhất Nhẫn Nhật Nhớ Nhựt Ni Ninh Niệm Nông Năng Nương Nữ Oanh "
    "Pha Phi Phong Phu Pháp Phát Phú Phúc Phương Phước Phượng Phục Phụng Quang Quy Quyên "
    "Quyết Quyền Quân Quí Quý Quảng Quế Quốc Quỳnh Qúy Sa San Sang Sanh Sao Sen Sinh "
    "Siêu Song Sung Sáng Sâm Sông Sĩ Sơn Sương Sầu Sử Sự Sỹ Tam Thanh Thao Thi Thinh "
    "Thiên Thiết Thiếu Thiều Thiện Thiệu Thoa Thoại Thu Thuyên Thuyết Thuý Thuấn Thuần "
    "Thuận Thuật Thuỷ Thy Thành Thái Thân Thêu Thìn Thông Thùy Thúc Thúy Thăng Thơ Thơm "
    "Thư Thương Thường Thưởng Thượng Thạc Thạch Thạnh Thảo Thất Thắm Thắng Thế Thể Thịnh "
    "Thọ Thống Thời Thụ Thục Thụy Thủy Thức Thực Tin Tinh Tiên Tiến Tiếp Tiền Tiển Tiểu "
    "Tiệp Toan Toàn Toán Toại Toản Trai Trang Tranh Tri Trinh Triết Triều Triển Triệu "
    "Trung Truyền Trà Trác Tráng Trâm Trân Trình Trí Trúc Trương Trường Trưởng Trạch "
    "Trạng Trầm Trắng Trịnh Trọng Trụ Trực Tuyên Tuyến Tuyết Tuyền Tuyển Tuân Tuấn "
    "Tuất Tuệ Ty Tài Tâm Tân Tây Tình Tích Tín Tính Tòng Tôn Tùng Tùy Tú Túy Tý Tăng Tư "
    "Tường Tưởng Tạ Tấn Tất Tỉnh Tịnh Tố Tổ Tới Tụ Từ Tự Uy Uyên Uyển Vi Vin Vinh Viên "
    "Viết Viễn Việt Vu Vui Vy Vàng Vành Vân Võ Văn Vĩ Vĩnh Vũ Vương Vượng Vạn Vấn Vịnh "
    "Vọng Vỹ Xuyên Xuyến Xuân Y Yên Yến Ái Án Ánh Ân Âu Ý Đan Đinh Điền Điệp Đoan Đoàn "
    "Đài Đàn Đào Đình Đô Đôn Đông Đăng Đơn Đường Đại Đạo Đạt Đảo Đắc Đặng Đệ Định Đồng "
    "Độ Đủ Đức Ất Ấu Ẩn"
).split()) | BIRTH_ORDER
