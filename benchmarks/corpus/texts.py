"""The texts of the corpus: 30 documents written for this benchmark.

Results and papers of a one-stop desk (Bộ phận Một cửa) at commune and district level:
decisions, certificates, civil-status extracts, notices, letters, invitations, plans, records,
receipts and a submission. The units, people, numbers and places are illustrative; none of
the text is taken from the shared measuring corpora (whose bodies are news articles) or from
sohoa/samples.

Each document carries its split ("held-out" or "tuning"), chosen once when the texts were
written and never moved: within each kind, the documents in the order of the SHA-256 of their
keys went alternately to held-out and to tuning (`split_rule` recomputes that order; the build
refuses to run if a document's written split differs from it, so a text cannot drift from
held-out into tuning). A new document is appended with the split the rule gives it; the
rule looks only at documents of its kind.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from benchmarks.corpus.model import Center, Doc, Field, Heading, Item, Table

UB = "ỦY BAN NHÂN DÂN"
TM_UB = "TM. ỦY BAN NHÂN DÂN"

DOCS: tuple[Doc, ...] = (
    # ------------------------------------------------------------------ quyết định (8)
    Doc(
        key="qd-hoa-giai-vien", kind="quyet_dinh", split="held-out",
        agency=(UB, "XÃ QUỲNH HẬU"), number="47/QĐ-UBND", place="Quỳnh Hậu",
        date=(2024, 5, 14), title=("QUYẾT ĐỊNH",),
        subject="Về việc công nhận hòa giải viên tổ hòa giải thôn Bắc Thịnh",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ QUỲNH HẬU",
        body=(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Luật Hòa giải ở cơ sở ngày 20 tháng 6 năm 2013;",
            "Xét kết quả bầu hòa giải viên tại cuộc họp thôn Bắc Thịnh ngày 06 tháng 5 năm "
            "2024 và đề nghị của công chức Tư pháp - Hộ tịch xã,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Công nhận 04 (bốn) công dân sau đây là hòa giải viên của tổ hòa giải "
            "thôn Bắc Thịnh, nhiệm kỳ 2024 - 2029:",
            Table(("STT", "Họ và tên", "Năm sinh", "Nghề nghiệp"),
                  (("1", "Hồ Sĩ Tuấn", "1961", "Hưu trí"),
                   ("2", "Nguyễn Thị Khuyên", "1975", "Buôn bán"),
                   ("3", "Cao Văn Lượng", "1983", "Làm ruộng"),
                   ("4", "Phan Thị Mỹ Duyên", "1990", "Giáo viên")),
                  (0.1, 0.45, 0.17, 0.28), "clcl"),
            "Điều 2. Hòa giải viên có quyền và nghĩa vụ theo quy định tại Điều 9 và Điều 10 "
            "của Luật Hòa giải ở cơ sở; được hưởng thù lao theo vụ, việc hòa giải thành.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Ủy ban nhân dân xã, "
            "công chức Tư pháp - Hộ tịch, Trưởng thôn Bắc Thịnh và các công dân có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "Ban Thường trực UBMTTQ xã;", "Lưu: VT, TP."),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Hoàng Trọng Nghĩa",
    ),
    Doc(
        key="qd-tro-cap-cao-tuoi", kind="quyet_dinh", split="tuning",
        agency=(UB, "XÃ ĐẠI LỘC"), number="218/QĐ-UBND", place="Đại Lộc",
        date=(2025, 9, 22), title=("QUYẾT ĐỊNH",),
        subject="Về việc hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐẠI LỘC",
        body=(
            "Căn cứ Luật Người cao tuổi ngày 23 tháng 11 năm 2009;",
            "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy "
            "định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội;",
            "Xét hồ sơ đề nghị của bà Trương Thị Gấm và đề nghị của công chức Văn hóa - Xã hội,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Bà Trương Thị Gấm, sinh ngày 09 tháng 4 năm 1944, nơi cư trú tại thôn "
            "Phước Yên, xã Đại Lộc, được hưởng trợ cấp xã hội hằng tháng với mức 500.000 đồng "
            "(năm trăm nghìn đồng) kể từ tháng 10 năm 2025.",
            "Điều 2. Bà Trương Thị Gấm được cấp thẻ bảo hiểm y tế theo quy định; khi qua đời, "
            "người tổ chức mai táng được hỗ trợ chi phí mai táng bằng 20 lần mức chuẩn trợ "
            "giúp xã hội.",
            "Điều 3. Công chức Văn hóa - Xã hội, kế toán ngân sách xã và bà Trương Thị Gấm "
            "chịu trách nhiệm thi hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "Phòng Văn hóa - Xã hội;", "Lưu: VT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Đoàn Văn Thuyết",
    ),
    Doc(
        key="qd-xu-phat-xay-dung", kind="quyet_dinh", split="tuning",
        agency=(UB, "XÃ NAM PHONG"), number="132/QĐ-XPHC", place="Nam Phong",
        date=(2023, 11, 7), title=("QUYẾT ĐỊNH",),
        subject="Xử phạt vi phạm hành chính trong lĩnh vực xây dựng",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NAM PHONG",
        body=(
            "Căn cứ Luật Xử lý vi phạm hành chính ngày 20 tháng 6 năm 2012, được sửa đổi, bổ "
            "sung năm 2020;",
            "Căn cứ Nghị định số 16/2022/NĐ-CP ngày 28 tháng 01 năm 2022 của Chính phủ quy "
            "định xử phạt vi phạm hành chính về xây dựng;",
            "Căn cứ Biên bản vi phạm hành chính số 41/BB-VPHC lập ngày 24 tháng 10 năm 2023;",
            "Căn cứ kết quả xác minh tình tiết của vụ việc vi phạm hành chính,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Xử phạt vi phạm hành chính đối với:",
            Field("Ông Lưu Quang Vinh; giới tính: Nam; sinh ngày 17 tháng 3 năm 1979;",
                  indent_mm=10),
            Field("Nơi cư trú: xóm Đồng Lạc, xã Nam Phong; số định danh cá nhân "
                  "036079004512.", indent_mm=10),
            "1. Đã thực hiện hành vi vi phạm hành chính: tổ chức thi công xây dựng công trình "
            "nhà ở riêng lẻ không che chắn, để vật liệu rơi vãi ra đường liên xóm, gây mất vệ "
            "sinh môi trường.",
            "2. Quy định tại: điểm a khoản 1 Điều 15 Nghị định số 16/2022/NĐ-CP.",
            "3. Các tình tiết tăng nặng: không có. Các tình tiết giảm nhẹ: người vi phạm đã "
            "tự nguyện khắc phục một phần hậu quả.",
            "4. Bị áp dụng hình thức xử phạt, biện pháp khắc phục hậu quả như sau:",
            Item("a) Hình thức xử phạt chính: phạt tiền với mức phạt 15.000.000 đồng (mười "
                 "lăm triệu đồng);"),
            Item("b) Biện pháp khắc phục hậu quả: buộc thực hiện biện pháp che chắn theo quy "
                 "định và khắc phục tình trạng gây mất vệ sinh môi trường trong thời hạn 05 "
                 "ngày."),
            "Điều 2. Quyết định này được giao cho ông Lưu Quang Vinh để chấp hành. Ông Lưu "
            "Quang Vinh phải nghiêm chỉnh chấp hành trong thời hạn 10 ngày, kể từ ngày nhận "
            "được Quyết định; nếu quá thời hạn mà không chấp hành thì bị cưỡng chế thi hành.",
            "Số tiền phạt được nộp vào tài khoản số 7111.1.1057398 của Kho bạc Nhà nước khu "
            "vực IV, mở tại Ngân hàng Thương mại cổ phần Công thương Việt Nam, chi nhánh tỉnh, "
            "trong thời hạn 10 ngày kể từ ngày nhận được Quyết định xử phạt.",
            "Ông Lưu Quang Vinh có quyền khiếu nại hoặc khởi kiện hành chính đối với Quyết "
            "định này theo quy định của pháp luật.",
            "Điều 3. Quyết định này được gửi cho công chức Địa chính - Xây dựng xã và Trưởng "
            "Công an xã để tổ chức thực hiện, theo dõi việc chấp hành Quyết định./.",
        ),
        recipients=("Như Điều 2, Điều 3;", "Kho bạc Nhà nước khu vực IV;",
                    "Lưu: VT, hồ sơ vụ việc."),
        sign=("CHỦ TỊCH",), signer="Khổng Minh Đạt",
    ),
    Doc(
        key="qd-chuyen-muc-dich", kind="quyet_dinh", split="tuning",
        agency=(UB, "HUYỆN KRÔNG BÔNG"), number="1864/QĐ-UBND", place="Krông Bông",
        date=(2022, 8, 30), title=("QUYẾT ĐỊNH",),
        subject="Về việc cho phép chuyển mục đích sử dụng đất sang đất ở tại nông thôn",
        authority="ỦY BAN NHÂN DÂN HUYỆN KRÔNG BÔNG",
        body=(
            "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;",
            "Căn cứ Quyết định số 27/2020/QĐ-UBND ngày 14 tháng 9 năm 2020 của Ủy ban nhân dân "
            "tỉnh ban hành quy định hạn mức giao đất ở;",
            "Xét đơn xin chuyển mục đích sử dụng đất của hộ ông Y Krông Niê và Tờ trình số "
            "612/TTr-TNMT ngày 19 tháng 8 năm 2022 của Phòng Tài nguyên và Môi trường,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Cho phép hộ ông Y Krông Niê và bà H'Lan Byă, thường trú tại buôn Cư Drăm, "
            "xã Yang Mao, được chuyển mục đích sử dụng 200,0 m² đất trồng cây lâu năm sang đất "
            "ở tại nông thôn, thuộc thửa đất số 88, tờ bản đồ số 21.",
            "Vị trí, ranh giới khu đất được xác định theo trích đo địa chính số 145/TĐ do Văn "
            "phòng đăng ký đất đai chi nhánh huyện lập ngày 02 tháng 8 năm 2022.",
            "Điều 2. Hộ ông Y Krông Niê có trách nhiệm nộp tiền sử dụng đất theo thông báo "
            "của cơ quan thuế; sử dụng đất đúng mục đích, đúng ranh giới được phép chuyển.",
            "Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Tài nguyên và Môi "
            "trường, Chi cục trưởng Chi cục Thuế khu vực, Chủ tịch UBND xã Yang Mao và hộ "
            "ông Y Krông Niê chịu trách nhiệm thi hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "CT, PCT UBND huyện;", "Lưu: VT, TNMT."),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Ksor Y Phương",
    ),
    Doc(
        key="qd-khen-thuong", kind="quyet_dinh", split="held-out",
        agency=(UB, "XÃ TIÊN LÃNG"), number="305/QĐ-UBND", place="Tiên Lãng",
        date=(2025, 12, 19), title=("QUYẾT ĐỊNH",),
        subject="Về việc khen thưởng các tập thể, cá nhân có thành tích trong phong trào "
                "xây dựng nông thôn mới",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TIÊN LÃNG",
        body=(
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy "
            "định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
            "Xét đề nghị của Hội đồng Thi đua - Khen thưởng xã,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Tặng Giấy khen cho 02 tập thể và 03 cá nhân đã có thành tích xuất sắc "
            "trong phong trào xây dựng nông thôn mới năm 2025 (danh sách kèm theo):",
            Table(("TT", "Tập thể, cá nhân", "Mức thưởng (đồng)"),
                  (("1", "Thôn Cấp Tiến", "1.200.000"),
                   ("2", "Chi hội Phụ nữ thôn Đông Quy", "1.200.000"),
                   ("3", "Ông Bùi Đức Thịnh, thôn Cấp Tiến", "600.000"),
                   ("4", "Bà Vương Thị Hải Yến, thôn Tây", "600.000"),
                   ("5", "Ông Mai Xuân Trường, thôn Đông Quy", "600.000")),
                  (0.08, 0.62, 0.30), "clr"),
            "Điều 2. Tiền thưởng được trích từ quỹ thi đua, khen thưởng của xã năm 2025.",
            "Điều 3. Văn phòng HĐND và UBND xã, kế toán ngân sách và các tập thể, cá nhân có "
            "tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "Đảng ủy, HĐND xã;", "Lưu: VT, TĐKT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Vũ Thị Hoa Lê",
    ),
    Doc(
        key="qd-ho-tro-mai-tang", kind="quyet_dinh", split="held-out",
        agency=(UB, "XÃ CAM THÀNH"), number="76/QĐ-UBND", place="Cam Thành",
        date=(2021, 3, 5), title=("QUYẾT ĐỊNH",),
        subject="Về việc hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CAM THÀNH",
        body=(
            "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ;",
            "Xét tờ khai đề nghị hỗ trợ chi phí mai táng của ông Lê Bá Cường, trú tại thôn "
            "Nghĩa Phú,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Hỗ trợ chi phí mai táng cho ông Lê Bá Cường là người trực tiếp tổ chức "
            "mai táng cho cụ Lê Bá Thơm, sinh năm 1931, đối tượng hưởng trợ cấp xã hội hằng "
            "tháng, từ trần ngày 21 tháng 02 năm 2021.",
            "Mức hỗ trợ: 7.200.000 đồng (bảy triệu hai trăm nghìn đồng).",
            "Điều 2. Kinh phí chi trả từ nguồn bảo trợ xã hội của ngân sách xã năm 2021.",
            "Điều 3. Công chức Lao động - Thương binh và Xã hội, kế toán ngân sách xã và ông "
            "Lê Bá Cường chịu trách nhiệm thi hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "Lưu: VT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Trần Hữu Phước",
    ),
    Doc(
        key="qd-ho-can-ngheo", kind="quyet_dinh", split="tuning",
        agency=(UB, "XÃ MƯỜNG KHƯƠNG"), number="09/QĐ-UBND", place="Mường Khương",
        date=(2026, 1, 12), title=("QUYẾT ĐỊNH",),
        subject="Về việc công nhận hộ cận nghèo phát sinh năm 2026",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MƯỜNG KHƯƠNG",
        body=(
            "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy "
            "định chuẩn nghèo đa chiều giai đoạn 2022 - 2025;",
            "Căn cứ biên bản họp Ban Chỉ đạo giảm nghèo xã ngày 08 tháng 01 năm 2026,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Công nhận 03 hộ cận nghèo phát sinh trên địa bàn xã, cụ thể:",
            Table(("STT", "Chủ hộ", "Thôn, bản", "Số khẩu"),
                  (("1", "Thào Seo Chử", "Bản Sả Hồ", "6"),
                   ("2", "Lù Thị Mỷ", "Nậm Chảy", "4"),
                   ("3", "Giàng A Dếnh", "Lồ Suối Tủng", "5")),
                  (0.1, 0.4, 0.35, 0.15), "cllc"),
            "Điều 2. Các hộ có tên tại Điều 1 được hưởng các chính sách hỗ trợ đối với hộ "
            "cận nghèo theo quy định hiện hành kể từ ngày Quyết định có hiệu lực.",
            "Điều 3. Công chức Văn hóa - Xã hội, Trưởng các thôn, bản và các hộ có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        ),
        recipients=("Như Điều 3;", "Lưu: VT, VHXH."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Vàng Văn Sình",
    ),
    Doc(
        key="qd-gia-han-gpxd", kind="quyet_dinh", split="held-out",
        agency=("UBND HUYỆN TỨ KỲ", "PHÒNG KINH TẾ VÀ HẠ TẦNG"), number="57/QĐ-KTHT",
        place="Tứ Kỳ", date=(2020, 7, 16), title=("QUYẾT ĐỊNH",),
        subject="Về việc gia hạn giấy phép xây dựng",
        authority="TRƯỞNG PHÒNG KINH TẾ VÀ HẠ TẦNG HUYỆN TỨ KỲ",
        body=(
            "Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;",
            "Căn cứ Giấy phép xây dựng số 214/GPXD ngày 11 tháng 6 năm 2019;",
            "Xét đơn đề nghị gia hạn giấy phép xây dựng của bà Đào Thị Ngát ngày 02 tháng 7 "
            "năm 2020,",
            Center("QUYẾT ĐỊNH:"),
            "Điều 1. Gia hạn Giấy phép xây dựng số 214/GPXD cho bà Đào Thị Ngát, địa chỉ "
            "thôn Lạc Dục, xã Hưng Đạo Tứ, để xây dựng nhà ở riêng lẻ hai tầng tại thửa đất "
            "số 1027, tờ bản đồ số 05.",
            "Thời gian gia hạn: 12 tháng, đến hết ngày 11 tháng 6 năm 2021.",
            "Điều 2. Chủ đầu tư có trách nhiệm khởi công xây dựng trong thời gian được gia "
            "hạn và thực hiện đúng nội dung giấy phép đã cấp.",
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký./.",
        ),
        recipients=("Bà Đào Thị Ngát;", "UBND xã Hưng Đạo Tứ;", "Lưu: VT, KTHT."),
        sign=("TRƯỞNG PHÒNG",), signer="Nhữ Văn Khải", seal="UBND HUYỆN TỨ KỲ",
    ),
    # ------------------------------------------------------------------ thông báo (4)
    Doc(
        key="tb-lich-tiep-cong-dan", kind="thong_bao", split="held-out",
        agency=(UB, "XÃ BÌNH SƠN"), number="24/TB-UBND", place="Bình Sơn",
        date=(2025, 7, 28), title=("THÔNG BÁO",),
        subject="Lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã tháng 8 năm 2025",
        body=(
            "Thực hiện Luật Tiếp công dân năm 2013, Ủy ban nhân dân xã Bình Sơn thông báo "
            "lịch tiếp công dân định kỳ của Chủ tịch và các Phó Chủ tịch Ủy ban nhân dân xã "
            "trong tháng 8 năm 2025 như sau:",
            Table(("Ngày", "Người tiếp", "Lĩnh vực"),
                  (("Thứ Năm, 07/8", "Chủ tịch Đàm Quốc Hưng", "Đất đai, xây dựng"),
                   ("Thứ Năm, 14/8", "Phó Chủ tịch Lý Thu Trang", "Văn hóa - xã hội"),
                   ("Thứ Năm, 21/8", "Phó Chủ tịch Tô Văn Mạnh", "Kinh tế, hạ tầng"),
                   ("Thứ Năm, 28/8", "Chủ tịch Đàm Quốc Hưng", "Các lĩnh vực")),
                  (0.24, 0.44, 0.32), "lll"),
            "Địa điểm: Phòng tiếp công dân, trụ sở Ủy ban nhân dân xã. Thời gian: buổi sáng "
            "từ 7 giờ 30 phút đến 11 giờ 00 phút.",
            "Công dân đến phản ánh, kiến nghị mang theo căn cước và các giấy tờ liên quan. "
            "Trường hợp Chủ tịch bận công tác đột xuất, việc tiếp công dân do Phó Chủ tịch "
            "được phân công thực hiện.",
            "Ủy ban nhân dân xã thông báo để nhân dân biết./.",
        ),
        recipients=("Thường trực Đảng ủy, HĐND xã;", "Các thôn (niêm yết);", "Lưu: VT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Đàm Quốc Hưng",
    ),
    Doc(
        key="tb-tham-dinh-ruou", kind="thong_bao", split="tuning",
        agency=("UBND HUYỆN CHỢ MỚI", "PHÒNG KINH TẾ"), number="88/TB-PKT", place="Chợ Mới",
        date=(2024, 2, 26), title=("THÔNG BÁO",),
        subject="Về việc bổ sung hồ sơ đề nghị cấp Giấy phép bán lẻ sản phẩm rượu",
        body=(
            "Ngày 19 tháng 02 năm 2024, Phòng Kinh tế nhận được hồ sơ đề nghị cấp Giấy phép "
            "bán lẻ sản phẩm rượu của hộ kinh doanh Tạp hóa Kim Ngân, địa chỉ tổ 4, ấp Long "
            "Hòa, xã Long Điền A.",
            "Qua thẩm định, hồ sơ chưa hợp lệ. Đề nghị hộ kinh doanh bổ sung các giấy tờ sau:",
            Item("1. Bản sao hợp đồng thuê địa điểm kinh doanh còn thời hạn ít nhất 01 năm;"),
            Item("2. Văn bản giới thiệu của thương nhân cung cấp sản phẩm rượu, ghi rõ địa chỉ "
                 "và số điện thoại liên hệ;"),
            Item("3. Bản cam kết bảo đảm tuân thủ các điều kiện về phòng cháy và chữa cháy, "
                 "bảo vệ môi trường."),
            "Thời hạn bổ sung hồ sơ: 30 ngày kể từ ngày nhận được Thông báo này. Quá thời hạn "
            "trên, hồ sơ sẽ được trả lại.",
            "Mọi chi tiết xin liên hệ Bộ phận Một cửa huyện, số điện thoại 0296 3884 125./.",
        ),
        recipients=("Hộ KD Tạp hóa Kim Ngân;", "Lưu: VT, PKT."),
        sign=("TRƯỞNG PHÒNG",), signer="Huỳnh Thị Ngọc Bích", seal="UBND HUYỆN CHỢ MỚI",
    ),
    Doc(
        key="tb-tuyen-dung", kind="thong_bao", split="held-out",
        agency=(UB, "XÃ THỌ XUÂN"), number="61/TB-UBND", place="Thọ Xuân",
        date=(2025, 10, 3), title=("THÔNG BÁO",),
        subject="Về việc tuyển dụng công chức cấp xã năm 2025",
        body=(
            "Căn cứ Nghị định số 33/2023/NĐ-CP ngày 10 tháng 6 năm 2023 của Chính phủ quy định "
            "về cán bộ, công chức cấp xã; căn cứ chỉ tiêu biên chế được giao, Ủy ban nhân dân "
            "xã Thọ Xuân thông báo tuyển dụng công chức như sau:",
            Heading("I. VỊ TRÍ VÀ SỐ LƯỢNG CẦN TUYỂN"),
            Table(("STT", "Chức danh", "Số lượng", "Trình độ chuyên môn"),
                  (("1", "Tư pháp - Hộ tịch", "01", "Đại học Luật"),
                   ("2", "Tài chính - Kế toán", "01", "Đại học Kế toán"),
                   ("3", "Địa chính - Xây dựng", "02", "Đại học Quản lý đất đai")),
                  (0.09, 0.34, 0.14, 0.43), "clcl"),
            Heading("II. ĐIỀU KIỆN ĐĂNG KÝ DỰ TUYỂN"),
            Item("1. Có quốc tịch Việt Nam và cư trú tại Việt Nam; đủ 18 tuổi trở lên; có "
                 "phiếu đăng ký dự tuyển; có lý lịch rõ ràng."),
            Item("2. Có văn bằng, chứng chỉ phù hợp với yêu cầu của vị trí việc làm; đủ sức "
                 "khỏe để thực hiện nhiệm vụ."),
            Item("3. Không thuộc các trường hợp: mất hoặc bị hạn chế năng lực hành vi dân sự; "
                 "đang bị truy cứu trách nhiệm hình sự; đang chấp hành bản án, quyết định về "
                 "hình sự của Tòa án."),
            Heading("III. HỒ SƠ VÀ THỜI HẠN NỘP"),
            "Người đăng ký dự tuyển nộp Phiếu đăng ký dự tuyển theo mẫu trực tiếp tại Bộ phận "
            "Một cửa xã hoặc qua dịch vụ bưu chính công ích. Thời hạn nhận phiếu trong 30 ngày, "
            "từ ngày 06 tháng 10 năm 2025 đến hết ngày 04 tháng 11 năm 2025, trong giờ hành "
            "chính các ngày làm việc.",
            "Người trúng tuyển phải xuất trình bản chính các văn bằng, chứng chỉ và kết quả học "
            "tập để kiểm tra, đối chiếu trước khi có quyết định tuyển dụng.",
            Heading("IV. HÌNH THỨC, NỘI DUNG THI TUYỂN"),
            "Vòng 1: thi trắc nghiệm trên máy vi tính, gồm kiến thức chung 60 câu hỏi về hệ "
            "thống chính trị, tổ chức bộ máy của Đảng, Nhà nước, các tổ chức chính trị - xã "
            "hội; quản lý hành chính nhà nước; thời gian thi 60 phút.",
            "Vòng 2: thi viết chuyên ngành theo yêu cầu của vị trí việc làm cần tuyển, thang "
            "điểm 100, thời gian thi 180 phút. Người trúng tuyển phải có kết quả điểm vòng 2 "
            "đạt từ 50 điểm trở lên.",
            "Thời gian, địa điểm thi sẽ được thông báo cụ thể đến từng thí sinh và niêm yết "
            "công khai tại trụ sở Ủy ban nhân dân xã, trên Cổng thông tin điện tử của xã.",
            "Mọi thông tin chi tiết liên hệ: Văn phòng HĐND và UBND xã, điện thoại "
            "0237 3626 418 (gặp đồng chí Lê Văn Quyết)./.",
        ),
        recipients=("Sở Nội vụ tỉnh;", "Đài truyền thanh xã;", "Lưu: VT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Lê Đình Chiểu",
    ),
    Doc(
        key="tb-nop-tien-sdd", kind="thong_bao", split="tuning",
        agency=("CHI CỤC THUẾ KHU VỰC XVI", "ĐỘI THUẾ LIÊN XÃ SỐ 3"), number="1209/TB-ĐT3",
        place="Hòa Bình", date=(2023, 6, 13), title=("THÔNG BÁO",),
        subject="Nộp tiền sử dụng đất",
        body=(
            "Căn cứ hồ sơ chuyển mục đích sử dụng đất do Văn phòng đăng ký đất đai chuyển đến "
            "ngày 05 tháng 6 năm 2023, cơ quan thuế thông báo nộp tiền sử dụng đất như sau:",
            Field("Người nộp: bà Quách Thị Lựu; mã số thuế 4300218936;"),
            Field("Thửa đất số 312, tờ bản đồ số 17, xóm Bưng, xã Thống Nhất; diện tích 150 m²."),
            Table(("Khoản", "Căn cứ tính", "Số tiền (đồng)"),
                  (("Tiền sử dụng đất", "150 m² × 1.860.000", "279.000.000"),
                   ("Trừ tiền đất đã nộp", "150 m² × 620.000", "93.000.000"),
                   ("Số phải nộp", "", "186.000.000")),
                  (0.34, 0.36, 0.30), "llr"),
            "Thời hạn nộp: 50% trong 30 ngày, 50% còn lại trong 90 ngày kể từ ngày ký Thông "
            "báo này. Quá thời hạn, người nộp phải nộp tiền chậm nộp 0,03% mỗi ngày trên số "
            "tiền chậm nộp.",
            "Nơi nộp: Kho bạc Nhà nước hoặc ngân hàng thương mại được ủy nhiệm thu./.",
        ),
        recipients=("Bà Quách Thị Lựu;", "VPĐKĐĐ chi nhánh;", "Lưu: VT, ĐT3."),
        sign=("KT. CHI CỤC TRƯỞNG", "ĐỘI TRƯỞNG"), signer="Bạch Công Toản",
        seal="CHI CỤC THUẾ KHU VỰC XVI",
    ),
    # ------------------------------------------------------------------ công văn (3)
    Doc(
        key="cv-tra-loi-kien-nghi", kind="cong_van", split="held-out",
        agency=(UB, "XÃ GIAO THỦY"), number="142/UBND-ĐCXD", place="Giao Thủy",
        date=(2024, 9, 9), title=(),
        subject="V/v trả lời kiến nghị về tuyến đường nội đồng xóm 5",
        kinh_gui=("Ông Ninh Văn Dưỡng, xóm 5, xã Giao Thủy",),
        body=(
            "Ủy ban nhân dân xã Giao Thủy nhận được đơn kiến nghị đề ngày 20 tháng 8 năm 2024 "
            "của ông về việc tuyến đường nội đồng từ xóm 5 ra cánh đồng Mả Đống bị sạt lở, "
            "gây khó khăn cho việc vận chuyển lúa trong vụ mùa.",
            "Sau khi kiểm tra thực địa ngày 28 tháng 8 năm 2024, Ủy ban nhân dân xã trả lời "
            "như sau:",
            Item("1. Đoạn đường bị sạt lở dài khoảng 65 m đã được đưa vào danh mục sửa chữa "
                 "bằng nguồn vốn duy tu giao thông nông thôn năm 2024."),
            Item("2. Trong thời gian chờ sửa chữa, Ủy ban nhân dân xã giao xóm 5 huy động "
                 "nhân dân đắp tạm bằng đất và bao tải cát, bảo đảm đi lại an toàn."),
            Item("3. Dự kiến thi công hoàn thành trước ngày 30 tháng 11 năm 2024."),
            "Ủy ban nhân dân xã trân trọng cảm ơn ý kiến đóng góp của ông và mong tiếp tục "
            "nhận được sự phối hợp của nhân dân./.",
        ),
        recipients=("Như trên;", "Xóm 5;", "Lưu: VT."),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Triệu Quang Khải",
    ),
    Doc(
        key="cv-chap-thuan-le-hoi", kind="cong_van", split="held-out",
        agency=(UB, "XÃ VĨNH THẠNH"), number="377/UBND-VHXH", place="Vĩnh Thạnh",
        date=(2026, 2, 2), title=(),
        subject="V/v chấp thuận tổ chức lễ hội Kỳ Yên đình Bình Thủy năm 2026",
        kinh_gui=("Ban Quý tế đình Bình Thủy",),
        body=(
            "Xét văn bản đề nghị ngày 15 tháng 01 năm 2026 của Ban Quý tế đình Bình Thủy về "
            "việc tổ chức lễ hội Kỳ Yên, Ủy ban nhân dân xã Vĩnh Thạnh có ý kiến như sau:",
            "Chấp thuận cho Ban Quý tế đình Bình Thủy tổ chức lễ hội Kỳ Yên từ ngày 12 đến "
            "ngày 14 tháng 3 năm 2026 (nhằm ngày 24 đến ngày 26 tháng Giêng năm Bính Ngọ) "
            "tại khuôn viên đình.",
            "Ban Quý tế có trách nhiệm tổ chức lễ hội trang trọng, tiết kiệm; không để xảy ra "
            "mê tín dị đoan, cờ bạc; bảo đảm an ninh trật tự, phòng cháy chữa cháy và vệ sinh "
            "môi trường; kết thúc lễ hội báo cáo kết quả về Ủy ban nhân dân xã trước ngày 20 "
            "tháng 3 năm 2026.",
            "Giao Công an xã phối hợp bảo đảm an ninh trật tự, an toàn giao thông trong thời "
            "gian diễn ra lễ hội./.",
        ),
        recipients=("Như trên;", "Công an xã;", "Lưu: VT, VHXH."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Lâm Thị Kim Hoàng",
    ),
    Doc(
        key="cv-xac-minh-ho-tich", kind="cong_van", split="tuning",
        agency=(UB, "XÃ ĐỒNG VĂN"), number="58/UBND-TP", place="Đồng Văn",
        date=(2022, 4, 20), title=(),
        subject="V/v đề nghị xác minh thông tin khai sinh",
        kinh_gui=("Ủy ban nhân dân xã Phố Bảng",),
        body=(
            "Ủy ban nhân dân xã Đồng Văn đang giải quyết hồ sơ đăng ký lại khai sinh cho anh "
            "Sùng Mí Dình, sinh ngày 03 tháng 9 năm 1998. Theo tờ khai, anh Dình đã được đăng "
            "ký khai sinh tại Ủy ban nhân dân xã Phố Bảng năm 1999, nhưng bản chính Giấy khai "
            "sinh đã bị mất.",
            "Để có căn cứ giải quyết, Ủy ban nhân dân xã Đồng Văn đề nghị Ủy ban nhân dân xã "
            "Phố Bảng kiểm tra Sổ đăng ký khai sinh năm 1999 và trả lời bằng văn bản về việc "
            "còn lưu giữ hay không còn lưu giữ sổ hộ tịch; nếu còn, đề nghị cung cấp trích "
            "lục nội dung đã đăng ký.",
            "Văn bản trả lời xin gửi về Ủy ban nhân dân xã Đồng Văn trước ngày 05 tháng 5 "
            "năm 2022. Rất mong nhận được sự phối hợp của quý Ủy ban./.",
        ),
        recipients=("Như trên;", "Lưu: VT, TP."),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Vừ Mí Pó",
    ),
    # ------------------------------------------------------------------ giấy mời (2)
    Doc(
        key="gm-hop-dan-quy-hoach", kind="giay_moi", split="held-out",
        agency=(UB, "XÃ EA TIÊU"), number="33/GM-UBND", place="Ea Tiêu",
        date=(2025, 4, 8), title=("GIẤY MỜI",),
        subject="Họp lấy ý kiến nhân dân về đồ án quy hoạch chung xã",
        body=(
            "Ủy ban nhân dân xã Ea Tiêu trân trọng kính mời:",
            Field("Ông (bà): đại diện các hộ gia đình buôn Kô Đung A và buôn Kô Đung B.",
                  indent_mm=10),
            Field("Thời gian: 14 giờ 00 phút, thứ Sáu, ngày 11 tháng 4 năm 2025.", indent_mm=10),
            Field("Địa điểm: Nhà văn hóa cộng đồng buôn Kô Đung A.", indent_mm=10),
            Field("Nội dung: nghe giới thiệu và góp ý đồ án quy hoạch chung xã Ea Tiêu đến "
                  "năm 2035, trong đó có tuyến đường liên buôn mở rộng lên 13 m.",
                  indent_mm=10),
            "Đề nghị các hộ gia đình cử người dự họp đúng thành phần, đúng giờ. Tài liệu được "
            "niêm yết tại nhà văn hóa từ ngày 08 tháng 4 năm 2025./.",
        ),
        recipients=("Như thành phần mời;", "Lưu: VT."),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Y Thanh Hmok",
    ),
    Doc(
        key="gm-tap-huan-chuyen-doi-so", kind="giay_moi", split="tuning",
        agency=(UB, "XÃ NGHĨA HƯNG"), number="19/GM-UBND", place="Nghĩa Hưng",
        date=(2025, 11, 24), title=("GIẤY MỜI",),
        subject="Tập huấn sử dụng dịch vụ công trực tuyến cho tổ công nghệ số cộng đồng",
        body=(
            "Ủy ban nhân dân xã Nghĩa Hưng tổ chức lớp tập huấn kỹ năng hướng dẫn người dân "
            "nộp hồ sơ trực tuyến và thanh toán phí, lệ phí không dùng tiền mặt.",
            Field("Thành phần: tổ trưởng và 02 thành viên tổ công nghệ số cộng đồng của 14 "
                  "xóm; công chức Bộ phận Một cửa xã."),
            Field("Thời gian: 01 ngày, bắt đầu 7 giờ 30 phút, thứ Ba, ngày 02 tháng 12 năm "
                  "2025."),
            Field("Địa điểm: Hội trường Ủy ban nhân dân xã (tầng 2)."),
            "Học viên mang theo điện thoại thông minh đã cài ứng dụng định danh điện tử. Ban "
            "tổ chức hỗ trợ tiền ăn trưa theo quy định./.",
        ),
        recipients=("Như thành phần;", "Lưu: VT, VP."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Phùng Thế Tài",
    ),
    # ------------------------------------------------------------------ kế hoạch (2)
    Doc(
        key="kh-phong-chong-thien-tai", kind="ke_hoach", split="tuning",
        agency=(UB, "XÃ KỲ ANH"), number="95/KH-UBND", place="Kỳ Anh",
        date=(2024, 6, 3), title=("KẾ HOẠCH",),
        subject="Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2024",
        body=(
            "Thực hiện Luật Phòng, chống thiên tai năm 2013, được sửa đổi, bổ sung năm 2020, "
            "Ủy ban nhân dân xã Kỳ Anh xây dựng Kế hoạch phòng, chống thiên tai và tìm kiếm "
            "cứu nạn năm 2024 như sau:",
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Item("1. Chủ động phòng ngừa, ứng phó kịp thời, khắc phục khẩn trương, có hiệu quả "
                 "khi có bão, lũ, ngập lụt xảy ra; giảm đến mức thấp nhất thiệt hại về người "
                 "và tài sản."),
            Item("2. Quán triệt phương châm bốn tại chỗ: chỉ huy tại chỗ, lực lượng tại chỗ, "
                 "phương tiện, vật tư tại chỗ và hậu cần tại chỗ."),
            Heading("II. NHIỆM VỤ CỤ THỂ"),
            Item("1. Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn xã; "
                 "phân công thành viên phụ trách từng thôn trước ngày 15 tháng 6."),
            Item("2. Rà soát các hộ dân ở vùng trũng thấp ven sông Trí; lập danh sách 112 hộ "
                 "với 387 nhân khẩu phải sơ tán khi có bão cấp 10 trở lên."),
            Item("3. Dự trữ lương thực, nước uống, thuốc men đủ dùng trong 07 ngày tại ba "
                 "điểm: trường Tiểu học Kỳ Anh, nhà văn hóa thôn Tân Tiến và trạm y tế xã."),
            Item("4. Chuẩn bị phương tiện: 02 thuyền máy, 45 áo phao, 30 phao tròn, 04 máy "
                 "phát điện; kiểm tra, bảo dưỡng xong trước ngày 30 tháng 6."),
            Item("5. Tổ chức diễn tập sơ tán dân tại thôn Hải Hà vào tuần thứ hai của tháng 8."),
            Heading("III. KINH PHÍ"),
            "Kinh phí thực hiện Kế hoạch từ nguồn dự phòng ngân sách xã năm 2024 và quỹ "
            "phòng, chống thiên tai được để lại xã, tổng số 186.500.000 đồng.",
            Heading("IV. TỔ CHỨC THỰC HIỆN"),
            "Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn xã chủ trì, theo dõi, đôn "
            "đốc việc thực hiện Kế hoạch; các thôn xây dựng phương án của thôn, gửi về Ủy ban "
            "nhân dân xã trước ngày 20 tháng 6 năm 2024.",
            "Trạm y tế xã chuẩn bị cơ số thuốc, hóa chất xử lý môi trường sau bão lũ; Công an "
            "xã và Ban Chỉ huy quân sự xã bố trí lực lượng trực 24/24 giờ trong thời gian có "
            "bão, lũ.",
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Ủy "
            "ban nhân dân xã (qua công chức Địa chính - Nông nghiệp) để xem xét, giải quyết./.",
        ),
        recipients=("Ban CH PCTT và TKCN huyện;", "Thành viên BCH xã;", "Các thôn;",
                    "Lưu: VT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Đậu Xuân Hòa",
    ),
    Doc(
        key="kh-ve-sinh-moi-truong", kind="ke_hoach", split="held-out",
        agency=(UB, "XÃ PHÚ VANG"), number="40/KH-UBND", place="Phú Vang",
        date=(2023, 3, 17), title=("KẾ HOẠCH",),
        subject="Tổ chức ngày Chủ nhật xanh - sạch - đẹp trên địa bàn xã năm 2023",
        body=(
            "Nhằm nâng cao ý thức bảo vệ môi trường của người dân, Ủy ban nhân dân xã Phú Vang "
            "ban hành Kế hoạch tổ chức ngày Chủ nhật xanh - sạch - đẹp như sau:",
            Heading("1. Thời gian, địa điểm"),
            "Chủ nhật cuối cùng của mỗi tháng, từ 6 giờ 00 đến 9 giờ 00; tại các tuyến đường "
            "liên thôn, bãi biển Thuận An và khu vực chợ Phú Diên.",
            Heading("2. Nội dung"),
            Item("- Thu gom rác thải, phát quang bụi rậm, khơi thông cống rãnh;"),
            Item("- Trồng cây xanh dọc tuyến đường ven phá Tam Giang, mỗi thôn ít nhất 50 cây;"),
            Item("- Tuyên truyền phân loại rác tại nguồn, hạn chế sử dụng túi ni lông."),
            Heading("3. Phân công"),
            "Đoàn Thanh niên xã làm nòng cốt; Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh vận "
            "động hội viên tham gia; các thôn huy động mỗi hộ ít nhất một người. Công chức "
            "Địa chính - Môi trường tổng hợp kết quả, báo cáo Ủy ban nhân dân xã hằng tháng./.",
        ),
        recipients=("Các đoàn thể xã;", "Các thôn;", "Lưu: VT."),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Tôn Nữ Thu Thủy",
    ),
    # ----------------------------------------- giấy chứng nhận, xác nhận, trích lục, giấy phép (6)
    Doc(
        key="gcn-ho-kinh-doanh", kind="ho_kinh_doanh", split="held-out",
        agency=("UBND HUYỆN LỤC NAM", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"), number="20H8004719",
        place="Lục Nam", date=(2021, 10, 25),
        title=("GIẤY CHỨNG NHẬN", "ĐĂNG KÝ HỘ KINH DOANH"),
        body=(
            Field("Đăng ký lần đầu: ngày 25 tháng 10 năm 2021"),
            Field("1. Tên hộ kinh doanh: CƠ SỞ MAY MẶC THANH NGA"),
            Field("2. Địa chỉ địa điểm kinh doanh: thôn Bãi Ổi, xã Đông Phú, huyện Lục Nam, "
                  "tỉnh Bắc Giang"),
            Field("Điện thoại: 0912 408 763"),
            Field("3. Ngành, nghề kinh doanh: may trang phục (trừ trang phục từ da lông thú); "
                  "bán lẻ hàng may mặc"),
            Field("4. Vốn kinh doanh: 300.000.000 đồng (ba trăm triệu đồng)"),
            Field("5. Số lượng lao động: 08 người"),
            Field("6. Họ và tên chủ hộ kinh doanh: NGUYỄN THỊ THANH NGA"),
            Field("Giới tính: Nữ; sinh ngày: 14/07/1986; dân tộc: Kinh; quốc tịch: Việt Nam"),
            Field("Số định danh cá nhân: 024186003357"),
            Field("Nơi cư trú: thôn Bãi Ổi, xã Đông Phú, huyện Lục Nam, tỉnh Bắc Giang"),
        ),
        sign=("TRƯỞNG PHÒNG",), signer="Giáp Văn Thuận", seal="UBND HUYỆN LỤC NAM",
    ),
    Doc(
        key="gxn-tinh-trang-hon-nhan", kind="giay_xac_nhan", split="held-out",
        agency=(UB, "XÃ ĐÔNG SƠN"), number="112/XNTTHN", place="Đông Sơn",
        date=(2024, 12, 2), title=("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",),
        body=(
            Field("Xét đề nghị của ông Thiều Quang Minh về việc cấp Giấy xác nhận tình trạng "
                  "hôn nhân cho bản thân,"),
            Field("ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN XÁC NHẬN:"),
            Field("Họ, chữ đệm, tên: THIỀU QUANG MINH"),
            Field("Ngày, tháng, năm sinh: 28/01/1992"),
            Field("Giới tính: Nam; dân tộc: Kinh; quốc tịch: Việt Nam"),
            Field("Số định danh cá nhân: 038092017745"),
            Field("Nơi cư trú: thôn Thọ Phú, xã Đông Sơn, tỉnh Thanh Hóa"),
            Field("Trong thời gian cư trú tại xã Đông Sơn từ ngày 28/01/1992 đến nay."),
            Field("Tình trạng hôn nhân: hiện tại chưa đăng ký kết hôn với ai."),
            Field("Giấy này được cấp để: làm thủ tục đăng ký kết hôn với bà Ngọ Thị Sen tại Ủy "
                  "ban nhân dân xã Quảng Phú."),
            Field("Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp."),
        ),
        sign=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Lê Thị Thanh Xuân",
    ),
    Doc(
        key="tl-khai-tu", kind="trich_luc", split="tuning",
        agency=(UB, "XÃ TÂY TRÀ"), number="27/TLKT-BS", place="Tây Trà",
        date=(2025, 3, 31), title=("TRÍCH LỤC KHAI TỬ",), copy_note=True,
        body=(
            Field("Họ, chữ đệm, tên: HỒ VĂN LỰC"),
            Field("Ngày, tháng, năm sinh: 12/05/1950; giới tính: Nam"),
            Field("Dân tộc: Cor; quốc tịch: Việt Nam"),
            Field("Số định danh cá nhân: 051050009861"),
            Field("Nơi cư trú cuối cùng: thôn Trà Khương, xã Tây Trà, tỉnh Quảng Ngãi"),
            Field("Đã chết vào lúc: 04 giờ 20 phút, ngày 24/03/2025"),
            Field("Nơi chết: tại nhà riêng, thôn Trà Khương"),
            Field("Nguyên nhân chết: bệnh già"),
            Field("Giấy báo tử số 09/GBT do Trạm y tế xã cấp ngày 24/03/2025"),
            Field("Người đi khai tử: Hồ Thị Bảy; quan hệ với người chết: con gái"),
            Field("Nơi đăng ký khai tử: Ủy ban nhân dân xã Tây Trà, tỉnh Quảng Ngãi"),
            Field("Ngày đăng ký: 31/03/2025; số đăng ký: 27"),
        ),
        sign=("NGƯỜI KÝ TRÍCH LỤC",), signer="Đinh Thị Hồng Nhạn",
        seal="ỦY BAN NHÂN DÂN XÃ TÂY TRÀ",
    ),
    Doc(
        key="tl-thay-doi-ho-tich", kind="trich_luc", split="held-out",
        agency=(UB, "XÃ HƯƠNG KHÊ"), number="16/TLTĐHT", place="Hương Khê",
        date=(2022, 11, 18), title=("TRÍCH LỤC THAY ĐỔI, CẢI CHÍNH HỘ TỊCH",),
        copy_note=True,
        body=(
            Field("Họ, chữ đệm, tên: ĐẶNG THỊ MỸ LỆ"),
            Field("Ngày, tháng, năm sinh: 06/06/2009; giới tính: Nữ"),
            Field("Nơi cư trú: xóm Trung Lộc, xã Hương Khê, tỉnh Hà Tĩnh"),
            Field("Đã đăng ký cải chính hộ tịch như sau:"),
            Field("Nội dung trước khi cải chính: ngày sinh 16/06/2009", indent_mm=10),
            Field("Nội dung sau khi cải chính: ngày sinh 06/06/2009", indent_mm=10),
            Field("Lý do: sai sót của cán bộ hộ tịch khi ghi Sổ đăng ký khai sinh năm 2009"),
            Field("Căn cứ: Giấy chứng sinh số 1408 của Bệnh viện đa khoa huyện"),
            Field("Người yêu cầu: Đặng Văn Hiếu; quan hệ: cha"),
            Field("Số đăng ký: 16; ngày đăng ký: 18/11/2022"),
        ),
        sign=("NGƯỜI KÝ TRÍCH LỤC",), signer="Phan Đình Thục",
        seal="ỦY BAN NHÂN DÂN XÃ HƯƠNG KHÊ",
    ),
    Doc(
        key="gp-ban-le-ruou", kind="giay_phep", split="tuning",
        agency=("UBND HUYỆN YÊN THẾ", "PHÒNG KINH TẾ VÀ HẠ TẦNG"), number="14/GP-KTHT",
        place="Yên Thế", date=(2023, 8, 21), title=("GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯỢU",),
        body=(
            "Căn cứ Nghị định số 105/2017/NĐ-CP ngày 14 tháng 9 năm 2017 của Chính phủ về kinh "
            "doanh rượu; xét đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu của hộ kinh doanh "
            "Quán Sáu Hường,",
            Center("TRƯỞNG PHÒNG KINH TẾ VÀ HẠ TẦNG HUYỆN YÊN THẾ"),
            Center("CHO PHÉP:"),
            Field("1. Hộ kinh doanh: QUÁN SÁU HƯỜNG"),
            Field("Địa chỉ: phố Mỏ Trạng, xã Tam Tiến, huyện Yên Thế; điện thoại 0988 215 004"),
            Field("Giấy chứng nhận đăng ký hộ kinh doanh số 20J8001172 ngày 03/04/2019"),
            Field("2. Được phép bán lẻ sản phẩm rượu có độ cồn từ 5,5 độ trở lên tại địa điểm "
                  "kinh doanh nêu trên."),
            Field("3. Tổ chức, cá nhân cung cấp rượu: Công ty TNHH Đồ uống Cầu Gồ."),
            Field("4. Hộ kinh doanh phải thực hiện đúng các quy định tại Nghị định số "
                  "105/2017/NĐ-CP; không bán rượu cho người chưa đủ 18 tuổi."),
            Field("5. Giấy phép có giá trị đến ngày 21 tháng 8 năm 2028."),
        ),
        recipients=("Hộ KD Quán Sáu Hường;", "UBND xã Tam Tiến;", "Lưu: VT."),
        sign=("TRƯỞNG PHÒNG",), signer="Thân Văn Quyền", seal="UBND HUYỆN YÊN THẾ",
    ),
    Doc(
        key="gxn-hoan-canh-kho-khan", kind="giay_xac_nhan", split="tuning",
        agency=(UB, "XÃ SƠN HÀ"), number="203/GXN-UBND", place="Sơn Hà",
        date=(2025, 8, 12), title=("GIẤY XÁC NHẬN",),
        subject="Về hoàn cảnh gia đình học sinh, sinh viên",
        body=(
            Field("Ủy ban nhân dân xã Sơn Hà xác nhận:"),
            Field("Em: Lê Thị Huyền Trân; sinh ngày 19/10/2007"),
            Field("Con ông: Lê Văn Mến; con bà: Đinh Thị Út"),
            Field("Hộ khẩu thường trú: thôn Gò Da, xã Sơn Hà, tỉnh Quảng Ngãi"),
            Field("Đã trúng tuyển vào Trường Đại học Sư phạm Kỹ thuật, khóa học 2025 - 2029."),
            "Gia đình em thuộc hộ nghèo năm 2025 theo Quyết định số 11/QĐ-UBND ngày 15 tháng "
            "01 năm 2025 của Ủy ban nhân dân xã; cha mẹ làm nông, thu nhập bình quân dưới "
            "1.500.000 đồng mỗi người mỗi tháng; gia đình có 04 người con đang đi học.",
            "Giấy xác nhận này cấp để em làm thủ tục vay vốn tín dụng học sinh, sinh viên tại "
            "Ngân hàng Chính sách xã hội và xét miễn, giảm học phí.",
        ),
        sign=(TM_UB, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer="Đinh Văn Dũng",
    ),
    # ------------------------------------------------------------------ biên bản (2)
    Doc(
        key="bb-ban-giao-moc-gioi", kind="bien_ban", split="tuning", header="one",
        agency=(UB, "XÃ LẠC THỦY"), number="", place="Lạc Thủy", date=(2023, 10, 11),
        title=("BIÊN BẢN",), subject="Bàn giao mốc giới thửa đất tại thực địa",
        body=(
            "Hôm nay, vào lúc 8 giờ 30 phút ngày 11 tháng 10 năm 2023, tại thửa đất số 640, "
            "tờ bản đồ số 09, xóm Đồi Bương, xã Lạc Thủy, chúng tôi gồm:",
            Heading("1. Đại diện Ủy ban nhân dân xã Lạc Thủy:"),
            Item("- Ông Bạch Văn Ngọc, công chức Địa chính - Xây dựng;"),
            Item("- Ông Xa Văn Tiến, Trưởng xóm Đồi Bương."),
            Heading("2. Đại diện hộ gia đình nhận bàn giao:"),
            Item("- Bà Quách Thị Phượng, chủ sử dụng đất."),
            Heading("3. Các hộ liền kề:"),
            Item("- Ông Đinh Công Lãm (phía Bắc); bà Bùi Thị Nhài (phía Đông)."),
            "Các bên đã cùng kiểm tra và bàn giao 04 mốc giới bằng bê tông, ký hiệu M1, M2, M3, "
            "M4, theo đúng sơ đồ trích đo địa chính số 77/TĐ. Diện tích thửa đất sau bàn giao "
            "là 356,2 m²; các cạnh tiếp giáp không có tranh chấp.",
            "Bà Quách Thị Phượng có trách nhiệm bảo quản mốc giới, không tự ý di dời. Biên bản "
            "kết thúc lúc 10 giờ 05 phút cùng ngày, được lập thành 03 bản có giá trị như nhau, "
            "đã đọc lại cho các bên cùng nghe và thống nhất ký tên.",
        ),
        left_sign=("NGƯỜI NHẬN BÀN GIAO", "Quách Thị Phượng"),
        sign=("ĐẠI DIỆN UBND XÃ", "CÔNG CHỨC ĐỊA CHÍNH"), signer="Bạch Văn Ngọc",
        seal="ỦY BAN NHÂN DÂN XÃ LẠC THỦY",
    ),
    Doc(
        key="bb-kiem-tra-cong-trinh", kind="bien_ban", split="held-out", header="one",
        agency=(UB, "XÃ AN LÃO"), number="", place="An Lão", date=(2026, 3, 4),
        title=("BIÊN BẢN",), subject="Kiểm tra hiện trạng công trình xây dựng",
        body=(
            "Vào hồi 14 giờ 00 phút ngày 04 tháng 3 năm 2026, tại công trình nhà ở của ông "
            "Mạc Đăng Khoa, thôn Trường Thành, xã An Lão, Tổ kiểm tra trật tự xây dựng của Ủy "
            "ban nhân dân xã gồm:",
            Item("1. Ông Nguyễn Hữu Lộc, Phó Chủ tịch Ủy ban nhân dân xã, Tổ trưởng;"),
            Item("2. Bà Văn Thị Quế, công chức Địa chính - Xây dựng, thành viên;"),
            Item("3. Ông Trịnh Xuân Bắc, Phó Trưởng Công an xã, thành viên."),
            "Chủ công trình: ông Mạc Đăng Khoa, sinh năm 1971.",
            "Tình trạng công trình tại thời điểm kiểm tra: đang xây dựng tầng 3, kết cấu khung "
            "bê tông cốt thép, diện tích xây dựng khoảng 92 m²; giấy phép xây dựng số 06/GPXD "
            "chỉ cho phép xây dựng 02 tầng.",
            "Yêu cầu chủ công trình tạm dừng thi công phần tầng 3 kể từ 14 giờ 40 phút ngày 04 "
            "tháng 3 năm 2026 và xuất trình hồ sơ điều chỉnh giấy phép (nếu có) trước ngày 10 "
            "tháng 3 năm 2026.",
            "Biên bản lập xong hồi 15 giờ 10 phút cùng ngày, đã đọc cho mọi người cùng nghe, "
            "nhất trí ký tên.",
        ),
        left_sign=("CHỦ CÔNG TRÌNH", "Mạc Đăng Khoa"),
        sign=("TỔ TRƯỞNG", "PHÓ CHỦ TỊCH UBND XÃ"), signer="Nguyễn Hữu Lộc",
        seal="ỦY BAN NHÂN DÂN XÃ AN LÃO",
    ),
    # ------------------------------------------------------------------ biên nhận, phiếu (2)
    Doc(
        key="bn-tiep-nhan-ho-so", kind="bien_nhan", split="tuning",
        agency=(UB, "XÃ CÁI NƯỚC"), number="000.18.31.H12-250617-0042", place="Cái Nước",
        date=(2025, 6, 17), title=("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",),
        body=(
            Field("Bộ phận Một cửa Ủy ban nhân dân xã Cái Nước tiếp nhận hồ sơ của:"),
            Field("Ông (bà): Tăng Minh Nhựt; điện thoại: 0945 216 087"),
            Field("Địa chỉ: ấp Tân Phong, xã Cái Nước, tỉnh Cà Mau"),
            Field("Nội dung yêu cầu giải quyết: đăng ký kết hôn"),
            Table(("TT", "Tên giấy tờ", "Bản chính", "Bản sao"),
                  (("1", "Tờ khai đăng ký kết hôn", "01", "0"),
                   ("2", "Giấy xác nhận tình trạng hôn nhân", "02", "0"),
                   ("3", "Căn cước của hai bên", "0", "02")),
                  (0.08, 0.56, 0.18, 0.18), "clcc"),
            Field("Số lượng hồ sơ: 01 (bộ)"),
            Field("Thời gian giải quyết hồ sơ theo quy định: 01 ngày làm việc"),
            Field("Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 17/06/2025"),
            Field("Thời gian trả kết quả: 09 giờ 15 phút, ngày 18/06/2025"),
            Field("Vào Sổ theo dõi hồ sơ, quyển số: 02"),
        ),
        left_sign=("NGƯỜI NỘP HỒ SƠ", "Tăng Minh Nhựt"),
        sign=("NGƯỜI TIẾP NHẬN HỒ SƠ",), signer="Quan Thị Diễm",
        seal="ỦY BAN NHÂN DÂN XÃ CÁI NƯỚC",
    ),
    Doc(
        key="pk-bo-sung-ho-so", kind="bien_nhan", split="held-out",
        agency=(UB, "XÃ TAM NÔNG"), number="000.27.14.H45-240905-0118", place="Tam Nông",
        date=(2024, 9, 5), title=("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",),
        body=(
            Field("Hồ sơ của: ông Võ Thành Lũy"),
            Field("Địa chỉ: tổ 11, ấp Phú Hòa, xã Tam Nông, tỉnh Đồng Tháp"),
            Field("Nội dung yêu cầu giải quyết: chứng thực hợp đồng chuyển nhượng quyền sử "
                  "dụng đất"),
            Field("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"),
            Item("1. Bản chính Giấy chứng nhận quyền sử dụng đất số CS 04127 để đối chiếu;"),
            Item("2. Văn bản đồng ý của bà Lê Thị Nhỏ (vợ ông Võ Thành Lũy) về việc chuyển "
                 "nhượng tài sản chung;"),
            Item("3. Dự thảo hợp đồng ghi đúng diện tích 1.245,6 m² theo bản đồ địa chính."),
            Field("Lý do: hồ sơ chưa đủ thành phần theo quy định của Luật Đất đai."),
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông liên hệ công chức Tư "
            "pháp - Hộ tịch, điện thoại 0277 3827 540 để được hướng dẫn.",
        ),
        sign=("NGƯỜI HƯỚNG DẪN",), signer="Huỳnh Văn Bé Tư",
        seal="ỦY BAN NHÂN DÂN XÃ TAM NÔNG",
    ),
    # ------------------------------------------------------------------ tờ trình (1)
    Doc(
        key="tt-du-toan-nha-van-hoa", kind="to_trinh", split="tuning",
        agency=(UB, "XÃ HẢI LĂNG"), number="71/TTr-UBND", place="Hải Lăng",
        date=(2024, 4, 23), title=("TỜ TRÌNH",),
        subject="Về việc phê duyệt dự toán sửa chữa nhà văn hóa thôn Câu Nhi",
        kinh_gui=("Hội đồng nhân dân xã Hải Lăng",),
        body=(
            "Nhà văn hóa thôn Câu Nhi được xây dựng năm 2008, đến nay mái tôn bị dột, tường "
            "bong tróc, hệ thống điện xuống cấp, không bảo đảm an toàn khi tổ chức sinh hoạt "
            "cộng đồng.",
            "Ủy ban nhân dân xã kính trình Hội đồng nhân dân xã xem xét, phê duyệt dự toán sửa "
            "chữa như sau:",
            Table(("STT", "Hạng mục", "Thành tiền (đồng)"),
                  (("1", "Thay mái tôn, xà gồ thép", "96.400.000"),
                   ("2", "Trát, sơn lại tường trong và ngoài", "41.250.000"),
                   ("3", "Thay hệ thống điện, quạt, đèn", "27.800.000"),
                   ("4", "Chi phí khác, dự phòng", "9.550.000"),
                   ("", "Tổng cộng", "175.000.000")),
                  (0.1, 0.58, 0.32), "clr"),
            "Nguồn vốn: ngân sách xã năm 2024 là 120.000.000 đồng; nhân dân đóng góp "
            "55.000.000 đồng. Thời gian thực hiện: quý III năm 2024.",
            "Kính trình Hội đồng nhân dân xã xem xét, quyết định./.",
        ),
        recipients=("Như trên;", "TT Đảng ủy xã;", "Lưu: VT."),
        sign=(TM_UB, "CHỦ TỊCH"), signer="Nguyễn Khắc Ánh",
    ),
)


def split_rule(docs: tuple[Doc, ...] = DOCS) -> dict[str, str]:
    """Within each kind, in SHA-256 order of the keys: held-out, tuning, held-out, …
    (written down in each Doc's `split`; this only re-derives it)."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        by_kind[d.kind].append(d.key)
    out = {}
    for kind, keys in by_kind.items():
        ranked = sorted(keys, key=lambda k: hashlib.sha256(k.encode()).hexdigest())
        # alternate, starting from the kind's own hash so one-document kinds do not all
        # land in the same split
        start = int(hashlib.sha256(kind.encode()).hexdigest(), 16) % 2
        for i, k in enumerate(ranked):
            out[k] = ("held-out", "tuning")[(i + start) % 2]
    return out


#: The held-out documents as drawn on 2026-11 (the rule above, applied once). The build refuses
#: to run if any of these is no longer held-out: a held-out text never becomes a tuning text.
HELD_OUT_AT_SPLIT = frozenset({
    "bb-kiem-tra-cong-trinh", "cv-chap-thuan-le-hoi", "cv-tra-loi-kien-nghi",
    "gcn-ho-kinh-doanh", "gm-hop-dan-quy-hoach", "gxn-tinh-trang-hon-nhan",
    "kh-ve-sinh-moi-truong", "pk-bo-sung-ho-so", "qd-gia-han-gpxd", "qd-ho-tro-mai-tang",
    "qd-hoa-giai-vien", "qd-khen-thuong", "tb-lich-tiep-cong-dan", "tb-tuyen-dung",
    "tl-thay-doi-ho-tich",
})


def check_splits(docs: tuple[Doc, ...] = DOCS) -> None:
    """Keys unique, every split named, the held-out set not shrunk, no paragraph in both."""
    keys = [d.key for d in docs]
    if len(set(keys)) != len(keys):
        raise ValueError("two documents share a key")
    bad = [d.key for d in docs if d.split not in ("held-out", "tuning")]
    if bad:
        raise ValueError(f"documents without a split: {', '.join(bad)}")
    moved = sorted(HELD_OUT_AT_SPLIT - {d.key for d in docs if d.split == "held-out"})
    if moved:
        raise ValueError(f"held-out documents moved or removed: {', '.join(moved)}")
    seen: dict[str, str] = {}
    for d in docs:
        for block in d.body:
            if isinstance(block, str) and len(block) > 60:
                if seen.setdefault(block, d.split) != d.split:
                    raise ValueError(f"a paragraph of {d.key} is in both splits")
