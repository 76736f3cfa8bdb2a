// wmi_provider.cpp - instance list maintenance. The list is an array so a request finds an
// instance by index in O(1). Appending and removing are O(1) (a removal leaves a hole); the
// holes are closed, and the instances renumbered, once before the next lookup by position.
#include "wmi_provider.hpp"

namespace kwmi::wdf::wmi {

void WmiProvider::CompactLocked() const
{
    if (holes_ == 0) {
        return;
    }
    ULONG kept = 0;
    for (auto &slot : slots_) {
        if (slot) {
            slot->slot_ = kept;
            slots_[kept++] = std::move(slot);
        }
    }
    slots_.resize(kept);
    holes_ = 0;
}

ULONG WmiProvider::InstancesFromLocked(ULONG first, WmiInstance **out, ULONG max) const
{
    CompactLocked();
    ULONG taken = 0;
    for (; taken < max && first + taken < slots_.size(); ++taken) {
        out[taken] = slots_[first + taken].get();
    }
    return taken;
}

void WmiProvider::InsertInstanceLocked(const std::shared_ptr<WmiInstance> &instance, bool atHead)
{
    if (atHead) {
        CompactLocked();
        slots_.insert(slots_.begin(), instance);
        for (ULONG i = 0; i < slots_.size(); ++i) {
            slots_[i]->slot_ = i;
        }
    } else {
        instance->slot_ = static_cast<ULONG>(slots_.size());
        slots_.push_back(instance);
    }
    ++live_;
    listVersion_.fetch_add(1, std::memory_order_release);
    instance->listed_ = true;
}

void WmiProvider::RemoveInstanceLocked(WmiInstance &instance)
{
    if (!instance.listed_) {
        return;
    }
    listVersion_.fetch_add(1, std::memory_order_release);
    if (walks_ != 0) {
        KeepForWalksLocked(slots_[instance.slot_]);
    }
    slots_[instance.slot_].reset();
    ++holes_;
    --live_;
    while (!slots_.empty() && !slots_.back()) { // trailing holes cost nothing to close
        slots_.pop_back();
        --holes_;
    }
    if (holes_ > 64 && holes_ > live_) { // bounds the array to twice the live instances
        CompactLocked();
    }
    instance.listed_ = false;
    instance.slot_ = 0;
}

void WmiProvider::ClearInstancesLocked()
{
    for (const auto &instance : slots_) {
        if (instance) {
            instance->listed_ = false;
            instance->slot_ = 0;
            if (walks_ != 0) {
                KeepForWalksLocked(instance);
            }
        }
    }
    slots_.clear();
    holes_ = 0;
    live_ = 0;
    listVersion_.fetch_add(1, std::memory_order_release);
}

void WmiProvider::KeepForWalksLocked(const std::shared_ptr<WmiInstance> &instance)
{
    instance->ReferenceForRequest();
    keptForWalks_.push_back(instance);
}

std::vector<std::shared_ptr<WmiInstance>> WmiProvider::EndWalkLocked()
{
    if (--walks_ != 0) {
        return {};
    }
    return std::move(keptForWalks_);
}

} // namespace kwmi::wdf::wmi
