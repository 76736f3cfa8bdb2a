// Pool DDIs: tagged allocations charged to the calling driver, IRQL rules of paged and
// nonpaged pool, and the BAD_POOL_CALLER checks of ExFreePool(WithTag).
#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "kernel_impl.hpp"

namespace {

using kwmi::nt::PoolTracker;

constexpr ULONG kUntaggedTag = 0x656E6F4E;  // "None", the tag of the untagged ExAllocatePool
constexpr POOL_FLAGS kKnownRequiredFlags = POOL_FLAG_LAST_KNOWN_REQUIRED * 2 - 1;
constexpr POOL_FLAGS kRequiredFlagsMask = POOL_FLAG_REQUIRED_END * 2 - 1;

bool IsPaged(std::uint32_t poolType) { return (poolType & 1u) != 0; }

std::string TypeName(std::uint32_t poolType) { return IsPaged(poolType) ? "paged" : "nonpaged"; }

void* Allocate(std::uint32_t poolType, SIZE_T size, ULONG tag, bool zero, bool cacheAligned, const void* site) {
    const KIRQL irql = KeGetCurrentIrql();
    const KIRQL maxIrql = IsPaged(poolType) ? APC_LEVEL : DISPATCH_LEVEL;
    if (irql > maxIrql) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kBadPoolCaller, 0x08, irql, poolType, size, "PoolAllocationIrql",
                                "A " + TypeName(poolType) + " pool allocation was made at IRQL " + std::to_string(irql) +
                                    " (the limit is " + std::to_string(maxIrql) + ").",
                                site);
    }
    auto& k = kwmi::nt::RequireKernel("ExAllocatePool");
    return k.pool.Allocate(size, tag, poolType, zero, cacheAligned, site, k.AllocationOwner(site));
}

void Free(PVOID p, bool checkTag, ULONG tag, const void* site) {
    auto& k = kwmi::nt::RequireKernel("ExFreePool");
    const auto address = reinterpret_cast<std::uintptr_t>(p);
    PoolTracker::Block block;
    if (k.pool.Find(p, block)) {
        const KIRQL irql = KeGetCurrentIrql();
        const KIRQL maxIrql = IsPaged(block.poolType) ? APC_LEVEL : DISPATCH_LEVEL;
        if (irql > maxIrql) {
            kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kBadPoolCaller, 0x09, irql, block.poolType, address,
                                    "PoolFreeIrql",
                                    "A " + TypeName(block.poolType) + " pool block was freed at IRQL " +
                                        std::to_string(irql) + ".",
                                    site);
        }
    }
    std::uint32_t actualTag = 0;
    switch (k.pool.Free(p, checkTag, tag, actualTag)) {
        case PoolTracker::FreeResult::Ok:
            return;
        case PoolTracker::FreeResult::TagMismatch:
            kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kBadPoolCaller, 0x0A, address, actualTag, tag, "PoolFreeTagMismatch",
                                    "ExFreePoolWithTag was called with tag '" + kwmi::nt::PoolTagText(tag) +
                                        "' on a block allocated with tag '" + kwmi::nt::PoolTagText(actualTag) + "'.",
                                    site);
        case PoolTracker::FreeResult::AlreadyFreed:
            kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kBadPoolCaller, 0x07, 0, 0, address, "PoolDoubleFree",
                                    "A pool block was freed twice.", site);
        case PoolTracker::FreeResult::NotPool:
            kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kBadPoolCaller, 0x42, address, 0, 0, "PoolFreeNotPool",
                                    "ExFreePool was called on an address that was never allocated from pool.", site);
    }
}

}  // namespace

extern "C" {

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
    const void* site = __builtin_return_address(0);
    const POOL_FLAGS kinds = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED_EXECUTE);
    if (kinds == 0 || (kinds & (kinds - 1)) != 0) return nullptr;            // exactly one pool kind
    if ((Flags & kRequiredFlagsMask & ~kKnownRequiredFlags) != 0) return nullptr;  // unknown required flag
    std::uint32_t type = (Flags & POOL_FLAG_PAGED) != 0            ? PagedPool
                         : (Flags & POOL_FLAG_NON_PAGED_EXECUTE) != 0 ? NonPagedPoolExecute
                                                                      : NonPagedPoolNx;
    const bool cacheAligned = (Flags & POOL_FLAG_CACHE_ALIGNED) != 0;
    if (cacheAligned) type += 4;
    return Allocate(type, NumberOfBytes, Tag, (Flags & POOL_FLAG_UNINITIALIZED) == 0, cacheAligned, site);
}

PVOID ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag, PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                      ULONG ExtendedParametersCount) {
    (void)ExtendedParameters;
    (void)ExtendedParametersCount;  // priority/NUMA hints do not change a simulated allocation
    const void* site = __builtin_return_address(0);
    const POOL_FLAGS kinds = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED_EXECUTE);
    if (kinds == 0 || (kinds & (kinds - 1)) != 0) return nullptr;
    std::uint32_t type = (Flags & POOL_FLAG_PAGED) != 0            ? PagedPool
                         : (Flags & POOL_FLAG_NON_PAGED_EXECUTE) != 0 ? NonPagedPoolExecute
                                                                      : NonPagedPoolNx;
    const bool cacheAligned = (Flags & POOL_FLAG_CACHE_ALIGNED) != 0;
    if (cacheAligned) type += 4;
    return Allocate(type, NumberOfBytes, Tag, (Flags & POOL_FLAG_UNINITIALIZED) == 0, cacheAligned, site);
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
    return Allocate(PoolType, NumberOfBytes, Tag, false, (PoolType & 4) != 0, __builtin_return_address(0));
}

PVOID ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, EX_POOL_PRIORITY Priority) {
    (void)Priority;
    return Allocate(PoolType, NumberOfBytes, Tag, false, (PoolType & 4) != 0, __builtin_return_address(0));
}

PVOID ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
    return Allocate(PoolType, NumberOfBytes, Tag, false, (PoolType & 4) != 0, __builtin_return_address(0));
}

PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
    return Allocate(PoolType, NumberOfBytes, Tag, true, (PoolType & 4) != 0, __builtin_return_address(0));
}

PVOID ExAllocatePoolQuotaZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
    return Allocate(PoolType, NumberOfBytes, Tag, true, (PoolType & 4) != 0, __builtin_return_address(0));
}

PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
    return Allocate(PoolType, NumberOfBytes, Tag, false, (PoolType & 4) != 0, __builtin_return_address(0));
}

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes) {
    return Allocate(PoolType, NumberOfBytes, kUntaggedTag, false, (PoolType & 4) != 0, __builtin_return_address(0));
}

// Tag 0 checks nothing: ExFreePool(P) is ExFreePoolWithTag(P, 0) on Windows.
VOID ExFreePoolWithTag(PVOID P, ULONG Tag) { Free(P, Tag != 0, Tag, __builtin_return_address(0)); }

VOID ExFreePool(PVOID P) { Free(P, false, 0, __builtin_return_address(0)); }

VOID ExFreePool2(PVOID P, ULONG Tag, PCPOOL_EXTENDED_PARAMETER ExtendedParameters, ULONG ExtendedParametersCount) {
    (void)ExtendedParameters;
    (void)ExtendedParametersCount;
    Free(P, Tag != 0, Tag, __builtin_return_address(0));
}

VOID KwmiNoteDriverRuntimeInit(ULONG RuntimeFlags) { (void)RuntimeFlags; }

}  // extern "C"
