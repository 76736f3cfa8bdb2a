// wmi_provider.cpp - instance list maintenance. The list is an array so a request finds an
// instance by index in O(1); each instance caches its index, renumbered on insert/remove.
#include "wmi_provider.hpp"

#include <algorithm>

namespace kwmi::wdf::wmi {

void WmiProvider::InsertInstanceLocked(const std::shared_ptr<WmiInstance> &instance, bool atHead)
{
    if (atHead) {
        instances_.insert(instances_.begin(), instance);
        for (ULONG i = 0; i < instances_.size(); ++i) {
            instances_[i]->index_ = i;
        }
    } else {
        instance->index_ = static_cast<ULONG>(instances_.size());
        instances_.push_back(instance);
    }
    instance->listed_ = true;
}

void WmiProvider::RemoveInstanceLocked(WmiInstance &instance)
{
    if (!instance.listed_) {
        return;
    }
    const ULONG index = instance.index_;
    instances_.erase(instances_.begin() + index);
    for (ULONG i = index; i < instances_.size(); ++i) {
        instances_[i]->index_ = i;
    }
    instance.listed_ = false;
    instance.index_ = 0;
}

void WmiProvider::ClearInstancesLocked()
{
    for (const auto &instance : instances_) {
        instance->listed_ = false;
        instance->index_ = 0;
    }
    instances_.clear();
}

} // namespace kwmi::wdf::wmi
