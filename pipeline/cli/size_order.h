#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace jikji::cli {

/// The inputs of a batch, handed out from both ends of their order by size until the ends meet:
/// `convert` gives one thread the largest first and the others the smallest first.
class SizeOrder {
  public:
    /// Largest first; equal sizes keep their input order.
    explicit SizeOrder(const std::vector<std::uintmax_t>& sizes) : m_order(sizes.size()) {
        std::iota(m_order.begin(), m_order.end(), std::size_t{0});
        std::stable_sort(m_order.begin(), m_order.end(),
                         [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
        m_end = m_order.size();
    }
    /// `count` inputs in their own order, taken from the front alone.
    static SizeOrder inInputOrder(std::size_t count) {
        return SizeOrder(std::vector<std::uintmax_t>(count));
    }

    bool empty() const { return m_next >= m_end; }
    /// Inputs not taken yet.
    std::size_t remaining() const { return m_end - m_next; }
    /// The input takeLargest() gives next. Not when empty().
    std::size_t front() const { return m_order[m_next]; }
    /// Not when empty().
    std::size_t takeLargest() { return m_order[m_next++]; }
    /// Not when empty().
    std::size_t takeSmallest() { return m_order[--m_end]; }

  private:
    std::vector<std::size_t> m_order;
    std::size_t m_next = 0;
    std::size_t m_end = 0;
};

}  // namespace jikji::cli
