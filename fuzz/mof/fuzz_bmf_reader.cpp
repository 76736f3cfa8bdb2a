// libFuzzer: bytes → BMF container / DS-01 decompressor / object parser, and the raw
// decompressed-object parser directly; whatever parses goes through the back ends.
#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/header.hpp>
#include <kwmi/mof/validate.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace kwmi::mof;
    Diagnostics d;
    std::optional<Schema> s = (size > 0 && data[0] == 'F' && size > 4 && data[4] != 1)
                                  ? parseBmfObjects(data, size, d)
                                  : readBmf(data, size, d);
    if (!s) return 0;
    validateSchema(*s, d);
    HeaderOptions h;
    h.methodStructs = true;
    (void)generateHeader(*s, h, d);
    (void)printMof(*s);
    return 0;
}
