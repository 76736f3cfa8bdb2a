// memory.cpp - RtlCompareMemory and RtlCompareMemoryUlong.
#include <kwmi_rtl.h>

#include <cstring>

extern "C" {

SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length) {
    const auto *a = static_cast<const unsigned char *>(Source1);
    const auto *b = static_cast<const unsigned char *>(Source2);
    SIZE_T matching = 0;
    while (matching < Length && a[matching] == b[matching]) ++matching;
    return matching;
}

// Compares whole ULONGs only (Length rounded down to a multiple of 4); returns bytes.
SIZE_T RtlCompareMemoryUlong(PVOID Source, SIZE_T Length, ULONG Pattern) {
    const auto *bytes = static_cast<const unsigned char *>(Source);
    SIZE_T matching = 0;
    for (; matching + sizeof(ULONG) <= Length; matching += sizeof(ULONG)) {
        ULONG value;
        std::memcpy(&value, bytes + matching, sizeof value);
        if (value != Pattern) break;
    }
    return matching;
}

}  // extern "C"
