#include "atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <memory>
#include <ostream>
#include <streambuf>
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

bool writeAll(int fd, const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        if (faults::failThisWrite()) {
            // A disk that fills up part way: half the bytes land, then ENOSPC.
            (void)!::write(fd, data + done, (size - done) / 2);
            errno = ENOSPC;
            return false;
        }
        ssize_t wrote = ::write(fd, data + done, size - done);
        if (wrote < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(wrote);
    }
    return true;
}

// Buffers what a writer streams into the temporary file; remembers the errno of a failed write.
class FdBuffer : public std::streambuf {
  public:
    explicit FdBuffer(int fd) : m_fd(fd) { setp(m_buffer, m_buffer + sizeof m_buffer); }

    bool flushAll() {
        if (m_error) return false;
        if (!writeAll(m_fd, pbase(), static_cast<std::size_t>(pptr() - pbase()))) {
            m_error = errno;
            return false;
        }
        setp(m_buffer, m_buffer + sizeof m_buffer);
        return true;
    }
    int error() const { return m_error; }

  protected:
    int_type overflow(int_type ch) override {
        if (!flushAll()) return traits_type::eof();
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }

    std::streamsize xsputn(const char* data, std::streamsize size) override {
        if (size < static_cast<std::streamsize>(sizeof m_buffer))
            return std::streambuf::xsputn(data, size);
        if (!flushAll()) return 0;
        if (!writeAll(m_fd, data, static_cast<std::size_t>(size))) {
            m_error = errno;
            return 0;
        }
        return size;
    }

    int sync() override { return flushAll() ? 0 : -1; }

  private:
    int m_fd;
    int m_error = 0;
    char m_buffer[64 * 1024];
};

// Streams `write` into `fd`; the errno of a failed write, or 0. An exception from `write` passes.
int streamInto(int fd, const std::function<void(std::ostream&)>& write) {
    auto buffer = std::make_unique<FdBuffer>(fd);
    std::ostream out(buffer.get());
    write(out);
    out.flush();
    int error = buffer->error();
    if (!error && !out) error = EIO;
    return error;
}

// A temporary name beside `path` (or in `tempDir`), unique across the machines sharing a folder.
std::filesystem::path temporaryName(const std::filesystem::path& path,
                                    const std::filesystem::path& tempDir) {
    static std::atomic<unsigned> counter{0};
    std::filesystem::path temp = path;
    if (!tempDir.empty()) {
        std::filesystem::create_directories(tempDir);
        temp = tempDir / path.filename();
    }
    static const std::string host = [] {
        char name[256] = {};
        if (::gethostname(name, sizeof name - 1) != 0) return std::string("host");
        std::string out = name;
        for (char& c : out)
            if (c == '/' || c == '.') c = '_';
        return out;
    }();
    temp += ".tmp." + host + "." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    return temp;
}

// An output that need not survive a power cut is written as a file without a name (O_TMPFILE)
// and linked under its name once whole: a crash leaves nothing behind, and the folder is locked
// once, at the link, instead of at the create and again at the rename. On ext4, two writers into
// one folder spent a quarter of `convert`'s time spinning on that lock while the other allocated
// an inode under it. False when the file system has no O_TMPFILE (nothing was written then).
bool writeUnnamed(const std::filesystem::path& path,
                  const std::function<void(std::ostream&)>& write) {
    const std::filesystem::path dir = path.parent_path();
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    int error = 0;
    try {
        error = streamInto(fd, write);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (error) {
        ::close(fd);
        errno = error;
        fail("cannot write", path);
    }
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        ::close(fd);
        return true;
    }
    // An earlier output under that name (link never replaces one), or no /proc to link through:
    // a named temporary takes the bytes, and the rename replaces the old file in one step.
    const std::filesystem::path temp = temporaryName(path, {});
    bool linked = errno == EEXIST &&
                  ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0;
    if (!linked) {
        int copy = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        bool copied = copy >= 0;
        char chunk[64 * 1024];
        for (off_t from = 0; copied;) {
            ssize_t got = ::pread(fd, chunk, sizeof chunk, from);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                copied = got == 0;
                break;
            }
            copied = writeAll(copy, chunk, static_cast<std::size_t>(got));
            from += got;
        }
        if (copy >= 0 && ::close(copy) != 0) copied = false;
        if (!copied) {
            int saved = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            errno = saved;
            fail("cannot write " + path.string() + " through", temp);
        }
    }
    ::close(fd);
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("cannot rename into", path);
    }
    return true;
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                         const std::filesystem::path& tempDir) {
    writeFileAtomically(
        path, [bytes](std::ostream& out) { out.write(bytes.data(), bytes.size()); }, tempDir);
}

void writeFileAtomically(const std::filesystem::path& path,
                         const std::function<void(std::ostream&)>& write,
                         const std::filesystem::path& tempDir, Durability durability) {
    std::filesystem::path dir = path.parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    if (durability == Durability::Unsynced && tempDir.empty() && writeUnnamed(path, write)) return;
    const std::filesystem::path temp = temporaryName(path, tempDir);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("cannot create", temp);
    int error = 0;
    try {
        error = streamInto(fd, write);
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    if (error) {
        ::close(fd);
        ::unlink(temp.c_str());
        errno = error;
        fail("cannot write " + path.string() + " through", temp);
    }
    faults::durableStep("temp", temp);
    bool synced = durability == Durability::Unsynced || ::fsync(fd) == 0;
    if (!synced || ::close(fd) != 0) {
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
    if (durability == Durability::Synced) syncDirectory(dir);
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
