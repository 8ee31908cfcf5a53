#include "converters/common/zip_container.h"

#include <libdeflate.h>
#include <zip.h>

#include <memory>
#include <unordered_map>

#include "converters/common/whole_inflate.h"
#include "pipeline/errors.h"

namespace jikji::converters {

struct ZipContainer::Impl {
    zip_t* archive = nullptr;
    std::unordered_map<std::string, zip_uint64_t> index;
    std::string_view bytes;
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
    if (m_impl && m_impl->archive) zip_discard(m_impl->archive);
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

// Inflates entry `index` whole into the buffer `allocate` gives, when it is deflated, within
// every limit and no larger than limits::kMaxWholeInflateBytes; false otherwise and whenever the
// bytes do not inflate to exactly the declared size and CRC. The caller then streams the entry
// through libzip, which throws at the same byte as ever and reports damage as it always has.
template <typename Allocate>
bool ZipContainer::inflateWhole(std::size_t index, std::uint64_t limit, Allocate&& allocate) {
    if (m_inflater != Inflater::Whole) return false;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_impl->archive, index, 0, &stat) != 0) return false;
    constexpr zip_uint64_t kNeeded = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC |
                                     ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
    if ((stat.valid & kNeeded) != kNeeded || stat.comp_method != ZIP_CM_DEFLATE ||
        stat.encryption_method != ZIP_EM_NONE || stat.size > limit ||
        stat.size > limits::kMaxWholeInflateBytes ||
        m_totalRead + stat.size > limits::kMaxTotalUncompressedBytes ||
        limits::exceedsCompressionRatio(stat.size, stat.comp_size) ||
        stat.comp_size > m_impl->bytes.size())
        return false;
    zip_file_t* file = zip_fopen_index(m_impl->archive, index, ZIP_FL_COMPRESSED);
    if (!file) return false;
    auto deflated =
        std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(stat.comp_size));
    zip_int64_t got = zip_fread(file, deflated.get(), stat.comp_size);
    zip_fclose(file);
    if (got < 0 || static_cast<zip_uint64_t>(got) != stat.comp_size) return false;
    auto size = static_cast<std::size_t>(stat.size);
    char* out = allocate(size);
    if (!inflateExactly(std::string_view(deflated.get(), static_cast<std::size_t>(got)), out,
                        size) ||
        libdeflate_crc32(0, out, size) != stat.crc)
        return false;
    m_totalRead += size;
    return true;
}

bool ZipContainer::readChunks(std::string_view name,
                              const std::function<void(std::string_view)>& chunk,
                              std::uint64_t limit) {
    auto index = indexOf(name);
    if (!index) return false;
    std::unique_ptr<char[]> whole;
    std::size_t size = 0;
    if (inflateWhole(*index, limit, [&](std::size_t bytes) {
            whole = std::make_unique_for_overwrite<char[]>(bytes);
            size = bytes;
            return whole.get();
        })) {
        chunk(std::string_view(whole.get(), size));
        return true;
    }
    streamChunks(*index, name, chunk, limit);
    return true;
}

void ZipContainer::streamChunks(std::size_t index, std::string_view name,
                                const std::function<void(std::string_view)>& chunk,
                                std::uint64_t limit) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    zip_stat_index(m_impl->archive, index, 0, &stat);
    std::uint64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0;
    std::string entry(name);
    zip_file_t* file = zip_fopen_index(m_impl->archive, index, 0);
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
            if (limits::exceedsCompressionRatio(produced, compressed))
                throw LimitError("zip entry " + entry + " exceeds compression ratio " +
                                 std::to_string(limits::kMaxCompressionRatio));
            chunk(std::string_view(buffer, static_cast<std::size_t>(got)));
        }
    } catch (...) {
        zip_fclose(file);
        throw;
    }
    zip_fclose(file);
}

std::optional<std::string> ZipContainer::read(std::string_view name, std::uint64_t limit) {
    auto index = indexOf(name);
    if (!index) return std::nullopt;
    std::string out;
    if (inflateWhole(*index, limit, [&](std::size_t bytes) {
            out.resize(bytes);
            return out.data();
        }))
        return out;
    out.clear();
    std::uint64_t declared = declaredSize(name);
    if (declared && declared <= limit) out.reserve(static_cast<std::size_t>(declared));
    streamChunks(
        *index, name, [&](std::string_view chunk) { out.append(chunk); }, limit);
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
