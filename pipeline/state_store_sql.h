#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <functional>
#include <string>
#include <vector>

#include "pipeline/state_store.h"

namespace jikji::sql {

/// The columns of `urls` that make a UrlRecord (SqlRows::urlRecords() reads them by name).
inline constexpr const char* kUrlColumns =
    "id, source, kind, url, method, body, content_type, parent_id, page_no, link_text, state, "
    "attempts, last_error, etag, last_modified, digest, http_status, fetched_at, final_url, "
    "response_type, pass, first_pass, changed, extracted, withdrawn_at";

/// One step of a store's schema: its statements run in one transaction with the version record.
struct Migration {
    int version;
    std::vector<std::string> statements;
};

/// Applies in order the migrations newer than `current`; `record(version)` stores the version
/// reached inside the same transaction. Throws std::runtime_error when `current` is newer than
/// the last migration (a newer jikji wrote the store). Returns the version reached.
int migrate(Poco::Data::Session& session, int current, const std::vector<Migration>& migrations,
            const std::function<void(int)>& record, bool transactional = true);

}  // namespace jikji::sql
