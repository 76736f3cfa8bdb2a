// Pool tracker: every outstanding pool block with its tag, size, type, owner and site, so
// frees can be checked the way Windows checks them and leaks can be reported per driver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <kwmi/kernel.hpp>

namespace kwmi::nt {

class PoolTracker {
public:
    struct Block {
        std::size_t size = 0;
        std::uint32_t tag = 0;
        std::uint32_t poolType = 0;
        const void* site = nullptr;
        const _DRIVER_OBJECT* owner = nullptr;
        std::uint64_t sequence = 0;
    };

    enum class FreeResult { Ok, NotPool, AlreadyFreed, TagMismatch };

    PoolTracker() = default;
    ~PoolTracker();
    PoolTracker(const PoolTracker&) = delete;
    PoolTracker& operator=(const PoolTracker&) = delete;

    // Allocates `size` bytes (16-byte aligned, 64 with cacheAligned); zeroed or filled with
    // a recognisable pattern. Returns null when out of memory.
    void* Allocate(std::size_t size, std::uint32_t tag, std::uint32_t poolType, bool zero, bool cacheAligned,
                   const void* site, const _DRIVER_OBJECT* owner);

    // Looks the block up without freeing it (for the IRQL check that needs its pool type).
    bool Find(const void* address, Block& out) const;
    // The outstanding block whose bytes hold `address` (start or interior): its start in
    // `base`. Exact starts are O(1); interior pointers walk the blocks.
    bool FindContaining(const void* address, const void*& base, Block& out) const;

    // Frees the block. With checkTag, a different tag (ignoring PROTECTED_POOL) fails with
    // TagMismatch and the block stays allocated; `actualTag` receives the allocator's tag.
    FreeResult Free(void* address, bool checkTag, std::uint32_t tag, std::uint32_t& actualTag);

    std::vector<PoolAllocationInfo> Outstanding(const _DRIVER_OBJECT* owner, bool all) const;

    // Modules whose code allocates for a driver (dladdr base address -> driver).
    void AddModule(const void* moduleBase, const _DRIVER_OBJECT* driver);
    void RemoveDriver(const _DRIVER_OBJECT* driver);
    const _DRIVER_OBJECT* OwnerOfSite(const void* site) const;

    // Frees everything still outstanding (kernel shutdown).
    void ReleaseAll();

private:
    static constexpr std::size_t kFreedHistory = 4096;

    mutable std::mutex mutex_;
    std::unordered_map<const void*, Block> blocks_;
    std::unordered_set<const void*> recentlyFreed_;
    std::vector<const void*> freedOrder_;
    std::vector<std::pair<const void*, const _DRIVER_OBJECT*>> modules_;
    std::uint64_t sequence_ = 0;
};

// For other layers (the WMI service checks event buffers against it): the block of the
// current kernel's pool that holds `address`; false when there is no kernel or the address
// is not inside an outstanding pool block. `base`/`size` may be null.
bool QueryPoolBlock(const void* address, const void** base, std::size_t* size);

// Tag as the four characters in memory order, non-printable bytes as '.'.
std::string PoolTagText(std::uint32_t tag);

}  // namespace kwmi::nt
