#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace jikji::normalize {

/// Decodes the raw bytes of a name with the rules every name follows: percent-decoded first
/// when `percentEncoded` and every `%` starts a `%XX`; then UTF-8 when the bytes are well-formed
/// UTF-8, else CP949 (windows-949); a name whose characters are all Latin-1 is taken for bytes
/// that a client read as Latin-1 and decoded again by the same rule when that decodes cleanly;
/// finally normalizeText as one line (NFD from macOS becomes NFC). Bad bytes become U+FFFD
/// with a `filename_invalid_bytes` warning.
std::string decodeNameBytes(std::string_view raw, bool percentEncoded,
                            std::vector<Warning>* warnings = nullptr);

/// The name of a zip entry read raw (libzip `ZIP_FL_ENC_RAW`): UTF-8 when it is well-formed
/// UTF-8 (whether or not the entry's UTF-8 flag is set), else CP949, as decodeNameBytes
/// without percent-decoding. Folder separators are kept; a backslash becomes `/`.
std::string decodeZipEntryName(std::string_view raw, std::vector<Warning>* warnings = nullptr);

/// The file name a `Content-Disposition` header value gives (RFC 6266): `filename*` (RFC 8187
/// `charset'lang'%XX…`, UTF-8 or EUC-KR or any label canonicalCharset knows) wins over
/// `filename`, which may be quoted or not, hold raw CP949 or UTF-8 bytes, percent-encoded
/// CP949 or UTF-8, or an RFC 2047 `=?charset?B|Q?…?=` word; a trailing `;` is fine. Only the
/// last path component is kept. Empty when the header names no file.
std::string fileNameFromContentDisposition(std::string_view header,
                                           std::vector<Warning>* warnings = nullptr);

/// Where a download's name came from.
enum class FileNameSource { ContentDisposition, LinkText, Url, None };

/// `content_disposition`, `link_text`, `url`, `none`.
std::string_view toString(FileNameSource source);

struct FileName {
    std::string name;
    FileNameSource source = FileNameSource::None;
    std::vector<Warning> warnings;
};

/// The name of a downloaded file: from the `Content-Disposition` header, else the text of the
/// link on the page, else the last path segment of the URL (percent-decoded, UTF-8 or CP949).
/// Names never contain `/`, `\`, controls, or consist of dots only.
FileName decodeFileName(std::string_view contentDisposition, std::string_view linkText = {},
                        std::string_view url = {});

}  // namespace jikji::normalize
