// wmi_instance_walk.cpp - batched, version-checked instance positions (see the header).
#include "wmi_instance_walk.hpp"

namespace kwmi::wdf::wmi {

InstanceWalk::~InstanceWalk()
{
    if (begun_) {
        handler_.EndWalk(provider_);
    }
}

WmiInstance *InstanceWalk::At(ULONG index)
{
    const bool inBatch = index >= first_ && index - first_ < count_;
    if (!inBatch || provider_.ListVersion() != version_) {
        first_ = index;
        count_ = handler_.ListInstancesFrom(provider_, index, batch_.data(), kBatch, version_, !begun_);
        begun_ = true;
        if (count_ == 0) {
            return nullptr; // the list shrank since the count was taken
        }
    }
    return batch_[index - first_];
}

} // namespace kwmi::wdf::wmi
