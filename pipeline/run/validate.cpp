#include "pipeline/run/validate.h"

#include <Poco/JSON/Array.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "pipeline/atomic_file.h"
#include "pipeline/embedded_schemas.h"
#include "pipeline/json_schema.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/record.h"
#include "pipeline/sha256.h"
#include "stages/emit/emit.h"

namespace jikji::run {

namespace {

namespace fs = std::filesystem;
using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view kRecordSchema = "record.schema.json";
// A record file is our own JSON; anything far larger is not one of ours (as in emit).
constexpr std::uintmax_t kMaxRecordFileBytes = limits::kMaxInputBytes * 2;
// Schema errors listed per record: the first few say what is wrong.
constexpr std::size_t kMaxErrorsPerRecord = 20;

bool isHexDigest(const std::string& text) {
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string fileSha256(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        engine.update(buffer, static_cast<unsigned>(in.gcount()));
    }
    return Poco::DigestEngine::digestToHex(engine.digest());
}

class Validator {
  public:
    Validator(fs::path archive, bool strict) : m_archive(std::move(archive)), m_schemas(strict) {
        for (const EmbeddedSchema& schema : embeddedSchemas()) {
            std::string id = m_schemas.addSchema(schema.text);
            if (schema.fileName == kRecordSchema) m_recordSchema = id;
        }
        if (m_recordSchema.empty()) throw std::runtime_error("no record schema in this build");
    }

    ValidationReport& report() { return m_report; }

    void problem(std::string check, const std::string& path, std::string pointer,
                 std::string message) {
        m_report.problems.push_back(
            {std::move(check), path, std::move(pointer), std::move(message)});
    }

    // Reads and validates one record file; returns it parsed, or null when it is not JSON.
    Object::Ptr checkRecord(const fs::path& file, const std::string& shown) {
        ++m_report.records;
        std::size_t before = m_report.problems.size();
        Object::Ptr record;
        try {
            Var parsed = parseJson(readFile(file, kMaxRecordFileBytes));
            if (parsed.type() != typeid(Object::Ptr)) {
                problem("record_schema", shown, "", "is not a JSON object");
            } else {
                record = parsed.extract<Object::Ptr>();
                for (const SchemaError& error :
                     m_schemas.validate(parsed, m_recordSchema, kMaxErrorsPerRecord))
                    problem("record_schema", shown, error.pointer, error.message);
            }
        } catch (const std::exception& error) {
            problem("record_json", shown, "", std::string("not valid JSON: ") + error.what());
        }
        if (m_report.problems.size() != before) ++m_report.invalidRecords;
        return record;
    }

    // Where the record lives, its id and the captures it names agree with what it says.
    void checkRecordInArchive(const Object::Ptr& record, const std::string& path, bool datesValid) {
        Object::Ptr source = record->getObject("source");
        std::string id = record->optValue<std::string>("id", "");
        if (!source || id.empty()) return;  // already reported by the schema
        Record identity;
        identity.id = id;
        identity.source.name = source->optValue<std::string>("name", "");
        identity.postedAt = record->optValue<std::string>("posted_at", "");
        identity.publishedAt = record->optValue<std::string>("published_at", "");
        std::string expected = stages::recordPath(identity).generic_string();
        if (datesValid && expected != path)
            problem("record_place", path, "",
                    "filed here, but its id, source and date say " + expected);
        std::string url = source->optValue<std::string>("url", "");
        std::string derived =
            recordId(identity.source.name, url, source->optValue<std::string>("request_body", ""));
        if (derived != id)
            problem("record_id", path, "/id",
                    "is " + id + ", but its source name and URL give " + derived);
        std::string capture = source->optValue<std::string>("capture_digest", "");
        if (capture.rfind("sha256:", 0) == 0) capture = capture.substr(7);
        if (isHexDigest(capture)) m_dependents[capture].push_back(path);
        if (isHexDigest(capture) && !fs::exists(blobPath(capture)))
            problem("record_capture", path, "/source/capture_digest",
                    "the page capture " + capture + " is not in captures/");
        if (Array::Ptr attachments = record->getArray("attachments"))
            for (unsigned i = 0; i < attachments->size(); ++i) {
                Object::Ptr attachment = attachments->getObject(i);
                if (!attachment || !attachment->has("sha256")) continue;
                std::string digest = attachment->optValue<std::string>("sha256", "");
                std::string where = "/attachments/" + std::to_string(i);
                if (!isHexDigest(digest)) continue;
                m_dependents[digest].push_back(path);
                std::string expectedBlob =
                    fs::relative(blobPath(digest), m_archive).generic_string();
                std::string blob = attachment->optValue<std::string>("blob_path", "");
                if (!blob.empty() && blob != expectedBlob)
                    problem("record_capture", path, where + "/blob_path",
                            "is " + blob + ", but its sha256 names " + expectedBlob);
                if (!fs::exists(blobPath(digest)))
                    problem("record_capture", path, where + "/sha256",
                            "the attachment's capture " + expectedBlob + " is missing");
            }
    }

    void checkRecords() {
        fs::path root = m_archive / "records";
        if (!fs::is_directory(root)) return;
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(root))
            if (!entry.is_directory()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            std::string path = fs::relative(file, m_archive).generic_string();
            if (file.extension() != ".json" || !fs::is_regular_file(file)) {
                problem("record_place", path, "",
                        "is not a record file (records/ holds only .json)");
                continue;
            }
            Object::Ptr record = checkRecord(file, path);
            m_files[path] = fileSha256(file);
            if (record) {
                // A record whose dates are not dates is invalid, not filed in the wrong month.
                bool datesValid = std::none_of(
                    m_report.problems.begin(), m_report.problems.end(), [&](const auto& problem) {
                        return problem.path == path && (problem.pointer == "/posted_at" ||
                                                        problem.pointer == "/published_at");
                    });
                checkRecordInArchive(record, path, datesValid);
                m_ids[path] = record->optValue<std::string>("id", "");
            }
        }
    }

    void checkCaptures() {
        fs::path root = m_archive / "captures" / "sha256";
        if (!fs::is_directory(root)) return;
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(root))
            if (!entry.is_directory()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        std::set<std::string> blobs, sidecars;
        for (const fs::path& file : files) {
            std::string path = fs::relative(file, m_archive).generic_string();
            std::string name = file.filename().string();
            std::string folder = file.parent_path().filename().string();
            bool sidecar = name.size() == 69 && name.substr(64) == ".json";
            std::string digest = sidecar ? name.substr(0, 64) : name;
            if (!isHexDigest(digest) || folder != digest.substr(0, 2) ||
                file.parent_path().parent_path() != root) {
                problem("capture_unexpected", path, "",
                        "is not a capture (captures/sha256/ab/<digest> and <digest>.json)");
                continue;
            }
            if (sidecar) {
                sidecars.insert(digest);
                try {
                    Var parsed = parseJson(readFile(file, limits::kMaxSidecarBytes));
                    if (parsed.type() != typeid(Object::Ptr) ||
                        !parsed.extract<Object::Ptr>()->has("url"))
                        problem("capture_sidecar", path, "",
                                "is not a capture description (no url)");
                } catch (const std::exception& error) {
                    problem("capture_sidecar", path, "",
                            std::string("not valid JSON: ") + error.what());
                }
                continue;
            }
            blobs.insert(digest);
            ++m_report.captures;
            std::string actual = fileSha256(file);
            if (actual != digest) {
                ++m_report.badCaptures;
                problem("capture_digest", path, "",
                        "its bytes hash to " + actual + ", not to the digest that names it" +
                            dependents(digest));
            }
        }
        for (const std::string& digest : sidecars)
            if (!blobs.count(digest))
                problem("capture_sidecar",
                        fs::relative(blobPath(digest), m_archive).generic_string() + ".json", "",
                        "describes a capture that is not there");
        for (const std::string& digest : blobs)
            if (!sidecars.count(digest))
                problem("capture_sidecar",
                        fs::relative(blobPath(digest), m_archive).generic_string(), "",
                        "has no sidecar <digest>.json saying how it was captured");
    }

    void checkManifest() {
        fs::path file = m_archive / "records.ndjson";
        const std::string shown = "records.ndjson";
        if (!fs::exists(file)) {
            if (!m_files.empty())
                problem("manifest", shown, "", "is missing, but records/ holds records");
            return;
        }
        std::ifstream in(file, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // id → (path, sha256, line) of its last line.
        std::map<std::string, std::tuple<std::string, std::string, std::size_t>> last;
        std::size_t start = 0, number = 0;
        std::uint64_t lastSeq = 0;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            ++number;
            std::string where = "line " + std::to_string(number);
            if (end == std::string::npos) {
                problem("manifest_line", shown, where, "is cut short (no newline at its end)");
                break;
            }
            std::string line = text.substr(start, end - start);
            start = end + 1;
            ++m_report.manifestLines;
            try {
                Var parsed = parseJson(line);
                Object::Ptr object =
                    parsed.type() == typeid(Object::Ptr) ? parsed.extract<Object::Ptr>() : nullptr;
                std::string id = object ? object->optValue<std::string>("id", "") : "";
                std::string path = object ? object->optValue<std::string>("path", "") : "";
                std::string sha = object ? object->optValue<std::string>("sha256", "") : "";
                std::string action = object ? object->optValue<std::string>("action", "") : "";
                if (id.empty() || path.empty() || !isHexDigest(sha) ||
                    (action != "written" && action != "replaced")) {
                    problem("manifest_line", shown, where,
                            "is not {id, source, path, action written|replaced, sha256, run}");
                    continue;
                }
                // seq, at and op came later: a line without them (an older archive) is whole.
                if (object->has("seq") || object->has("at") || object->has("op")) {
                    Var seqValue = object->get("seq");
                    std::string op = object->optValue<std::string>("op", "");
                    std::string at = object->optValue<std::string>("at", "");
                    std::uint64_t seq = 0;
                    bool numbered = seqValue.isInteger() && !seqValue.isEmpty();
                    if (numbered) seq = seqValue.convert<std::uint64_t>();
                    if (!numbered || seq == 0 || (op != "upsert" && op != "withdrawn") ||
                        at.size() < 20 || at.back() != 'Z') {
                        problem("manifest_line", shown, where,
                                "has seq, at or op but not seq (an integer from 1), at (RFC 3339 "
                                "UTC) and op (upsert or withdrawn) together");
                        continue;
                    }
                    if (seq <= lastSeq)
                        problem("manifest_line", shown, where,
                                "seq " + std::to_string(seq) + " does not follow " +
                                    std::to_string(lastSeq) + " of an earlier line");
                    lastSeq = std::max(lastSeq, seq);
                }
                last[id] = {path, sha, number};
            } catch (const std::exception& error) {
                problem("manifest_line", shown, where,
                        std::string("not valid JSON: ") + error.what());
            }
        }
        std::set<std::string> listed;
        for (const auto& [id, entry] : last) {
            const auto& [path, sha, line] = entry;
            std::string where = "line " + std::to_string(line);
            listed.insert(path);
            auto file = m_files.find(path);
            if (file == m_files.end())
                problem("manifest", shown, where,
                        "the last line for record " + id + " names " + path + ", which is absent");
            else if (file->second != sha)
                problem("manifest", path, "",
                        "its SHA-256 is " + file->second +
                            ", but the manifest's last line for it (" + where + ") says " + sha);
        }
        for (const auto& [path, sha] : m_files)
            if (!listed.count(path) && m_ids.count(path))
                problem("manifest", path, "", "no line of records.ndjson lists it last for its id");
    }

  private:
    // The records built from a capture, for the operator to know what a bad one puts at risk.
    std::string dependents(const std::string& digest) const {
        auto found = m_dependents.find(digest);
        if (found == m_dependents.end()) return "; no record names it";
        std::string out = "; records built from it: ";
        for (std::size_t i = 0; i < found->second.size(); ++i)
            out += (i ? ", " : "") + found->second[i];
        return out;
    }

    fs::path blobPath(const std::string& digest) const {
        return m_archive / "captures" / "sha256" / digest.substr(0, 2) / digest;
    }

    fs::path m_archive;
    SchemaValidator m_schemas;
    std::string m_recordSchema;
    ValidationReport m_report;
    std::map<std::string, std::string> m_files;  // record path → sha256 of its bytes
    std::map<std::string, std::string> m_ids;    // record path → its id
    std::map<std::string, std::vector<std::string>> m_dependents;  // digest → record paths
};

}  // namespace

ValidationReport validateArchive(const fs::path& archive, bool strict) {
    if (!fs::is_directory(archive) ||
        (!fs::exists(archive / "jikji.db") && !fs::exists(archive / "records") &&
         !fs::exists(archive / "captures")))
        throw std::runtime_error(archive.string() +
                                 " is not an archive (no jikji.db, records/ or captures/)");
    Validator validator(archive, strict);
    validator.checkRecords();
    validator.checkCaptures();
    validator.checkManifest();
    return validator.report();
}

ValidationReport validateRecordFiles(const std::vector<fs::path>& files, bool strict) {
    Validator validator(fs::path{}, strict);
    for (const fs::path& file : files)
        validator.checkRecord(file, file.string());
    return validator.report();
}

Object::Ptr validationToJson(const ValidationReport& report) {
    auto object = makeObject();
    object->set("ok", report.ok());
    object->set("records", report.records);
    object->set("invalid_records", report.invalidRecords);
    object->set("captures", report.captures);
    object->set("bad_captures", report.badCaptures);
    object->set("manifest_lines", report.manifestLines);
    Array::Ptr problems = new Array;
    for (const ValidationProblem& problem : report.problems) {
        auto item = makeObject();
        item->set("check", problem.check);
        item->set("path", jsonString(problem.path));
        item->set("pointer", jsonString(problem.pointer));
        item->set("message", jsonString(problem.message));
        problems->add(item);
    }
    object->set("problems", problems);
    return object;
}

}  // namespace jikji::run
