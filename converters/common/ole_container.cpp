#include "converters/common/ole_container.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#include <spdlog/spdlog.h>

#include <mutex>
#include <utility>

#include "pipeline/errors.h"

namespace jikji::converters {

namespace {

void initGsf() {
    static std::once_flag once;
    std::call_once(once, [] {
        gsf_init();
        // Damaged files make libgsf log assertion failures and warnings (gsf-infile.c logs
        // without a domain); the caller reports the damage as warnings of the document, and
        // stderr must stay one log format (JSON lines with --log-format json).
        auto toDebugLog = [](const gchar* domain, GLogLevelFlags, const gchar* message, gpointer) {
            spdlog::debug("{}: {}", domain ? domain : "glib", message ? message : "");
        };
        auto levels = static_cast<GLogLevelFlags>(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                                                  G_LOG_LEVEL_MESSAGE);
        g_log_set_handler("libgsf:msole", levels, toDebugLog, nullptr);
        g_log_set_handler(nullptr, levels, toDebugLog, nullptr);
    });
}

// Owns one GObject reference.
struct ObjectRef {
    GObject* object = nullptr;
    explicit ObjectRef(gpointer p = nullptr) : object(static_cast<GObject*>(p)) {}
    ~ObjectRef() {
        if (object) g_object_unref(object);
    }
    ObjectRef(const ObjectRef&) = delete;
    ObjectRef& operator=(const ObjectRef&) = delete;
    ObjectRef(ObjectRef&& other) noexcept : object(other.object) { other.object = nullptr; }
    ObjectRef& operator=(ObjectRef&& other) noexcept {
        std::swap(object, other.object);
        return *this;
    }
};

}  // namespace

struct OleContainer::Impl {
    ObjectRef input;
    ObjectRef infile;

    static bool isListed(GsfInfile* storage, const std::string& name) {
        int count = gsf_infile_num_children(storage);
        for (int i = 0; i < count && static_cast<std::size_t>(i) < limits::kMaxContainerEntries;
             ++i) {
            const char* listed = gsf_infile_name_by_index(storage, i);
            if (listed && name == listed) return true;
        }
        return false;
    }

    // Walks `a/b/c` from the root; returns a new reference, or nullptr when a part is not in
    // its storage's directory. A part that is listed but cannot be opened (its sectors lie past
    // the end of a download cut short) throws CorruptError: it is damage, not absence.
    GsfInput* find(std::string_view path) const {
        GsfInput* current = GSF_INPUT(infile.object);
        g_object_ref(current);
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t slash = path.find('/', start);
            std::string part(path.substr(
                start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
            if (!part.empty()) {
                GsfInput* next = nullptr;
                bool listed = false;
                if (GSF_IS_INFILE(current)) {
                    GsfInfile* storage = GSF_INFILE(current);
                    next = gsf_infile_child_by_name(storage, part.c_str());
                    if (!next) listed = isListed(storage, part);
                }
                g_object_unref(current);
                if (listed)
                    throw CorruptError("ole stream " + std::string(path) +
                                       ": listed in the directory, but its sectors cannot be read");
                if (!next) return nullptr;
                current = next;
            }
            if (slash == std::string_view::npos) break;
            start = slash + 1;
        }
        return current;
    }
};

OleContainer::OleContainer(std::string_view bytes) : m_impl(std::make_unique<Impl>()) {
    initGsf();
    m_impl->input = ObjectRef(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                                   static_cast<gsf_off_t>(bytes.size()), FALSE));
    if (!m_impl->input.object) throw CorruptError("ole: cannot read buffer");
    GError* error = nullptr;
    m_impl->infile = ObjectRef(gsf_infile_msole_new(GSF_INPUT(m_impl->input.object), &error));
    if (!m_impl->infile.object) {
        std::string why = error && error->message ? error->message : "not a compound file";
        if (error) g_error_free(error);
        throw CorruptError("ole: " + why);
    }
    if (error) g_error_free(error);
}

OleContainer::~OleContainer() = default;

bool OleContainer::contains(std::string_view path) const {
    try {
        ObjectRef found(m_impl->find(path));
        return found.object != nullptr;
    } catch (const CorruptError&) {
        return true;  // listed, though unreadable
    }
}

std::vector<std::string> OleContainer::children(std::string_view storage) const {
    std::vector<std::string> out;
    ObjectRef found(m_impl->find(storage));
    if (!found.object || !GSF_IS_INFILE(found.object)) return out;
    GsfInfile* infile = GSF_INFILE(found.object);
    int count = gsf_infile_num_children(infile);
    if (count < 0) return out;
    if (static_cast<std::size_t>(count) > limits::kMaxContainerEntries)
        count = static_cast<int>(limits::kMaxContainerEntries);
    for (int i = 0; i < count; ++i) {
        const char* name = gsf_infile_name_by_index(infile, i);
        if (name) out.emplace_back(name);
    }
    return out;
}

std::optional<std::uint64_t> OleContainer::streamSize(std::string_view path) const {
    ObjectRef found(m_impl->find(path));
    if (!found.object) return std::nullopt;
    return static_cast<std::uint64_t>(gsf_input_size(GSF_INPUT(found.object)));
}

std::optional<std::string> OleContainer::read(std::string_view path, std::uint64_t limit) const {
    ObjectRef found(m_impl->find(path));
    if (!found.object) return std::nullopt;
    GsfInput* input = GSF_INPUT(found.object);
    gsf_off_t size = gsf_input_size(input);
    if (size < 0) throw CorruptError("ole stream " + std::string(path) + ": bad size");
    if (static_cast<std::uint64_t>(size) > limit)
        throw LimitError("ole stream " + std::string(path) + " is " + std::to_string(size) +
                         " bytes, limit " + std::to_string(limit));
    std::string out(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        std::size_t want = std::min<std::size_t>(out.size() - done, 1 << 20);
        if (!gsf_input_read(input, want, reinterpret_cast<guint8*>(out.data() + done)))
            throw CorruptError("ole stream " + std::string(path) + ": unreadable at " +
                               std::to_string(done));
        done += want;
    }
    return out;
}

}  // namespace jikji::converters
