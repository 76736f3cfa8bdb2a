// kernel_stubs.hpp - stand-ins for the kernel routines kwmi_rtl calls (KeGetCurrentIrql,
// KeBugCheckEx, ExAllocatePool2, ExFreePoolWithTag), so the RTL is tested on its own.
#pragma once

#include <ntdef.h>

#include <array>
#include <cstddef>

namespace kwmi::rtl_test {

// Thrown by the KeBugCheckEx stub.
struct StubBugCheck {
    ULONG code;
    std::array<ULONG_PTR, 4> parameters;
};

void SetStubIrql(KIRQL irql);

struct PoolStats {
    std::size_t allocations;
    std::size_t frees;
    ULONG64 lastFlags;
    ULONG lastTag;
    ULONG lastFreeTag;
};
PoolStats GetPoolStats();
void ResetPoolStats();
// The next `count` allocations fail (return NULL).
void FailNextAllocations(int count);

}  // namespace kwmi::rtl_test
