#include "json_writer.h"

#include <Poco/JSONString.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <sstream>
#include <vector>

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

Poco::JSON::Array::Ptr blocksToJson(const std::vector<Block>& blocks, std::string_view parent);

std::string_view noteKindName(NoteKind kind) {
    return kind == NoteKind::End ? "end" : "foot";
}

Poco::JSON::Object::Ptr blockToJson(const Block& block, const std::string& id) {
    auto object = makeObject();
    object->set("type", std::string(toString(block.kind)));
    object->set("id", id);
    if (block.page) object->set("page", block.page);
    if (!block.change.empty()) {
        object->set("change", jsonString(block.change));
        if (!block.changeBy.author().empty())
            object->set("change_author", jsonString(block.changeBy.author()));
        if (!block.changeBy.date().empty())
            object->set("change_date", jsonString(block.changeBy.date()));
    }
    if (!block.breakChange.empty()) object->set("break_change", jsonString(block.breakChange));
    switch (block.kind) {
        case BlockKind::Heading:
        case BlockKind::ListItem:
            object->set("level", block.level);
            if (!block.mark.empty()) object->set("mark", jsonString(block.mark));
            [[fallthrough]];
        case BlockKind::Paragraph: {
            object->set("text", jsonString(block.inlineText()));
            bool linked = false;
            for (const Span& span : block.spans)
                linked = linked || !span.href.empty() || !span.change.empty() ||
                         !span.annotation.empty();
            if (linked) {
                Poco::JSON::Array::Ptr spans = new Poco::JSON::Array();
                for (const Span& span : block.spans) {
                    auto item = makeObject();
                    item->set("text", jsonString(span.text));
                    if (!span.href.empty()) item->set("href", jsonString(span.href));
                    if (!span.change.empty()) item->set("change", jsonString(span.change));
                    if (!span.changeBy.author().empty())
                        item->set("change_author", jsonString(span.changeBy.author()));
                    if (!span.changeBy.date().empty())
                        item->set("change_date", jsonString(span.changeBy.date()));
                    if (!span.annotation.empty())
                        item->set("annotation", jsonString(span.annotation));
                    spans->add(item);
                }
                object->set("spans", spans);
            }
            break;
        }
        case BlockKind::Table: {
            Poco::JSON::Array::Ptr rows = new Poco::JSON::Array();
            for (std::size_t r = 0; r < block.rows.size(); ++r) {
                Poco::JSON::Array::Ptr cells = new Poco::JSON::Array();
                for (std::size_t c = 0; c < block.rows[r].cells.size(); ++c) {
                    const TableCell& cell = block.rows[r].cells[c];
                    auto item = makeObject();
                    item->set("row", cell.row);
                    item->set("col", cell.col);
                    item->set("row_span", cell.rowSpan);
                    item->set("col_span", cell.colSpan);
                    item->set("blocks", blocksToJson(cell.blocks, cellIdPrefix(id, r, c)));
                    cells->add(item);
                }
                auto rowObject = makeObject();
                rowObject->set("cells", cells);
                rows->add(rowObject);
            }
            object->set("rows", rows);
            if (!block.caption.empty())
                object->set("caption", blocksToJson(block.caption, captionIdPrefix(id)));
            break;
        }
        case BlockKind::Note:
            object->set("kind", std::string(noteKindName(block.noteKind)));
            if (!block.mark.empty()) object->set("mark", jsonString(block.mark));
            object->set("blocks", blocksToJson(block.children, id));
            break;
        case BlockKind::TextBox:
            if (!block.annotation.empty()) object->set("annotation", jsonString(block.annotation));
            [[fallthrough]];
        case BlockKind::Header:
        case BlockKind::Footer:
            object->set("blocks", blocksToJson(block.children, id));
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

Poco::JSON::Array::Ptr blocksToJson(const std::vector<Block>& blocks, std::string_view parent) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    for (std::size_t i = 0; i < blocks.size(); ++i)
        array->add(blockToJson(blocks[i], blockId(parent, i)));
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
    for (const auto& [key, value] : document.metadata) {
        if (key == "pages" && isPageCount(value))
            metadata->set(key, std::stoi(value));
        else
            metadata->set(key, jsonString(value));
    }
    object->set("metadata", metadata);
    if (document.provenance) {
        auto provenance = makeObject();
        provenance->set("file_name", jsonString(document.provenance->fileName));
        provenance->set("size", document.provenance->size);
        provenance->set("sha256", document.provenance->sha256);
        object->set("provenance", provenance);
    }
    if (document.pressRelease)
        object->set("press_release", pressReleaseToJson(*document.pressRelease));
    object->set("blocks", blocksToJson(document.blocks, {}));
    object->set("text", jsonString(document.text));
    return object;
}

namespace {

/// Writes JSON as it goes, byte for byte as Poco's Object/Array::stringify lays it out (the
/// same newlines, indentation, `": "` and escaping), without building a tree of
/// Dynamic::Var first: a large document's tree costs several times its text.
class StreamWriter {
  public:
    StreamWriter(std::ostream& out, unsigned indent) : m_out(out), m_step(indent) {}

    void beginObject() { open('{', true); }
    void endObject() { close('}'); }
    void beginArray() { open('[', false); }
    void endArray() { close(']'); }

    void key(std::string_view name) {
        beginValue();
        writeString(name);
        m_out << (m_frames.back().indent > 0 ? ": " : ":");
        m_afterKey = true;
    }

    void string(std::string_view text) {
        beginValue();
        if (unicode::isValidUtf8(text)) {
            writeString(text);
        } else {
            std::string sane;
            unicode::appendSanitizedUtf8(text, sane);
            writeString(sane);
        }
    }

    void number(std::uint64_t value) {
        beginValue();
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        m_out.write(digits, end - digits);
    }

    void number(std::int64_t value) {
        beginValue();
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        m_out.write(digits, end - digits);
    }

    void member(std::string_view name, std::string_view text) {
        key(name);
        string(text);
    }
    void memberIfPresent(std::string_view name, std::string_view text) {
        if (!text.empty()) member(name, text);
    }

    void finish() { m_out << '\n'; }

  private:
    struct Frame {
        bool object;
        bool empty;
        unsigned indent;
    };

    void writeString(std::string_view text) {
        m_scratch.assign(text);
        Poco::toJSON(m_scratch, m_out, Poco::JSON_WRAP_STRINGS);
    }

    void spaces(unsigned count) {
        static const std::string kSpaces(64, ' ');
        while (count > 0) {
            unsigned n = std::min<unsigned>(count, kSpaces.size());
            m_out.write(kSpaces.data(), n);
            count -= n;
        }
    }

    // A value in an array, or a key in an object: the separator and indentation before it.
    void beginValue() {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_frames.empty()) return;
        Frame& frame = m_frames.back();
        if (!frame.empty) {
            m_out << ',';
            if (m_step > 0) m_out << '\n';
        }
        frame.empty = false;
        spaces(frame.indent);
    }

    void open(char bracket, bool object) {
        unsigned indent = m_frames.empty() ? m_step : m_frames.back().indent + m_step;
        beginValue();
        m_out << bracket;
        if (indent > 0) m_out << '\n';
        m_frames.push_back(Frame{object, true, indent});
    }

    void close(char bracket) {
        Frame frame = m_frames.back();
        m_frames.pop_back();
        // Poco ends every object member with a newline, and an array with one after its last
        // element or, when empty, after the opening one.
        if (m_step > 0 && (!frame.object || !frame.empty)) m_out << '\n';
        unsigned indent = frame.indent >= m_step ? frame.indent - m_step : frame.indent;
        spaces(indent);
        m_out << bracket;
    }

    std::ostream& m_out;
    unsigned m_step;
    std::vector<Frame> m_frames;
    bool m_afterKey = false;
    std::string m_scratch;
};

void streamBlocks(StreamWriter& json, const std::vector<Block>& blocks, std::string_view parent);

void streamBlock(StreamWriter& json, const Block& block, const std::string& id) {
    json.beginObject();
    json.member("type", toString(block.kind));
    json.member("id", id);
    if (block.page) {
        json.key("page");
        json.number(std::uint64_t{block.page});
    }
    if (!block.change.empty()) {
        json.member("change", block.change);
        json.memberIfPresent("change_author", block.changeBy.author());
        json.memberIfPresent("change_date", block.changeBy.date());
    }
    json.memberIfPresent("break_change", block.breakChange);
    switch (block.kind) {
        case BlockKind::Heading:
        case BlockKind::ListItem:
            json.key("level");
            json.number(std::int64_t{block.level});
            json.memberIfPresent("mark", block.mark);
            [[fallthrough]];
        case BlockKind::Paragraph: {
            json.member("text", block.inlineText());
            bool linked = false;
            for (const Span& span : block.spans)
                linked = linked || !span.href.empty() || !span.change.empty() ||
                         !span.annotation.empty();
            if (linked) {
                json.key("spans");
                json.beginArray();
                for (const Span& span : block.spans) {
                    json.beginObject();
                    json.member("text", span.text);
                    json.memberIfPresent("href", span.href);
                    json.memberIfPresent("change", span.change);
                    json.memberIfPresent("change_author", span.changeBy.author());
                    json.memberIfPresent("change_date", span.changeBy.date());
                    json.memberIfPresent("annotation", span.annotation);
                    json.endObject();
                }
                json.endArray();
            }
            break;
        }
        case BlockKind::Table: {
            json.key("rows");
            json.beginArray();
            for (std::size_t r = 0; r < block.rows.size(); ++r) {
                json.beginObject();
                json.key("cells");
                json.beginArray();
                for (std::size_t c = 0; c < block.rows[r].cells.size(); ++c) {
                    const TableCell& cell = block.rows[r].cells[c];
                    json.beginObject();
                    json.key("row");
                    json.number(std::uint64_t{cell.row});
                    json.key("col");
                    json.number(std::uint64_t{cell.col});
                    json.key("row_span");
                    json.number(std::uint64_t{cell.rowSpan});
                    json.key("col_span");
                    json.number(std::uint64_t{cell.colSpan});
                    json.key("blocks");
                    streamBlocks(json, cell.blocks, cellIdPrefix(id, r, c));
                    json.endObject();
                }
                json.endArray();
                json.endObject();
            }
            json.endArray();
            if (!block.caption.empty()) {
                json.key("caption");
                streamBlocks(json, block.caption, captionIdPrefix(id));
            }
            break;
        }
        case BlockKind::Note:
            json.member("kind", noteKindName(block.noteKind));
            json.memberIfPresent("mark", block.mark);
            json.key("blocks");
            streamBlocks(json, block.children, id);
            break;
        case BlockKind::TextBox:
            json.memberIfPresent("annotation", block.annotation);
            json.memberIfPresent("form", block.form);
            [[fallthrough]];
        case BlockKind::Header:
        case BlockKind::Footer:
            json.key("blocks");
            streamBlocks(json, block.children, id);
            break;
        case BlockKind::Image:
            json.member("target", block.target);
            json.memberIfPresent("media_type", block.mediaType);
            json.memberIfPresent("alt", block.alt);
            break;
        case BlockKind::Equation:
            json.member("script", block.script);
            break;
    }
    json.endObject();
}

void streamBlocks(StreamWriter& json, const std::vector<Block>& blocks, std::string_view parent) {
    json.beginArray();
    for (std::size_t i = 0; i < blocks.size(); ++i)
        streamBlock(json, blocks[i], blockId(parent, i));
    json.endArray();
}

void streamStrings(StreamWriter& json, const std::vector<std::string>& strings) {
    json.beginArray();
    for (const std::string& value : strings)
        json.string(value);
    json.endArray();
}

void streamPressRelease(StreamWriter& json, const PressRelease& press) {
    json.beginObject();
    json.memberIfPresent("kind", press.kind);
    json.memberIfPresent("embargo_at", press.embargoAt);
    json.memberIfPresent("released_at", press.releasedAt);
    json.memberIfPresent("edition", press.edition);
    json.memberIfPresent("issuer", press.issuer);
    json.memberIfPresent("title", press.title);
    json.key("subtitles");
    streamStrings(json, press.subtitles);
    json.key("contacts");
    json.beginArray();
    for (const PressContact& contact : press.contacts) {
        json.beginObject();
        json.memberIfPresent("department", contact.department);
        json.memberIfPresent("role", contact.role);
        json.memberIfPresent("job_title", contact.jobTitle);
        json.memberIfPresent("name", contact.name);
        json.memberIfPresent("phone", contact.phone);
        json.memberIfPresent("email", contact.email);
        json.endObject();
    }
    json.endArray();
    json.key("appendices");
    streamStrings(json, press.appendices);
    json.key("outline");
    json.beginArray();
    for (const OutlineItem& line : press.outline) {
        json.beginObject();
        json.key("level");
        json.number(std::int64_t{line.level});
        json.member("marker", line.marker);
        json.member("text", line.text);
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

}  // namespace

void writeDocumentJson(const Document& document, std::ostream& out, unsigned indent) {
    StreamWriter json(out, indent);
    json.beginObject();
    json.member("schema", kDocumentSchema);
    json.member("format", document.format);
    json.member("media_type", document.mediaType);
    json.member("status", toString(document.status));
    json.key("warnings");
    json.beginArray();
    for (const Warning& warning : document.warnings) {
        json.beginObject();
        json.member("code", warning.code);
        json.member("message", warning.message);
        json.memberIfPresent("where", warning.where);
        json.endObject();
    }
    json.endArray();
    if (document.droppedWarnings) {
        json.key("warnings_dropped");
        json.number(std::uint64_t{document.droppedWarnings});
    }
    json.key("metadata");
    json.beginObject();
    for (const auto& [key, value] : document.metadata) {
        if (key == "pages" && isPageCount(value)) {
            json.key(key);
            json.number(std::uint64_t{std::stoul(value)});
        } else {
            json.member(key, value);
        }
    }
    json.endObject();
    if (document.provenance) {
        json.key("provenance");
        json.beginObject();
        json.member("file_name", document.provenance->fileName);
        json.key("size");
        json.number(std::uint64_t{document.provenance->size});
        json.member("sha256", document.provenance->sha256);
        json.endObject();
    }
    if (document.pressRelease) {
        json.key("press_release");
        streamPressRelease(json, *document.pressRelease);
    }
    json.key("blocks");
    streamBlocks(json, document.blocks, {});
    json.member("text", document.text);
    json.endObject();
    json.finish();
}

std::string documentJsonString(const Document& document, unsigned indent) {
    std::ostringstream out;
    writeDocumentJson(document, out, indent);
    return std::move(out).str();
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
