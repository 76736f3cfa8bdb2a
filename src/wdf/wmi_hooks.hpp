// The seam between the device core and the per-device WMI IRP handler (src/wdf/wmi).
// The core never depends on the WMI code: src/wdf/wmi registers a factory, and every
// WDFDEVICE (FDO, filter, PDO, control device) gets one hooks instance from it at creation.
// The device calls the hooks in KMDF's order (kmdf-wmi-semantics.md §4.2, §3.5):
//   WdfDeviceCreate           -> factory(device), then PostCreate() (failure fails the create)
//   start (after PrepareHardware, D0Entry, SelfManagedIoInit) -> Register(); failure fails start
//   surprise/graceful remove, start failure (cleanup-for-remove, after ReleaseHardware)
//                             -> Deregister()
//   final removal, after EvtDeviceSelfManagedIoCleanup and before dispose -> Cleanup()
//   PDO restart after a remove that kept the PDO -> ResetForRestart(), then Register()
//   control device: WdfControlFinishInitializing -> Register() (status ignored);
//                   WdfObjectDelete -> Deregister(); dispose -> OnDeviceDispose()
//   every device dispose      -> OnDeviceDispose() (children such as providers are disposed
//                                 before it)
//   IRP_MJ_SYSTEM_CONTROL     -> DispatchSystemControl(irp) at PASSIVE_LEVEL; the hooks own
//                                 completion/forwarding (Device::ForwardOrCompleteUnhandledIrp)
//   WdfDeviceAssignS0IdleSettings / WdfDeviceAssignSxWakeSettings on a power-policy owner
//                             -> OnPowerPolicyUserControl(); its failure is the DDI's status.
// Deregister() and Cleanup() are called at PASSIVE_LEVEL and may block.
#pragma once

#include <wdf.h>

#include <memory>

namespace kwmi::wdf {

class Device;

enum class PowerPolicyWmiBlock {
    IdleEnable,  // GUID_POWER_DEVICE_ENABLE, from WdfDeviceAssignS0IdleSettings
    WakeEnable,  // GUID_POWER_DEVICE_WAKE_ENABLE, from WdfDeviceAssignSxWakeSettings
};

class DeviceWmiHooks {
public:
    virtual ~DeviceWmiHooks() = default;
    virtual NTSTATUS PostCreate() { return STATUS_SUCCESS; }
    virtual NTSTATUS DispatchSystemControl(PIRP irp) = 0;
    virtual NTSTATUS Register() = 0;
    virtual void Deregister() = 0;
    virtual void Cleanup() = 0;
    virtual void ResetForRestart() {}
    virtual void OnDeviceDispose() {}
    virtual NTSTATUS OnPowerPolicyUserControl(PowerPolicyWmiBlock block, bool allowUserControl) {
        (void)block;
        (void)allowUserControl;
        return STATUS_SUCCESS;
    }
};

using DeviceWmiHooksFactory = std::unique_ptr<DeviceWmiHooks> (*)(Device &device);

// Installs the factory used for devices created from now on (null: devices get no hooks;
// their IRP_MJ_SYSTEM_CONTROL is forwarded/completed unchanged).
void SetDeviceWmiHooksFactory(DeviceWmiHooksFactory factory) noexcept;
DeviceWmiHooksFactory GetDeviceWmiHooksFactory() noexcept;

// Convenience for a static registration in the WMI object library:
//   static kwmi::wdf::DeviceWmiHooksRegistrar registrar{&MakeHooks};
struct DeviceWmiHooksRegistrar {
    explicit DeviceWmiHooksRegistrar(DeviceWmiHooksFactory factory) noexcept {
        SetDeviceWmiHooksFactory(factory);
    }
};

}  // namespace kwmi::wdf
