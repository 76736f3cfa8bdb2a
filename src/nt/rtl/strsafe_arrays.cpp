// strsafe_arrays.cpp - ntstrsafe routines on NUL-terminated character arrays
// (RtlStringCch*/RtlStringCb* Copy, Cat, Printf, Length and their N/Ex forms).
#include <kwmi_rtl.h>
#include <ntstrsafe.h>

#include <cstring>
#include <string>
#include <type_traits>

#include "ms_format.hpp"

namespace kwmi::rtl {
namespace {

constexpr size_t kMaxCch = NTSTRSAFE_MAX_CCH;
constexpr ULONG kValidExFlags = 0xFF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL | STRSAFE_FILL_ON_FAILURE |
                                STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION;

template <typename C>
const C *EmptyString() {
    static const C empty[1] = {0};
    return empty;
}

template <typename C>
NTSTATUS ValidateDestination(const C *destination, size_t cchDest) {
    if (destination == nullptr || cchDest == 0 || cchDest > kMaxCch) return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

// Length of a string within cchMax; no terminator in range -> STATUS_INVALID_PARAMETER.
template <typename C>
NTSTATUS LengthWorker(const C *string, size_t cchMax, size_t *length) {
    size_t count = 0;
    while (count < cchMax && string[count] != 0) ++count;
    if (count == cchMax) {
        *length = 0;
        return STATUS_INVALID_PARAMETER;
    }
    *length = count;
    return STATUS_SUCCESS;
}

// Copies at most cchToCopy units (stopping at the source's terminator), always terminating
// within cchDest; a source that does not fit is truncated -> STATUS_BUFFER_OVERFLOW.
template <typename C>
NTSTATUS CopyWorker(C *destination, size_t cchDest, size_t *newLength, const C *source, size_t cchToCopy) {
    size_t copied = 0;
    while (copied < cchDest && cchToCopy != 0 && source[copied] != 0) {
        destination[copied] = source[copied];
        ++copied;
        --cchToCopy;
    }
    NTSTATUS status = STATUS_SUCCESS;
    if (copied == cchDest) {
        --copied;
        status = STATUS_BUFFER_OVERFLOW;
    }
    destination[copied] = 0;
    *newLength = copied;
    return status;
}

template <typename C>
std::basic_string<std::conditional_t<std::is_same_v<C, char>, char, char16_t>> Format(const C *format,
                                                                                        va_list arguments) {
    if constexpr (std::is_same_v<C, char>) {
        return FormatNarrow(format, arguments);
    } else {
        return FormatWide(format, arguments);
    }
}

// Formats into cchDest units with a terminator; truncation -> STATUS_BUFFER_OVERFLOW.
template <typename C>
NTSTATUS PrintfWorker(C *destination, size_t cchDest, size_t *newLength, const C *format, va_list arguments) {
    auto text = Format(format, arguments);
    size_t count = text.size();
    NTSTATUS status = STATUS_SUCCESS;
    if (count > cchDest - 1) {
        count = cchDest - 1;
        status = STATUS_BUFFER_OVERFLOW;
    }
    std::memcpy(destination, text.data(), count * sizeof(C));
    destination[count] = 0;
    *newLength = count;
    return status;
}

// The ...Ex contract: fill/NUL behaviour by flag, end pointer and remaining count out.
template <typename C>
struct ExOutputs {
    C **destEnd;
    size_t *remaining;
    bool remainingInBytes;
    size_t oddBytes;  // cbDest % sizeof(C), added to a byte count as ntstrsafe does
};

template <typename C>
void FinishEx(NTSTATUS status, C *destination, size_t cchDest, size_t newLength, size_t originalLength,
              ULONG flags, const ExOutputs<C> &outputs) {
    C *end = destination + newLength;
    size_t remaining = cchDest - newLength;
    const int fill = STRSAFE_GET_FILL_PATTERN(flags);
    if (NT_SUCCESS(status)) {
        if ((flags & STRSAFE_FILL_BEHIND_NULL) && remaining > 1) {
            std::memset(end + 1, fill, (remaining - 1) * sizeof(C));
        }
    } else if (cchDest != 0) {
        if (flags & STRSAFE_FILL_ON_FAILURE) {
            std::memset(destination, fill, cchDest * sizeof(C));
            if (fill == 0) {
                end = destination;
                remaining = cchDest;
            } else {
                end = destination + cchDest - 1;
                remaining = 1;
                *end = 0;
            }
        }
        if (flags & STRSAFE_NULL_ON_FAILURE) {
            end = destination;
            remaining = cchDest;
            *end = 0;
        } else if ((flags & STRSAFE_NO_TRUNCATION) && status == STATUS_BUFFER_OVERFLOW) {
            end = destination + originalLength;  // copy: empty; cat: the original string
            remaining = cchDest - originalLength;
            *end = 0;
        }
    }
    if (outputs.destEnd != nullptr) *outputs.destEnd = end;
    if (outputs.remaining != nullptr) {
        *outputs.remaining = outputs.remainingInBytes ? remaining * sizeof(C) + outputs.oddBytes : remaining;
    }
}

enum class Operation { Copy, Cat };

template <typename C>
NTSTATUS CopyOrCatEx(Operation operation, C *destination, size_t cchDest, const C *source, size_t cchToCopy,
                     ULONG flags, const ExOutputs<C> &outputs) {
    if (flags & ~kValidExFlags) return STATUS_INVALID_PARAMETER;
    if (flags & STRSAFE_IGNORE_NULLS) {
        if (source == nullptr) source = EmptyString<C>();
        if (cchDest == 0 && destination == nullptr) {
            NTSTATUS status = source[0] == 0 ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
            if (outputs.destEnd != nullptr) *outputs.destEnd = destination;
            if (outputs.remaining != nullptr) *outputs.remaining = 0;
            return status;
        }
    }
    NTSTATUS status = ValidateDestination(destination, cchDest);
    if (!NT_SUCCESS(status)) return status;
    size_t originalLength = 0;
    if (operation == Operation::Cat) {
        status = LengthWorker(destination, cchDest, &originalLength);
        if (!NT_SUCCESS(status)) return status;
    }
    size_t newLength = originalLength;
    if (source == nullptr) {
        status = STATUS_INVALID_PARAMETER;
        destination[originalLength] = 0;
    } else if (cchToCopy > kMaxCch) {
        status = STATUS_INVALID_PARAMETER;
        destination[originalLength] = 0;
    } else {
        size_t appended = 0;
        status = CopyWorker(destination + originalLength, cchDest - originalLength, &appended, source, cchToCopy);
        newLength = originalLength + appended;
    }
    FinishEx(status, destination, cchDest, newLength, originalLength, flags, outputs);
    return status;
}

template <typename C>
NTSTATUS CopyOrCat(Operation operation, C *destination, size_t cchDest, const C *source, size_t cchToCopy) {
    return CopyOrCatEx<C>(operation, destination, cchDest, source, cchToCopy, 0, {nullptr, nullptr, false, 0});
}

template <typename C>
NTSTATUS VPrintfEx(C *destination, size_t cchDest, ULONG flags, const ExOutputs<C> &outputs, const C *format,
                   va_list arguments) {
    if (flags & ~kValidExFlags) return STATUS_INVALID_PARAMETER;
    if ((flags & STRSAFE_IGNORE_NULLS) && format == nullptr) format = EmptyString<C>();
    NTSTATUS status = ValidateDestination(destination, cchDest);
    if (!NT_SUCCESS(status)) return status;
    size_t newLength = 0;
    if (format == nullptr) {
        status = STATUS_INVALID_PARAMETER;
        destination[0] = 0;
    } else {
        status = PrintfWorker(destination, cchDest, &newLength, format, arguments);
    }
    FinishEx(status, destination, cchDest, newLength, 0, flags, outputs);
    return status;
}

template <typename C>
NTSTATUS VPrintf(C *destination, size_t cchDest, const C *format, va_list arguments) {
    return VPrintfEx<C>(destination, cchDest, 0, {nullptr, nullptr, false, 0}, format, arguments);
}

template <typename C>
NTSTATUS LengthCch(const C *string, size_t cchMax, size_t *length) {
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    size_t count = 0;
    if (string != nullptr && cchMax <= kMaxCch) status = LengthWorker(string, cchMax, &count);
    if (length != nullptr) *length = NT_SUCCESS(status) ? count : 0;
    return status;
}

template <typename C>
NTSTATUS LengthCb(const C *string, size_t cbMax, size_t *lengthBytes) {
    size_t count = 0;
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    if (string != nullptr && cbMax <= kMaxCch * sizeof(C)) status = LengthWorker(string, cbMax / sizeof(C), &count);
    if (lengthBytes != nullptr) *lengthBytes = NT_SUCCESS(status) ? count * sizeof(C) : 0;
    return status;
}

// Byte-count forms check the byte limit, then work in units.
template <typename C>
size_t UnitsOf(size_t bytes) {
    return bytes > kMaxCch * sizeof(C) ? kMaxCch + 1 : bytes / sizeof(C);
}

}  // namespace
}  // namespace kwmi::rtl

using kwmi::rtl::ExOutputs;
using kwmi::rtl::Operation;

extern "C" {

// ---- copy
NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR s) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Copy, d, cch, s, kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR s) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Copy, d, cch, s, kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR s) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Copy, d, kwmi::rtl::UnitsOf<char>(cb), s, kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR s) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Copy, d, kwmi::rtl::UnitsOf<wchar_t>(cb), s,
                                         kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCchCopyNA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR s, size_t n) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Copy, d, cch, s, n);
}
NTSTATUS RtlStringCchCopyNW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR s, size_t n) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Copy, d, cch, s, n);
}
NTSTATUS RtlStringCbCopyNA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR s, size_t cbToCopy) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Copy, d, kwmi::rtl::UnitsOf<char>(cb), s,
                                      kwmi::rtl::UnitsOf<char>(cbToCopy));
}
NTSTATUS RtlStringCbCopyNW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR s, size_t cbToCopy) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Copy, d, kwmi::rtl::UnitsOf<wchar_t>(cb), s,
                                         kwmi::rtl::UnitsOf<wchar_t>(cbToCopy));
}
NTSTATUS RtlStringCchCopyExA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR s, NTSTRSAFE_PSTR *end, size_t *rem,
                             ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<char>(Operation::Copy, d, cch, s, kwmi::rtl::kMaxCch, flags, {end, rem, false, 0});
}
NTSTATUS RtlStringCchCopyExW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR s, NTSTRSAFE_PWSTR *end, size_t *rem,
                             ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<wchar_t>(Operation::Copy, d, cch, s, kwmi::rtl::kMaxCch, flags,
                                           {end, rem, false, 0});
}
NTSTATUS RtlStringCbCopyExA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR s, NTSTRSAFE_PSTR *end, size_t *rem,
                            ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<char>(Operation::Copy, d, kwmi::rtl::UnitsOf<char>(cb), s, kwmi::rtl::kMaxCch,
                                        flags, {end, rem, true, 0});
}
NTSTATUS RtlStringCbCopyExW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR s, NTSTRSAFE_PWSTR *end, size_t *rem,
                            ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<wchar_t>(Operation::Copy, d, kwmi::rtl::UnitsOf<wchar_t>(cb), s,
                                           kwmi::rtl::kMaxCch, flags, {end, rem, true, cb % sizeof(wchar_t)});
}

// ---- concatenate
NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR s) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Cat, d, cch, s, kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR s) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Cat, d, cch, s, kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR s) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Cat, d, kwmi::rtl::UnitsOf<char>(cb), s, kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR s) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Cat, d, kwmi::rtl::UnitsOf<wchar_t>(cb), s,
                                         kwmi::rtl::kMaxCch);
}
NTSTATUS RtlStringCchCatNA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR s, size_t n) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Cat, d, cch, s, n);
}
NTSTATUS RtlStringCchCatNW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR s, size_t n) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Cat, d, cch, s, n);
}
NTSTATUS RtlStringCbCatNA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR s, size_t cbToAppend) {
    return kwmi::rtl::CopyOrCat<char>(Operation::Cat, d, kwmi::rtl::UnitsOf<char>(cb), s,
                                      kwmi::rtl::UnitsOf<char>(cbToAppend));
}
NTSTATUS RtlStringCbCatNW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR s, size_t cbToAppend) {
    return kwmi::rtl::CopyOrCat<wchar_t>(Operation::Cat, d, kwmi::rtl::UnitsOf<wchar_t>(cb), s,
                                         kwmi::rtl::UnitsOf<wchar_t>(cbToAppend));
}
NTSTATUS RtlStringCchCatExA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR s, NTSTRSAFE_PSTR *end, size_t *rem,
                            ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<char>(Operation::Cat, d, cch, s, kwmi::rtl::kMaxCch, flags, {end, rem, false, 0});
}
NTSTATUS RtlStringCchCatExW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR s, NTSTRSAFE_PWSTR *end, size_t *rem,
                            ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<wchar_t>(Operation::Cat, d, cch, s, kwmi::rtl::kMaxCch, flags,
                                           {end, rem, false, 0});
}
NTSTATUS RtlStringCbCatExA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR s, NTSTRSAFE_PSTR *end, size_t *rem,
                           ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<char>(Operation::Cat, d, kwmi::rtl::UnitsOf<char>(cb), s, kwmi::rtl::kMaxCch,
                                        flags, {end, rem, true, 0});
}
NTSTATUS RtlStringCbCatExW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR s, NTSTRSAFE_PWSTR *end, size_t *rem,
                           ULONG flags) {
    return kwmi::rtl::CopyOrCatEx<wchar_t>(Operation::Cat, d, kwmi::rtl::UnitsOf<wchar_t>(cb), s,
                                           kwmi::rtl::kMaxCch, flags, {end, rem, true, cb % sizeof(wchar_t)});
}

// ---- format
NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR f, va_list a) {
    return kwmi::rtl::VPrintf<char>(d, cch, f, a);
}
NTSTATUS RtlStringCchVPrintfW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR f, va_list a) {
    return kwmi::rtl::VPrintf<wchar_t>(d, cch, f, a);
}
NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR f, va_list a) {
    return kwmi::rtl::VPrintf<char>(d, kwmi::rtl::UnitsOf<char>(cb), f, a);
}
NTSTATUS RtlStringCbVPrintfW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR f, va_list a) {
    return kwmi::rtl::VPrintf<wchar_t>(d, kwmi::rtl::UnitsOf<wchar_t>(cb), f, a);
}

#define KWMI_FORWARD_PRINTF(call) \
    va_list arguments;            \
    va_start(arguments, f);       \
    NTSTATUS status = call;       \
    va_end(arguments);            \
    return status

NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PCSTR f, ...) {
    KWMI_FORWARD_PRINTF(RtlStringCchVPrintfA(d, cch, f, arguments));
}
NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PCWSTR f, ...) {
    KWMI_FORWARD_PRINTF(RtlStringCchVPrintfW(d, cch, f, arguments));
}
NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PCSTR f, ...) {
    KWMI_FORWARD_PRINTF(RtlStringCbVPrintfA(d, cb, f, arguments));
}
NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PCWSTR f, ...) {
    KWMI_FORWARD_PRINTF(RtlStringCbVPrintfW(d, cb, f, arguments));
}
NTSTATUS RtlStringCchPrintfExA(NTSTRSAFE_PSTR d, size_t cch, NTSTRSAFE_PSTR *end, size_t *rem, ULONG flags,
                               NTSTRSAFE_PCSTR f, ...) {
    KWMI_FORWARD_PRINTF(kwmi::rtl::VPrintfEx<char>(d, cch, flags, {end, rem, false, 0}, f, arguments));
}
NTSTATUS RtlStringCchPrintfExW(NTSTRSAFE_PWSTR d, size_t cch, NTSTRSAFE_PWSTR *end, size_t *rem, ULONG flags,
                               NTSTRSAFE_PCWSTR f, ...) {
    KWMI_FORWARD_PRINTF(kwmi::rtl::VPrintfEx<wchar_t>(d, cch, flags, {end, rem, false, 0}, f, arguments));
}
NTSTATUS RtlStringCbPrintfExA(NTSTRSAFE_PSTR d, size_t cb, NTSTRSAFE_PSTR *end, size_t *rem, ULONG flags,
                              NTSTRSAFE_PCSTR f, ...) {
    KWMI_FORWARD_PRINTF(
        kwmi::rtl::VPrintfEx<char>(d, kwmi::rtl::UnitsOf<char>(cb), flags, {end, rem, true, 0}, f, arguments));
}
NTSTATUS RtlStringCbPrintfExW(NTSTRSAFE_PWSTR d, size_t cb, NTSTRSAFE_PWSTR *end, size_t *rem, ULONG flags,
                              NTSTRSAFE_PCWSTR f, ...) {
    KWMI_FORWARD_PRINTF(kwmi::rtl::VPrintfEx<wchar_t>(d, kwmi::rtl::UnitsOf<wchar_t>(cb), flags,
                                                      {end, rem, true, cb % sizeof(wchar_t)}, f, arguments));
}

// ---- length
NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR s, size_t cchMax, size_t *length) {
    return kwmi::rtl::LengthCch(s, cchMax, length);
}
NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR s, size_t cchMax, size_t *length) {
    return kwmi::rtl::LengthCch(s, cchMax, length);
}
NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR s, size_t cbMax, size_t *length) {
    return kwmi::rtl::LengthCb(s, cbMax, length);
}
NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR s, size_t cbMax, size_t *length) {
    return kwmi::rtl::LengthCb(s, cbMax, length);
}

}  // extern "C"
