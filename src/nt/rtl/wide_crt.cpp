// wide_crt.cpp - the 16-bit wide-character CRT (wcslen & co.) and the Microsoft-only
// _snprintf/_snwprintf/_stricmp family. glibc's wcs* count 32-bit units and must not be used.
#include <kwmi_rtl.h>

#include <cctype>
#include <cstring>
#include <string>

#include "ms_format.hpp"
#include "unicode_text.hpp"

extern "C" {

size_t kwmi_wcslen16(const wchar_t *string) {
    size_t length = 0;
    while (string[length] != 0) ++length;
    return length;
}

size_t kwmi_wcsnlen16(const wchar_t *string, size_t maxCount) {
    size_t length = 0;
    while (length < maxCount && string[length] != 0) ++length;
    return length;
}

int kwmi_wcsncmp16(const wchar_t *string1, const wchar_t *string2, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        auto a = static_cast<char16_t>(string1[i]);
        auto b = static_cast<char16_t>(string2[i]);
        if (a != b) return a < b ? -1 : 1;
        if (a == 0) return 0;
    }
    return 0;
}

int kwmi_wcscmp16(const wchar_t *string1, const wchar_t *string2) {
    return kwmi_wcsncmp16(string1, string2, static_cast<size_t>(-1));
}

wchar_t *kwmi_wcscpy16(wchar_t *destination, const wchar_t *source) {
    size_t i = 0;
    do {
        destination[i] = source[i];
    } while (source[i++] != 0);
    return destination;
}

// Pads with NULs up to count and does not terminate a full copy (ISO C semantics).
wchar_t *kwmi_wcsncpy16(wchar_t *destination, const wchar_t *source, size_t count) {
    size_t i = 0;
    for (; i < count && source[i] != 0; ++i) destination[i] = source[i];
    for (; i < count; ++i) destination[i] = 0;
    return destination;
}

wchar_t *kwmi_wcscat16(wchar_t *destination, const wchar_t *source) {
    kwmi_wcscpy16(destination + kwmi_wcslen16(destination), source);
    return destination;
}

wchar_t *kwmi_wcsncat16(wchar_t *destination, const wchar_t *source, size_t count) {
    wchar_t *end = destination + kwmi_wcslen16(destination);
    size_t i = 0;
    for (; i < count && source[i] != 0; ++i) end[i] = source[i];
    end[i] = 0;
    return destination;
}

wchar_t *kwmi_wcschr16(const wchar_t *string, wchar_t character) {
    for (;; ++string) {
        if (*string == character) return const_cast<wchar_t *>(string);
        if (*string == 0) return nullptr;
    }
}

wchar_t *kwmi_wcsrchr16(const wchar_t *string, wchar_t character) {
    const wchar_t *found = nullptr;
    for (;; ++string) {
        if (*string == character) found = string;
        if (*string == 0) return const_cast<wchar_t *>(found);
    }
}

wchar_t *kwmi_wcsstr16(const wchar_t *string, const wchar_t *pattern) {
    size_t patternLength = kwmi_wcslen16(pattern);
    if (patternLength == 0) return const_cast<wchar_t *>(string);
    for (; *string != 0; ++string) {
        if (kwmi_wcsncmp16(string, pattern, patternLength) == 0) return const_cast<wchar_t *>(string);
    }
    return nullptr;
}

int _wcsnicmp(const wchar_t *string1, const wchar_t *string2, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        auto a = static_cast<char16_t>(kwmi::rtl::DowncaseUnit(string1[i]));
        auto b = static_cast<char16_t>(kwmi::rtl::DowncaseUnit(string2[i]));
        if (a != b) return a < b ? -1 : 1;
        if (a == 0) return 0;
    }
    return 0;
}

int _wcsicmp(const wchar_t *string1, const wchar_t *string2) {
    return _wcsnicmp(string1, string2, static_cast<size_t>(-1));
}

int _strnicmp(const char *string1, const char *string2, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        int a = std::tolower(static_cast<unsigned char>(string1[i]));
        int b = std::tolower(static_cast<unsigned char>(string2[i]));
        if (a != b) return a < b ? -1 : 1;
        if (a == 0) return 0;
    }
    return 0;
}

int _stricmp(const char *string1, const char *string2) {
    return _strnicmp(string1, string2, static_cast<size_t>(-1));
}

// Microsoft: the whole result fits -> its length (terminated when there is room);
// otherwise Count units are written, unterminated, and the result is -1.
int _vsnprintf(char *buffer, size_t count, const char *format, va_list arguments) {
    std::string text = kwmi::rtl::FormatNarrow(format, arguments);
    size_t copied = text.size() < count ? text.size() : count;
    std::memcpy(buffer, text.data(), copied);
    if (text.size() < count) buffer[text.size()] = 0;
    return text.size() <= count ? static_cast<int>(text.size()) : -1;
}

int _snprintf(char *buffer, size_t count, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int result = _vsnprintf(buffer, count, format, arguments);
    va_end(arguments);
    return result;
}

int _vsnwprintf(wchar_t *buffer, size_t count, const wchar_t *format, va_list arguments) {
    std::u16string text = kwmi::rtl::FormatWide(format, arguments);
    size_t copied = text.size() < count ? text.size() : count;
    std::memcpy(buffer, text.data(), copied * sizeof(wchar_t));
    if (text.size() < count) buffer[text.size()] = 0;
    return text.size() <= count ? static_cast<int>(text.size()) : -1;
}

int _snwprintf(wchar_t *buffer, size_t count, const wchar_t *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int result = _vsnwprintf(buffer, count, format, arguments);
    va_end(arguments);
    return result;
}

// ISO C semantics: always terminated (when count > 0); -1 when the result did not fit.
int kwmi_vswprintf16(wchar_t *buffer, size_t count, const wchar_t *format, va_list arguments) {
    if (count == 0) return -1;
    std::u16string text = kwmi::rtl::FormatWide(format, arguments);
    size_t copied = text.size() < count - 1 ? text.size() : count - 1;
    std::memcpy(buffer, text.data(), copied * sizeof(wchar_t));
    buffer[copied] = 0;
    return text.size() < count ? static_cast<int>(text.size()) : -1;
}

int kwmi_swprintf16(wchar_t *buffer, size_t count, const wchar_t *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int result = kwmi_vswprintf16(buffer, count, format, arguments);
    va_end(arguments);
    return result;
}

}  // extern "C"
