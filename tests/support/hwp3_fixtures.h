#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tests/support/hwp3_writer.h"

/// The authored HWP 3 documents the tests and the fuzzer's seeds use.
namespace jikji::test::hwp3 {

/// A document with every structure the converter reads: Hangul (modern, old), Hanja, symbols,
/// a tab, a footnote, an endnote, a header, a footer, a table with a spanned cell and a
/// caption, a text box, an equation, a picture, a field and a bookmark.
Document everyStructure();

/// Named files: the documents above in both compressions and hostile variants of them
/// (truncated, bad deflate, absurd counts, password-protected).
std::vector<std::pair<std::string, std::string>> fixtureFiles();

}  // namespace jikji::test::hwp3
