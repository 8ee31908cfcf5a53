#include "document_wire.h"

#include <cstdint>
#include <cstring>

#include "errors.h"
#include "limits.h"

namespace jikji {

namespace {

constexpr std::string_view kMagic = "JKDW1";

class Writer {
  public:
    void u32(std::uint32_t value) { m_out.append(reinterpret_cast<const char*>(&value), 4); }
    void str(std::string_view text) {
        u32(static_cast<std::uint32_t>(text.size()));
        m_out.append(text);
    }
    std::string take() { return std::move(m_out); }
    std::string& raw() { return m_out; }

  private:
    std::string m_out;
};

class Reader {
  public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    std::uint32_t u32() {
        need(4);
        std::uint32_t value;
        std::memcpy(&value, m_bytes.data() + m_at, 4);
        m_at += 4;
        return value;
    }
    std::string str() {
        std::uint32_t size = u32();
        need(size);
        std::string out(m_bytes.substr(m_at, size));
        m_at += size;
        return out;
    }
    std::uint32_t count() {
        std::uint32_t value = u32();
        // Every counted item takes at least four bytes.
        if (value > (m_bytes.size() - m_at) / 4) throw CorruptError("document wire: bad count");
        return value;
    }
    void expect(std::string_view magic) {
        need(magic.size());
        if (m_bytes.substr(m_at, magic.size()) != magic)
            throw CorruptError("document wire: bad magic");
        m_at += magic.size();
    }
    bool atEnd() const { return m_at == m_bytes.size(); }

  private:
    void need(std::size_t size) const {
        if (size > m_bytes.size() - m_at) throw CorruptError("document wire: truncated");
    }
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

void putStrings(Writer& out, const std::vector<std::string>& strings) {
    out.u32(static_cast<std::uint32_t>(strings.size()));
    for (const std::string& value : strings)
        out.str(value);
}

std::vector<std::string> getStrings(Reader& in) {
    std::vector<std::string> strings(in.count());
    for (std::string& value : strings)
        value = in.str();
    return strings;
}

// A run's or object's tracked change: its kind, then who and when.
void putChange(Writer& out, const std::string& change, const ChangeBy& by) {
    out.str(change);
    out.str(by.author());
    out.str(by.date());
}

void getChange(Reader& in, RareText& change, ChangeBy& by) {
    change = in.str();
    std::string author = in.str();
    by.set(std::move(author), in.str());
}

void putBlocks(Writer& out, const std::vector<Block>& blocks);

void putBlock(Writer& out, const Block& block) {
    out.u32(static_cast<std::uint32_t>(block.kind));
    out.u32(static_cast<std::uint32_t>(block.level));
    out.u32(static_cast<std::uint32_t>(block.spans.size()));
    for (const Span& span : block.spans) {
        out.str(span.text);
        out.str(span.href);
        putChange(out, span.change, span.changeBy);
        out.str(span.annotation);
    }
    out.u32(static_cast<std::uint32_t>(block.rows.size()));
    for (const TableRow& row : block.rows) {
        out.u32(static_cast<std::uint32_t>(row.cells.size()));
        for (const TableCell& cell : row.cells) {
            out.u32(cell.row);
            out.u32(cell.col);
            out.u32(cell.rowSpan);
            out.u32(cell.colSpan);
            putBlocks(out, cell.blocks);
        }
    }
    putBlocks(out, block.caption);
    putBlocks(out, block.children);
    out.u32(static_cast<std::uint32_t>(block.noteKind));
    out.str(block.mark);
    out.str(block.target);
    out.str(block.mediaType);
    out.str(block.alt);
    out.str(block.script);
    out.str(block.annotation);
    out.str(block.form);
    putChange(out, block.change, block.changeBy);
    out.str(block.breakChange);
    out.u32(block.page);
}

void putBlocks(Writer& out, const std::vector<Block>& blocks) {
    out.u32(static_cast<std::uint32_t>(blocks.size()));
    for (const Block& block : blocks)
        putBlock(out, block);
}

std::vector<Block> getBlocks(Reader& in, std::size_t depth);

Block getBlock(Reader& in, std::size_t depth) {
    if (depth > limits::kMaxNestingDepth) throw CorruptError("document wire: too deep");
    Block block;
    std::uint32_t kind = in.u32();
    if (kind > static_cast<std::uint32_t>(BlockKind::Equation))
        throw CorruptError("document wire: bad block kind");
    block.kind = static_cast<BlockKind>(kind);
    block.level = static_cast<int>(in.u32());
    block.spans.resize(in.count());
    for (Span& span : block.spans) {
        span.text = in.str();
        span.href = in.str();
        getChange(in, span.change, span.changeBy);
        span.annotation = in.str();
    }
    block.rows.resize(in.count());
    for (TableRow& row : block.rows) {
        row.cells.resize(in.count());
        for (TableCell& cell : row.cells) {
            cell.row = in.u32();
            cell.col = in.u32();
            cell.rowSpan = in.u32();
            cell.colSpan = in.u32();
            cell.blocks = getBlocks(in, depth + 1);
        }
    }
    block.caption = getBlocks(in, depth + 1);
    block.children = getBlocks(in, depth + 1);
    block.noteKind =
        in.u32() == static_cast<std::uint32_t>(NoteKind::End) ? NoteKind::End : NoteKind::Foot;
    block.mark = in.str();
    block.target = in.str();
    block.mediaType = in.str();
    block.alt = in.str();
    block.script = in.str();
    block.annotation = in.str();
    block.form = in.str();
    getChange(in, block.change, block.changeBy);
    block.breakChange = in.str();
    block.page = in.u32();
    return block;
}

std::vector<Block> getBlocks(Reader& in, std::size_t depth) {
    std::vector<Block> blocks(in.count());
    for (Block& block : blocks)
        block = getBlock(in, depth);
    return blocks;
}

}  // namespace

std::string encodeDocument(const Document& document) {
    Writer out;
    out.raw().append(kMagic);
    out.str(document.format);
    out.str(document.mediaType);
    out.u32(static_cast<std::uint32_t>(document.status));
    out.u32(static_cast<std::uint32_t>(document.warnings.size()));
    for (const Warning& warning : document.warnings) {
        out.str(warning.code);
        out.str(warning.message);
        out.str(warning.where);
    }
    out.u32(static_cast<std::uint32_t>(document.droppedWarnings));
    out.u32(static_cast<std::uint32_t>(document.metadata.size()));
    for (const auto& [key, value] : document.metadata) {
        out.str(key);
        out.str(value);
    }
    putBlocks(out, document.blocks);
    out.u32(document.pressRelease ? 1 : 0);
    if (const auto& press = document.pressRelease) {
        for (const std::string* value : {&press->embargoAt, &press->releasedAt, &press->edition,
                                         &press->kind, &press->issuer, &press->title})
            out.str(*value);
        putStrings(out, press->subtitles);
        out.u32(static_cast<std::uint32_t>(press->contacts.size()));
        for (const PressContact& contact : press->contacts)
            for (const std::string* value : {&contact.department, &contact.role, &contact.jobTitle,
                                             &contact.name, &contact.phone, &contact.email})
                out.str(*value);
        putStrings(out, press->appendices);
        out.u32(static_cast<std::uint32_t>(press->outline.size()));
        for (const OutlineItem& item : press->outline) {
            out.u32(static_cast<std::uint32_t>(item.level));
            out.str(item.marker);
            out.str(item.text);
        }
    }
    out.str(document.text);
    return out.take();
}

Document decodeDocument(std::string_view bytes) {
    Reader in(bytes);
    in.expect(kMagic);
    Document document;
    document.format = in.str();
    document.mediaType = in.str();
    std::uint32_t status = in.u32();
    if (status > static_cast<std::uint32_t>(Status::LimitExceeded))
        throw CorruptError("document wire: bad status");
    document.status = static_cast<Status>(status);
    document.warnings.resize(in.count());
    for (Warning& warning : document.warnings) {
        warning.code = in.str();
        warning.message = in.str();
        warning.where = in.str();
    }
    document.droppedWarnings = in.u32();
    std::uint32_t metadata = in.count();
    for (std::uint32_t i = 0; i < metadata; ++i) {
        std::string key = in.str();
        document.metadata[key] = in.str();
    }
    document.blocks = getBlocks(in, 0);
    if (in.u32()) {
        PressRelease press;
        for (std::string* value : {&press.embargoAt, &press.releasedAt, &press.edition, &press.kind,
                                   &press.issuer, &press.title})
            *value = in.str();
        press.subtitles = getStrings(in);
        press.contacts.resize(in.count());
        for (PressContact& contact : press.contacts)
            for (std::string* value : {&contact.department, &contact.role, &contact.jobTitle,
                                       &contact.name, &contact.phone, &contact.email})
                *value = in.str();
        press.appendices = getStrings(in);
        press.outline.resize(in.count());
        for (OutlineItem& item : press.outline) {
            item.level = static_cast<int>(in.u32());
            item.marker = in.str();
            item.text = in.str();
        }
        document.pressRelease = std::move(press);
    }
    document.text = in.str();
    if (!in.atEnd()) throw CorruptError("document wire: trailing bytes");
    return document;
}

}  // namespace jikji
