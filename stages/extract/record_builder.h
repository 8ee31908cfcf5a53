#pragma once

#include <optional>
#include <string>
#include <vector>

#include "converters/html/page_extractor.h"
#include "pipeline/record.h"
#include "stages/extract/extract.h"

namespace jikji::stages {

/// What is known about the captured page a record is built from: the record's `source` as the
/// capture describes it (never the clock of the run, so rebuilding from the same capture gives
/// the same record; `url` is the page URL as fetched, the record keeps its canonical form),
/// plus what the source config adds.
struct SourceInfo : RecordSource {
    /// Prefixed to phone numbers written without an area code (`063` for Jeonju); empty keeps
    /// them as written.
    std::string phoneAreaCode;
};

/// The capture of one attachment, matched to the page's link by URL.
struct AttachmentInput {
    std::string url;
    /// The bytes, or nothing when fetching failed (`error` says why).
    std::optional<std::string> bytes;
    std::string error;
    /// Where the bytes are stored in the archive (`captures/sha256/ab/<digest>`), if known.
    std::string blobPath;
    /// The file name the server gave (Content-Disposition), if any: it names the attachment
    /// when the page's link text is not a file name (`다운로드`).
    std::string fileName;
    std::string body{};  ///< the form body of an attachment fetched by POST
};

/// Builds the record of one item page. Known field names fill their record fields (`title`,
/// `agency`, `department`, `phone`, `contact`, `posted_at`, `published_at`, `keywords`,
/// `summary`), typed where they have a type; any other field lands in `fields`. Each
/// attachment's bytes go through the extract step (detection, the converters, normalisation,
/// press-release facts; isolated as `extract` says); a failure or an encrypted file is a status
/// on that attachment, never a lost record. Never throws for bad input.
Record buildRecord(const SourceInfo& source, const converters::html::ExtractedPage& page,
                   std::vector<AttachmentInput> attachments, const ExtractOptions& extract = {});

}  // namespace jikji::stages
