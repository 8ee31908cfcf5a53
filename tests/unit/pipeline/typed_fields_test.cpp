#include "pipeline/typed_fields.h"

#include <gtest/gtest.h>

namespace jikji::typed {
namespace {

TEST(TypedFields, DatesInThePortalsFormats) {
    EXPECT_EQ(parseDateTime("2019.10.30. 14:42"), "2019-10-30T14:42:00+09:00");
    EXPECT_EQ(parseDateTime("(2019.10.30. 14:42)"), "2019-10-30T14:42:00+09:00");
    EXPECT_EQ(parseDateTime("2019년 10월 21일 (월)"), "2019-10-21");
    EXPECT_EQ(parseDateTime("2019-10-21"), "2019-10-21");
    EXPECT_EQ(parseDateTime("19.10.21"), "2019-10-21");
    EXPECT_EQ(parseDateTime("2026. 1. 30.(금) 08:00"), "2026-01-30T08:00:00+09:00");
    EXPECT_EQ(parseDateTime("등록일 : 2019/10/21 09:05:07"), "2019-10-21T09:05:07+09:00");
    EXPECT_EQ(parseDateTime("2019년 10월 21일 오후 2시 42분"), "2019-10-21T14:42:00+09:00");
    EXPECT_EQ(parseDateTime("2019년 10월 21일 오전 12시"), "2019-10-21T00:00:00+09:00");
    EXPECT_EQ(parseDateTime("2019\xC2\xA0.\xC2\xA0"
                            "10.21"),
              "2019-10-21");
}

TEST(TypedFields, ImpossibleDatesAndTimesAreNotGuessed) {
    EXPECT_EQ(parseDateTime("2019.02.30"), std::nullopt);
    EXPECT_EQ(parseDateTime("2019.13.01"), std::nullopt);
    EXPECT_EQ(parseDateTime("추천 : 0"), std::nullopt);
    EXPECT_EQ(parseDateTime(""), std::nullopt);
    EXPECT_EQ(parseDateTime("2020.02.29"), "2020-02-29");
    EXPECT_EQ(parseDateTime("2019.02.29"), std::nullopt);
    // A time that cannot be is dropped, the date stays.
    EXPECT_EQ(parseDateTime("2019.10.30. 25:10"), "2019-10-30");
}

// std::regex works on bytes: `분?` made only the last byte of 분 optional, so `14:42` lost its
// minutes. The Korean unit suffixes are optional as a whole.
TEST(TypedFields, MinutesWithoutTheKoreanSuffixAreKept) {
    EXPECT_EQ(parseDateTime("2019.10.30 14:42"), "2019-10-30T14:42:00+09:00");
    EXPECT_EQ(parseDateTime("2019.10.30 14시 42분"), "2019-10-30T14:42:00+09:00");
    EXPECT_EQ(parseDateTime("2019.10.30 14:42:05"), "2019-10-30T14:42:05+09:00");
}

// A long run of digits and dots must not make the regex engine recurse deeply or hang.
TEST(TypedFields, LongHostileTextIsBounded) {
    std::string text(100000, '1');
    text += "2019.10.30";
    EXPECT_EQ(parseDateTime(text), std::nullopt);
    EXPECT_EQ(parsePhone(std::string(100000, '-')), std::nullopt);
}

TEST(TypedFields, PhoneNumbers) {
    EXPECT_EQ(parsePhone("281-2577"), "281-2577");
    EXPECT_EQ(parsePhone("281-2577", "063"), "063-281-2577");
    EXPECT_EQ(parsePhone("063-281-2577"), "063-281-2577");
    EXPECT_EQ(parsePhone("(063) 281-2577"), "063-281-2577");
    EXPECT_EQ(parsePhone("☎ 063.281.2577"), "063-281-2577");
    EXPECT_EQ(parsePhone("02-120"), std::nullopt);
    EXPECT_EQ(parsePhone("02-2133-1234"), "02-2133-1234");
    EXPECT_EQ(parsePhone("0632812577"), "063-281-2577");
    EXPECT_EQ(parsePhone("0221331234"), "02-2133-1234");
    EXPECT_EQ(parsePhone("010-1234-5678", "063"), "010-1234-5678");
    EXPECT_EQ(parsePhone("담당자 없음"), std::nullopt);
}

TEST(TypedFields, FileSizesAreBinaryUnits) {
    EXPECT_EQ(parseFileSize("105.0KB"), 107520u);
    EXPECT_EQ(parseFileSize("(105.0KB)"), 107520u);
    EXPECT_EQ(parseFileSize("1.5 MB"), 1572864u);
    EXPECT_EQ(parseFileSize("2,048 bytes"), 2048u);
    EXPECT_EQ(parseFileSize("512B"), 512u);
    EXPECT_EQ(parseFileSize("3kb"), 3072u);
    EXPECT_EQ(parseFileSize("no size"), std::nullopt);
    auto found = findFileSize("보도자료.hwp (105.0KB)");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->text, "105.0KB");
    EXPECT_EQ(std::string("보도자료.hwp (105.0KB)").substr(found->offset, found->length),
              "105.0KB");
}

TEST(TypedFields, AgencyWithHanja) {
    Agency agency = parseAgency("전주시(全州市)");
    EXPECT_EQ(agency.name, "전주시");
    EXPECT_EQ(agency.nameHanja, "全州市");
    agency = parseAgency(" 전라북도 （全羅北道） ");
    EXPECT_EQ(agency.name, "전라북도");
    EXPECT_EQ(agency.nameHanja, "全羅北道");
    // Parentheses that hold no Hanja are part of the name.
    agency = parseAgency("전주시(관광산업과)");
    EXPECT_EQ(agency.name, "전주시(관광산업과)");
    EXPECT_EQ(agency.nameHanja, "");
}

TEST(TypedFields, ContactLine) {
    Contact contact = parseContact("< 자료제공부서 및 문의처 : 전주시 관광산업과 281-2577>");
    EXPECT_EQ(contact.department, "전주시 관광산업과");
    EXPECT_EQ(contact.phone, "281-2577");
    contact = parseContact("문의 : 관광산업과(☎ 063-281-2577)");
    EXPECT_EQ(contact.department, "관광산업과");
    EXPECT_EQ(contact.phone, "063-281-2577");
    contact = parseContact("관광산업과 TEL 281-2577", "063");
    EXPECT_EQ(contact.department, "관광산업과");
    EXPECT_EQ(contact.phone, "063-281-2577");
    contact = parseContact("전주시 관광산업과");
    EXPECT_EQ(contact.department, "전주시 관광산업과");
    EXPECT_EQ(contact.phone, "");
}

TEST(TypedFields, TitleMarkAndWhitespace) {
    EXPECT_EQ(stripLeadingMark("◈ 문화재생·복지·탄소산업, 전주를 배워라!"),
              "문화재생·복지·탄소산업, 전주를 배워라!");
    EXPECT_EQ(stripLeadingMark("전주를 배워라!"), "전주를 배워라!");
    EXPECT_EQ(collapseWhitespace(" a\t\n b\xC2\xA0\xE3\x80\x80 c\xE2\x80\x8B"
                                 "d "),
              "a b c"
              "d");
}

}  // namespace
}  // namespace jikji::typed
