// wmi_power_policy.hpp - the framework's own WMI instances for a power-policy owner (spec §3.6):
// GUID_POWER_DEVICE_ENABLE (idle) and GUID_POWER_DEVICE_WAKE_ENABLE (wake), one BOOLEAN each.
#pragma once

#include "wmi_provider.hpp"

#include "wdf/device.hpp"

#undef min
#undef max

namespace kwmi::wdf::wmi {

// {827c0a6f-feb0-11d0-bd26-00aa00b7b32a}
inline constexpr GUID kGuidPowerDeviceEnable = {0x827c0a6f, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};
// {a9546a82-feb0-11d0-bd26-00aa00b7b32a}
inline constexpr GUID kGuidPowerDeviceWakeEnable = {0xa9546a82, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};

inline const GUID &PowerPolicyGuid(PowerPolicyWmiBlock block)
{
    return block == PowerPolicyWmiBlock::IdleEnable ? kGuidPowerDeviceEnable : kGuidPowerDeviceWakeEnable;
}

// Internal instance: function pointers of the framework instead of driver callbacks, no handle.
class PowerPolicyInstance final : public WmiInstance {
public:
    PowerPolicyInstance(std::shared_ptr<WmiProvider> provider, Device &device, PowerPolicyWmiBlock block)
        : WmiInstance(std::move(provider)), device_(device), block_(block) {}

    bool SupportsQuery() const override { return true; }
    bool SupportsSetInstance() const override { return true; }
    bool SupportsSetItem() const override { return true; }
    bool SupportsExecute() const override { return false; }

    NTSTATUS Query(ULONG outSize, void *out, ULONG *used) override;
    NTSTATUS SetInstance(ULONG inSize, void *in) override;
    NTSTATUS SetItem(ULONG itemId, ULONG inSize, void *in) override;
    NTSTATUS Execute(ULONG, ULONG, ULONG, void *, ULONG *used) override
    {
        *used = 0;
        return kStatusInvalidDeviceRequest;
    }

private:
    bool Enabled() const;
    void Apply(bool enabled);

    Device &device_;
    PowerPolicyWmiBlock block_;
};

} // namespace kwmi::wdf::wmi
