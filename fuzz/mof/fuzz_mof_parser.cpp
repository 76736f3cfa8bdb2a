// libFuzzer: MOF text → parser (with the C-preprocessor pass and an in-memory #include)
// → validator → header generator → BMF writer/reader → data decoder.
#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/data.hpp>
#include <kwmi/mof/header.hpp>
#include <kwmi/mof/parser.hpp>
#include <kwmi/mof/validate.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace kwmi::mof;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    ParseOptions options;
    // Self-inclusion is served a few times only: the parser's own bound (1024 files) is
    // pinned by tests/mof/fuzz_regressions_test.cpp, and reaching it on every mutation of a
    // self-including seed would make this target a thousand times slower.
    int opens = 0;
    options.reader = [text, &opens](const std::string& path) -> std::optional<std::string> {
        if (path == "self.mof" && ++opens <= 16) return std::string(text.substr(0, text.size() / 2));
        return std::nullopt;
    };
    ParseResult r = parseMof(text, "fuzz.mof", options);
    validateSchema(r.schema, r.diagnostics);
    HeaderOptions h;
    h.methodStructs = true;
    h.unconditional = size % 2 == 0;
    (void)generateHeader(r.schema, h, r.diagnostics);
    Bytes bmf = writeBmf(r.schema);
    Diagnostics d;
    (void)readBmf(bmf.data(), bmf.size(), d);
    LayoutEngine engine(r.schema);
    for (const ClassDecl& c : r.schema.classes) {
        if (const ClassLayout* l = engine.classLayout(c.name, d)) (void)decodeBlock(*l, data, size, d);
    }
    return 0;
}
