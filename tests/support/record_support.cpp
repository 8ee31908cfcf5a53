#include "tests/support/record_support.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include "tests/support/fixtures.h"

namespace jikji::test {

converters::html::ItemRules loadItemRules(const std::filesystem::path& path) {
    Poco::JSON::Parser parser;
    auto root = parser.parse(readBytes(path)).extract<Poco::JSON::Object::Ptr>();
    auto item = root->getObject("item");
    converters::html::ItemRules rules;
    auto fields = item->getObject("fields");
    for (const auto& [name, value] : *fields)
        rules.fields[name] = value.convert<std::string>();
    rules.body = item->optValue<std::string>("body", "");
    rules.attachments = item->optValue<std::string>("attachments", "");
    rules.related = item->optValue<std::string>("related", "");
    if (auto exclude = item->getArray("exclude"))
        for (std::size_t i = 0; i < exclude->size(); ++i)
            rules.exclude.push_back(exclude->getElement<std::string>(static_cast<unsigned>(i)));
    return rules;
}

int validateRecords(const std::vector<std::filesystem::path>& paths, std::string& output) {
    Poco::Process::Args args{(sourceDir() / "tests/support/validate_records.py").string(),
                             (sourceDir() / "schemas").string()};
    for (const auto& path : paths)
        args.push_back(path.string());
    Poco::Pipe outPipe;
    Poco::ProcessHandle handle =
        Poco::Process::launch("/usr/bin/python3", args, nullptr, &outPipe, &outPipe);
    Poco::PipeInputStream out(outPipe);
    Poco::StreamCopier::copyToString(out, output);
    return handle.wait();
}

Record sampleRecord(const std::string& url, std::string postedAt) {
    Record record;
    record.source.name = "demo";
    record.source.url = url;
    record.id = recordId(record.source.name, record.source.url);
    record.title = "제목";
    record.postedAt = std::move(postedAt);
    record.body.format = "html";
    record.body.mediaType = "text/html";
    record.processing.jikjiVersion = "0.1.0";
    return record;
}

}  // namespace jikji::test
