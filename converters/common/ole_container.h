#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/limits.h"

namespace jikji::converters {

/// An OLE compound file (CFB) held in memory, read with libgsf. Streams are named by paths
/// with `/` between storages: `BodyText/Section0`, `\005HwpSummaryInformation`.
class OleContainer {
  public:
    /// Throws CorruptError when libgsf cannot read the compound file.
    explicit OleContainer(std::string_view bytes);
    ~OleContainer();
    OleContainer(const OleContainer&) = delete;
    OleContainer& operator=(const OleContainer&) = delete;

    bool contains(std::string_view path) const;
    /// Names of the children of a storage ("" for the root), in directory order.
    std::vector<std::string> children(std::string_view storage) const;
    /// Size of a stream, if present.
    std::optional<std::uint64_t> streamSize(std::string_view path) const;
    /// The whole stream; nullopt when absent. Throws LimitError past `limit`, CorruptError
    /// when its sectors cannot be read.
    std::optional<std::string> read(std::string_view path,
                                    std::uint64_t limit = limits::kMaxEntryBytes) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace jikji::converters
