// Source decoding: UTF-16LE/BE with BOM and UTF-8 (with or without BOM) to UTF-8.
#include "lexer.hpp"

#include <kwmi/mof/parser.hpp>

namespace kwmi::mof {

std::string decodeSourceText(std::string_view bytes) {
    auto byteAt = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
    if (bytes.size() >= 3 && byteAt(0) == 0xEF && byteAt(1) == 0xBB && byteAt(2) == 0xBF)
        return std::string(bytes.substr(3));
    bool le = bytes.size() >= 2 && byteAt(0) == 0xFF && byteAt(1) == 0xFE;
    bool be = bytes.size() >= 2 && byteAt(0) == 0xFE && byteAt(1) == 0xFF;
    if (!le && !be) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() / 2);
    size_t n = (bytes.size() - 2) / 2;
    auto unit = [&](size_t i) -> uint32_t {
        size_t p = 2 + 2 * i;
        return le ? (byteAt(p) | (byteAt(p + 1) << 8)) : ((byteAt(p) << 8) | byteAt(p + 1));
    };
    for (size_t i = 0; i < n; ++i) {
        uint32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (unit(i + 1) - 0xDC00);
            ++i;
        }
        detail::appendUtf8(out, u);
    }
    return out;
}

}  // namespace kwmi::mof
