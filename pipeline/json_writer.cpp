#include "json_writer.h"

#include <sstream>

#include "unicode.h"

namespace jikji {

Poco::JSON::Object::Ptr makeObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string jsonString(std::string_view text) {
    if (unicode::isValidUtf8(text)) return std::string(text);
    std::string out;
    unicode::appendSanitizedUtf8(text, out);
    return out;
}

namespace {

Poco::JSON::Array::Ptr blocksToJson(const std::vector<Block>& blocks);

std::string_view noteKindName(NoteKind kind) {
    return kind == NoteKind::End ? "end" : "foot";
}

Poco::JSON::Object::Ptr blockToJson(const Block& block) {
    auto object = makeObject();
    object->set("type", std::string(toString(block.kind)));
    switch (block.kind) {
        case BlockKind::Heading:
        case BlockKind::ListItem:
            object->set("level", block.level);
            [[fallthrough]];
        case BlockKind::Paragraph: {
            object->set("text", jsonString(block.inlineText()));
            bool linked = false;
            for (const Span& span : block.spans)
                linked = linked || !span.href.empty();
            if (linked) {
                Poco::JSON::Array::Ptr spans = new Poco::JSON::Array();
                for (const Span& span : block.spans) {
                    auto item = makeObject();
                    item->set("text", jsonString(span.text));
                    if (!span.href.empty()) item->set("href", jsonString(span.href));
                    spans->add(item);
                }
                object->set("spans", spans);
            }
            break;
        }
        case BlockKind::Table: {
            Poco::JSON::Array::Ptr rows = new Poco::JSON::Array();
            for (const TableRow& row : block.rows) {
                Poco::JSON::Array::Ptr cells = new Poco::JSON::Array();
                for (const TableCell& cell : row.cells) {
                    auto item = makeObject();
                    item->set("row", cell.row);
                    item->set("col", cell.col);
                    item->set("row_span", cell.rowSpan);
                    item->set("col_span", cell.colSpan);
                    item->set("blocks", blocksToJson(cell.blocks));
                    cells->add(item);
                }
                auto rowObject = makeObject();
                rowObject->set("cells", cells);
                rows->add(rowObject);
            }
            object->set("rows", rows);
            if (!block.caption.empty()) object->set("caption", blocksToJson(block.caption));
            break;
        }
        case BlockKind::Note:
            object->set("kind", std::string(noteKindName(block.noteKind)));
            if (!block.mark.empty()) object->set("mark", jsonString(block.mark));
            object->set("blocks", blocksToJson(block.children));
            break;
        case BlockKind::Header:
        case BlockKind::Footer:
        case BlockKind::TextBox:
            object->set("blocks", blocksToJson(block.children));
            break;
        case BlockKind::Image:
            object->set("target", jsonString(block.target));
            if (!block.mediaType.empty()) object->set("media_type", jsonString(block.mediaType));
            if (!block.alt.empty()) object->set("alt", jsonString(block.alt));
            break;
        case BlockKind::Equation:
            object->set("script", jsonString(block.script));
            break;
    }
    return object;
}

Poco::JSON::Array::Ptr blocksToJson(const std::vector<Block>& blocks) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    for (const Block& block : blocks)
        array->add(blockToJson(block));
    return array;
}

Poco::JSON::Array::Ptr stringsToJson(const std::vector<std::string>& strings) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    for (const std::string& value : strings)
        array->add(jsonString(value));
    return array;
}

void setIfPresent(Poco::JSON::Object::Ptr object, const std::string& key,
                  const std::string& value) {
    if (!value.empty()) object->set(key, jsonString(value));
}

Poco::JSON::Object::Ptr pressReleaseToJson(const PressRelease& press) {
    auto object = makeObject();
    setIfPresent(object, "kind", press.kind);
    setIfPresent(object, "embargo_at", press.embargoAt);
    setIfPresent(object, "released_at", press.releasedAt);
    setIfPresent(object, "edition", press.edition);
    setIfPresent(object, "issuer", press.issuer);
    setIfPresent(object, "title", press.title);
    object->set("subtitles", stringsToJson(press.subtitles));
    Poco::JSON::Array::Ptr contacts = new Poco::JSON::Array();
    for (const PressContact& contact : press.contacts) {
        auto item = makeObject();
        setIfPresent(item, "department", contact.department);
        setIfPresent(item, "role", contact.role);
        setIfPresent(item, "job_title", contact.jobTitle);
        setIfPresent(item, "name", contact.name);
        setIfPresent(item, "phone", contact.phone);
        setIfPresent(item, "email", contact.email);
        contacts->add(item);
    }
    object->set("contacts", contacts);
    object->set("appendices", stringsToJson(press.appendices));
    Poco::JSON::Array::Ptr outline = new Poco::JSON::Array();
    for (const OutlineItem& line : press.outline) {
        auto item = makeObject();
        item->set("level", line.level);
        item->set("marker", jsonString(line.marker));
        item->set("text", jsonString(line.text));
        outline->add(item);
    }
    object->set("outline", outline);
    return object;
}

}  // namespace

Poco::JSON::Object::Ptr documentToJson(const Document& document) {
    auto object = makeObject();
    object->set("schema", std::string(kDocumentSchema));
    object->set("format", jsonString(document.format));
    object->set("media_type", jsonString(document.mediaType));
    object->set("status", std::string(toString(document.status)));
    Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array();
    for (const Warning& warning : document.warnings) {
        auto item = makeObject();
        item->set("code", jsonString(warning.code));
        item->set("message", jsonString(warning.message));
        if (!warning.where.empty()) item->set("where", jsonString(warning.where));
        warnings->add(item);
    }
    object->set("warnings", warnings);
    if (document.droppedWarnings) object->set("warnings_dropped", document.droppedWarnings);
    auto metadata = makeObject();
    for (const auto& [key, value] : document.metadata)
        metadata->set(key, jsonString(value));
    object->set("metadata", metadata);
    if (document.pressRelease)
        object->set("press_release", pressReleaseToJson(*document.pressRelease));
    object->set("blocks", blocksToJson(document.blocks));
    object->set("text", jsonString(document.text));
    return object;
}

void writeJson(const Poco::JSON::Object::Ptr& object, std::ostream& out, unsigned indent) {
    object->stringify(out, indent);
    out << '\n';
}

std::string toJsonString(const Poco::JSON::Object::Ptr& object, unsigned indent) {
    std::ostringstream out;
    writeJson(object, out, indent);
    return out.str();
}

}  // namespace jikji
