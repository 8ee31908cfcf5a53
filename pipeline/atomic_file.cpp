#include "atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <string>
#include <system_error>

#include "pipeline/fault_injection.h"

namespace jikji {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

void syncDirectory(const std::filesystem::path& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                         const std::filesystem::path& tempDir) {
    static std::atomic<unsigned> counter{0};
    std::filesystem::path dir = path.parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    std::filesystem::path temp = path;
    if (!tempDir.empty()) {
        std::filesystem::create_directories(tempDir);
        temp = tempDir / path.filename();
    }
    // Unique across the machines that share an archive, not only across processes of one.
    static const std::string host = [] {
        char name[256] = {};
        if (::gethostname(name, sizeof name - 1) != 0) return std::string("host");
        std::string out = name;
        for (char& c : out)
            if (c == '/' || c == '.') c = '_';
        return out;
    }();
    temp += ".tmp." + host + "." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("cannot create", temp);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t wrote;
        if (faults::failThisWrite()) {
            // A disk that fills up part way: half the bytes land, then ENOSPC.
            (void)!::write(fd, bytes.data() + done, (bytes.size() - done) / 2);
            errno = ENOSPC;
            wrote = -1;
        } else {
            wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
        }
        if (wrote < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            errno = saved;
            fail("cannot write " + path.string() + " through", temp);
        }
        done += static_cast<std::size_t>(wrote);
    }
    faults::durableStep("temp", temp);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("cannot sync " + path.string() + " through", temp);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("cannot rename into", path);
    }
    faults::durableStep("rename", path);
    syncDirectory(dir);
}

std::string readFile(const std::filesystem::path& path, std::uintmax_t limit) {
    std::error_code error;
    std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error) throw std::system_error(error, "cannot read " + path.string());
    if (size > limit)
        throw std::runtime_error(path.string() + " is " + std::to_string(size) + " bytes, limit " +
                                 std::to_string(limit));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        throw std::runtime_error("short read of " + path.string());
    return bytes;
}

}  // namespace jikji
