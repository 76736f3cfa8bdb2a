// wmi_power_policy.cpp - query/set of the framework power-policy WMI instances (spec §3.6).
#include "wmi_power_policy.hpp"

namespace kwmi::wdf::wmi {

bool PowerPolicyInstance::Enabled() const
{
    return block_ == PowerPolicyWmiBlock::IdleEnable ? device_.IdleEnabled() : device_.WakeEnabled();
}

void PowerPolicyInstance::Apply(bool enabled)
{
    if (block_ == PowerPolicyWmiBlock::IdleEnable) {
        device_.SetIdleEnabled(enabled);
    } else {
        device_.SetWakeEnabled(enabled);
    }
}

NTSTATUS PowerPolicyInstance::Query(ULONG outSize, void *out, ULONG *used)
{
    *used = sizeof(BOOLEAN);
    if (outSize < sizeof(BOOLEAN)) {
        return kStatusBufferTooSmall;
    }
    *static_cast<BOOLEAN *>(out) = Enabled() ? TRUE : FALSE;
    return kStatusSuccess;
}

NTSTATUS PowerPolicyInstance::SetInstance(ULONG inSize, void *in)
{
    if (inSize < sizeof(BOOLEAN) || in == nullptr) {
        return kStatusBufferTooSmall;
    }
    Apply(*static_cast<const BOOLEAN *>(in) != FALSE);
    return kStatusSuccess;
}

NTSTATUS PowerPolicyInstance::SetItem(ULONG itemId, ULONG inSize, void *in)
{
    if (itemId != 0) {
        return kStatusInvalidDeviceRequest;
    }
    if (inSize < sizeof(BOOLEAN) || in == nullptr) {
        return kStatusBufferTooSmall;
    }
    Apply(*static_cast<const BOOLEAN *>(in) != FALSE);
    return kStatusSuccess;
}

} // namespace kwmi::wdf::wmi
