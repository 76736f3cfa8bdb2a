// ms_format.hpp - printf-style formatting with the Microsoft kernel CRT's specifiers.
#pragma once

#include <cstdarg>
#include <string>

namespace kwmi::rtl {

// Formats `format` like the Microsoft CRT that DbgPrint and ntstrsafe use:
//  - sizes: h, hh, l (32-bit, LLP64), ll, L, I (pointer-sized), I32, I64, z, t, j, w
//  - %s/%c take the format's own width (narrow here, wide in FormatWide), %S/%C the other,
//    %hs/%hc are always narrow, %ls/%ws/%lc/%wc always wide
//  - %Z is an ANSI_STRING*, %wZ a UNICODE_STRING*; NULL strings print "(null)"
//  - %p prints 16 upper-case hex digits; %n writes nothing
//  - WPP-only %!NAME! forms survive: %!STATUS! prints the status name and value,
//    %!GUID! a GUID*, %!bool!/%!BOOLEAN! TRUE/FALSE, %!HRESULT!/%!WINERROR! hex, other
//    names print as "!NAME!" and consume no argument.
// Wide text in narrow output is UTF-8 encoded; narrow text in wide output is widened byte
// by byte.
std::string FormatNarrow(const char *format, va_list arguments);
std::u16string FormatWide(const wchar_t *format, va_list arguments);

}  // namespace kwmi::rtl
