// unicode_text.cpp - UTF-16 to UTF-8 and the simple case mapping of the Rtl string routines.
#include "unicode_text.hpp"

namespace kwmi::rtl {

std::string Utf16ToUtf8(const wchar_t *text, std::size_t count) {
    std::string out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        char32_t code = static_cast<char16_t>(text[i]);
        if (code >= 0xD800 && code <= 0xDBFF && i + 1 < count) {
            char32_t low = static_cast<char16_t>(text[i + 1]);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                ++i;
            }
        }
        if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;
        if (code < 0x80) {
            out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else if (code < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (code >> 18)));
            out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
    }
    return out;
}

wchar_t UpcaseUnit(wchar_t c) {
    auto unit = static_cast<char16_t>(c);
    if (unit >= u'a' && unit <= u'z') return static_cast<wchar_t>(unit - 0x20);
    // Latin-1 lower-case letters except the division sign and ÿ (whose capital is not Latin-1).
    if (unit >= 0xE0 && unit <= 0xFE && unit != 0xF7) return static_cast<wchar_t>(unit - 0x20);
    return c;
}

wchar_t DowncaseUnit(wchar_t c) {
    auto unit = static_cast<char16_t>(c);
    if (unit >= u'A' && unit <= u'Z') return static_cast<wchar_t>(unit + 0x20);
    if (unit >= 0xC0 && unit <= 0xDE && unit != 0xD7) return static_cast<wchar_t>(unit + 0x20);
    return c;
}

}  // namespace kwmi::rtl
