// counted_strings.cpp - the wdm.h UNICODE_STRING/ANSI_STRING routines: init, copy, append,
// compare, case mapping, integer conversion, ANSI<->Unicode, duplicate and free.
#include <kwmi_rtl.h>

#include <cctype>
#include <cstring>

#include "rtl_pool.hpp"
#include "unicode_text.hpp"

namespace kwmi::rtl {
namespace {

constexpr USHORT kMaxUnicodeBytes = 0xFFFC;  // largest even Length leaving room for a terminator
constexpr USHORT kMaxAnsiBytes = 0xFFFE;

void TerminateIfRoom(UNICODE_STRING *string) {
    if (static_cast<size_t>(string->Length) + sizeof(WCHAR) <= string->MaximumLength) {
        string->Buffer[string->Length / sizeof(WCHAR)] = 0;
    }
}

NTSTATUS Append(UNICODE_STRING *destination, const WCHAR *source, size_t bytes) {
    if (bytes == 0) return STATUS_SUCCESS;
    if (destination->Length + bytes > destination->MaximumLength) return STATUS_BUFFER_TOO_SMALL;
    std::memmove(reinterpret_cast<char *>(destination->Buffer) + destination->Length, source, bytes);
    destination->Length = static_cast<USHORT>(destination->Length + bytes);
    TerminateIfRoom(destination);
    return STATUS_SUCCESS;
}

// Difference of the first differing characters, else of the lengths in bytes.
LONG CompareWide(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN caseInsensitive) {
    size_t common = (a->Length < b->Length ? a->Length : b->Length) / sizeof(WCHAR);
    for (size_t i = 0; i < common; ++i) {
        WCHAR x = caseInsensitive ? UpcaseUnit(a->Buffer[i]) : a->Buffer[i];
        WCHAR y = caseInsensitive ? UpcaseUnit(b->Buffer[i]) : b->Buffer[i];
        LONG difference = static_cast<LONG>(static_cast<char16_t>(x)) - static_cast<LONG>(static_cast<char16_t>(y));
        if (difference != 0) return difference;
    }
    return static_cast<LONG>(a->Length) - static_cast<LONG>(b->Length);
}

LONG CompareNarrow(const STRING *a, const STRING *b, BOOLEAN caseInsensitive) {
    size_t common = a->Length < b->Length ? a->Length : b->Length;
    for (size_t i = 0; i < common; ++i) {
        int x = static_cast<unsigned char>(a->Buffer[i]);
        int y = static_cast<unsigned char>(b->Buffer[i]);
        if (caseInsensitive) {
            x = std::toupper(x);
            y = std::toupper(y);
        }
        if (x != y) return x - y;
    }
    return static_cast<LONG>(a->Length) - static_cast<LONG>(b->Length);
}

int DigitValue(unsigned unit) {
    if (unit >= '0' && unit <= '9') return static_cast<int>(unit - '0');
    if (unit >= 'A' && unit <= 'Z') return static_cast<int>(unit - 'A' + 10);
    if (unit >= 'a' && unit <= 'z') return static_cast<int>(unit - 'a' + 10);
    return -1;
}

// Leading blanks (<= ' '), a sign, a 0b/0o/0x prefix when Base is 0, then digits until
// the first character that is not a digit of the base. Overflow wraps, as on Windows.
template <typename Unit>
NTSTATUS ParseInteger(const Unit *text, size_t count, ULONG base, PULONG value) {
    size_t i = 0;
    while (i < count && static_cast<unsigned>(text[i]) <= ' ') ++i;
    bool negative = false;
    if (i < count && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        ++i;
    }
    if (base == 0) {
        base = 10;
        if (i + 1 < count && text[i] == '0') {
            if (text[i + 1] == 'b') base = 2;
            if (text[i + 1] == 'o') base = 8;
            if (text[i + 1] == 'x') base = 16;
            if (base != 10) i += 2;
        }
    } else if (base != 2 && base != 8 && base != 10 && base != 16) {
        return STATUS_INVALID_PARAMETER;
    }
    if (value == nullptr) return STATUS_ACCESS_VIOLATION;
    ULONG total = 0;
    for (; i < count; ++i) {
        int digit = DigitValue(static_cast<unsigned>(text[i]));
        if (digit < 0 || static_cast<ULONG>(digit) >= base) break;
        total = total * base + static_cast<ULONG>(digit);
    }
    *value = negative ? 0u - total : total;
    return STATUS_SUCCESS;
}

// Digits upper-case; Length is set even when the text does not fit (then the buffer is
// untouched and the result is STATUS_BUFFER_OVERFLOW).
NTSTATUS FormatInteger(ULONGLONG value, ULONG base, PUNICODE_STRING string) {
    if (base == 0) base = 10;
    if (base != 2 && base != 8 && base != 10 && base != 16) return STATUS_INVALID_PARAMETER;
    WCHAR digits[65];
    size_t position = 64;
    digits[position] = 0;
    do {
        unsigned digit = static_cast<unsigned>(value % base);
        digits[--position] = static_cast<WCHAR>(digit < 10 ? '0' + digit : 'A' + digit - 10);
        value /= base;
    } while (value != 0);
    size_t count = 64 - position;
    string->Length = static_cast<USHORT>(count * sizeof(WCHAR));
    if (string->Length >= string->MaximumLength) return STATUS_BUFFER_OVERFLOW;
    std::memcpy(string->Buffer, digits + position, (count + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTSTATUS ChangeCase(PUNICODE_STRING destination, PCUNICODE_STRING source, BOOLEAN allocate, bool upper) {
    USHORT length = source->Length;
    if (allocate) {
        auto *buffer = static_cast<PWCH>(AllocateStringPool(length));
        if (buffer == nullptr && length != 0) return STATUS_NO_MEMORY;
        destination->Buffer = buffer;
        destination->MaximumLength = length;
    } else if (length > destination->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (size_t i = 0; i < length / sizeof(WCHAR); ++i) {
        destination->Buffer[i] = upper ? UpcaseUnit(source->Buffer[i]) : DowncaseUnit(source->Buffer[i]);
    }
    destination->Length = length;
    return STATUS_SUCCESS;
}

}  // namespace
}  // namespace kwmi::rtl

using namespace kwmi::rtl;

extern "C" {

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
    DestinationString->Buffer = const_cast<PWCH>(SourceString);
    if (SourceString == nullptr) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    size_t bytes = kwmi_wcslen16(SourceString) * sizeof(WCHAR);
    if (bytes > kMaxUnicodeBytes) bytes = kMaxUnicodeBytes;  // clamped, as Windows does
    DestinationString->Length = static_cast<USHORT>(bytes);
    DestinationString->MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
}

NTSTATUS RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
    DestinationString->Length = DestinationString->MaximumLength = 0;
    DestinationString->Buffer = const_cast<PWCH>(SourceString);
    if (SourceString == nullptr) return STATUS_SUCCESS;
    size_t bytes = kwmi_wcslen16(SourceString) * sizeof(WCHAR);
    if (bytes > kMaxUnicodeBytes) return STATUS_NAME_TOO_LONG;
    DestinationString->Length = static_cast<USHORT>(bytes);
    DestinationString->MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString) {
    DestinationString->Buffer = const_cast<PCHAR>(SourceString);
    if (SourceString == nullptr) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    size_t bytes = std::strlen(SourceString);
    if (bytes > kMaxAnsiBytes - 1) bytes = kMaxAnsiBytes - 1;
    DestinationString->Length = static_cast<USHORT>(bytes);
    DestinationString->MaximumLength = static_cast<USHORT>(bytes + 1);
}

NTSTATUS RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSZ SourceString) {
    DestinationString->Length = DestinationString->MaximumLength = 0;
    DestinationString->Buffer = const_cast<PCHAR>(SourceString);
    if (SourceString == nullptr) return STATUS_SUCCESS;
    size_t bytes = std::strlen(SourceString);
    if (bytes > kMaxAnsiBytes - 1) return STATUS_NAME_TOO_LONG;
    DestinationString->Length = static_cast<USHORT>(bytes);
    DestinationString->MaximumLength = static_cast<USHORT>(bytes + 1);
    return STATUS_SUCCESS;
}

VOID RtlInitString(PSTRING DestinationString, PCSZ SourceString) { RtlInitAnsiString(DestinationString, SourceString); }

// Copies what fits (truncating silently), NUL-terminating when there is room.
VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
    if (SourceString == nullptr) {
        DestinationString->Length = 0;
        return;
    }
    USHORT bytes = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                           : DestinationString->MaximumLength;
    bytes = static_cast<USHORT>(bytes & ~1u);
    std::memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
    DestinationString->Length = bytes;
    TerminateIfRoom(DestinationString);
}

VOID RtlCopyString(PSTRING DestinationString, const STRING *SourceString) {
    if (SourceString == nullptr) {
        DestinationString->Length = 0;
        return;
    }
    USHORT bytes = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                           : DestinationString->MaximumLength;
    std::memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
    DestinationString->Length = bytes;
    if (bytes < DestinationString->MaximumLength) DestinationString->Buffer[bytes] = 0;
}

NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source) {
    if (Source == nullptr) return STATUS_SUCCESS;
    return Append(Destination, Source, kwmi_wcslen16(Source) * sizeof(WCHAR));
}

NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source) {
    return Append(Destination, Source->Buffer, Source->Length);
}

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
    if (String1->Length != String2->Length) return FALSE;
    return CompareWide(String1, String2, CaseInSensitive) == 0 ? TRUE : FALSE;
}

LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
    return CompareWide(String1, String2, CaseInSensitive);
}

BOOLEAN RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
    if (String1->Length > String2->Length) return FALSE;
    UNICODE_STRING head{String1->Length, String1->Length, String2->Buffer};
    return CompareWide(String1, &head, CaseInSensitive) == 0 ? TRUE : FALSE;
}

BOOLEAN RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive) {
    if (String1->Length != String2->Length) return FALSE;
    return CompareNarrow(String1, String2, CaseInSensitive) == 0 ? TRUE : FALSE;
}

LONG RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive) {
    return CompareNarrow(String1, String2, CaseInSensitive);
}

WCHAR RtlUpcaseUnicodeChar(WCHAR SourceCharacter) { return UpcaseUnit(SourceCharacter); }
WCHAR RtlDowncaseUnicodeChar(WCHAR SourceCharacter) { return DowncaseUnit(SourceCharacter); }
CHAR RtlUpperChar(CHAR Character) {
    return static_cast<CHAR>(std::toupper(static_cast<unsigned char>(Character)));
}

NTSTATUS RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                BOOLEAN AllocateDestinationString) {
    return ChangeCase(DestinationString, SourceString, AllocateDestinationString, true);
}

NTSTATUS RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                  BOOLEAN AllocateDestinationString) {
    return ChangeCase(DestinationString, SourceString, AllocateDestinationString, false);
}

NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value) {
    if (String == nullptr) return STATUS_INVALID_PARAMETER;
    return ParseInteger(String->Buffer, String->Length / sizeof(WCHAR), Base, Value);
}

NTSTATUS RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value) {
    if (String == nullptr) return STATUS_INVALID_PARAMETER;
    return ParseInteger(String, std::strlen(String), Base, Value);
}

NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String) {
    return FormatInteger(Value, Base, String);
}

NTSTATUS RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String) {
    return FormatInteger(Value, Base, String);
}

// Bytes widen to WCHARs (ASCII/Latin-1). The result is NUL-terminated, so the destination
// needs room for one more character than the source.
NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
                                      BOOLEAN AllocateDestinationString) {
    size_t needed = (static_cast<size_t>(SourceString->Length) + 1) * sizeof(WCHAR);
    if (needed > 0xFFFF) return STATUS_INVALID_PARAMETER_2;
    if (AllocateDestinationString) {
        auto *buffer = static_cast<PWCH>(AllocateStringPool(needed));
        if (buffer == nullptr) return STATUS_NO_MEMORY;
        DestinationString->Buffer = buffer;
        DestinationString->MaximumLength = static_cast<USHORT>(needed);
    } else if (needed > DestinationString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (USHORT i = 0; i < SourceString->Length; ++i) {
        DestinationString->Buffer[i] = static_cast<WCHAR>(static_cast<unsigned char>(SourceString->Buffer[i]));
    }
    DestinationString->Buffer[SourceString->Length] = 0;
    DestinationString->Length = static_cast<USHORT>(needed - sizeof(WCHAR));
    return STATUS_SUCCESS;
}

// Characters above 0xFF become '?'. Without allocation a short destination receives what
// fits (terminated) and the result is STATUS_BUFFER_OVERFLOW.
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString) {
    size_t characters = SourceString->Length / sizeof(WCHAR);
    size_t needed = characters + 1;
    if (needed > 0xFFFF) return STATUS_INVALID_PARAMETER_2;
    NTSTATUS status = STATUS_SUCCESS;
    if (AllocateDestinationString) {
        auto *buffer = static_cast<PCHAR>(AllocateStringPool(needed));
        if (buffer == nullptr) return STATUS_NO_MEMORY;
        DestinationString->Buffer = buffer;
        DestinationString->MaximumLength = static_cast<USHORT>(needed);
    } else if (needed > DestinationString->MaximumLength) {
        if (DestinationString->MaximumLength == 0) return STATUS_BUFFER_OVERFLOW;
        characters = DestinationString->MaximumLength - 1u;
        status = STATUS_BUFFER_OVERFLOW;
    }
    for (size_t i = 0; i < characters; ++i) {
        auto unit = static_cast<char16_t>(SourceString->Buffer[i]);
        DestinationString->Buffer[i] = unit <= 0xFF ? static_cast<CHAR>(unit) : '?';
    }
    DestinationString->Buffer[characters] = 0;
    DestinationString->Length = static_cast<USHORT>(characters);
    return status;
}

NTSTATUS RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn, PUNICODE_STRING StringOut) {
    constexpr ULONG kValidFlags =
        RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE | RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING;
    if (StringIn == nullptr || StringOut == nullptr || (Flags & ~kValidFlags) ||
        StringIn->Length > StringIn->MaximumLength || (StringIn->Buffer == nullptr && StringIn->Length != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (StringIn->Length == 0 && !(Flags & RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING)) {
        StringOut->Length = StringOut->MaximumLength = 0;
        StringOut->Buffer = nullptr;
        return STATUS_SUCCESS;
    }
    size_t bytes = StringIn->Length;
    if (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) bytes += sizeof(WCHAR);
    if (bytes > 0xFFFF) return STATUS_NAME_TOO_LONG;
    auto *buffer = static_cast<PWCH>(AllocateStringPool(bytes));
    if (buffer == nullptr) return STATUS_NO_MEMORY;
    if (StringIn->Length != 0) std::memcpy(buffer, StringIn->Buffer, StringIn->Length);
    if (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) buffer[StringIn->Length / sizeof(WCHAR)] = 0;
    StringOut->Buffer = buffer;
    StringOut->Length = StringIn->Length;
    StringOut->MaximumLength = static_cast<USHORT>(bytes);
    return STATUS_SUCCESS;
}

VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString) {
    if (UnicodeString->Buffer != nullptr) FreeStringPool(UnicodeString->Buffer);
    UnicodeString->Buffer = nullptr;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

VOID RtlFreeAnsiString(PANSI_STRING AnsiString) {
    if (AnsiString->Buffer != nullptr) FreeStringPool(AnsiString->Buffer);
    AnsiString->Buffer = nullptr;
    AnsiString->Length = AnsiString->MaximumLength = 0;
}

}  // extern "C"
