// guid_strings.cpp - RtlGUIDFromString / RtlStringFromGUID: the registry form
// "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (38 characters, upper-case when produced).
#include <kwmi_rtl.h>

#include <cstdio>

#include "rtl_pool.hpp"

namespace kwmi::rtl {
namespace {

constexpr size_t kGuidChars = 38;

int HexValue(WCHAR c) {
    auto unit = static_cast<char16_t>(c);
    if (unit >= u'0' && unit <= u'9') return unit - u'0';
    if (unit >= u'a' && unit <= u'f') return unit - u'a' + 10;
    if (unit >= u'A' && unit <= u'F') return unit - u'A' + 10;
    return -1;
}

// Reads `digits` hex digits at text[position]; false on a non-hex character.
bool ReadHex(const WCHAR *text, size_t position, int digits, unsigned long long *value) {
    *value = 0;
    for (int i = 0; i < digits; ++i) {
        int nibble = HexValue(text[position + static_cast<size_t>(i)]);
        if (nibble < 0) return false;
        *value = (*value << 4) | static_cast<unsigned>(nibble);
    }
    return true;
}

}  // namespace
}  // namespace kwmi::rtl

extern "C" {

NTSTATUS RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID *Guid) {
    using kwmi::rtl::ReadHex;
    if (GuidString == nullptr || Guid == nullptr || GuidString->Buffer == nullptr ||
        GuidString->Length != kwmi::rtl::kGuidChars * sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    const WCHAR *text = GuidString->Buffer;
    if (text[0] != L'{' || text[9] != L'-' || text[14] != L'-' || text[19] != L'-' || text[24] != L'-' ||
        text[37] != L'}') {
        return STATUS_INVALID_PARAMETER;
    }
    unsigned long long data1 = 0, data2 = 0, data3 = 0, byte = 0;
    GUID parsed{};
    if (!ReadHex(text, 1, 8, &data1) || !ReadHex(text, 10, 4, &data2) || !ReadHex(text, 15, 4, &data3)) {
        return STATUS_INVALID_PARAMETER;
    }
    static const size_t kBytePositions[8] = {20, 22, 25, 27, 29, 31, 33, 35};
    for (int i = 0; i < 8; ++i) {
        if (!ReadHex(text, kBytePositions[i], 2, &byte)) return STATUS_INVALID_PARAMETER;
        parsed.Data4[i] = static_cast<unsigned char>(byte);
    }
    parsed.Data1 = static_cast<unsigned int>(data1);
    parsed.Data2 = static_cast<unsigned short>(data2);
    parsed.Data3 = static_cast<unsigned short>(data3);
    *Guid = parsed;
    return STATUS_SUCCESS;
}

NTSTATUS RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString) {
    constexpr size_t bytes = (kwmi::rtl::kGuidChars + 1) * sizeof(WCHAR);
    auto *buffer = static_cast<PWCH>(kwmi::rtl::AllocateStringPool(bytes));
    if (buffer == nullptr) return STATUS_NO_MEMORY;
    char text[kwmi::rtl::kGuidChars + 1];
    std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", Guid.Data1, Guid.Data2,
                  Guid.Data3, Guid.Data4[0], Guid.Data4[1], Guid.Data4[2], Guid.Data4[3], Guid.Data4[4],
                  Guid.Data4[5], Guid.Data4[6], Guid.Data4[7]);
    for (size_t i = 0; i <= kwmi::rtl::kGuidChars; ++i) buffer[i] = static_cast<WCHAR>(text[i]);
    GuidString->Buffer = buffer;
    GuidString->Length = static_cast<USHORT>(kwmi::rtl::kGuidChars * sizeof(WCHAR));
    GuidString->MaximumLength = static_cast<USHORT>(bytes);
    return STATUS_SUCCESS;
}

}  // extern "C"
