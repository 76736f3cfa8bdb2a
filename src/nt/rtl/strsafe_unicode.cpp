// strsafe_unicode.cpp - ntstrsafe routines on UNICODE_STRING (RtlUnicodeString*): counted,
// never NUL-terminated, at most NTSTRSAFE_UNICODE_STRING_MAX_CCH (32767) characters.
#include <kwmi_rtl.h>
#include <ntstrsafe.h>

#include <cstring>
#include <string>

#include "ms_format.hpp"

namespace kwmi::rtl {
namespace {

constexpr size_t kMaxChars = NTSTRSAFE_UNICODE_STRING_MAX_CCH;
constexpr ULONG kValidInitFlags = STRSAFE_IGNORE_NULLS;

// Length/MaximumLength even, Length <= MaximumLength, a NULL Buffer only when both are 0.
bool IsValid(const UNICODE_STRING *string) {
    if (string == nullptr) return false;
    if ((string->Length % sizeof(WCHAR)) != 0 || (string->MaximumLength % sizeof(WCHAR)) != 0) return false;
    if (string->Length > string->MaximumLength) return false;
    if (string->MaximumLength > kMaxChars * sizeof(WCHAR)) return false;
    if (string->Buffer == nullptr && (string->Length != 0 || string->MaximumLength != 0)) return false;
    return true;
}

// Copies up to `count` units of source to destination[offset...], within MaximumLength;
// sets Length. A source that does not fit fills the buffer -> STATUS_BUFFER_OVERFLOW.
NTSTATUS Place(UNICODE_STRING *destination, size_t offsetChars, const WCHAR *source, size_t count) {
    size_t capacity = destination->MaximumLength / sizeof(WCHAR) - offsetChars;
    NTSTATUS status = STATUS_SUCCESS;
    if (count > capacity) {
        count = capacity;
        status = STATUS_BUFFER_OVERFLOW;
    }
    if (count != 0) std::memmove(destination->Buffer + offsetChars, source, count * sizeof(WCHAR));
    destination->Length = static_cast<USHORT>((offsetChars + count) * sizeof(WCHAR));
    return status;
}

// Length of a NUL-terminated source, limited to `limit` units and the UNICODE_STRING maximum.
NTSTATUS SourceLength(const WCHAR *source, size_t limit, size_t *count) {
    if (source == nullptr) return STATUS_INVALID_PARAMETER;
    size_t length = 0;
    while (length < limit && length < kMaxChars && source[length] != 0) ++length;
    if (length == kMaxChars && length < limit && source[length] != 0) return STATUS_INVALID_PARAMETER;
    *count = length;
    return STATUS_SUCCESS;
}

NTSTATUS CopyChars(UNICODE_STRING *destination, const WCHAR *source, size_t limit) {
    if (!IsValid(destination)) return STATUS_INVALID_PARAMETER;
    size_t count = 0;
    NTSTATUS status = SourceLength(source, limit, &count);
    if (!NT_SUCCESS(status)) {
        destination->Length = 0;
        return status;
    }
    return Place(destination, 0, source, count);
}

NTSTATUS CatChars(UNICODE_STRING *destination, const WCHAR *source, size_t limit) {
    if (!IsValid(destination)) return STATUS_INVALID_PARAMETER;
    size_t count = 0;
    NTSTATUS status = SourceLength(source, limit, &count);
    if (!NT_SUCCESS(status)) return status;
    return Place(destination, destination->Length / sizeof(WCHAR), source, count);
}

}  // namespace
}  // namespace kwmi::rtl

extern "C" {

NTSTATUS RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, ULONG dwFlags) {
    if (DestinationString == nullptr || (dwFlags & ~kwmi::rtl::kValidInitFlags)) return STATUS_INVALID_PARAMETER;
    DestinationString->Length = 0;
    DestinationString->MaximumLength = 0;
    DestinationString->Buffer = const_cast<PWCH>(pszSrc);
    if (pszSrc == nullptr) return STATUS_SUCCESS;
    size_t length = 0;
    while (length < kwmi::rtl::kMaxChars && pszSrc[length] != 0) ++length;
    if (length == kwmi::rtl::kMaxChars) return STATUS_INVALID_PARAMETER;  // no room for the terminator
    DestinationString->Length = static_cast<USHORT>(length * sizeof(WCHAR));
    DestinationString->MaximumLength = static_cast<USHORT>((length + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTSTATUS RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
    return RtlUnicodeStringInitEx(DestinationString, pszSrc, 0);
}

NTSTATUS RtlUnicodeStringValidate(PCUNICODE_STRING SourceString) {
    return kwmi::rtl::IsValid(SourceString) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS RtlUnicodeStringValidateEx(PCUNICODE_STRING SourceString, ULONG dwFlags) {
    if (dwFlags & ~kwmi::rtl::kValidInitFlags) return STATUS_INVALID_PARAMETER;
    if (SourceString == nullptr && (dwFlags & STRSAFE_IGNORE_NULLS)) return STATUS_SUCCESS;
    return RtlUnicodeStringValidate(SourceString);
}

NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
    if (!kwmi::rtl::IsValid(DestinationString)) return STATUS_INVALID_PARAMETER;
    if (!kwmi::rtl::IsValid(SourceString)) {
        DestinationString->Length = 0;
        return STATUS_INVALID_PARAMETER;
    }
    return kwmi::rtl::Place(DestinationString, 0, SourceString->Buffer, SourceString->Length / sizeof(WCHAR));
}

NTSTATUS RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
    return kwmi::rtl::CopyChars(DestinationString, pszSrc, static_cast<size_t>(-1));
}

NTSTATUS RtlUnicodeStringCchCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                        size_t cchToCopy) {
    if (cchToCopy > kwmi::rtl::kMaxChars) {
        if (kwmi::rtl::IsValid(DestinationString)) DestinationString->Length = 0;
        return STATUS_INVALID_PARAMETER;
    }
    return kwmi::rtl::CopyChars(DestinationString, pszSrc, cchToCopy);
}

NTSTATUS RtlUnicodeStringCbCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy) {
    return RtlUnicodeStringCchCopyStringN(DestinationString, pszSrc, cbToCopy / sizeof(WCHAR));
}

NTSTATUS RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
    if (!kwmi::rtl::IsValid(DestinationString) || !kwmi::rtl::IsValid(SourceString)) return STATUS_INVALID_PARAMETER;
    return kwmi::rtl::Place(DestinationString, DestinationString->Length / sizeof(WCHAR), SourceString->Buffer,
                            SourceString->Length / sizeof(WCHAR));
}

NTSTATUS RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
    return kwmi::rtl::CatChars(DestinationString, pszSrc, static_cast<size_t>(-1));
}

NTSTATUS RtlUnicodeStringCchCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                       size_t cchToAppend) {
    if (cchToAppend > kwmi::rtl::kMaxChars) return STATUS_INVALID_PARAMETER;
    return kwmi::rtl::CatChars(DestinationString, pszSrc, cchToAppend);
}

NTSTATUS RtlUnicodeStringCbCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, size_t cbToAppend) {
    return RtlUnicodeStringCchCatStringN(DestinationString, pszSrc, cbToAppend / sizeof(WCHAR));
}

// The whole MaximumLength is usable (no terminator); a longer result fills it and
// returns STATUS_BUFFER_OVERFLOW.
NTSTATUS RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
    if (!kwmi::rtl::IsValid(DestinationString)) return STATUS_INVALID_PARAMETER;
    if (pszFormat == nullptr) {
        DestinationString->Length = 0;
        return STATUS_INVALID_PARAMETER;
    }
    std::u16string text = kwmi::rtl::FormatWide(pszFormat, argList);
    size_t capacity = DestinationString->MaximumLength / sizeof(WCHAR);
    size_t count = text.size() < capacity ? text.size() : capacity;
    if (count != 0) std::memcpy(DestinationString->Buffer, text.data(), count * sizeof(WCHAR));
    DestinationString->Length = static_cast<USHORT>(count * sizeof(WCHAR));
    return text.size() > capacity ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...) {
    va_list arguments;
    va_start(arguments, pszFormat);
    NTSTATUS status = RtlUnicodeStringVPrintf(DestinationString, pszFormat, arguments);
    va_end(arguments);
    return status;
}

}  // extern "C"
