// Writes the authored HWPX test documents (fixtures/documents/hwpx/) and hostile inputs
// (fixtures/hostile/) with the test HWPX writer: `write_hwpx_fixtures SOURCE_DIR`. Run it only
// when a fixture changes; the files are committed and their goldens regenerated with
// scripts/update-goldens.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/support/hwpx_writer.h"

namespace {

using jikji::test::HwpxEncryption;
using jikji::test::hwpxParagraph;
using jikji::test::HwpxSpec;
using jikji::test::writeHwpx;

std::string cell(int row, int col, const std::string& text, int rowSpan = 1, int colSpan = 1) {
    return "<hp:tc><hp:subList>" + text + "</hp:subList><hp:cellAddr colAddr=\"" +
           std::to_string(col) + "\" rowAddr=\"" + std::to_string(row) +
           "\"/><hp:cellSpan colSpan=\"" + std::to_string(colSpan) + "\" rowSpan=\"" +
           std::to_string(rowSpan) + "\"/><hp:cellSz width=\"100\" height=\"100\"/></hp:tc>";
}

std::string table(const std::string& rows, int rowCount, int colCount,
                  const std::string& caption = {}) {
    std::string out = "<hp:tbl rowCnt=\"" + std::to_string(rowCount) + "\" colCnt=\"" +
                      std::to_string(colCount) + "\">";
    if (!caption.empty())
        out += "<hp:caption side=\"BOTTOM\"><hp:subList>" + hwpxParagraph(caption) +
               "</hp:subList></hp:caption>";
    return out + rows + "</hp:tbl>";
}

std::string anchored(const std::string& object, const std::string& text = {}) {
    return "<hp:p paraPrIDRef=\"0\"><hp:run><hp:t>" + text + "</hp:t>" + object +
           "</hp:run><hp:linesegarray><hp:lineseg textpos=\"0\" vertpos=\"0\"/>"
           "</hp:linesegarray></hp:p>";
}

HwpxSpec base(const std::string& title) {
    HwpxSpec spec;
    spec.metadata = {{"title", title},
                     {"creator", "Jikji"},
                     {"CreatedDate", "2024-01-02T03:04:05Z"},
                     {"ModifiedDate", "2024-01-02T03:04:05Z"}};
    spec.paraProperties =
        "<hh:paraPr id=\"0\"><hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"1\"><hh:heading type=\"OUTLINE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"2\"><hh:heading type=\"NUMBER\" idRef=\"1\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"3\"><hh:heading type=\"BULLET\" idRef=\"1\" level=\"1\"/></hh:paraPr>";
    return spec;
}

void write(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    std::cout << path.string() << " (" << bytes.size() << " bytes)\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: write_hwpx_fixtures SOURCE_DIR\n";
        return 2;
    }
    std::filesystem::path root = argv[1];
    std::filesystem::path documents = root / "fixtures/documents/hwpx";
    std::filesystem::path hostile = root / "fixtures/hostile";

    {
        HwpxSpec spec = base("표와 셀 병합");
        std::string inner = anchored(table("<hp:tr>" + cell(0, 0, hwpxParagraph("안쪽 가")) +
                                               cell(0, 1, hwpxParagraph("안쪽 나")) + "</hp:tr>",
                                           1, 2));
        std::string rows = "<hp:tr>" + cell(0, 0, hwpxParagraph("구분"), 2, 1) +
                           cell(0, 1, hwpxParagraph("2023년"), 1, 2) + "</hp:tr><hp:tr>" +
                           cell(1, 1, hwpxParagraph("상반기")) +
                           cell(1, 2, hwpxParagraph("하반기")) + "</hp:tr><hp:tr>" +
                           cell(2, 0, hwpxParagraph("합계")) + cell(2, 1, inner, 1, 2) + "</hp:tr>";
        spec.sections = {hwpxParagraph("개요", "1") + hwpxParagraph("첫째 항목", "2") +
                         hwpxParagraph("둘째 항목", "3") +
                         anchored(table(rows, 3, 3, "표 1. 실적"), "아래 표 참고")};
        write(documents / "tables-spans.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("각주와 미주");
        spec.sections = {
            anchored("<hp:ctrl><hp:footNote number=\"1\" suffixChar=\"41\"><hp:subList>" +
                         hwpxParagraph("각주: 출처는 통계청") +
                         "</hp:subList></hp:footNote></hp:ctrl><hp:t>이다.</hp:t>",
                     "본문에 각주가 있") +
            anchored("<hp:ctrl><hp:endNote number=\"1\"><hp:subList>" + hwpxParagraph("미주 내용") +
                         "</hp:subList></hp:endNote></hp:ctrl>",
                     "미주 기준점")};
        write(documents / "notes.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("글상자");
        spec.sections = {
            anchored("<hp:rect><hp:shapeComment>사각형입니다.</hp:shapeComment><hp:drawText>"
                     "<hp:subList>" +
                         hwpxParagraph("글상자 안의 글") + "</hp:subList></hp:drawText></hp:rect>",
                     "글상자 앞") +
            hwpxParagraph("글상자 뒤")};
        write(documents / "textbox.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("하이퍼링크");
        spec.sections = {
            "<hp:p paraPrIDRef=\"0\"><hp:run><hp:t>자세한 내용은 </hp:t><hp:ctrl>"
            "<hp:fieldBegin id=\"11\" type=\"HYPERLINK\" name=\"\"><hp:parameters cnt=\"2\">"
            "<hp:stringParam name=\"Command\">https\\://www.korea.kr/briefing;1;0;0;"
            "</hp:stringParam><hp:stringParam name=\"Path\">https://www.korea.kr/briefing"
            "</hp:stringParam></hp:parameters></hp:fieldBegin></hp:ctrl><hp:t>정책브리핑"
            "</hp:t><hp:ctrl><hp:fieldEnd beginIDRef=\"11\"/></hp:ctrl><hp:t>을 보십시오."
            "</hp:t></hp:run></hp:p>"};
        write(documents / "hyperlink.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("머리말 꼬리말");
        spec.sections = {anchored("<hp:ctrl><hp:header applyPageType=\"BOTH\"><hp:subList>" +
                                  hwpxParagraph("기획재정부 보도자료") +
                                  "</hp:subList></hp:header></hp:ctrl><hp:ctrl><hp:footer "
                                  "applyPageType=\"BOTH\"><hp:subList>" +
                                  hwpxParagraph("- 1 -") + "</hp:subList></hp:footer></hp:ctrl>") +
                         hwpxParagraph("본문 첫 문단")};
        write(documents / "header-footer.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("그림과 수식");
        spec.items = {{"image1", "BinData/image1.png", "image/png"}};
        spec.extraEntries = {{"BinData/image1.png", std::string("\x89PNG\r\n\x1a\n", 8), true}};
        spec.sections = {
            anchored("<hp:pic><hp:shapeComment>그림입니다.</hp:shapeComment><hc:img "
                     "binaryItemIDRef=\"image1\" bright=\"0\"/></hp:pic>",
                     "그림 1") +
            anchored("<hp:equation><hp:shapeComment>수식입니다.</hp:shapeComment><hp:script>"
                     "{1} over {2} + sqrt {x}</hp:script></hp:equation>",
                     "수식: ")};
        write(documents / "image-equation.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("배포용 문서");
        spec.sections = {hwpxParagraph("배포용 문서도 본문을 읽는다."),
                         anchored(table("<hp:tr>" + cell(0, 0, hwpxParagraph("가")) +
                                            cell(0, 1, hwpxParagraph("나")) + "</hp:tr>",
                                        1, 2))};
        spec.encryption = HwpxEncryption::Distribution;
        write(documents / "distribution.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("암호 문서");
        spec.sections = {hwpxParagraph("읽을 수 없는 본문")};
        spec.encryption = HwpxEncryption::Password;
        spec.password = "12345";
        write(documents / "password.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("변경 추적");
        spec.sections = {hwpxParagraph(
            "최종<hp:deleteBegin Id=\"1\" TcId=\"1\"/> 삭제된<hp:deleteEnd Id=\"1\" TcId=\"1\"/>"
            " 본문<hp:insertBegin Id=\"2\" TcId=\"2\"/>과 추가<hp:insertEnd Id=\"2\" "
            "TcId=\"2\"/>")};
        // As Hancom declares them (hwpxlib's ChangeTrack.hwpx): authorID counts the authors
        // from 1 although their own ids start at 0.
        spec.refListTail =
            "<hh:trackChanges itemCnt=\"2\"><hh:trackChange type=\"Delete\" "
            "date=\"2026-06-15T04:31:00Z\" authorID=\"2\" hide=\"0\" id=\"1\"/>"
            "<hh:trackChange type=\"Insert\" date=\"2026-06-15T04:30:00Z\" authorID=\"1\" "
            "hide=\"0\" id=\"2\"/></hh:trackChanges><hh:trackChangeAuthors itemCnt=\"2\">"
            "<hh:trackChangeAuthor name=\"김수정\" mark=\"1\" id=\"0\"/>"
            "<hh:trackChangeAuthor name=\"이검토\" mark=\"1\" id=\"1\"/></hh:trackChangeAuthors>";
        write(documents / "track-changes.hwpx", writeHwpx(spec));
    }
    {
        // A hidden comment, a memo on a word, two click-here fields (one left empty) and form
        // objects, in the
        // layout Hancom writes them (controls inside runs, bodies in subLists).
        auto sub = [](const std::string& text) {
            return "<hp:subList>" + hwpxParagraph(text) + "</hp:subList>";
        };
        auto run = [](const std::string& inner) {
            return "<hp:run charPrIDRef=\"0\">" + inner + "</hp:run>";
        };
        // UTF-16 code units of BMP text: its UTF-8 lead bytes.
        auto units = [](const std::string& text) {
            return std::to_string(std::count_if(text.begin(), text.end(), [](char c) {
                return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            }));
        };
        auto clickHere = [&](const std::string& id, const std::string& guide,
                             const std::string& value) {
            std::string direction =
                "Direction:wstring:" + units(guide) + ":" + guide + " HelpState:wstring:0: ";
            return run("<hp:ctrl><hp:fieldBegin id=\"" + id +
                       "\" type=\"CLICK_HERE\" name=\"\" editable=\"1\" dirty=\"0\">"
                       "<hp:parameters cnt=\"2\" name=\"\"><hp:integerParam name=\"Prop\">9"
                       "</hp:integerParam><hp:stringParam name=\"Command\">Clickhere:set:" +
                       units(direction) + ":" + direction +
                       "</hp:stringParam></hp:parameters></hp:fieldBegin>"
                       "</hp:ctrl><hp:t>" +
                       value + "</hp:t><hp:ctrl><hp:fieldEnd beginIDRef=\"" + id +
                       "\"/></hp:ctrl>");
        };
        HwpxSpec spec = base("메모와 누름틀");
        spec.sections = {
            "<hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">" + run("<hp:t>본문 첫 문단.</hp:t>") +
            run("<hp:ctrl><hp:hiddenComment>" + sub("숨은 설명: 검토 뒤 지울 것") +
                "</hp:hiddenComment></hp:ctrl>") +
            "</hp:p><hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">" +
            run("<hp:t>올해 </hp:t><hp:ctrl><hp:fieldBegin id=\"7\" type=\"MEMO\" name=\"\">"
                "<hp:parameters cnt=\"1\" name=\"\"><hp:stringParam name=\"Command\">"
                "MEMO/65535/1/1/1/jikji/\\;;</hp:stringParam></hp:parameters>" +
                sub("메모: 금액을 다시 확인") +
                "</hp:fieldBegin></hp:ctrl><hp:t>예산</hp:t><hp:ctrl><hp:fieldEnd "
                "beginIDRef=\"7\"/></hp:ctrl><hp:t>은 늘었다.</hp:t>") +
            "</hp:p><hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">" + run("<hp:t>신청인: </hp:t>") +
            clickHere("8", "이름을 입력하세요", "") +
            "</hp:p><hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">" + run("<hp:t>기관: </hp:t>") +
            clickHere("9", "기관명을 입력하세요", "전주시") +
            "</hp:p><hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">" +
            run("<hp:t>양식: </hp:t><hp:checkBtn caption=\"개인정보 이용에 동의함\" "
                "value=\"CHECKED\" name=\"동의\"/><hp:comboBox selectedValue=\"\" "
                "name=\"시도\"><hp:listItem displayText=\"\" value=\"서울특별시\"/>"
                "</hp:comboBox><hp:edit name=\"이름\"><hp:text>홍길동</hp:text></hp:edit>") +
            "</hp:p>"};
        write(documents / "annotations.hwpx", writeHwpx(spec));
    }

    // Hostile inputs.
    {
        HwpxSpec spec = base("zip bomb");
        spec.sections = {"<hp:p><hp:run><hp:t>" + std::string(24u << 20, ' ') +
                         "</hp:t></hp:run></hp:p>"};
        write(hostile / "zip-bomb.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("entry names");
        spec.sections = {hwpxParagraph("경로 이름은 쓰지 않는다")};
        spec.items = {{"image1", "../../../../tmp/jikji-escape.png", "image/png"}};
        spec.extraEntries = {{"../../../../tmp/jikji-escape.txt", "escaped", false},
                             {"/etc/jikji-absolute.txt", "absolute", false},
                             {"Contents/../../section9.xml", "<x/>", false}};
        write(hostile / "dotdot-entries.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("billion laughs");
        spec.rawSections = true;
        std::string doctype = "<?xml version=\"1.0\"?><!DOCTYPE hs:sec [<!ENTITY lol \"lol\">";
        std::string previous = "lol";
        for (int i = 1; i <= 9; ++i) {
            std::string name = "lol" + std::to_string(i);
            doctype += "<!ENTITY " + name + " \"";
            for (int k = 0; k < 10; ++k)
                doctype += "&" + previous + ";";
            doctype += "\">";
            previous = name;
        }
        spec.sections = {doctype +
                         "]><hs:sec xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "
                         "xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\"><hp:p>"
                         "<hp:run><hp:t>&lol9;</hp:t></hp:run></hp:p></hs:sec>"};
        write(hostile / "billion-laughs.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("external entity");
        spec.rawSections = true;
        spec.sections = {
            "<?xml version=\"1.0\"?><!DOCTYPE hs:sec [<!ENTITY xxe SYSTEM "
            "\"file:///etc/passwd\"><!ENTITY net SYSTEM \"http://127.0.0.1:9/x\">]><hs:sec "
            "xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "
            "xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\"><hp:p><hp:run><hp:t>"
            "&xxe;&net;</hp:t></hp:run></hp:p></hs:sec>"};
        write(hostile / "external-entity.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("deep nesting");
        std::string body;
        for (int i = 0; i < 5000; ++i)
            body += "<hp:p><hp:run><hp:t>";
        spec.sections = {body};
        write(hostile / "deep-nesting.hwpx", writeHwpx(spec));
    }
    {
        HwpxSpec spec = base("truncated");
        spec.sections = {hwpxParagraph(std::string(4000, 'a'))};
        std::string bytes = writeHwpx(spec);
        write(hostile / "truncated.hwpx", bytes.substr(0, bytes.size() / 2));
    }
    return 0;
}
