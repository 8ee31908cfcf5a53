#include "pipeline/json_reader.h"

#include <Poco/JSON/Parser.h>

#include <array>

#include "pipeline/errors.h"

namespace jikji {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string stringOf(const Object::Ptr& object, const std::string& key) {
    return object->has(key) ? object->getValue<std::string>(key) : std::string();
}

std::vector<Block> blocksOf(const Array::Ptr& array);

BlockKind blockKindOf(const std::string& name) {
    static constexpr std::array<BlockKind, 10> kKinds{
        BlockKind::Paragraph, BlockKind::Heading, BlockKind::ListItem, BlockKind::Table,
        BlockKind::Note,      BlockKind::Header,  BlockKind::Footer,   BlockKind::TextBox,
        BlockKind::Image,     BlockKind::Equation};
    for (BlockKind kind : kKinds)
        if (toString(kind) == name) return kind;
    throw CorruptError("unknown block type " + name);
}

Block blockOf(const Object::Ptr& object) {
    Block block;
    block.kind = blockKindOf(stringOf(object, "type"));
    if (object->has("level")) block.level = object->getValue<int>("level");
    if (object->has("page")) block.page = object->getValue<std::uint32_t>("page");
    block.change = stringOf(object, "change");
    block.changeBy.set(stringOf(object, "change_author"), stringOf(object, "change_date"));
    block.breakChange = stringOf(object, "break_change");
    switch (block.kind) {
        case BlockKind::Paragraph:
        case BlockKind::Heading:
        case BlockKind::ListItem:
            block.mark = stringOf(object, "mark");
            if (auto spans = object->getArray("spans")) {
                for (std::size_t i = 0; i < spans->size(); ++i) {
                    auto span = spans->getObject(static_cast<unsigned>(i));
                    Span& item = block.spans.emplace_back();
                    item.text = stringOf(span, "text");
                    item.href = stringOf(span, "href");
                    item.change = stringOf(span, "change");
                    item.changeBy.set(stringOf(span, "change_author"),
                                      stringOf(span, "change_date"));
                    item.annotation = stringOf(span, "annotation");
                }
            } else if (std::string text = stringOf(object, "text"); !text.empty()) {
                block.spans.emplace_back().text = std::move(text);
            }
            break;
        case BlockKind::Table:
            if (auto rows = object->getArray("rows")) {
                for (std::size_t r = 0; r < rows->size(); ++r) {
                    TableRow row;
                    auto cells = rows->getObject(static_cast<unsigned>(r))->getArray("cells");
                    for (std::size_t c = 0; cells && c < cells->size(); ++c) {
                        auto item = cells->getObject(static_cast<unsigned>(c));
                        TableCell cell;
                        cell.row = item->getValue<std::uint32_t>("row");
                        cell.col = item->getValue<std::uint32_t>("col");
                        cell.rowSpan = item->getValue<std::uint32_t>("row_span");
                        cell.colSpan = item->getValue<std::uint32_t>("col_span");
                        cell.blocks = blocksOf(item->getArray("blocks"));
                        row.cells.push_back(std::move(cell));
                    }
                    block.rows.push_back(std::move(row));
                }
            }
            block.caption = blocksOf(object->getArray("caption"));
            break;
        case BlockKind::Note:
            block.noteKind = stringOf(object, "kind") == "end" ? NoteKind::End : NoteKind::Foot;
            block.mark = stringOf(object, "mark");
            [[fallthrough]];
        case BlockKind::TextBox:
            block.annotation = stringOf(object, "annotation");
            block.form = stringOf(object, "form");
            [[fallthrough]];
        case BlockKind::Header:
        case BlockKind::Footer:
            block.children = blocksOf(object->getArray("blocks"));
            break;
        case BlockKind::Image:
            block.target = stringOf(object, "target");
            block.mediaType = stringOf(object, "media_type");
            block.alt = stringOf(object, "alt");
            break;
        case BlockKind::Equation:
            block.script = stringOf(object, "script");
            break;
    }
    return block;
}

std::vector<Block> blocksOf(const Array::Ptr& array) {
    std::vector<Block> blocks;
    if (!array) return blocks;
    blocks.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
        blocks.push_back(blockOf(array->getObject(static_cast<unsigned>(i))));
    return blocks;
}

std::vector<std::string> stringsOf(const Array::Ptr& array) {
    std::vector<std::string> out;
    for (std::size_t i = 0; array && i < array->size(); ++i)
        out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

PressRelease pressReleaseOf(const Object::Ptr& object) {
    PressRelease press;
    press.kind = stringOf(object, "kind");
    press.embargoAt = stringOf(object, "embargo_at");
    press.releasedAt = stringOf(object, "released_at");
    press.edition = stringOf(object, "edition");
    press.issuer = stringOf(object, "issuer");
    press.title = stringOf(object, "title");
    press.subtitles = stringsOf(object->getArray("subtitles"));
    if (auto contacts = object->getArray("contacts")) {
        for (std::size_t i = 0; i < contacts->size(); ++i) {
            auto item = contacts->getObject(static_cast<unsigned>(i));
            press.contacts.push_back(PressContact{
                stringOf(item, "department"), stringOf(item, "role"), stringOf(item, "job_title"),
                stringOf(item, "name"), stringOf(item, "phone"), stringOf(item, "email")});
        }
    }
    press.appendices = stringsOf(object->getArray("appendices"));
    if (auto outline = object->getArray("outline")) {
        for (std::size_t i = 0; i < outline->size(); ++i) {
            auto item = outline->getObject(static_cast<unsigned>(i));
            press.outline.push_back(OutlineItem{item->getValue<int>("level"),
                                                stringOf(item, "marker"), stringOf(item, "text")});
        }
    }
    return press;
}

}  // namespace

Document documentFromJson(std::string_view json) {
    try {
        Poco::JSON::Parser parser;
        auto object = parser.parse(std::string(json)).extract<Object::Ptr>();
        if (stringOf(object, "schema") != "jikji.document/1")
            throw CorruptError("not a jikji.document/1 object");
        Document document;
        document.format = stringOf(object, "format");
        document.mediaType = stringOf(object, "media_type");
        auto status = statusFromString(stringOf(object, "status"));
        if (!status) throw CorruptError("unknown status");
        document.status = *status;
        if (auto warnings = object->getArray("warnings")) {
            for (std::size_t i = 0; i < warnings->size(); ++i) {
                auto item = warnings->getObject(static_cast<unsigned>(i));
                document.warnings.push_back(Warning{
                    stringOf(item, "code"), stringOf(item, "message"), stringOf(item, "where")});
            }
        }
        if (object->has("warnings_dropped"))
            document.droppedWarnings = object->getValue<std::size_t>("warnings_dropped");
        if (auto metadata = object->getObject("metadata"))
            for (const auto& [key, value] : *metadata)
                document.metadata[key] = value.toString();
        if (auto press = object->getObject("press_release"))
            document.pressRelease = pressReleaseOf(press);
        document.blocks = blocksOf(object->getArray("blocks"));
        document.text = stringOf(object, "text");
        return document;
    } catch (const CorruptError&) {
        throw;
    } catch (const std::exception& error) {
        throw CorruptError(std::string("document JSON: ") + error.what());
    }
}

}  // namespace jikji
