#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tests/support/fixtures.h"

namespace jikji::test {

/// How the parts of a written HWPX are encrypted (the ODF-style scheme of Hancom: PBKDF2 from
/// SHA-256 of the password, AES-256-CBC, zero padding, raw deflate inside).
enum class HwpxEncryption { None, Distribution, Password };

/// What an authored HWPX package holds. Section bodies are wrapped in `<hs:sec>` with the
/// namespace declarations of `family` unless `rawSections` is set.
struct HwpxSpec {
    std::vector<std::string> sections;
    bool rawSections = false;
    /// `2011` (Hancom's) or `2024` (KS X 6101:2024 owpml.org).
    std::string family = "2011";
    /// What header.xml's refList holds before paraProperties (numberings, bullets).
    std::string refListHead;
    /// `hh:paraPr` elements of header.xml.
    std::string paraProperties;
    /// What header.xml's refList holds after paraProperties (trackChanges, trackChangeAuthors).
    std::string refListTail;
    /// content.hpf `opf:meta name=…` values; a `title` entry becomes `opf:title`.
    std::vector<std::pair<std::string, std::string>> metadata;
    /// Extra manifest items: id, href, media type (BinData parts go in `extraEntries`).
    std::vector<std::vector<std::string>> items;
    std::vector<ZipEntry> extraEntries;
    bool manifest = true;
    bool contentHpf = true;
    bool header = true;
    /// Spine order of sections (indices into `sections`); empty means in order.
    std::vector<int> spine;
    HwpxEncryption encryption = HwpxEncryption::None;
    std::string password;
};

/// The bytes of an HWPX package written from `spec`.
std::string writeHwpx(const HwpxSpec& spec);

/// `<hp:p>` with one run holding `inner` (already XML: text, `<hp:tab/>`, …) inside `<hp:t>`.
std::string hwpxParagraph(const std::string& inner, const std::string& paraPr = "0");

/// Encrypts one part the way Hancom does; `checksum` receives the base64 SHA-256 of the first
/// 1024 plaintext bytes and `iv` the base64 IV (= salt).
std::string encryptHwpxPart(const std::string& plain, const std::string& password,
                            const std::string& ivBytes);

/// Hancom's fixed distribution password (OWPMLApi/OWPMLSerialize.cpp).
std::string hwpxDistributionPassword();

}  // namespace jikji::test
