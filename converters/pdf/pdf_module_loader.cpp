// `jikji` converts PDFs through the jikji-pdf module, loaded by the first PDF a process converts
// (in a worker: by each worker): poppler and the thirty libraries it loads would otherwise be
// bound at every start of jikji, more than a third of its start-up. Linked into `jikji` only;
// its convertPdf takes the place of pdf_text.cpp's, which every other program links.
#include <dlfcn.h>

#include <string>

#include "converters/pdf/pdf_text.h"
#include "pipeline/cli/helper_path.h"

namespace jikji::converters::pdf {

namespace {

using ConvertFunction = Status (*)(const Input&, DocumentSink&);

struct Module {
    ConvertFunction convert = nullptr;
    std::string error;
};

const Module& module() {
    static const Module loaded = [] {
        Module module;
        std::filesystem::path path = cli::helperPath("jikji-pdf.so");
        void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* error = ::dlerror();
            module.error = error ? error : "cannot load " + path.string();
            return module;
        }
        module.convert = reinterpret_cast<ConvertFunction>(::dlsym(handle, "jikjiConvertPdf"));
        if (!module.convert) module.error = path.string() + " has no entry point jikjiConvertPdf";
        return module;
    }();
    return loaded;
}

}  // namespace

Status convertPdf(const Input& input, DocumentSink& sink) {
    const Module& loaded = module();
    if (loaded.convert) return loaded.convert(input, sink);
    sink.setFormat("pdf", "application/pdf");
    sink.warn("pdf_unavailable", "PDF support is not installed: " + loaded.error, input.name);
    return Status::Unsupported;
}

}  // namespace jikji::converters::pdf
