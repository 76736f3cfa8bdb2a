// Pool tracker implementation.
#include "pool_tracker.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <kwmi/bugcheck.hpp>

#include "kernel_impl.hpp"

namespace kwmi::nt {

namespace {
// Fill pattern of uninitialised pool, so code that relies on zeroed memory misbehaves visibly.
constexpr unsigned char kUninitializedFill = 0xCD;
}  // namespace

std::string PoolTagText(std::uint32_t tag) {
    std::string text(4, '.');
    for (int i = 0; i < 4; ++i) {
        const auto c = static_cast<unsigned char>((tag >> (8 * i)) & 0xFF);
        if (c >= 0x20 && c < 0x7F) text[i] = static_cast<char>(c);
    }
    return text;
}

PoolTracker::~PoolTracker() { ReleaseAll(); }

void* PoolTracker::Allocate(std::size_t size, std::uint32_t tag, std::uint32_t poolType, bool zero,
                            bool cacheAligned, const void* site, const _DRIVER_OBJECT* owner) {
    const std::size_t alignment = cacheAligned ? 64 : 16;
    const std::size_t rounded = ((size == 0 ? 1 : size) + alignment - 1) / alignment * alignment;
    void* memory = std::aligned_alloc(alignment, rounded);
    if (memory == nullptr) return nullptr;
    std::memset(memory, zero ? 0 : kUninitializedFill, rounded);
    std::lock_guard lock(mutex_);
    Block block;
    block.size = size;
    block.tag = tag;
    block.poolType = poolType;
    block.site = site;
    block.owner = owner;
    block.sequence = ++sequence_;
    blocks_[memory] = block;
    recentlyFreed_.erase(memory);
    return memory;
}

bool PoolTracker::Find(const void* address, Block& out) const {
    std::lock_guard lock(mutex_);
    const auto it = blocks_.find(address);
    if (it == blocks_.end()) return false;
    out = it->second;
    return true;
}

bool PoolTracker::FindContaining(const void* address, const void*& base, Block& out) const {
    std::lock_guard lock(mutex_);
    if (const auto it = blocks_.find(address); it != blocks_.end()) {
        base = it->first;
        out = it->second;
        return true;
    }
    const auto target = reinterpret_cast<std::uintptr_t>(address);
    for (const auto& [start, block] : blocks_) {
        const auto first = reinterpret_cast<std::uintptr_t>(start);
        if (target >= first && target - first < std::max<std::size_t>(block.size, 1)) {
            base = start;
            out = block;
            return true;
        }
    }
    return false;
}

bool QueryPoolBlock(const void* address, const void** base, std::size_t* size) {
    if (address == nullptr || Kernel::Current() == nullptr) return false;
    const void* start = nullptr;
    PoolTracker::Block block;
    if (!RequireKernel("QueryPoolBlock").pool.FindContaining(address, start, block)) return false;
    if (base) *base = start;
    if (size) *size = block.size;
    return true;
}

PoolTracker::FreeResult PoolTracker::Free(void* address, bool checkTag, std::uint32_t tag, std::uint32_t& actualTag) {
    {
        std::lock_guard lock(mutex_);
        const auto it = blocks_.find(address);
        if (it == blocks_.end()) {
            return recentlyFreed_.count(address) != 0 ? FreeResult::AlreadyFreed : FreeResult::NotPool;
        }
        actualTag = it->second.tag;
        constexpr std::uint32_t kProtected = 0x80000000u;
        if (checkTag && ((tag & ~kProtected) != (actualTag & ~kProtected))) return FreeResult::TagMismatch;
        blocks_.erase(it);
        if (freedOrder_.size() >= kFreedHistory) {
            recentlyFreed_.erase(freedOrder_.front());
            freedOrder_.erase(freedOrder_.begin());
        }
        recentlyFreed_.insert(address);
        freedOrder_.push_back(address);
    }
    std::free(address);
    return FreeResult::Ok;
}

std::vector<PoolAllocationInfo> PoolTracker::Outstanding(const _DRIVER_OBJECT* owner, bool all) const {
    std::vector<PoolAllocationInfo> result;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [address, block] : blocks_) {
            if (!all && block.owner != owner) continue;
            PoolAllocationInfo info;
            info.address = address;
            info.size = block.size;
            info.tag = block.tag;
            info.tagText = PoolTagText(block.tag);
            info.poolType = block.poolType;
            info.site = block.site;
            info.owner = block.owner;
            info.sequence = block.sequence;
            result.push_back(std::move(info));
        }
    }
    std::sort(result.begin(), result.end(),
              [](const PoolAllocationInfo& a, const PoolAllocationInfo& b) { return a.sequence < b.sequence; });
    for (auto& info : result) info.siteSymbol = SymbolizeAddress(info.site);
    return result;
}

void PoolTracker::AddModule(const void* moduleBase, const _DRIVER_OBJECT* driver) {
    std::lock_guard lock(mutex_);
    modules_.emplace_back(moduleBase, driver);
}

void PoolTracker::RemoveDriver(const _DRIVER_OBJECT* driver) {
    std::lock_guard lock(mutex_);
    std::erase_if(modules_, [driver](const auto& entry) { return entry.second == driver; });
}

const _DRIVER_OBJECT* PoolTracker::OwnerOfSite(const void* site) const {
    {
        std::lock_guard lock(mutex_);
        if (modules_.empty() || site == nullptr) return nullptr;
    }
    Dl_info info{};
    if (dladdr(site, &info) == 0) return nullptr;
    std::lock_guard lock(mutex_);
    for (const auto& [base, driver] : modules_) {
        if (base == info.dli_fbase) return driver;
    }
    return nullptr;
}

void PoolTracker::ReleaseAll() {
    std::lock_guard lock(mutex_);
    for (auto& [address, block] : blocks_) std::free(const_cast<void*>(address));
    blocks_.clear();
    recentlyFreed_.clear();
    freedOrder_.clear();
}

}  // namespace kwmi::nt
