#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace jikji {

/// What one run did, gathered by the stages from several threads; written as the run report.
class RunStats {
  public:
    struct Failure {
        std::string source;
        std::string url;
        std::string error;
        std::string code;  ///< a failure's stable code (schemas/run.schema.json), else empty
    };

    void countStatus(int status) {
        std::lock_guard lock(m_mutex);
        ++m_statuses[status];
        ++m_requests;
    }
    void count(const std::string& what, std::int64_t n = 1) {
        std::lock_guard lock(m_mutex);
        m_counters[what] += n;
    }
    /// A URL failed, for the reason `code` names.
    void fail(const std::string& source, const std::string& url, const std::string& error,
              const std::string& code) {
        std::lock_guard lock(m_mutex);
        m_failures.push_back({source, url, error, code});
    }
    void block(const std::string& source, const std::string& url, const std::string& reason) {
        std::lock_guard lock(m_mutex);
        m_blocked.push_back({source, url, reason});
    }
    /// Something an operator should look at that failed nothing (a link rule that stopped
    /// matching): listed in the run report, the exit code unchanged.
    void warn(const std::string& source, const std::string& url, const std::string& message) {
        std::lock_guard lock(m_mutex);
        m_warnings.push_back({source, url, message});
    }

    std::map<int, std::int64_t> statuses() const {
        std::lock_guard lock(m_mutex);
        return m_statuses;
    }
    std::map<std::string, std::int64_t> counters() const {
        std::lock_guard lock(m_mutex);
        return m_counters;
    }
    std::vector<Failure> failures() const {
        std::lock_guard lock(m_mutex);
        return m_failures;
    }
    /// The archive or the state store failed (disk full, permissions): the run must stop. The
    /// first message is kept for the summary; `archive_errors` counts them all.
    void archiveFailure(const std::string& error) {
        std::lock_guard lock(m_mutex);
        ++m_counters["archive_errors"];
        if (m_archiveError.empty()) m_archiveError = error;
    }
    std::string archiveError() const {
        std::lock_guard lock(m_mutex);
        return m_archiveError;
    }
    std::vector<Failure> blocked() const {
        std::lock_guard lock(m_mutex);
        return m_blocked;
    }
    std::vector<Failure> warnings() const {
        std::lock_guard lock(m_mutex);
        return m_warnings;
    }
    std::int64_t requests() const {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

  private:
    mutable std::mutex m_mutex;
    std::map<int, std::int64_t> m_statuses;
    std::map<std::string, std::int64_t> m_counters;
    std::vector<Failure> m_failures;
    std::vector<Failure> m_blocked;
    std::vector<Failure> m_warnings;
    std::int64_t m_requests = 0;
    std::string m_archiveError;
};

}  // namespace jikji
