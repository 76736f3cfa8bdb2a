// unicode_text.hpp - conversions between the runtime's 16-bit WCHAR text and UTF-8.
#pragma once

#include <cstddef>
#include <string>

namespace kwmi::rtl {

// UTF-16 (WCHAR) to UTF-8; an unpaired surrogate becomes U+FFFD.
std::string Utf16ToUtf8(const wchar_t *text, std::size_t count);

// Simple case mapping used by the case-insensitive Rtl comparisons: ASCII and Latin-1
// letters (the invariant upcase table's common part).
wchar_t UpcaseUnit(wchar_t c);
wchar_t DowncaseUnit(wchar_t c);

}  // namespace kwmi::rtl
