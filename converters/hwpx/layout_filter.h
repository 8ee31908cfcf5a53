#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jikji::converters::hwpx {

/// Removes every element with one of some local names (any prefix, e.g. `<hp:linesegarray …>…
/// </hp:linesegarray>`) from a stream of XML bytes before it reaches the parser; such an element
/// must not nest in itself. Used for parts that carry no text but cost parse time: the
/// line-segment array (Hancom's layout cache, a third of a section's bytes and about half of
/// its parse time), sizes, positions and margins of cells and objects, and the `switch`
/// alternatives of paragraph properties. libxml2 spends most of its time on attributes, so
/// the start tags of "bare" names lose their attributes too (unless they declare a namespace):
/// for elements whose attributes are never read; "trimmed" names keep only the attributes named
/// for them; "unwrapped" names lose their start and end tags and keep their content (for
/// wrappers the reader gives no meaning to, unless the start tag declares a namespace; an end
/// tag that does not close the innermost unwrapped element passes for the parser to reject);
/// "default" empty elements go when they say only what the reader assumes without them.
/// Everything else passes through unchanged, in order. A start tag whose end cannot be found within
/// limits::kMaxFilterLookahead bytes, or whose attributes do not read as `name="value"` pairs, is
/// passed through as is.
class LayoutFilter {
  public:
    /// An element whose start tag keeps only these attributes (in their order in the tag); with
    /// `keepValue`, only those whose value it accepts (a value holding a reference is kept).
    struct Trim {
        std::string_view element;
        std::vector<std::string_view> keep;
        std::function<bool(std::string_view value)> keepValue{};
    };
    /// An empty element (`<x:name …/>`) dropped when what follows its name is exactly
    /// `attributes` (byte for byte, as a writer puts the values the reader assumes anyway).
    struct Default {
        std::string_view element;
        std::string_view attributes;
    };
    /// Local names (any prefix) and what becomes of their elements.
    struct Rules {
        std::vector<std::string_view> drop{};    ///< removed with their content
        std::vector<std::string_view> bare{};    ///< start tags lose every attribute
        std::vector<Trim> trim{};                ///< start tags keep only some attributes
        std::vector<std::string_view> unwrap{};  ///< tags removed, content kept
        std::vector<Default> defaults{};         ///< removed when they say only the default
    };

    LayoutFilter(std::string_view localName, std::function<void(std::string_view)> out);
    LayoutFilter(const Rules& rules, std::function<void(std::string_view)> out);

    void feed(std::string_view bytes);
    /// Passes on whatever is held back (a truncated element is dropped, as the parser would
    /// reject it anyway).
    void finish();

    /// Bytes removed so far.
    std::size_t dropped() const { return m_dropped; }

  private:
    // What becomes of an element's start tag.
    static constexpr int kPass = -2;
    static constexpr int kDrop = -1;  // 0, 1, …: trimmed to m_keep[n] (empty: bare)
    static constexpr int kUnwrap = -3;
    static constexpr int kDefaultBase = -100;  // kDefaultBase - n: m_defaults[n]

    struct Names {
        // By length: a start tag's name is compared with the few names of its length only.
        struct Entry {
            char first;  // compared before the name, which lives elsewhere
            std::string name;
            int action;
        };
        std::array<std::vector<Entry>, 64> byLength;
        void add(std::string_view name, int action);
        int find(std::string_view local) const;
    };

    std::size_t process(std::string_view data, bool final);
    std::size_t findClose(std::string_view data, std::size_t pos, std::size_t& end) const;
    std::size_t unwrapEnd(std::string_view data, std::size_t lt, std::size_t& from, bool final);
    void emit(std::string_view bytes);
    void flush();

    // An open element of an unwrapped name: its qualified name, and whether its tags pass
    // (it declares a namespace, or too many are open).
    struct Open {
        std::string name;
        bool kept;
    };

    Names m_names;
    // What a bare or trimmed start tag keeps (a bare one: no names).
    struct Kept {
        std::vector<std::string> names;
        std::function<bool(std::string_view)> keepValue;
    };
    std::vector<Kept> m_keep;
    std::vector<std::string> m_defaults;
    std::vector<std::string_view> m_kept;
    std::vector<Open> m_open;
    std::function<void(std::string_view)> m_out;
    std::string m_carry;
    std::string m_pending;
    std::string m_closeTag;
    bool m_inside = false;
    std::size_t m_dropped = 0;
};

}  // namespace jikji::converters::hwpx
