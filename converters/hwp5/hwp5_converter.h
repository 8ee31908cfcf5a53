#pragma once

#include "converters/converter.h"

namespace jikji::converters::hwp5 {

/// HWP 5.0 binary documents (OLE compound file with a `FileHeader` stream): body text with
/// tables, notes, headers and footers, text boxes, links, images and equations; distribution
/// documents decrypted; summary metadata; the `PrvText` preview as a fallback.
class Hwp5Converter final : public Converter {
  public:
    std::string_view name() const override { return "hwp5"; }
    std::string_view version() const override { return "1.0.0"; }
    int probe(const Input& input) const noexcept override;

  protected:
    Status doConvert(const Input& input, DocumentSink& sink) const override;
};

/// FileHeader flag bits [SPEC5 §3.2.1].
namespace flag {
inline constexpr std::uint32_t kCompressed = 1u << 0;
inline constexpr std::uint32_t kPassword = 1u << 1;
inline constexpr std::uint32_t kDistribution = 1u << 2;
inline constexpr std::uint32_t kDrm = 1u << 4;
inline constexpr std::uint32_t kCertificateEncryption = 1u << 8;
inline constexpr std::uint32_t kCertificateDrm = 1u << 10;
inline constexpr std::uint32_t kTrackChanges = 1u << 14;
}  // namespace flag

}  // namespace jikji::converters::hwp5
