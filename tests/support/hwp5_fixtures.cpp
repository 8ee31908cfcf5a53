#include "tests/support/hwp5_fixtures.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "tests/support/fixtures.h"
#include "tests/support/hwp_writer.h"

namespace jikji::test::hwp {

namespace {

// 2019-10-21T09:00:00Z and 2019-10-30T05:42:00Z as FILETIME ticks.
constexpr const char* kCreated = "132161220000000000";
constexpr const char* kModified = "132168877200000000";

Item note(Item::Kind kind, std::u16string body) {
    Item item;
    item.kind = kind;
    item.paragraphs.push_back(text(std::move(body)));
    return item;
}

Paragraph para(std::vector<Item> items, Shape shape = Shape::Plain) {
    Paragraph p;
    p.shape = shape;
    p.items = std::move(items);
    return p;
}

Item tab() {
    Item item;
    item.kind = Item::Kind::Tab;
    return item;
}

Item lineBreak() {
    Item item;
    item.kind = Item::Kind::LineBreak;
    return item;
}

Cell cell(std::uint16_t row, std::uint16_t col, std::u16string body, std::uint16_t rowSpan = 1,
          std::uint16_t colSpan = 1) {
    Cell c;
    c.row = row;
    c.col = col;
    c.rowSpan = rowSpan;
    c.colSpan = colSpan;
    c.paragraphs.push_back(text(std::move(body)));
    return c;
}

Document structureDocument(bool compressed) {
    Document doc;
    doc.options.compressed = compressed;
    doc.summary = {{"title", "구조 시험 문서"},
                   {"subject", "HWP 5.0 구조"},
                   {"author", "지킴이"},
                   {"keywords", "표, 각주, 머리말"},
                   {"comments", "지킴이 시험용으로 만든 문서"},
                   {"last_saved_by", "jikji"},
                   {"app_version", "13, 0, 0, 1 WIN32LEWindows_10"},
                   {"created", kCreated},
                   {"modified", kModified}};
    doc.binData.emplace_back("png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(24, '\0'));

    Item header = note(Item::Kind::Header, u"머리말: 전주시 보도자료");
    Item footer = note(Item::Kind::Footer, u"꼬리말 1쪽");
    Item table;
    table.kind = Item::Kind::Table;
    table.rows = 3;
    table.cols = 3;
    // Its number is Hancom's auto number (`atno`), as in real captions.
    Paragraph caption;
    caption.items = {textItem(u"표 "), autoNumberItem(4, 1), textItem(u". 방문 기관 수")};
    table.paragraphs.push_back(caption);
    table.cells = {cell(0, 0, u"구분"),
                   cell(0, 1, u"2018년"),
                   cell(0, 2, u"2019년"),
                   cell(1, 0, u"팔복예술공장", 2, 1),
                   cell(1, 1, u"84"),
                   cell(1, 2, u"92"),
                   cell(2, 1, u"합계 176", 1, 2)};
    Item equation;
    equation.kind = Item::Kind::Equation;
    equation.text = u"{a+b} over {c}";
    Item picture;
    picture.kind = Item::Kind::Picture;
    picture.binId = 1;
    Item box;
    box.kind = Item::Kind::TextBox;
    box.paragraphs.push_back(text(u"글상자 안의 글"));

    std::vector<Paragraph> body;
    body.push_back(para({header, footer, textItem(u"문화재생·복지·탄소산업, 전주를 배워라!")},
                        Shape::Outline1));
    body.push_back(para({textItem(u"첫째 항목")}, Shape::Numbered2));
    body.push_back(para({textItem(u"둘째 항목")}, Shape::Bullet1));
    body.push_back(para({textItem(u"이름"), tab(), textItem(u"전주시"), lineBreak(),
                         textItem(u"전화"), tab(), textItem(u"281-2577")}));
    body.push_back(
        para({textItem(u"자세한 내용은 "), linkItem(u"전주시 누리집", "https://www.jeonju.go.kr/"),
              textItem(u"을 보십시오.")}));
    body.push_back(
        para({textItem(u"방문 기관이 늘었다"), note(Item::Kind::Footnote, u"2019년 9월 말 기준."),
              textItem(u"."), note(Item::Kind::Endnote, u"공보담당관 자료.")}));
    body.push_back(para({table}));
    body.push_back(para({textItem(u"수식: "), equation}));
    body.push_back(para({picture, box}));
    body.push_back(text(u"끝."));
    doc.sections.push_back(std::move(body));
    doc.sections.push_back({text(u"둘째 구역의 문단.")});
    return doc;
}

Document distributionDocument() {
    Document doc;
    doc.options.distribution = true;
    doc.summary = {{"title", "배포용 시험 문서"}, {"author", "지킴이"}};
    Item table;
    table.kind = Item::Kind::Table;
    table.rows = 1;
    table.cols = 2;
    table.cells = {cell(0, 0, u"배포용 표 왼쪽"), cell(0, 1, u"배포용 표 오른쪽")};
    doc.sections.push_back({text(u"배포용 문서의 실제 본문입니다."), para({table})});
    doc.sections.push_back({text(u"둘째 구역도 암호화되어 있습니다.")});
    return doc;
}

Document passwordDocument() {
    Document doc;
    doc.options.password = true;
    doc.summary = {{"title", "암호 문서"}, {"author", "지킴이"}, {"created", kCreated}};
    doc.sections.push_back({text(u"암호 없이는 읽을 수 없는 본문.")});
    return doc;
}

const char16_t* const kPressPoints[] = {
    u"- 전주시의 우수한 정책과 선진사례를 배우기 위한 전국 지자체징 벤치마킹 줄이어",
    u"- 문화재생 대표사례인 팔복예술공장, 성매매집결지를 문화예술마을로 만드는 서노송예출촌 등 "
    u"방문 이어져",
    u"- 대일 무역분쟁으로 소재 국산화 중요성 부각되면서 탄소산업 배우려는 한국탄소융합기술원 "
    u"방문도 증가",
};

const char16_t* const kPressParagraphs[] = {
    u"○ 전주형 문화재생사례와 가장 인간적인 복지정책, 탄소산업 육성 등 전주시의 우수한 정책과 "
    u"선진사례들을 배우기 위한 전국 지자체의 발길이 줄을 잇고 있다.",
    u"○ 특히 올해 대일 무역분쟁으로 인해 대일무역적자의 큰 비중을 차지하는 소재 국산화의 "
    u"중요성이 부각되면서 대한민국 최초로 탄소산업을 육성해온 전주시의 사례를 배우기 위해 "
    u"탄소전문연구관인 한국탄소융합기술원에 방문하는 국내 지자체와 기업, 연구기관의 벤치마킹이 "
    u"크게 증가한 것으로 나타났다.",
    u"○ 전주시는 올해 시민들의 발길이 뚝 끊겼던 산업단지 내 폐공장을 문화예술거점으로 "
    u"탈바꿈시킨 ‘팔복예술공장’, 성매매집결지 기능전환을 위한 문화재생 프로젝트인 "
    u"‘서노송예술촌’, 전주형 복지정책, 탄소산업 육성 등 우수정책을 배우기 위한 벤치마킹이 "
    u"이어지고 있다고 21일 밝혔다.",
    u"○ 대표적으로 20년간 문을 닫았던 폐카세트공장을 전시공간과 예술인 창작·전시공간, 주민 "
    u"문화공간, 카페 등을 갖춰 전주를 대표하는 문화공간으로 탈바꿈시킨 팔복예술공장에는 전주형 "
    u"문화재생 우수사례를 배우기 위해 지난해 84개 단체가 방문한데 이어, 올해 현재까지 "
    u"강원도사회적경제지원센터, 세종시 문화공간재생사업단, 수원시, 창원시 "
    u"문화특별도시조성사업단, 성남문화재단, 부산광역시, 대전문화재단, 경남교육청, "
    u"지방자치인재개발원 등 92개 기관이 방문했다.",
    u"○ 팔복예술공장은 시가 지난 2016년 문화체육관광부의 ‘산업단지 및 폐산업시설 문화재생 "
    u"지원사업’에 선정돼 확보한 국비 25억원을 포함한 총 50억원을 들여 조성한 문화공간으로, 시는 "
    u"팔복예술공장 조성사례로 지난 3월 ‘제15회 대한민국 지방자치 경영대전’에서 지역개발 및 "
    u"공공디자인 분야의 우수기관으로 선정돼 국토교통부 장관 표창(우수상)을 수상했으며 지난 "
    u"9월에는 아시아 지역에서 행복한 생활환경을 조성해 타도시의 모범이 되는 도시·지역·사업 "
    u"등에 수여하는 도시경관분야 최고 국제상인 ‘2019 아시아 도시경관상’을 수상하기도 했다.",
    u"○ 또한 성매매집결지인 선미촌을 예술과 인권의 마을로 만드는 서노송예술촌 프로젝트를 "
    u"배우기 위한 벤치마킹도 줄을 잇고 있다. 서노송예술촌에는 지난해 전국 지자체 등 51개 "
    u"단체가 방문한데 이어, 올해도 부산시청과 전국연대상담소 등 42개 단체가 방문해 걷기 "
    u"프로그램 등을 통해 선미촌의 변화를 배우고 돌아갔다.",
    u"○ 전국 최초로 전주시가 육성해온 탄소산업을 배우기 위한 전국 지자체와 기업, 연구기관, "
    u"교육기관 등의 발길도 이어지고 있다.",
    u"○ 국내 유일의 탄소전문연구기관인 한국탄소융합기술원(원장 방윤혁, 이하 기술원)에는 지난 "
    u"2017년과 지난해 각각 37개 기관(1468명)과 32개 기관(1183명)이 방문한데 이어, 올해 현재 "
    u"40개 기관(1262명)이 방문했다.",
    u"○ 기술원은 올해 소재산업의 중요성이 부각되면서 대한민국 탄소의 현주소를 볼 수 있는 "
    u"전주시 탄소산업의 현황을 살펴보고 탄소산업 육성 정책을 배우기 위해 전주를 찾은 것으로 "
    u"분석하고 있다.",
    u"○ 이외에도 올해 청주시·수원시·대구 달서구·군산시·인천시·국토부 주거재생과 등 7개 기관이 "
    u"사회주택 등 전주시 주거복지정책을 배우기 위해 전주를 찾았으며, ‘밥 굶는 아이 없는 엄마의 "
    u"밥상’과 ‘전주형 지역사회 통합돌봄 선도사업’ 등 가장 인간적인 전주시 복지정책과 전통시장 "
    u"활성화 우수사례 등을 배우기 위한 발길도 꾸준히 이어지고 있다.",
    u"○ 전주시 관계자는 “시정 핵심 가치인 사람·생태·문화·일자리를 중심으로 시민들의 삶의 질을 "
    u"높이고, 삶의 터전을 쾌적하게 만들기 위해 다른 지역에서 시도되지 않은 다양한 정책들을 "
    u"펼쳐왔다”면서 “앞으로도 모든 시민이 행복한 가장 인간적인 도시, 미래 세대를 위해 준비하는 "
    u"지속가능한 도시가 되기 위해 노력하겠다”고 말했다.",
};

Document pressRelease() {
    Document doc;
    doc.summary = {{"title", "문화재생·복지·탄소산업, 전주를 배워라!"},
                   {"subject", "전주시 보도자료"},
                   {"author", "전주시 관광산업과"},
                   {"keywords", "전주시, 문화재생, 탄소산업"},
                   {"last_saved_by", "전주시"},
                   {"created", kCreated},
                   {"modified", kCreated}};
    std::vector<Paragraph> body;
    body.push_back(text(u"문화재생·복지·탄소산업, 전주를 배워라!", Shape::Outline1));
    for (const char16_t* point : kPressPoints)
        body.push_back(text(point));
    for (const char16_t* paragraph : kPressParagraphs)
        body.push_back(text(paragraph));
    body.push_back(text(u"< 자료제공부서 및 문의처 : 전주시 관광산업과 281-2577>"));
    doc.sections.push_back(std::move(body));
    return doc;
}

std::uint32_t get32(const std::string& bytes, std::size_t offset) {
    std::uint32_t value = 0;
    std::memcpy(&value, bytes.data() + offset, 4);
    return value;
}

void set32(std::string& bytes, std::size_t offset, std::uint32_t value) {
    std::memcpy(bytes.data() + offset, &value, 4);
}

// Offset of the directory entry named `name` (UTF-16LE) in a libgsf-written file.
std::size_t directoryEntry(const std::string& ole, std::u16string_view name) {
    std::string wide;
    for (char16_t c : name) {
        wide += static_cast<char>(c & 0xFF);
        wide += static_cast<char>(c >> 8);
    }
    for (std::size_t at = ole.find(wide); at != std::string::npos; at = ole.find(wide, at + 1))
        if (at >= 512 && (at - 512) % 128 == 0) return at;
    throw std::runtime_error("no directory entry");
}

Document smallDocument() {
    Document doc;
    doc.summary = {{"title", "작은 문서"}};
    doc.sections.push_back({text(u"작은 문서의 본문."), text(u"둘째 문단.")});
    return doc;
}

// Raw deflate of `count` zero bytes, streamed so that the zeros never exist in memory.
// `count` bytes made of `unit` repeated, raw-deflated without ever holding them all.
std::string deflateRepeated(const std::string& unit, std::size_t count) {
    z_stream stream{};
    deflateInit2(&stream, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    std::string zeros;
    while (zeros.size() < (1u << 20))
        zeros += unit;
    std::string out;
    char buffer[1 << 16];
    std::size_t left = count;
    int flush = Z_NO_FLUSH;
    do {
        std::size_t take = std::min(left, zeros.size());
        left -= take;
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
        stream.avail_in = static_cast<uInt>(take);
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer);
            stream.avail_out = sizeof buffer;
            deflate(&stream, flush);
            out.append(buffer, sizeof buffer - stream.avail_out);
        } while (stream.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&stream);
    return out;
}

Item changed(Item::Kind kind, std::u16string text) {
    Item item = textItem(std::move(text));
    item.kind = kind;
    return item;
}

// Saved with tracked changes, in the layout of a Hancom file: BodyText holds the final text,
// ViewText the markup view whose range tags mark a deletion and an insertion.
Document trackChangesDocument() {
    Document doc;
    doc.options.trackChanges = true;
    doc.binData.emplace_back("png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(24, '\0'));
    // Objects deleted and inserted whole, and a paragraph whose break was deleted.
    Item deletedTable;
    deletedTable.kind = Item::Kind::Table;
    deletedTable.rows = 1;
    deletedTable.cols = 2;
    deletedTable.cells = {cell(0, 0, u"지운 표"), cell(0, 1, u"칸 둘")};
    deletedTable.change = Item::Change::Deleted;
    Item insertedPicture;
    insertedPicture.kind = Item::Kind::Picture;
    insertedPicture.binId = 1;
    insertedPicture.change = Item::Change::Inserted;
    Paragraph joinedFirst = text(u"이 문단의 끝은 ");
    joinedFirst.breakDeleted = true;
    doc.summary = {{"title", "변경 추적 시험"},
                   {"app_version", "12.30.0.6382 MAC64LEDarwin_27.0.0"},
                   {"created", kCreated}};
    doc.sections.push_back({
        para({textItem(u"회의는 "), changed(Item::Kind::Deleted, u"10월 21일"),
              changed(Item::Kind::Inserted, u"10월 28일"), textItem(u"에 열린다.")}),
        para({changed(Item::Kind::Deleted, u"이 문단은 지워졌다.")}),
        text(u"바뀌지 않은 문단."),
        para({textItem(u"표가 지워졌다:"), deletedTable}),
        para({textItem(u"그림이 들어갔다:"), insertedPicture}),
        joinedFirst,
        text(u"지워져 다음 문단과 이어진다."),
    });
    return doc;
}

// A hidden comment, a memo on a word, two click-here fields (one left empty) and form objects.
Document annotationsDocument() {
    Document doc;
    doc.summary = {{"title", "메모와 누름틀 시험"}};
    Item comment;
    comment.kind = Item::Kind::HiddenComment;
    comment.paragraphs.push_back(text(u"숨은 설명: 검토 뒤 지울 것"));
    Item memo;
    memo.kind = Item::Kind::Memo;
    memo.text = u"예산";
    memo.paragraphs.push_back(text(u"메모: 금액을 다시 확인"));
    Item empty;
    empty.kind = Item::Kind::ClickHere;
    empty.guide = u"이름을 입력하세요";
    Item filled;
    filled.kind = Item::Kind::ClickHere;
    filled.text = u"전주시";
    filled.guide = u"기관명을 입력하세요";
    auto form = [](std::string type, std::u16string parameters) {
        Item item;
        item.kind = Item::Kind::Form;
        item.target = std::move(type);
        item.text = u"CommonSet:set:40:Name:wstring:4:form Printable:bool:1  " + parameters;
        return item;
    };
    doc.sections.push_back({
        para({textItem(u"본문 첫 문단."), comment}),
        para({textItem(u"올해 "), memo, textItem(u"은 늘었다.")}),
        para({textItem(u"신청인: "), empty}),
        para({textItem(u"기관: "), filled}),
        para({textItem(u"양식: "),
              form("+cbt",
                   u"ButtonSet:set:60:Caption:wstring:12:개인정보 이용에 동의함 Value:int:1  "),
              form("+cob", u"ComboBoxSet:set:30:Text:wstring:5:서울특별시 ListBoxRows:int:5  "),
              form("+edt", u"EditSet:set:40:Text:wstring:3:홍길동 MultiLine:bool:0  ")}),
    });
    return doc;
}

// A small document whose Section0 stream is replaced by `section`.
std::string withSection(const std::string& section, bool compressed = true) {
    Document doc = smallDocument();
    doc.options.compressed = compressed;
    std::vector<std::pair<std::string, std::string>> streams;
    streams.emplace_back("FileHeader", fileHeader(doc.options.version, compressed ? 1 : 0));
    std::string docInfo = docInfoRecords(doc);
    streams.emplace_back("DocInfo", compressed ? deflateRaw(docInfo) : docInfo);
    streams.emplace_back("BodyText/Section0", section);
    streams.emplace_back("\005HwpSummaryInformation", summaryStream(doc.summary));
    std::string preview;
    for (char16_t c : std::u16string(u"미리보기 글: 작은 문서의 본문.\r\n")) {
        preview += static_cast<char>(c & 0xFF);
        preview += static_cast<char>(c >> 8);
    }
    streams.emplace_back("PrvText", preview);
    return makeOle(streams);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> documentFixtures() {
    std::vector<std::pair<std::string, std::string>> out;
    out.emplace_back("documents/hwp5/structure.hwp", write(structureDocument(true)));
    out.emplace_back("documents/hwp5/structure-uncompressed.hwp", write(structureDocument(false)));
    out.emplace_back("documents/hwp5/distribution.hwp", write(distributionDocument()));
    out.emplace_back("documents/hwp5/password.hwp", write(passwordDocument()));
    Document noSummary = smallDocument();
    noSummary.options.summary = false;
    out.emplace_back("documents/hwp5/no-summary.hwp", write(noSummary));
    out.emplace_back("documents/hwp5/jeonju-press-release.hwp", write(pressRelease()));
    out.emplace_back("documents/hwp5/track-changes.hwp", write(trackChangesDocument()));
    out.emplace_back("documents/hwp5/annotations.hwp", write(annotationsDocument()));
    // HWP 3.x: the 30-byte signature, then a zeroed document information block.
    std::string hwp3 = std::string("HWP Document File V3.00 \x1A\x01\x02\x03\x04\x05", 30);
    hwp3.resize(30 + 128 + 1008, '\0');
    out.emplace_back("hostile/hwp3-signature-only.hwp", hwp3);
    return out;
}

std::vector<std::pair<std::string, std::string>> hostileFixtures() {
    std::vector<std::pair<std::string, std::string>> out;
    std::string body = sectionRecords({text(u"작은 문서의 본문."), text(u"둘째 문단.")});

    // A record whose size field claims far more bytes than the stream holds.
    std::string claim(8, '\0');
    set32(claim, 0, 67u | (1u << 10) | (0xFFFu << 20));
    set32(claim, 4, 0x7FFFFFFF);
    out.emplace_back("hostile/hwp5-huge-record.hwp", withSection(deflateRaw(body + claim + "abc")));

    // 300 MB of zeros in 300 KB: past the per-stream inflate limit.
    // Well-formed records all the way, so that only the size limit can stop it.
    std::string bomb = record(67, 1, std::string(4092, 'x'));
    out.emplace_back("hostile/hwp5-deflate-bomb.hwp",
                     withSection(deflateRepeated(bomb, (300u << 20) / bomb.size() * bomb.size())));

    std::vector<Paragraph> many;
    for (int i = 0; i < 200; ++i)
        many.push_back(text(u"잘린 압축 흐름 앞의 문단 " + std::u16string(1, u'가' + i % 20)));
    std::string packed = deflateRaw(sectionRecords(many));
    out.emplace_back("hostile/hwp5-truncated-deflate.hwp",
                     withSection(packed.substr(0, packed.size() / 2)));
    out.emplace_back("hostile/hwp5-garbage-section.hwp", withSection(std::string(600, '\x37')));

    // Records nested one level deeper each time, past the nesting limit.
    std::string deep;
    for (std::uint16_t level = 0; level < 1000; level += 2) {
        std::string ctrl = "\x20lbt";
        ctrl.append(42, '\0');
        std::string header(24, '\0');
        deep += record(66, level, header) + record(71, level + 1, ctrl) +
                record(72, level + 2, std::string(16, '\0'));
    }
    out.emplace_back("hostile/hwp5-deep-nesting.hwp", withSection(deflateRaw(deep)));

    std::string ole = write(smallDocument());
    // The directory chain points at itself.
    std::string cycle = ole;
    std::uint32_t directory = get32(cycle, 48);
    std::uint32_t fatSector = get32(cycle, 76);
    set32(cycle, 512 + fatSector * 512 + directory * 4, directory);
    out.emplace_back("hostile/hwp5-cfb-directory-cycle.hwp", cycle);

    // A stream that starts at a sector far beyond the end of the file.
    std::string range = ole;
    set32(range, directoryEntry(range, u"Section0") + 116, 0x00FFFFF0);
    set32(range, directoryEntry(range, u"Section0") + 120, 5000);
    out.emplace_back("hostile/hwp5-cfb-sector-out-of-range.hwp", range);

    // A download cut short after the directory: every small stream lives in the mini stream,
    // whose sectors (the root entry's chain) now lie past the end of the file.
    Document bare = smallDocument();
    bare.options.preview = false;
    std::string cut = write(bare);
    set32(cut, directoryEntry(cut, u"Root Entry") + 116, 0x00FFFFF0);
    out.emplace_back("hostile/hwp5-ministream-past-the-end.hwp", cut);

    // Cut in the middle of the sectors.
    out.emplace_back("hostile/hwp5-truncated-cfb.hwp", ole.substr(0, ole.size() - 700));

    std::string badSummary = ole;
    std::size_t summary = directoryEntry(badSummary, u"\u0005HwpSummaryInformation");
    set32(badSummary, summary + 120, 3);
    out.emplace_back("hostile/hwp5-broken-summary.hwp", badSummary);

    Document shortHeader = smallDocument();
    std::vector<std::pair<std::string, std::string>> streams = {
        {"FileHeader", "HWP Document File"}, {"DocInfo", deflateRaw(docInfoRecords(shortHeader))}};
    out.emplace_back("hostile/hwp5-short-fileheader.hwp", makeOle(streams));
    return out;
}

}  // namespace jikji::test::hwp
