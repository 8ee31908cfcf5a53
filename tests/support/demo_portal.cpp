// The demo portal: serves fixtures/portal/site over HTTP on loopback for scripts/demo and the
// integration tests, logs every request, and misbehaves on request (fault modes below).
//
//   jikji-demo-portal [--root DIR] [--host 127.0.0.1] [--port 0] [--port-file FILE]
//                     [--log FILE] [--delay-ms N]
//
// Fault modes, chosen by the query of a URL (counters are per full request target):
//   delay_ms=N          sleep N ms before answering
//   status=N[&times=K]  answer HTTP N to the first K requests (every request without times)
//   retry_after=S       with status=429/503: send Retry-After: S
//   drop=K              close the connection without an answer for the first K requests
//   drip_ms=N           send the body in 10 pieces, N ms apart
//   /go?to=URL          302 redirect to URL
//   /post/list.do       a board that answers only form POSTs (page=N → board/list-N.html)
// Hostile servers (issue #8), made on the fly so that no big file is kept:
//   huge_mb=N           an HTML page of N MiB, with Content-Length; with chunked=1 without it
//                       (chunked), with gzip=1 gzip-compressed (chunked)
//   endless=1           a chunked page that never ends: 64 KiB pieces as fast as the client
//                       reads, or 1 KiB every drip_ms=N ms (stops when the client goes)
//   stall=1             promises 100000 bytes, sends 100 and then nothing for a minute
//   /hostile/list.html  a board list whose items are one page of each kind above and one
//                       ordinary item (/item/1032.html); with big=1 only the 50 MiB page and
//                       the ordinary item
// An eGovFrame board (issue #22), its links JavaScript calls (site/egov/, from make_site.py):
//   /egov/selectNoticeList.do?pageIndex=N   list page N; starts a session (JSESSIONID cookie)
//                                           when the request brings none
//   /egov/selectNoticeView.do               POST only, nttId=ID in the form body
//   /cmm/fms/FileDown.do?atchFileId=F&fileSn=N   the file, only with the session cookie AND a
//                       Referer from the view; otherwise 200 with an HTML page "잘못된 접근입니다"
//                       (sent as application/octet-stream, as such servers do)
// A request that brings cookies is logged with ` cookie:VALUE` after its status.
// Every static file has an ETag and Last-Modified and answers conditional requests with 304.
// HTML is gzip-encoded when the client accepts it. Files under /euc/ are EUC-KR: their pages are
// sent as `text/html; charset=euc-kr` and their attachments with a raw CP949 file name in
// Content-Disposition.
#include <signal.h>
#include <sys/stat.h>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/DeflatingStream.h>
#include <Poco/File.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

struct Settings {
    fs::path root;
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    fs::path portFile;
    fs::path log;
    unsigned delayMs = 0;
};

class Portal {
  public:
    explicit Portal(Settings settings) : m_settings(std::move(settings)) {
        if (!m_settings.log.empty()) m_log.open(m_settings.log, std::ios::app);
    }

    const Settings& settings() const { return m_settings; }

    unsigned countHit(const std::string& target) {
        std::lock_guard lock(m_mutex);
        return ++m_hits[target];
    }

    void log(Poco::Timestamp start, const std::string& method, const std::string& target,
             int status, std::string cookie) {
        std::lock_guard lock(m_mutex);
        if (!m_log.is_open()) return;
        m_log << start.epochMicroseconds() / 1000 << ' '
              << Poco::DateTimeFormatter::format(start, "%Y-%m-%dT%H:%M:%S.%iZ") << ' ' << method
              << ' ' << target << ' ' << status;
        cookie.erase(std::remove(cookie.begin(), cookie.end(), ' '), cookie.end());
        if (!cookie.empty()) m_log << " cookie:" << cookie;
        m_log << '\n';
        m_log.flush();
    }

    /// A new eGov session id (deterministic: the portal's own counter).
    std::string startSession() {
        std::lock_guard lock(m_mutex);
        std::string id = "DEMO" + std::to_string(1000 + m_sessions.size()) + ".egov";
        m_sessions.insert(id);
        return id;
    }
    bool validSession(const std::string& id) {
        std::lock_guard lock(m_mutex);
        return m_sessions.count(id) > 0;
    }

  private:
    Settings m_settings;
    std::mutex m_mutex;
    std::map<std::string, unsigned> m_hits;
    std::set<std::string> m_sessions;
    std::ofstream m_log;
};

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string contentTypeFor(const fs::path& path, bool euc) {
    std::string ext = path.extension().string();
    if (ext == ".html") return euc ? "text/html; charset=euc-kr" : "text/html; charset=utf-8";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".hwpx") return "application/hwp+zip";
    if (ext == ".hwp") return "application/x-hwp";
    return "application/octet-stream";
}

std::string etagOf(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return "\"" + Poco::DigestEngine::digestToHex(engine.digest()).substr(0, 16) + "\"";
}

std::string toCp949(const std::string& utf8) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
    int32_t size = text.extract(0, text.length(), nullptr, 0, "windows-949");
    std::string out(static_cast<std::size_t>(size), '\0');
    text.extract(0, text.length(), out.data(), size, "windows-949");
    return out;
}

class Handler final : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(Portal& portal) : m_portal(portal) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        Poco::Timestamp start;
        int status = 0;
        try {
            status = serve(request, response);
        } catch (const std::exception& error) {
            std::cerr << "demo-portal: " << error.what() << "\n";
        }
        m_portal.log(start, request.getMethod(), request.getURI(), status,
                     request.get("Cookie", ""));
    }

  private:
    int sendText(HTTPServerResponse& response, int status, const std::string& text) {
        response.setStatus(static_cast<HTTPResponse::HTTPStatus>(status));
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(static_cast<std::streamsize>(text.size()));
        response.send() << text;
        return status;
    }

    int serve(HTTPServerRequest& request, HTTPServerResponse& response) {
        const std::string target = request.getURI();
        Poco::URI uri(target);
        std::map<std::string, std::string> query;
        for (const auto& [key, value] : uri.getQueryParameters())
            query[key] = value;
        unsigned hit = m_portal.countHit(request.getMethod() + " " + target);

        unsigned delay = m_portal.settings().delayMs;
        if (query.count("delay_ms")) delay += static_cast<unsigned>(std::stoul(query["delay_ms"]));
        if (query.count("drop") && hit <= std::stoul(query["drop"])) {
            auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
            impl.socket().shutdown();
            response.setKeepAlive(false);
            return 0;
        }
        if (delay) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        if (query.count("status")) {
            unsigned times = query.count("times") ? std::stoul(query["times"]) : ~0u;
            if (hit <= times) {
                if (query.count("retry_after")) response.set("Retry-After", query["retry_after"]);
                return sendText(response, std::stoi(query["status"]), "fault mode\n");
            }
        }
        std::string path = uri.getPath();
        if (path == "/go" && query.count("to")) {
            response.set("Location", query["to"]);
            return sendText(response, 302, "moved\n");
        }
        if (path == "/post/list.do") {
            if (request.getMethod() != "POST") return sendText(response, 405, "POST only\n");
            Poco::Net::HTMLForm form(request, request.stream());
            std::string page = form.get("page", "1");
            if (page.empty() || !std::all_of(page.begin(), page.end(), ::isdigit))
                return sendText(response, 400, "bad page\n");
            return sendFile(request, response, "/board/list-" + page + ".html");
        }
        if (path == "/egov/selectNoticeList.do") return sendEgovList(request, response, query);
        if (path == "/egov/selectNoticeView.do") {
            if (request.getMethod() != "POST") return sendText(response, 405, "POST only\n");
            Poco::Net::HTMLForm form(request, request.stream());
            std::string id = form.get("nttId", "");
            if (id.empty() || !std::all_of(id.begin(), id.end(), ::isdigit))
                return sendText(response, 400, "bad nttId\n");
            return sendFile(request, response, "/egov/view-" + id + ".html");
        }
        if (path == "/cmm/fms/FileDown.do") return sendEgovFile(request, response, query);
        unsigned drip = query.count("drip_ms") ? std::stoul(query["drip_ms"]) : 0;
        if (query.count("huge_mb"))
            return sendHuge(response, std::stoul(query["huge_mb"]), query.count("chunked") > 0,
                            query.count("gzip") > 0);
        if (query.count("endless")) return sendEndless(response, drip);
        if (query.count("stall")) return sendStalled(response);
        if (path == "/hostile/list.html") return sendHostileList(response, query.count("big") > 0);
        return sendFile(request, response, path, drip);
    }

    std::string sessionOf(HTTPServerRequest& request) {
        Poco::Net::NameValueCollection cookies;
        request.getCookies(cookies);
        std::string id = cookies.get("JSESSIONID", "");
        return m_portal.validSession(id) ? id : std::string();
    }

    int sendEgovList(HTTPServerRequest& request, HTTPServerResponse& response,
                     std::map<std::string, std::string>& query) {
        std::string page = query.count("pageIndex") ? query["pageIndex"] : "1";
        if (page.empty() || !std::all_of(page.begin(), page.end(), ::isdigit))
            return sendText(response, 400, "bad pageIndex\n");
        if (sessionOf(request).empty()) {
            Poco::Net::HTTPCookie cookie("JSESSIONID", m_portal.startSession());
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            response.addCookie(cookie);
        }
        return sendFile(request, response, "/egov/list-" + page + ".html");
    }

    // eGovFrame's FileDown.do: the file only within the session that showed its view.
    int sendEgovFile(HTTPServerRequest& request, HTTPServerResponse& response,
                     std::map<std::string, std::string>& query) {
        const std::string id = query["atchFileId"], sn = query["fileSn"];
        auto safe = [](const std::string& text) {
            return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            });
        };
        bool fromView = false;
        try {
            fromView =
                Poco::URI(request.get("Referer", "")).getPath() == "/egov/selectNoticeView.do";
        } catch (const Poco::Exception&) {
        }
        fs::path folder = m_portal.settings().root / "egov" / "files" / id / sn;
        if (!safe(id) || !safe(sn) || !fs::is_directory(folder))
            return sendText(response, 404, "not found\n");
        if (sessionOf(request).empty() || !fromView) {
            std::string page = readAll(m_portal.settings().root / "egov" / "error.html");
            response.setContentType("application/octet-stream");
            response.setContentLength(static_cast<std::streamsize>(page.size()));
            response.send() << page;
            return 200;
        }
        for (const auto& entry : fs::directory_iterator(folder))
            return sendFile(
                request, response,
                "/egov/files/" + id + "/" + sn + "/" + entry.path().filename().string());
        return sendText(response, 404, "not found\n");
    }

    static void writeHugePage(std::ostream& out, std::size_t total) {
        const std::string head =
            "<html><head><meta charset=\"utf-8\"><title>huge</title></head><body><div "
            "id=\"article\"><h2 class=\"subject\">huge page</h2><div class=\"content\">\n";
        const std::string tail = "</div></div></body></html>\n";
        std::string paragraph = "<p>" + std::string(1000, 'a') + "</p>\n";
        std::string piece;
        for (int i = 0; i < 64; ++i)
            piece += paragraph;
        std::size_t left = total - head.size() - tail.size();
        out << head;
        while (left > 0 && out) {
            std::size_t n = std::min(left, piece.size());
            out.write(piece.data(), static_cast<std::streamsize>(n));
            left -= n;
        }
        out << tail;
    }

    int sendHuge(HTTPServerResponse& response, std::size_t megabytes, bool chunked, bool gzip) {
        std::size_t total = megabytes << 20;
        response.setContentType("text/html; charset=utf-8");
        if (gzip) {
            response.set("Content-Encoding", "gzip");
            response.setChunkedTransferEncoding(true);
            std::ostream& out = response.send();
            Poco::DeflatingOutputStream packed(out, Poco::DeflatingStreamBuf::STREAM_GZIP);
            writeHugePage(packed, total);
            packed.close();
            return 200;
        }
        if (chunked)
            response.setChunkedTransferEncoding(true);
        else
            response.setContentLength(static_cast<std::streamsize>(total));
        writeHugePage(response.send(), total);
        return 200;
    }

    int sendEndless(HTTPServerResponse& response, unsigned dripMs) {
        response.setContentType("text/html; charset=utf-8");
        response.setChunkedTransferEncoding(true);
        std::ostream& out = response.send();
        out << "<html><body><div id=\"article\"><div class=\"content\">\n";
        std::string piece = "<p>" + std::string(dripMs ? 1017 : 65529, 'e') + "</p>\n";
        // Bounded all the same, so that a client that never hangs up cannot keep a thread.
        auto until = std::chrono::steady_clock::now() + std::chrono::minutes(2);
        while (out && std::chrono::steady_clock::now() < until) {
            out << piece;
            out.flush();
            if (dripMs) std::this_thread::sleep_for(std::chrono::milliseconds(dripMs));
        }
        return 200;
    }

    int sendStalled(HTTPServerResponse& response) {
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(100000);
        std::ostream& out = response.send();
        out << std::string(100, ' ');
        out.flush();
        std::this_thread::sleep_for(std::chrono::minutes(1));
        return 200;
    }

    int sendHostileList(HTTPServerResponse& response, bool bigOnly) {
        std::string page =
            "<html><head><meta charset=\"utf-8\"></head><body><ul class=\"board\">\n";
        std::vector<std::string> targets = {"/hostile/huge.html?huge_mb=50", "/item/1032.html"};
        if (!bigOnly)
            targets = {"/hostile/huge.html?huge_mb=50",
                       "/hostile/huge.html?huge_mb=50&chunked=1",
                       "/hostile/huge.html?huge_mb=50&gzip=1",
                       "/hostile/endless.html?endless=1",
                       "/hostile/endless.html?endless=1&drip_ms=100",
                       "/hostile/stall.html?stall=1",
                       "/item/1032.html"};
        for (const std::string& target : targets) {
            std::string href = target;
            for (std::size_t at = 0; (at = href.find('&', at)) != std::string::npos; at += 5)
                href.replace(at, 1, "&amp;");
            page += "<li><a href=\"" + href + "\">" + href + "</a></li>\n";
        }
        page += "</ul></body></html>\n";
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(static_cast<std::streamsize>(page.size()));
        response.send() << page;
        return 200;
    }

    int sendFile(HTTPServerRequest& request, HTTPServerResponse& response, const std::string& path,
                 unsigned dripMs = 0) {
        if (path.find("..") != std::string::npos) return sendText(response, 400, "bad path\n");
        fs::path file = m_portal.settings().root / path.substr(1);
        if (path.ends_with("/")) file /= "index.html";
        if (!fs::is_regular_file(file)) return sendText(response, 404, "not found\n");
        std::string bytes = readAll(file);
        bool euc = path.starts_with("/euc/");
        std::string etag = etagOf(bytes);
        Poco::Timestamp modified = Poco::File(file.string()).getLastModified();
        std::string lastModified =
            Poco::DateTimeFormatter::format(modified, Poco::DateTimeFormat::HTTP_FORMAT);
        response.set("ETag", etag);
        response.set("Last-Modified", lastModified);
        bool notModified = false;
        if (request.has("If-None-Match")) {
            notModified = request.get("If-None-Match") == etag;
        } else if (request.has("If-Modified-Since")) {
            Poco::DateTime since;
            int zone = 0;
            if (Poco::DateTimeParser::tryParse(request.get("If-Modified-Since"), since, zone))
                notModified = modified.epochTime() <= since.timestamp().epochTime();
        }
        if (notModified) {
            response.setStatus(HTTPResponse::HTTP_NOT_MODIFIED);
            response.setContentLength(0);
            response.send();
            return 304;
        }
        std::string type = contentTypeFor(file, euc);
        response.setContentType(type);
        if (!type.starts_with("text/")) {
            std::string name = file.filename().string();
            if (euc)
                response.set("Content-Disposition",
                             "attachment; filename=\"" + toCp949(name) + "\"");
            else
                response.set(
                    "Content-Disposition", "attachment; filename*=UTF-8''" + [&] {
                        std::string encoded;
                        Poco::URI::encode(name, "", encoded);
                        return encoded;
                    }());
        }
        if (type.starts_with("text/html") &&
            request.get("Accept-Encoding", "").find("gzip") != std::string::npos) {
            std::ostringstream packed;
            {
                Poco::DeflatingOutputStream gzip(packed, Poco::DeflatingStreamBuf::STREAM_GZIP);
                gzip << bytes;
                gzip.close();
            }
            bytes = packed.str();
            response.set("Content-Encoding", "gzip");
        }
        response.setContentLength(static_cast<std::streamsize>(bytes.size()));
        std::ostream& out = response.send();
        if (dripMs == 0) {
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            return 200;
        }
        std::size_t piece = bytes.size() / 10 + 1;
        for (std::size_t at = 0; at < bytes.size() && out; at += piece) {
            out.write(bytes.data() + at,
                      static_cast<std::streamsize>(std::min(piece, bytes.size() - at)));
            out.flush();
            std::this_thread::sleep_for(std::chrono::milliseconds(dripMs));
        }
        return 200;
    }

    Portal& m_portal;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit Factory(Portal& portal) : m_portal(portal) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new Handler(m_portal);
    }

  private:
    Portal& m_portal;
};

int usage() {
    std::cerr << "usage: jikji-demo-portal [--root DIR] [--host H] [--port N] [--port-file FILE] "
                 "[--log FILE] [--delay-ms N]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    settings.root = fs::path(JIKJI_SOURCE_DIR) / "fixtures" / "portal" / "site";
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) return usage();
        std::string value = argv[++i];
        if (arg == "--root")
            settings.root = value;
        else if (arg == "--host")
            settings.host = value;
        else if (arg == "--port")
            settings.port = static_cast<unsigned short>(std::stoi(value));
        else if (arg == "--port-file")
            settings.portFile = value;
        else if (arg == "--log")
            settings.log = value;
        else if (arg == "--delay-ms")
            settings.delayMs = static_cast<unsigned>(std::stoul(value));
        else
            return usage();
    }
    // Signals are taken by sigwait below, not by the server threads.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    Portal portal(settings);
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(settings.host, settings.port), true);
        socket.listen(64);
    } catch (const Poco::Exception& error) {
        std::cerr << "jikji-demo-portal: cannot listen on " << settings.host << ":" << settings.port
                  << ": " << error.displayText() << "\n";
        return 3;
    }
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    Poco::Net::HTTPServer server(new Factory(portal), socket, params);
    server.start();
    unsigned short port = socket.address().port();
    if (!settings.portFile.empty()) {
        fs::path temp = settings.portFile;
        temp += ".tmp";
        std::ofstream(temp) << port << "\n";
        fs::rename(temp, settings.portFile);
    }
    std::cout << "demo portal on http://" << settings.host << ":" << port << "/ serving "
              << settings.root.string() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    // The log is flushed line by line; waiting for idle keep-alive connections to time out would
    // only slow the tests down.
    std::cout.flush();
    std::_Exit(0);
}
