#pragma once

#include <concepts>
#include <memory>
#include <string>
#include <string_view>

namespace jikji {

/// A string that is nearly always empty, in 8 bytes where std::string takes 32: the members of
/// blocks and spans that only a few of them hold (a link's target, a tracked change, a picture's
/// media type). A document of 367,000 characters holds 52,000 blocks; at 424 bytes a block, the
/// blocks alone took 22 MB of its 50 MB of heap (208 bytes now). Reads like a const std::string;
/// empty is null.
class RareText {
  public:
    RareText() = default;
    RareText(const std::string& text) { assign(text); }
    RareText(std::string&& text) { assign(std::move(text)); }
    RareText(std::string_view text) { assign(std::string(text)); }
    RareText(const char* text) { assign(std::string(text)); }
    RareText(const RareText& other) { assign(other.str()); }
    RareText(RareText&&) noexcept = default;
    RareText& operator=(const RareText& other) {
        if (this != &other) assign(other.str());
        return *this;
    }
    RareText& operator=(RareText&&) noexcept = default;
    RareText& operator=(const std::string& text) { return assign(text); }
    RareText& operator=(std::string&& text) { return assign(std::move(text)); }
    RareText& operator=(std::string_view text) { return assign(std::string(text)); }
    RareText& operator=(const char* text) { return assign(std::string(text)); }

    const std::string& str() const { return m_text ? *m_text : none(); }
    std::string_view view() const { return str(); }
    operator const std::string&() const { return str(); }
    operator std::string_view() const { return str(); }

    bool empty() const { return !m_text; }

    friend bool operator==(const RareText& a, const RareText& b) { return a.view() == b.view(); }
    // Any string-like operand; a RareText on both sides takes the overload above.
    template <std::convertible_to<std::string_view> T>
    friend bool operator==(const RareText& a, const T& b) {
        return a.view() == std::string_view(b);
    }

  private:
    static const std::string& none() {
        static const std::string nothing;
        return nothing;
    }
    RareText& assign(std::string text) {
        if (text.empty())
            m_text.reset();
        else if (m_text)
            *m_text = std::move(text);
        else
            m_text = std::make_unique<std::string>(std::move(text));
        return *this;
    }

    std::unique_ptr<std::string> m_text;
};

}  // namespace jikji
