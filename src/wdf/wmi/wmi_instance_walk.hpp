// wmi_instance_walk.hpp - QUERY_ALL_DATA's walk over a provider's instances by index (spec
// §5.4 step 7). KMDF takes the lock, walks to index i and references the instance for every
// i, so a removal during the request can skip an instance or end the walk early (§8 quirk 4).
// The walk keeps that meaning at a fraction of the cost: it reads a batch of positions under
// one lock and uses them while the provider's list version is unchanged; after any insertion
// or removal it returns to the lock for the next index. Instead of a reference per instance,
// the provider keeps (referenced) every instance that leaves its list while a walk is under
// way, until the last walk ends.
#pragma once

#include "wmi_handler.hpp"

#include <array>
#include <cstdint>

namespace kwmi::wdf::wmi {

class InstanceWalk {
public:
    InstanceWalk(WmiHandler &handler, WmiProvider &provider) : handler_(handler), provider_(provider) {}
    ~InstanceWalk();
    InstanceWalk(const InstanceWalk &) = delete;
    InstanceWalk &operator=(const InstanceWalk &) = delete;

    // The instance at `index` now (indexes ascending), alive until the walk ends; nullptr when
    // the list is shorter.
    WmiInstance *At(ULONG index);

private:
    static constexpr ULONG kBatch = 64;

    WmiHandler &handler_;
    WmiProvider &provider_;
    std::array<WmiInstance *, kBatch> batch_{};
    ULONG first_ = 0; // index of batch_[0]
    ULONG count_ = 0;
    std::uint64_t version_ = 0; // the list version the batch was read at
    bool begun_ = false;
};

} // namespace kwmi::wdf::wmi
