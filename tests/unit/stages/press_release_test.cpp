#include "stages/facts/press_release.h"

#include <gtest/gtest.h>

#include "pipeline/document_builder.h"

namespace jikji::facts {
namespace {

// Builds documents the way converters emit them: paragraphs and tables of cells.
class Form {
  public:
    Form& para(std::string_view text) {
        m_builder.openParagraph(BlockKind::Paragraph, 0);
        m_builder.insertText(text);
        m_builder.closeParagraph();
        return *this;
    }
    // One table; each row is cells, each cell is lines (paragraphs) separated by '|'.
    Form& table(const std::vector<std::vector<std::string>>& rows) {
        m_builder.openTable(static_cast<std::uint32_t>(rows.size()), 0);
        for (std::uint32_t r = 0; r < rows.size(); ++r) {
            for (std::uint32_t c = 0; c < rows[r].size(); ++c) {
                m_builder.openCell({r, c, 1, 1});
                std::string_view cell = rows[r][c];
                std::size_t start = 0;
                while (start <= cell.size()) {
                    std::size_t bar = cell.find('|', start);
                    m_builder.openParagraph(BlockKind::Paragraph, 0);
                    m_builder.insertText(cell.substr(start, bar == std::string_view::npos
                                                                ? std::string_view::npos
                                                                : bar - start));
                    m_builder.closeParagraph();
                    if (bar == std::string_view::npos) break;
                    start = bar + 1;
                }
                m_builder.closeCell();
            }
        }
        m_builder.closeTable();
        return *this;
    }
    Document done() { return m_builder.finish(Status::Ok); }

  private:
    DocumentBuilder m_builder;
};

// The layout of a Financial Services Commission release (250813 가계대출 동향).
Document twoDepartmentRelease() {
    return Form()
        .table({{"", "보도자료", ""}})
        .table({{"보도시점", "2025. 8. 13.(수) 15:00", "배포", "2025. 8. 13.(수) 09:00"}})
        .table({{"7월중 가계대출 동향(잠정) 및 「가계부채 점검회의」 개최|▴ ’25.7월 가계대출은 "
                 "+2.2조원 "
                 "증가|▴ ｢가계부채 관리방안｣ 이행 점검"}})
        .para("□ 금융위원회는 8월 13일 가계부채 점검회의를 개최하였다.")
        .para("○ 이번 회의에는 관계기관이 참석하였다.")
        .para("- 주택담보대출은 +4.1조원 증가하였다.")
        .para("※ 잠정치 기준")
        .para("붙임 1. 7월중 가계대출 동향")
        .para("붙임 2. 가계부채 점검회의 주요 내용")
        .table(
            {{"담당 부서", "금융위원회|금융정책과", "책임자", "과  장", "신진창", "(02-2100-2830)"},
             {"", "", "담당자", "사무관", "김수영", "(02-2100-2836)"},
             {"담당 부서", "금융감독원|가계신용분석팀", "책임자", "팀  장", "김형원",
              "(02-3145-8470)"}})
        .done();
}

TEST(PressRelease, ReadsEmbargoReleaseTitleAndSubtitles) {
    auto press = extractPressRelease(twoDepartmentRelease());
    ASSERT_TRUE(press);
    EXPECT_EQ(press->kind, "보도자료");
    EXPECT_EQ(press->embargoAt, "2025-08-13T15:00:00+09:00");
    EXPECT_EQ(press->releasedAt, "2025-08-13T09:00:00+09:00");
    EXPECT_EQ(press->edition, "");
    EXPECT_EQ(press->title, "7월중 가계대출 동향(잠정) 및 「가계부채 점검회의」 개최");
    ASSERT_EQ(press->subtitles.size(), 2u);
    EXPECT_EQ(press->subtitles[0], "’25.7월 가계대출은 +2.2조원 증가");
}

TEST(PressRelease, ReadsContactsOfTwoDepartments) {
    auto press = extractPressRelease(twoDepartmentRelease());
    ASSERT_TRUE(press);
    ASSERT_EQ(press->contacts.size(), 3u);
    EXPECT_EQ(press->contacts[0].department, "금융위원회 금융정책과");
    EXPECT_EQ(press->contacts[0].role, "책임자");
    EXPECT_EQ(press->contacts[0].jobTitle, "과장");
    EXPECT_EQ(press->contacts[0].name, "신진창");
    EXPECT_EQ(press->contacts[0].phone, "02-2100-2830");
    // The second row has no department cell: it belongs to the one above.
    EXPECT_EQ(press->contacts[1].department, "금융위원회 금융정책과");
    EXPECT_EQ(press->contacts[1].role, "담당자");
    EXPECT_EQ(press->contacts[1].name, "김수영");
    EXPECT_EQ(press->contacts[2].department, "금융감독원 가계신용분석팀");
    EXPECT_EQ(press->contacts[2].jobTitle, "팀장");
}

// A PDF's contact table (hwpx-h-02 exported by Hancom): no rule between the title, name and
// phone cells, so one cell holds `과 장 강병중 (044-215-7630)`; the contact is the HWP's.
TEST(PressRelease, TitleNameAndPhoneInOneCell) {
    Document document =
        Form()
            .table({{"보도자료"}})
            .table({{"보도시점", "2025. 9. 19.(금) 11:00"}})
            .para("해외직접투자 동향")
            .table({{"담당 부서", "대외경제국", "책임자", "과 장 강병중 (044-215-7630)"},
                    {"", "국제경제과", "담당자", "사무관 황예진 (yejin1210@korea.kr)"}})
            .done();
    auto press = extractPressRelease(document);
    ASSERT_TRUE(press);
    ASSERT_EQ(press->contacts.size(), 2u);
    EXPECT_EQ(press->contacts[0].jobTitle, "과장");
    EXPECT_EQ(press->contacts[0].name, "강병중");
    EXPECT_EQ(press->contacts[0].phone, "044-215-7630");
    EXPECT_EQ(press->contacts[1].department, "국제경제과");
    EXPECT_EQ(press->contacts[1].jobTitle, "사무관");
    EXPECT_EQ(press->contacts[1].name, "황예진");
    EXPECT_EQ(press->contacts[1].email, "yejin1210@korea.kr");
}

// 250813 가계대출 동향: one `담당자` cell spans the rows of four staff, and the label cell
// reads `담당부서 (총괄)`. Every one of them is a contact, and no department holds the label.
TEST(PressRelease, RowSpannedRoleKeepsEveryContactAndLabelStaysOutOfTheDepartment) {
    DocumentBuilder builder;
    auto paragraph = [&](std::string_view text) {
        builder.openParagraph(BlockKind::Paragraph, 0);
        builder.insertText(text);
        builder.closeParagraph();
    };
    auto cell = [&](std::uint32_t row, std::uint32_t col, std::uint32_t rowSpan,
                    std::vector<std::string_view> lines) {
        builder.openCell({row, col, rowSpan, 1});
        for (std::string_view line : lines)
            paragraph(line);
        builder.closeCell();
    };
    builder.openTable(1, 2);
    cell(0, 0, 1, {"보도자료"});
    cell(0, 1, 1, {"보도시점 2025. 8. 13.(수) 15:00"});
    builder.closeTable();
    builder.openTable(1, 1);
    // A line of punctuation alone among the subtitle lines.
    cell(0, 0, 1, {"7월중 가계대출 동향", "▴ 가계대출 증가폭 축소", "`"});
    builder.closeTable();
    builder.openTable(4, 6);
    cell(0, 0, 4, {"담당부서", "(총괄)"});
    cell(0, 1, 4, {"금융위원회", "금융정책과"});
    cell(0, 2, 1, {"책임자"});
    cell(0, 3, 1, {"과 장"});
    cell(0, 4, 1, {"권유이"});
    cell(0, 5, 1, {"(02-2100-2830)"});
    cell(1, 2, 3, {"담당자"});
    const char* names[] = {"윤덕기", "이은진", "이송이"};
    for (std::uint32_t row = 1; row < 4; ++row) {
        cell(row, 3, 1, {"사무관"});
        cell(row, 4, 1, {names[row - 1]});
        cell(row, 5, 1, {"(02-2100-169" + std::to_string(row) + ")"});
    }
    builder.closeTable();
    auto press = extractPressRelease(builder.finish(Status::Ok));
    ASSERT_TRUE(press);
    ASSERT_EQ(press->contacts.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(press->contacts[i].department, "금융위원회 금융정책과") << i;
        EXPECT_EQ(press->contacts[i].role, i == 0 ? "책임자" : "담당자") << i;
    }
    EXPECT_EQ(press->contacts[2].name, "이은진");
    EXPECT_EQ(press->contacts[3].name, "이송이");
    EXPECT_EQ(press->contacts[3].phone, "02-2100-1693");
    EXPECT_EQ(press->contacts[3].jobTitle, "사무관");
    ASSERT_EQ(press->subtitles.size(), 1u);
    EXPECT_EQ(press->subtitles[0], "가계대출 증가폭 축소");
}

TEST(PressRelease, ReadsAppendicesAndOutline) {
    auto press = extractPressRelease(twoDepartmentRelease());
    ASSERT_TRUE(press);
    ASSERT_EQ(press->appendices.size(), 2u);
    EXPECT_EQ(press->appendices[0], "7월중 가계대출 동향");
    EXPECT_EQ(press->appendices[1], "가계부채 점검회의 주요 내용");
    ASSERT_EQ(press->outline.size(), 4u);
    EXPECT_EQ(press->outline[0].level, 1);
    EXPECT_EQ(press->outline[0].text, "금융위원회는 8월 13일 가계부채 점검회의를 개최하였다.");
    EXPECT_EQ(press->outline[1].level, 2);
    EXPECT_EQ(press->outline[2].level, 3);
    EXPECT_EQ(press->outline[3].level, 4);
}

// A 보도설명자료 whose header is one cell: "보도시점 : 배포 즉시 보도 가능" then "배포 :
// 2024. 5. 20.(월)".
TEST(PressRelease, ImmediateReleaseTakesTheReleaseDate) {
    Document document =
        Form()
            .table({{"", "보도설명자료", ""}})
            .table({{"보도시점 : 배포 즉시 보도 가능|배포 : 2024. 5. 20.(월)"}})
            .table({{"차량 생산중단에 대비하여, 택시 차령을 최대 2년 추가연장할 수 있도록 하고 "
                     "있습니다."}})
            .table({{"< 보도 내용 (한겨레, 5.20) >|◈ 1천만원 저렴한 쏘나타 기다리다"}})
            .para("□국토교통부(장관 박상우)는 택시 차령을 연장할 수 있도록 하였다.")
            .para("ㅇ이에 따른 후속조치로 45개 지자체에서 조례를 제정하였으며,")
            .table({{"담당부서", "교통물류실", "책임자", "과  장", "이주열", "(044-201-3823)"},
                    {"", "교통서비스정책과", "담당자", "팀  장", "노지훈", "(044-201-4770)"}})
            .done();
    auto press = extractPressRelease(document);
    ASSERT_TRUE(press);
    EXPECT_EQ(press->kind, "보도설명자료");
    EXPECT_EQ(press->edition, "즉시");
    EXPECT_EQ(press->releasedAt, "2024-05-20");
    EXPECT_EQ(press->embargoAt, "2024-05-20");
    EXPECT_EQ(press->title,
              "차량 생산중단에 대비하여, 택시 차령을 최대 2년 추가연장할 수 있도록 하고 있습니다.");
    EXPECT_TRUE(press->subtitles.empty());
    ASSERT_EQ(press->outline.size(), 2u);
    EXPECT_EQ(press->outline[1].marker, "ㅇ");
    ASSERT_EQ(press->contacts.size(), 2u);
    EXPECT_EQ(press->contacts[1].department, "교통서비스정책과");
    EXPECT_EQ(press->contacts[1].phone, "044-201-4770");
}

// Both labels in one line of one cell, as a 보도설명자료 of the transport ministry writes them.
TEST(PressRelease, ReleaseLabelInsideTheEmbargoLine) {
    Document document = Form()
                            .table({{"", "보도설명자료", ""}})
                            .table({{"보도시점 : 배포 즉시 보도 가능 / 배포 : 2024. 5. 20.(월)"}})
                            .table({{"택시 차령을 최대 2년 추가연장할 수 있도록 하고 있습니다."}})
                            .done();
    auto press = extractPressRelease(document);
    ASSERT_TRUE(press);
    EXPECT_EQ(press->releasedAt, "2024-05-20");
    EXPECT_EQ(press->embargoAt, "2024-05-20");
    EXPECT_EQ(press->edition, "즉시");
}

// A label cell spanning two rows: the print edition in the second row belongs to it.
TEST(PressRelease, LabelSpanningTwoRowsOwnsBothValues) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("보도자료");
    builder.closeParagraph();
    builder.openTable(2, 2);
    auto cell = [&](CellPosition position, std::string_view text) {
        builder.openCell(position);
        builder.insertText(text);
        builder.closeCell();
    };
    cell({0, 0, 2, 1}, "보도시점");
    cell({0, 1, 1, 1}, "(온라인) 2025. 12. 2.(화) 16:00");
    cell({1, 1, 1, 1}, "(지  면) 2025. 12. 3.(수) 조간");
    builder.closeTable();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("국민주권정부의 정부혁신 청사진 공개");
    builder.closeParagraph();
    auto press = extractPressRelease(builder.finish(Status::Ok));
    ASSERT_TRUE(press);
    EXPECT_EQ(press->embargoAt, "2025-12-02T16:00:00+09:00");
    EXPECT_EQ(press->edition, "조간");
    EXPECT_EQ(press->title, "국민주권정부의 정부혁신 청사진 공개");
}

// Online and print embargoes: the online time is the embargo, the print edition is 조간.
TEST(PressRelease, OnlineAndPrintEmbargo) {
    Document document =
        Form()
            .para("보도자료")
            .table({{"보도시점", "(온라인) 2025. 12. 2.(화) 16:00|(지  면) 2025. 12. 3.(수) 조간"}})
            .para("‘국민주권시대, AI와 함께 열다’")
            .para(" - 국민주권정부 정부혁신 추진전략 발표")
            .para("□ 행정안전부는 정부혁신 추진전략을 발표했다.")
            .done();
    auto press = extractPressRelease(document);
    ASSERT_TRUE(press);
    EXPECT_EQ(press->embargoAt, "2025-12-02T16:00:00+09:00");
    EXPECT_EQ(press->edition, "조간");
    EXPECT_EQ(press->releasedAt, "");
    EXPECT_EQ(press->title, "‘국민주권시대, AI와 함께 열다’");
    ASSERT_EQ(press->subtitles.size(), 1u);
    EXPECT_EQ(press->subtitles[0], "국민주권정부 정부혁신 추진전략 발표");
}

TEST(PressRelease, IssuerStandsBeforeTheFormName) {
    Document document =
        Form()
            .para("문화체육관광부")
            .para("보도자료")
            .table({{"보도시점", "2024. 1. 2.(화) 08:00", "배포", "2024. 1. 2.(화) 08:00"}})
            .para("2024 파리 올림픽·패럴림픽 준비하는 우리 선수단 격려한다")
            .done();
    auto press = extractPressRelease(document);
    ASSERT_TRUE(press);
    EXPECT_EQ(press->issuer, "문화체육관광부");
    EXPECT_EQ(press->embargoAt, "2024-01-02T08:00:00+09:00");
}

TEST(PressRelease, MissingEmbargoStillAReleaseWithContacts) {
    Document document = Form()
                            .para("보도참고자료")
                            .para("2026년 업무계획 발표")
                            .table({{"담당 부서", "기획재정부 정책조정국", "담당자", "사무관",
                                     "홍길동", "044-215-2810", "gildong@korea.kr"}})
                            .done();
    auto press = extractPressRelease(document);
    ASSERT_TRUE(press);
    EXPECT_EQ(press->embargoAt, "");
    EXPECT_EQ(press->title, "2026년 업무계획 발표");
    ASSERT_EQ(press->contacts.size(), 1u);
    EXPECT_EQ(press->contacts[0].email, "gildong@korea.kr");
    EXPECT_EQ(press->contacts[0].phone, "044-215-2810");
    EXPECT_EQ(press->contacts[0].department, "기획재정부 정책조정국");
}

TEST(PressRelease, OrdinaryDocumentsGetNoSection) {
    EXPECT_FALSE(extractPressRelease(Form()
                                         .para("2017년 시장구조조사 보고서")
                                         .para("배포 즉시 활용 가능합니다.")
                                         .table({{"구분", "2016", "2017"}, {"매출", "10", "12"}})
                                         .done()));
    // The words alone, deep in a document, are not the form.
    Form form;
    for (int i = 0; i < 40; ++i)
        form.para("본문 " + std::to_string(i));
    form.para("보도자료").para("보도시점 2025. 1. 1.(수) 12:00");
    EXPECT_FALSE(extractPressRelease(form.done()));
}

TEST(PressRelease, KoreanDateForms) {
    EXPECT_EQ(parseKoreanDateTime("2026. 1. 30.(금) 08:00"), "2026-01-30T08:00:00+09:00");
    EXPECT_EQ(parseKoreanDateTime("2026.1.30. 12:00"), "2026-01-30T12:00:00+09:00");
    EXPECT_EQ(parseKoreanDateTime("2025년 8월 13일(수) 오후 3시"), "2025-08-13T15:00:00+09:00");
    EXPECT_EQ(parseKoreanDateTime("1. 30.(금) 조간", 2026), "2026-01-30");
    EXPECT_EQ(parseKoreanDateTime("1. 30.(금) 조간"), "");
    EXPECT_EQ(parseKoreanDateTime("2019.13.40"), "");
}

TEST(PressRelease, PhoneNumbersNormalised) {
    EXPECT_EQ(normalizePhone("(044-203-3111)"), "044-203-3111");
    EXPECT_EQ(normalizePhone("02)2100 2830"), "02-2100-2830");
    EXPECT_EQ(normalizePhone("0632812577"), "063-281-2577");
    EXPECT_EQ(normalizePhone("281-2577"), "281-2577");
}

}  // namespace
}  // namespace jikji::facts
