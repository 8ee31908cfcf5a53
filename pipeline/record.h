#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "document.h"
#include "status.h"

namespace jikji {

/// The schema name written into every record.
inline constexpr std::string_view kRecordSchema = "jikji.record/1";

/// Where a record's page came from. Every value describes the capture, never the run that
/// built the record: `fetchedAt` is the time the capture was taken, so a record rebuilt from
/// the same capture is byte-identical.
struct RecordSource {
    std::string name;
    std::string url;
    std::string fetchedAt;
    std::optional<int> httpStatus;
    std::string etag;
    std::string lastModified;
    /// `sha256:<hex>` of the captured page bytes.
    std::string captureDigest;
    std::string charsetDeclared;
    std::string charsetUsed;
    /// The form body of a page fetched by POST (a board whose view takes the id in the body):
    /// part of the record's identity, since every item shares the URL.
    std::string requestBody{};
};

struct RecordAgency {
    std::string name;
    std::string nameHanja;
};

struct RecordContact {
    std::string department;
    std::string phone;
};

/// What became of one attachment: the converted document's status, or `not_fetched` (no
/// capture of it exists yet) or `fetch_failed` (the capture failed; `error` says why).
inline constexpr std::string_view kAttachmentNotFetched = "not_fetched";
inline constexpr std::string_view kAttachmentFetchFailed = "fetch_failed";

struct RecordAttachment {
    std::string name;
    std::string url;
    std::string mediaType;
    /// The size the page declares, as written (`105.0KB`) and in bytes.
    std::string declaredSizeText;
    std::optional<std::uint64_t> declaredSize;
    /// Facts of the captured bytes, when there are any.
    std::optional<std::uint64_t> size;
    std::string sha256;
    std::string blobPath;
    std::string status;
    std::string error;
    std::optional<Document> document;
};

struct RecordLink {
    std::string title;
    std::string url;
};

/// How the record was made: versions and warnings only, no clock values (run times live in
/// the run report).
struct RecordProcessing {
    std::string jikjiVersion;
    /// Converter name → version, for every converter that contributed.
    std::map<std::string, std::string> converters;
    std::vector<Warning> warnings;
};

/// One portal item: `jikji.record/1` (schemas/record.schema.json).
struct Record {
    std::string id;
    RecordSource source;
    std::string title;
    RecordAgency agency;
    std::string department;
    RecordContact contact;
    /// ISO 8601: `YYYY-MM-DDTHH:MM:SS+09:00`, or `YYYY-MM-DD` for a date alone.
    std::string publishedAt;
    std::string postedAt;
    std::vector<std::string> keywords;
    std::string summary;
    Document body;
    std::vector<RecordAttachment> attachments;
    std::vector<RecordLink> related;
    /// Every other named field of the source's rules, sorted by name.
    std::map<std::string, std::string> fields;
    /// When the portal stopped serving the item (404/410 in two consecutive passes); empty while
    /// it is there. An archive forgets nothing: the record stays, from the last capture.
    std::string withdrawnAt;
    RecordProcessing processing;
};

/// The stable id of a record: the first 20 hex digits of the SHA-256 of
/// `<source name>\n<canonical URL>`, with `\n<request body>` after it for a page fetched by POST.
std::string recordId(std::string_view sourceName, std::string_view canonicalUrl,
                     std::string_view requestBody = {});

/// The `jikji.record/1` object, keys in a fixed order; empty optional values are left out.
Poco::JSON::Object::Ptr recordToJson(const Record& record);

/// The record as the archive stores it: indented JSON with a final newline.
std::string recordJson(const Record& record);

}  // namespace jikji
