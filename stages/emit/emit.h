#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Object.h>

#include "pipeline/record.h"
#include "pipeline/state_store.h"

namespace jikji::stages {

/// What writing one record did.
enum class EmitOutcome {
    /// A new record file.
    Written,
    /// An existing record of the same id changed (or moved to another month).
    Replaced,
    /// The same bytes were already there: nothing was written, nothing appended.
    Unchanged,
};

std::string_view toString(EmitOutcome outcome);

struct EmitResult {
    EmitOutcome outcome = EmitOutcome::Unchanged;
    /// The record file, relative to the archive.
    std::filesystem::path path;
};

/// Where a record lives in the archive, relative to it:
/// `records/<source>/<yyyy>/<mm>/<id>.json`, the month taken from `posted_at`, else
/// `published_at`, else `records/<source>/undated/<id>.json`. Characters of the source name
/// other than `A-Z a-z 0-9 . _ -` become `_`.
std::filesystem::path recordPath(const Record& record);

/// Writes the record atomically under `archive` and, when it is new or changed, appends one
/// line to `ARCHIVE/records.ndjson`: `{"id","source","path","action","sha256","run","op","seq",
/// "at"}` (`run` only when `runId` is given; `op` is `withdrawn` for a record with
/// `withdrawn_at`, else `upsert`; `seq` numbers the lines of the manifest, see
/// appendManifestLines). An older copy of the record under another month is removed.
/// Durable on return. Throws std::system_error when the archive is unwritable, UsageError for a
/// record without an id or a source name.
EmitResult emitRecord(const std::filesystem::path& archive, const Record& record,
                      const std::string& runId = {});

/// Emits records like emitRecord, but makes them durable in batches, so that a run of
/// thousands of records pays for a few syncs per batch rather than three per record. Each new
/// or changed record is written to a temporary file under `ARCHIVE/tmp`; a full batch (or
/// flush()) is synced, its files renamed into place and their folders synced, then its manifest
/// lines appended (and synced). A file thus always appears whole, and a run killed at any point
/// leaves at worst records that no manifest line names yet: the next run's repairManifest
/// appends their lines (with a shared store, the worker that takes over the item: emit()'s
/// `unannounced`), so the archive converges. Safe to call from several threads. With batches
/// of more than one record, a background thread commits them, so the threads that emit never
/// wait for a sync (unless four batches are waiting).
class RecordWriter {
  public:
    /// `seqs`: the state store that numbers the manifest's lines with it (appendManifestLines()).
    RecordWriter(std::filesystem::path archive, std::string runId, std::size_t batchSize = 256,
                 StateStore* seqs = nullptr);
    /// Flushes what is pending; errors are logged (call flush() to see them).
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    /// Compares the record with the file in place (an unchanged record is not rewritten) and
    /// queues it when new or changed. `unannounced`: its item was taken over from a worker that
    /// died with it in hand (UrlRecord::reclaimed), which may have put this very file in place
    /// without appending its line: an unchanged record then gets its line unless the manifest
    /// has it (appendMissingManifestLines()), and an older copy under another month is removed.
    /// Throws like emitRecord.
    EmitResult emit(const Record& record, bool unannounced = false);
    /// Makes every queued record durable and visible. Throws std::system_error.
    void flush();

  private:
    struct Pending {
        std::filesystem::path temp;  // empty: the file is in place already (unannounced)
        std::filesystem::path target;
        std::vector<std::filesystem::path> stale;
        Poco::JSON::Object::Ptr line;  // without seq and at, given when it is appended
    };
    void commit(std::vector<Pending> batch);
    void commitInBackground();

    std::filesystem::path m_archive;
    std::string m_runId;
    std::size_t m_batchSize;
    StateStore* m_seqs;
    std::mutex m_queueMutex;
    std::vector<Pending> m_queue;
    std::condition_variable m_wake;  // the committer: a batch is full, a flush or the end
    std::condition_variable m_idle;  // emitters and flush: the committer took or finished one
    bool m_flushing = false;
    bool m_committing = false;
    bool m_stopping = false;
    std::exception_ptr m_error;
    std::thread m_committer;
};

}  // namespace jikji::stages
