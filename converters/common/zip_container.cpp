#include "converters/common/zip_container.h"

#include <libdeflate.h>
#include <zip.h>

#include <memory>
#include <unordered_map>

#include "pipeline/errors.h"

namespace jikji::converters {

struct ZipContainer::Impl {
    zip_t* archive = nullptr;
    std::unordered_map<std::string, zip_uint64_t> index;
    std::string_view bytes;
    libdeflate_decompressor* inflater = nullptr;
};

struct ZipContainer::WholeEntry {
    std::uint64_t size = 0;
    std::uint32_t crc = 0;
    std::string deflated;
};

ZipContainer::ZipContainer(std::string_view bytes) : m_impl(std::make_unique<Impl>()) {
    m_impl->bytes = bytes;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) {
        zip_error_fini(&error);
        throw CorruptError("zip: cannot read buffer");
    }
    m_impl->archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!m_impl->archive) {
        std::string why = zip_error_strerror(&error);
        zip_source_free(source);
        zip_error_fini(&error);
        throw CorruptError("zip: " + why);
    }
    zip_error_fini(&error);
    zip_int64_t count = zip_get_num_entries(m_impl->archive, 0);
    if (count < 0) count = 0;
    if (static_cast<std::uint64_t>(count) > limits::kMaxContainerEntries) {
        zip_discard(m_impl->archive);
        m_impl->archive = nullptr;
        throw LimitError("zip holds " + std::to_string(count) + " entries, limit " +
                         std::to_string(limits::kMaxContainerEntries));
    }
    m_names.reserve(static_cast<std::size_t>(count));
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name =
            zip_get_name(m_impl->archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        std::string entry = name ? name : "";
        m_names.push_back(entry);
        m_impl->index.emplace(entry, static_cast<zip_uint64_t>(i));
    }
}

ZipContainer::~ZipContainer() {
    if (!m_impl) return;
    if (m_impl->archive) zip_discard(m_impl->archive);
    if (m_impl->inflater) libdeflate_free_decompressor(m_impl->inflater);
}

bool ZipContainer::contains(std::string_view name) const {
    return m_impl->index.count(std::string(name)) > 0;
}

std::optional<std::size_t> ZipContainer::indexOf(std::string_view name) const {
    auto it = m_impl->index.find(std::string(name));
    if (it == m_impl->index.end()) return std::nullopt;
    return static_cast<std::size_t>(it->second);
}

std::uint64_t ZipContainer::declaredSize(std::string_view name) const {
    auto index = indexOf(name);
    if (!index) return 0;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_impl->archive, *index, 0, &stat) != 0) return 0;
    return (stat.valid & ZIP_STAT_SIZE) ? stat.size : 0;
}

bool ZipContainer::isStored(std::string_view name) const {
    auto index = indexOf(name);
    if (!index) return false;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_impl->archive, *index, 0, &stat) != 0) return false;
    return (stat.valid & ZIP_STAT_COMP_METHOD) && stat.comp_method == ZIP_CM_STORE;
}

// Whether an entry may be inflated whole, and its deflated bytes if so. An entry that breaks a
// limit is left to the stream, which throws at the same byte as ever.
std::optional<ZipContainer::WholeEntry> ZipContainer::wholeEntry(std::string_view name,
                                                                 std::uint64_t limit) {
    if (m_inflater != Inflater::Whole) return std::nullopt;
    auto index = indexOf(name);
    if (!index) return std::nullopt;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_impl->archive, *index, 0, &stat) != 0) return std::nullopt;
    constexpr zip_uint64_t kNeeded = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC |
                                     ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
    if ((stat.valid & kNeeded) != kNeeded || stat.comp_method != ZIP_CM_DEFLATE ||
        stat.encryption_method != ZIP_EM_NONE)
        return std::nullopt;
    if (stat.size > limit || stat.size > limits::kMaxWholeInflateBytes ||
        stat.size > limits::kMaxTotalUncompressedBytes -
                        std::min(m_totalRead, limits::kMaxTotalUncompressedBytes) ||
        (stat.size > (1u << 20) &&
         stat.size > limits::kMaxCompressionRatio * (stat.comp_size + 1)) ||
        stat.comp_size > m_impl->bytes.size())
        return std::nullopt;
    zip_file_t* file = zip_fopen_index(m_impl->archive, *index, ZIP_FL_COMPRESSED);
    if (!file) return std::nullopt;
    WholeEntry entry{stat.size, stat.crc, std::string(stat.comp_size, '\0')};
    zip_int64_t got = zip_fread(file, entry.deflated.data(), entry.deflated.size());
    zip_fclose(file);
    if (got < 0 || static_cast<zip_uint64_t>(got) != stat.comp_size) return std::nullopt;
    return entry;
}

// False when the deflated bytes do not inflate to exactly the declared size and CRC; the
// caller then streams the entry through libzip, which reports the damage as it always has.
bool ZipContainer::inflateWhole(const WholeEntry& entry, char* out) {
    if (!m_impl->inflater) m_impl->inflater = libdeflate_alloc_decompressor();
    if (!m_impl->inflater) return false;
    std::size_t produced = 0;
    if (libdeflate_deflate_decompress(
            m_impl->inflater, entry.deflated.data(), entry.deflated.size(), out,
            static_cast<std::size_t>(entry.size), &produced) != LIBDEFLATE_SUCCESS ||
        produced != entry.size || libdeflate_crc32(0, out, produced) != entry.crc)
        return false;
    m_totalRead += produced;
    return true;
}

bool ZipContainer::readChunks(std::string_view name,
                              const std::function<void(std::string_view)>& chunk,
                              std::uint64_t limit) {
    auto index = indexOf(name);
    if (!index) return false;
    if (auto entry = wholeEntry(name, limit)) {
        auto bytes = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(entry->size));
        if (inflateWhole(*entry, bytes.get())) {
            chunk(std::string_view(bytes.get(), static_cast<std::size_t>(entry->size)));
            return true;
        }
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    zip_stat_index(m_impl->archive, *index, 0, &stat);
    std::uint64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0;
    std::string entry(name);
    zip_file_t* file = zip_fopen_index(m_impl->archive, *index, 0);
    if (!file) throw CorruptError("zip entry " + entry + ": " + zip_strerror(m_impl->archive));
    std::uint64_t produced = 0;
    char buffer[1 << 16];
    try {
        for (;;) {
            zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
            if (got < 0) throw CorruptError("zip entry " + entry + ": " + zip_file_strerror(file));
            if (got == 0) break;
            produced += static_cast<std::uint64_t>(got);
            m_totalRead += static_cast<std::uint64_t>(got);
            if (produced > limit)
                throw LimitError("zip entry " + entry + " inflates beyond " +
                                 std::to_string(limit) + " bytes");
            if (m_totalRead > limits::kMaxTotalUncompressedBytes)
                throw LimitError("zip inflates beyond " +
                                 std::to_string(limits::kMaxTotalUncompressedBytes) + " bytes");
            // Small entries may compress well; the ratio only matters once output is large.
            if (produced > (1u << 20) && produced > limits::kMaxCompressionRatio * (compressed + 1))
                throw LimitError("zip entry " + entry + " exceeds compression ratio " +
                                 std::to_string(limits::kMaxCompressionRatio));
            chunk(std::string_view(buffer, static_cast<std::size_t>(got)));
        }
    } catch (...) {
        zip_fclose(file);
        throw;
    }
    zip_fclose(file);
    return true;
}

std::optional<std::string> ZipContainer::read(std::string_view name, std::uint64_t limit) {
    if (auto entry = wholeEntry(name, limit)) {
        std::string whole(static_cast<std::size_t>(entry->size), '\0');
        if (inflateWhole(*entry, whole.data())) return whole;
    }
    std::string out;
    std::uint64_t declared = declaredSize(name);
    if (declared && declared <= limit) out.reserve(static_cast<std::size_t>(declared));
    if (!readChunks(
            name, [&](std::string_view chunk) { out.append(chunk); }, limit))
        return std::nullopt;
    return out;
}

std::optional<std::string> ZipContainer::readRaw(std::string_view name, std::uint64_t limit) {
    auto index = indexOf(name);
    if (!index) return std::nullopt;
    zip_file_t* file = zip_fopen_index(m_impl->archive, *index, ZIP_FL_COMPRESSED);
    if (!file) throw CorruptError("zip entry " + std::string(name) + ": cannot open raw");
    std::string out;
    char buffer[1 << 16];
    for (;;) {
        zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
        if (got < 0) {
            zip_fclose(file);
            throw CorruptError("zip entry " + std::string(name) + ": raw read failed");
        }
        if (got == 0) break;
        out.append(buffer, static_cast<std::size_t>(got));
        if (out.size() > limit) {
            zip_fclose(file);
            throw LimitError("zip entry " + std::string(name) + " beyond " + std::to_string(limit));
        }
    }
    zip_fclose(file);
    return out;
}

}  // namespace jikji::converters
