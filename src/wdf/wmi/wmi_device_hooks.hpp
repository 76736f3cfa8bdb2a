// wmi_device_hooks.hpp - the DeviceWmiHooks every WDFDEVICE gets from src/wdf/wmi: owns the
// device's WmiHandler, dispatches IRP_MJ_SYSTEM_CONTROL and maintains the framework's
// power-policy instances.
#pragma once

#include "wmi_handler.hpp"
#include "wmi_power_policy.hpp"

#include "wdf/device.hpp"
#include "wdf/wmi_hooks.hpp"

#undef min
#undef max

namespace kwmi::wdf::wmi {

class KmdfWmiHooks final : public DeviceWmiHooks {
public:
    explicit KmdfWmiHooks(Device &device);
    ~KmdfWmiHooks() override;

    // The hooks of a device created while src/wdf/wmi was loaded (null otherwise).
    static KmdfWmiHooks *From(Device &device);

    WmiHandler &Handler() const { return *handler_; }
    Device &GetDevice() const { return device_; }

    NTSTATUS DispatchSystemControl(PIRP irp) override;
    NTSTATUS Register() override;
    void Deregister() override;
    void Cleanup() override;
    void ResetForRestart() override;
    void OnDeviceDispose() override;
    NTSTATUS OnPowerPolicyUserControl(PowerPolicyWmiBlock block, bool allowUserControl) override;

    // §2.2 step 3: has the framework created its instance for this power-policy GUID?
    bool FrameworkPowerInstanceCreated(const GUID &guid) const;

private:
    Device &device_;
    std::shared_ptr<WmiHandler> handler_;
    mutable std::mutex powerMutex_;
    std::shared_ptr<WmiInstance> powerInstances_[2];
};

} // namespace kwmi::wdf::wmi
