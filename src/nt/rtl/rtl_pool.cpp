// rtl_pool.cpp - string buffers from the kernel pool (ExAllocatePool2/ExFreePoolWithTag,
// engineer B's kernel; declared here with the standard WDK prototypes).
#include "rtl_pool.hpp"

#include <kwmi_rtl.h>

extern "C" {
PVOID ExAllocatePool2(ULONG64 Flags, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
}

namespace kwmi::rtl {
namespace {
constexpr ULONG64 kPoolFlagPaged = 0x0000000000000100ULL;  // POOL_FLAG_PAGED
}

void *AllocateStringPool(std::size_t bytes) {
    return ExAllocatePool2(kPoolFlagPaged, bytes == 0 ? 1 : bytes, KWMI_RTL_STRING_POOL_TAG);
}

void FreeStringPool(void *buffer) { ExFreePoolWithTag(buffer, KWMI_RTL_STRING_POOL_TAG); }

}  // namespace kwmi::rtl
