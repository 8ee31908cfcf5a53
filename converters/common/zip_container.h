#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/limits.h"

namespace jikji::converters {

/// A zip archive held in memory, read with libzip. Entry names are only looked up, never used
/// as paths. Every read is checked against the per-entry, total and compression-ratio limits.
class ZipContainer {
  public:
    /// How deflated entries are inflated. `Whole`: an entry of up to
    /// limits::kMaxWholeInflateBytes is inflated in one call with libdeflate (about 2.5 times
    /// faster than zlib here, with a CRC-32 that uses the CPU's carry-less multiply), larger
    /// ones stream through libzip. `Stream`: every entry streams through libzip.
    enum class Inflater { Whole, Stream };

    /// Opens the archive; throws CorruptError when it is not a readable zip and LimitError when
    /// it holds more than limits::kMaxContainerEntries entries.
    explicit ZipContainer(std::string_view bytes);
    ~ZipContainer();
    ZipContainer(const ZipContainer&) = delete;
    ZipContainer& operator=(const ZipContainer&) = delete;

    /// Entry names in archive order (raw bytes as stored).
    const std::vector<std::string>& names() const { return m_names; }
    bool contains(std::string_view name) const;
    /// Index of the entry in archive order, if present.
    std::optional<std::size_t> indexOf(std::string_view name) const;
    /// Uncompressed size the archive declares for an entry.
    std::uint64_t declaredSize(std::string_view name) const;
    /// True when the entry is stored without compression.
    bool isStored(std::string_view name) const;

    /// The whole entry; nullopt when absent. Throws LimitError past `limit` bytes or past the
    /// compression ratio limit, CorruptError when inflating fails.
    std::optional<std::string> read(std::string_view name,
                                    std::uint64_t limit = limits::kMaxEntryBytes);
    /// The raw (still compressed) bytes of an entry as stored in the archive.
    std::optional<std::string> readRaw(std::string_view name,
                                       std::uint64_t limit = limits::kMaxEntryBytes);
    /// Hands an entry over: in one piece when it may be inflated whole (see Inflater), else in
    /// chunks, so that memory stays flat however large it is. Returns false when the entry is
    /// absent. Limits as in `read`.
    bool readChunks(std::string_view name, const std::function<void(std::string_view)>& chunk,
                    std::uint64_t limit = limits::kMaxEntryBytes);

    /// Uncompressed bytes read so far from all entries.
    std::uint64_t totalRead() const { return m_totalRead; }

    void setInflater(Inflater inflater) { m_inflater = inflater; }

  private:
    struct Impl;
    template <typename Allocate>
    bool inflateWhole(std::size_t index, std::uint64_t limit, Allocate&& allocate);
    void streamChunks(std::size_t index, std::string_view name,
                      const std::function<void(std::string_view)>& chunk, std::uint64_t limit);

    std::unique_ptr<Impl> m_impl;
    std::vector<std::string> m_names;
    std::uint64_t m_totalRead = 0;
    Inflater m_inflater = Inflater::Whole;
};

}  // namespace jikji::converters
