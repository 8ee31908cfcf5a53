#include "pipeline/isolation.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>
#include <vector>

#include "pipeline/document_builder.h"
#include "pipeline/document_wire.h"
#include "pipeline/errors.h"
#include "pipeline/json_reader.h"
#include "pipeline/json_writer.h"

namespace jikji {
namespace {

Document richDocument() {
    DocumentBuilder builder;
    builder.setFormat("hwpx", "application/hwp+zip");
    builder.setMetadata("title", "격리 시험");
    builder.warn("w", "a warning", "section0");
    builder.openParagraph(BlockKind::Heading, 2);
    builder.setParagraphHead("1.");
    builder.insertText("제목");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("본문 ");
    builder.openLink("https://example.org/a?b=c");
    builder.insertText("링크");
    builder.closeLink();
    builder.openNote(NoteKind::End, "i");
    builder.insertText("미주");
    builder.closeNote();
    builder.closeParagraph();
    builder.openTable(1, 2);
    builder.openCell({0, 0, 2, 1});
    builder.insertText("셀");
    builder.closeCell();
    builder.openCaption();
    builder.insertText("캡션");
    builder.closeCaption();
    builder.closeTable();
    builder.openHeaderFooter(BlockKind::Footer);
    builder.insertText("쪽");
    builder.closeHeaderFooter();
    builder.openTextBox();
    builder.insertText("글상자");
    builder.closeTextBox();
    builder.insertImage("BinData/image1.png", "image/png", "그림");
    builder.insertEquation("{a} over {b}");
    return builder.finish(Status::Partial);
}

TEST(JsonReader, DocumentRoundTripsExactly) {
    Document original = richDocument();
    std::string json = toJsonString(documentToJson(original));
    Document back = documentFromJson(json);
    EXPECT_EQ(toJsonString(documentToJson(back)), json);
    EXPECT_EQ(back.text, original.text);
    EXPECT_EQ(back.status, Status::Partial);
}

TEST(DocumentWire, RoundTripsExactlyAndRejectsTruncation) {
    Document original = richDocument();
    original.pressRelease = PressRelease{};
    original.pressRelease->title = "제목";
    original.pressRelease->contacts.push_back(
        {"과", "담당자", "사무관", "홍길동", "02-1234-5678", ""});
    std::string wire = encodeDocument(original);
    EXPECT_EQ(toJsonString(documentToJson(decodeDocument(wire))),
              toJsonString(documentToJson(original)));
    for (std::size_t cut : {std::size_t{0}, std::size_t{5}, wire.size() / 2, wire.size() - 1})
        EXPECT_THROW(decodeDocument(std::string_view(wire).substr(0, cut)), CorruptError) << cut;
}

TEST(JsonReader, RejectsWhatIsNotADocument) {
    EXPECT_THROW(documentFromJson("{\"schema\":\"other\"}"), CorruptError);
    EXPECT_THROW(documentFromJson("not json"), CorruptError);
}

TEST(Isolation, DocumentComesBackFromTheChild) {
    Document document = runIsolated(richDocument, {}, "hwpx", "application/hwp+zip");
    EXPECT_EQ(toJsonString(documentToJson(document)), toJsonString(documentToJson(richDocument())));
}

// A converter that crashes must not take the batch down.
TEST(Isolation, CrashingConverterGivesCorrupt) {
    Document document = runIsolated(
        []() -> Document {
            ::raise(SIGSEGV);
            return {};
        },
        {}, "hwp5", "application/x-hwp");
    EXPECT_EQ(document.status, Status::Corrupt);
    ASSERT_EQ(document.warnings.size(), 1u);
    EXPECT_EQ(document.warnings[0].code, "converter_crashed");
    EXPECT_EQ(document.format, "hwp5");
}

// A converter that never returns is stopped at its time limit.
TEST(Isolation, HangingConverterIsStopped) {
    IsolationLimits limits;
    limits.timeout = std::chrono::milliseconds(300);
    Document document = runIsolated(
        []() -> Document {
            for (;;)
                ::pause();
        },
        limits, "hwpx", "application/hwp+zip");
    EXPECT_EQ(document.status, Status::LimitExceeded);
    ASSERT_EQ(document.warnings.size(), 1u);
    EXPECT_EQ(document.warnings[0].code, "timeout");
}

TEST(Isolation, MemoryHogHitsItsLimit) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "no address-space limit under AddressSanitizer";
#endif
    IsolationLimits limits;
    limits.memoryBytes = 256ull << 20;
    Document document = runIsolated(
        []() -> Document {
            std::vector<std::vector<char>> hog;
            for (int i = 0; i < 64; ++i)
                hog.emplace_back(64u << 20, 'x');
            return {};
        },
        limits, "hwpx", "application/hwp+zip");
    EXPECT_EQ(document.status, Status::LimitExceeded);
    ASSERT_EQ(document.warnings.size(), 1u);
    EXPECT_EQ(document.warnings[0].code, "memory_limit");
}

TEST(Isolation, ChildThatThrowsGivesCorrupt) {
    Document document = runIsolated([]() -> Document { throw std::runtime_error("boom"); }, {},
                                    "hwpx", "application/hwp+zip");
    EXPECT_EQ(document.status, Status::Corrupt);
    EXPECT_EQ(document.warnings.at(0).code, "converter_failed");
}

// A handler that answers with the request itself.
Document echoRequest(std::string_view request) {
    Document document;
    document.text = std::string(request);
    return document;
}

// A worker answers request after request from one child; a request that crashes it gives
// `corrupt` and the next request gets a fresh child.
TEST(IsolatedWorker, ServesManyRequestsAndSurvivesACrash) {
    IsolatedWorker worker(
        [](std::string_view request) -> Document {
            if (request == "crash") ::raise(SIGSEGV);
            Document document = richDocument();
            document.text = std::string(request);
            return document;
        },
        {});
    worker.start();
    pid_t first = worker.pid();
    ASSERT_GT(first, 0);
    for (const std::string& request :
         std::vector<std::string>{"하나", "둘", std::string(200000, 'x')}) {
        Document document = worker.run(request, "hwpx", "application/hwp+zip");
        EXPECT_EQ(document.text, request);
        EXPECT_EQ(document.status, Status::Partial);
    }
    EXPECT_EQ(worker.pid(), first);
    Document crashed = worker.run("crash", "hwp5", "application/x-hwp");
    EXPECT_EQ(crashed.status, Status::Corrupt);
    EXPECT_EQ(crashed.warnings.at(0).code, "converter_crashed");
    EXPECT_EQ(crashed.format, "hwp5");
    EXPECT_EQ(worker.run("셋", {}, {}).text, "셋");
    EXPECT_NE(worker.pid(), first);
}

TEST(IsolatedWorker, HangingRequestIsStoppedAndTheWorkerRestarts) {
    IsolationLimits limits;
    limits.timeout = std::chrono::milliseconds(300);
    IsolatedWorker worker(
        [](std::string_view request) -> Document {
            while (request == "hang")
                ::pause();
            Document document;
            document.text = std::string(request);
            return document;
        },
        limits);
    Document document = worker.run("hang", "hwpx", "application/hwp+zip");
    EXPECT_EQ(document.status, Status::LimitExceeded);
    EXPECT_EQ(document.warnings.at(0).code, "timeout");
    EXPECT_EQ(worker.run("ok", {}, {}).text, "ok");
}

// A child killed from outside while idle is replaced without losing the request.
TEST(IsolatedWorker, ChildKilledWhileIdleIsReplaced) {
    IsolatedWorker worker(echoRequest, {}, 2);
    worker.start();
    ::kill(worker.pid(), SIGKILL);
    ::usleep(50000);
    EXPECT_EQ(worker.run("a", {}, {}).text, "a");
    pid_t second = worker.pid();
    EXPECT_EQ(worker.run("b", {}, {}).text, "b");
    // Two requests served: the child is retired and the next one starts afresh.
    EXPECT_EQ(worker.pid(), -1);
    EXPECT_EQ(worker.run("c", {}, {}).text, "c");
    EXPECT_NE(worker.pid(), second);
}

// kill() leaves the child to be reaped: by stop(), or before the next request starts another.
TEST(IsolatedWorker, KilledChildIsReapedAndReplacedAtTheNextRequest) {
    IsolatedWorker worker(echoRequest, {});
    EXPECT_EQ(worker.run("a", {}, {}).text, "a");
    pid_t first = worker.pid();
    worker.kill();
    EXPECT_EQ(worker.run("b", {}, {}).text, "b");
    EXPECT_NE(worker.pid(), first);
    // Reaped: a zombie would still take signals.
    EXPECT_EQ(::kill(first, 0), -1);
    pid_t second = worker.pid();
    worker.kill();
    worker.stop();
    EXPECT_EQ(worker.pid(), -1);
    EXPECT_EQ(::kill(second, 0), -1);
}

// Pipelined requests come back in order. A request that crashes or hangs the child costs only
// itself: those queued behind it go to a fresh child and are answered as if nothing happened.
TEST(IsolatedWorker, PipelinedRequestsSurviveACrashAndAHangAhead) {
    IsolationLimits limits;
    limits.timeout = std::chrono::milliseconds(300);
    IsolatedWorker worker(
        [](std::string_view request) -> Document {
            if (request == "crash") ::raise(SIGSEGV);
            while (request == "hang")
                ::pause();
            Document document;
            document.text = std::string(request) + "@" + std::to_string(::getpid());
            return document;
        },
        limits);
    for (std::string request : {"a", "crash", "b", "hang", "c"})
        worker.submit(request);
    EXPECT_EQ(worker.pending(), 5u);
    std::string a = worker.collect({}, {}).text;
    EXPECT_EQ(a.substr(0, 2), "a@");
    Document crashed = worker.collect("hwp5", {});
    EXPECT_EQ(crashed.warnings.at(0).code, "converter_crashed");
    EXPECT_EQ(crashed.format, "hwp5");
    std::string b = worker.collect({}, {}).text;
    EXPECT_EQ(b.substr(0, 2), "b@");
    EXPECT_NE(b.substr(2), a.substr(2)) << "b went to a fresh child";
    EXPECT_EQ(worker.collect({}, {}).warnings.at(0).code, "timeout");
    std::string c = worker.collect({}, {}).text;
    EXPECT_EQ(c.substr(0, 2), "c@");
    EXPECT_NE(c.substr(2), b.substr(2));
    EXPECT_EQ(worker.pending(), 0u);
}

// A line of a /proc file of a process, after `key` (the first line for an empty key).
std::string procField(pid_t pid, const std::string& file, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return line.substr(key.size());
    return {};
}

// A child killed after answering its request but before reading the one queued behind: that
// request never reached it, and goes to a fresh child rather than being blamed for the death.
TEST(IsolatedWorker, RequestQueuedBehindAnAnswerGoesToAFreshChildWhenTheChildDies) {
    IsolatedWorker worker(echoRequest, {});
    worker.start();
    pid_t child = worker.pid();
    auto bytesRead = [&] { return std::stoull("0" + procField(child, "io", "rchar: ")); };
    auto inRead = [&] { return procField(child, "syscall", "").rfind("0 ", 0) == 0; };
    std::uint64_t before = bytesRead();
    worker.submit("a");
    // The child has read all of `a` (its length and its byte) and waits in read() again: it
    // answered in between.
    while (bytesRead() < before + 9 || !inRead())
        ::usleep(1000);
    ::kill(child, SIGKILL);
    // Dead (a zombie until the worker reaps it): its end of the socket is closed.
    while (procField(child, "status", "State:\t").substr(0, 1) != "Z")
        ::usleep(1000);
    worker.submit("b");
    EXPECT_EQ(worker.collect({}, {}).text, "a");
    Document b = worker.collect({}, {});
    EXPECT_EQ(b.text, "b");
    EXPECT_TRUE(b.warnings.empty());
    EXPECT_NE(worker.pid(), child);
}

// Only what the socket holds while the child answers may wait behind a running request, so that
// neither side ever blocks on a full socket while the other does.
TEST(IsolatedWorker, OnlySmallRequestsQueueBehindAnother) {
    IsolatedWorker worker(
        [](std::string_view request) {
            Document document;
            document.text = std::to_string(request.size());
            return document;
        },
        {});
    std::string big(IsolatedWorker::kMaxQueuedBytes + 1, 'x');
    EXPECT_TRUE(worker.canQueue(big.size()));
    worker.submit(big);
    EXPECT_FALSE(worker.canQueue(big.size()));
    EXPECT_TRUE(worker.canQueue(IsolatedWorker::kMaxQueuedBytes));
    EXPECT_THROW(worker.submit(big), std::logic_error);
    worker.submit(std::string(IsolatedWorker::kMaxQueuedBytes, 'y'));
    EXPECT_FALSE(worker.canQueue(1));
    EXPECT_EQ(worker.collect({}, {}).text, std::to_string(big.size()));
    EXPECT_EQ(worker.collect({}, {}).text, std::to_string(IsolatedWorker::kMaxQueuedBytes));
}

}  // namespace
}  // namespace jikji
