#include "tests/support/fixtures.h"

#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "pipeline/embedded_schemas.h"
#include "pipeline/json_schema.h"

namespace jikji::test {

std::filesystem::path sourceDir() {
    return JIKJI_SOURCE_DIR;
}

std::optional<std::filesystem::path> corpusDir() {
    if (const char* env = std::getenv("JIKJI_CORPUS_DIR"); env && *env) {
        if (std::filesystem::is_directory(env)) return std::filesystem::path(env);
        return std::nullopt;
    }
    std::filesystem::path dir = JIKJI_CORPUS_DIR;
    if (std::filesystem::is_directory(dir)) return dir;
    return std::nullopt;
}

std::filesystem::path jikjiBinary() {
    return JIKJI_BINARY;
}

std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string makeZip(const std::vector<ZipEntry>& entries) {
    std::filesystem::path dir = makeTempDir("zip");
    std::filesystem::path file = dir / "out.zip";
    int error = 0;
    zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive) throw std::runtime_error("zip_open failed");
    for (const ZipEntry& entry : entries) {
        zip_source_t* source =
            zip_source_buffer(archive, entry.bytes.data(), entry.bytes.size(), 0);
        zip_int64_t index =
            zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_RAW);
        if (index < 0) throw std::runtime_error("zip_file_add failed");
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                                 entry.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
    }
    if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
    std::string bytes = readBytes(file);
    std::filesystem::remove_all(dir);
    return bytes;
}

std::string makeOle(const std::vector<std::pair<std::string, std::string>>& streams) {
    gsf_init();
    GsfOutput* memory = gsf_output_memory_new();
    GsfOutfile* root = gsf_outfile_msole_new(memory);
    std::map<std::string, GsfOutfile*> storages;
    for (const auto& [path, bytes] : streams) {
        GsfOutfile* parent = root;
        std::size_t slash = path.rfind('/');
        if (slash != std::string::npos) {
            std::string storage = path.substr(0, slash);
            auto it = storages.find(storage);
            if (it == storages.end()) {
                GsfOutput* child = gsf_outfile_new_child(root, storage.c_str(), TRUE);
                it = storages.emplace(storage, GSF_OUTFILE(child)).first;
            }
            parent = it->second;
        }
        std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
        GsfOutput* stream = gsf_outfile_new_child(parent, name.c_str(), FALSE);
        gsf_output_write(stream, bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
        gsf_output_close(stream);
        g_object_unref(stream);
    }
    for (auto& [name, storage] : storages) {
        gsf_output_close(GSF_OUTPUT(storage));
        g_object_unref(storage);
    }
    gsf_output_close(GSF_OUTPUT(root));
    g_object_unref(root);
    const guint8* data = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(memory));
    std::string out(reinterpret_cast<const char*>(data),
                    static_cast<std::size_t>(gsf_output_size(memory)));
    g_object_unref(memory);
    return out;
}

std::filesystem::path makeTempDir(const std::string& stem) {
    static std::atomic<unsigned> counter{0};
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("jikji-test-" + stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

CommandResult runJikji(const std::vector<std::string>& args) {
    Poco::Pipe outPipe, errPipe;
    Poco::Process::Args processArgs(args.begin(), args.end());
    Poco::ProcessHandle handle =
        Poco::Process::launch(jikjiBinary().string(), processArgs, nullptr, &outPipe, &errPipe);
    CommandResult result;
    Poco::PipeInputStream outStream(outPipe), errStream(errPipe);
    std::thread errReader([&] { Poco::StreamCopier::copyToString(errStream, result.err); });
    Poco::StreamCopier::copyToString(outStream, result.out);
    errReader.join();
    result.exitCode = handle.wait();
    return result;
}

std::vector<std::string> runReportProblems(const std::string& json) {
    static const std::unique_ptr<SchemaValidator> validator = [] {
        auto strict = std::make_unique<SchemaValidator>(true);
        for (const EmbeddedSchema& schema : embeddedSchemas())
            strict->addSchema(schema.text);
        return strict;
    }();
    std::vector<std::string> problems;
    for (const SchemaError& error : validator->validate(parseJson(json), "urn:jikji:schema:run:1"))
        problems.push_back(error.pointer + ": " + error.message);
    return problems;
}

CommandResult runJikji(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env, const std::string& input) {
    Poco::Pipe inPipe, outPipe, errPipe;
    Poco::Process::Args processArgs(args.begin(), args.end());
    Poco::Process::Env processEnv(env.begin(), env.end());
    Poco::ProcessHandle handle = Poco::Process::launch(jikjiBinary().string(), processArgs, &inPipe,
                                                       &outPipe, &errPipe, processEnv);
    std::thread writer([&] {
        Poco::PipeOutputStream in(inPipe);
        in << input;
        in.close();
    });
    CommandResult result;
    Poco::PipeInputStream outStream(outPipe), errStream(errPipe);
    std::thread errReader([&] { Poco::StreamCopier::copyToString(errStream, result.err); });
    Poco::StreamCopier::copyToString(outStream, result.out);
    errReader.join();
    writer.join();
    result.exitCode = handle.wait();
    return result;
}

Poco::JSON::Object::Ptr runReportOf(const std::string& out) {
    std::size_t at = out.find("report: ");
    if (at == std::string::npos) return nullptr;
    std::string path = out.substr(at + 8);
    path = path.substr(0, path.find('\n'));
    std::string json = readBytes(path);
    // Every run report a test reads is a valid jikji.run/1, for this validator and (from the
    // copy) for python3-jsonschema (tests/support/validate_run_reports.py).
    for (const std::string& problem : runReportProblems(json))
        ADD_FAILURE() << path << ": not a valid jikji.run/1 report: " << problem;
    std::filesystem::create_directories(JIKJI_RUN_REPORTS_DIR);
    std::ofstream(std::filesystem::path(JIKJI_RUN_REPORTS_DIR) /
                  std::filesystem::path(path).filename())
        << json;
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::set<std::string> captureFiles(const std::filesystem::path& archive) {
    std::set<std::string> out;
    if (!std::filesystem::exists(archive / "captures")) return out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(archive / "captures"))
        if (entry.is_regular_file())
            out.insert(std::filesystem::relative(entry.path(), archive).string());
    return out;
}

}  // namespace jikji::test
