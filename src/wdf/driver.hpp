// WDFDRIVER: one per loaded driver image, created by WdfDriverCreate from DriverEntry.
#pragma once

#include "wdf/object.hpp"

#include <wdf.h>

#include <string>

namespace kwmi::wdf {

class Driver final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Driver;

    Driver(DriverGlobals *globals, PDRIVER_OBJECT driverObject, PCUNICODE_STRING registryPath,
           const WDF_DRIVER_CONFIG &config);

    PDRIVER_OBJECT WdmDriverObject() const noexcept { return driverObject_; }
    // The registry path DriverEntry received (counted, NUL-terminated copy).
    PCUNICODE_STRING RegistryPath() const noexcept { return &registryPath_; }
    const WDF_DRIVER_CONFIG &Config() const noexcept { return config_; }
    bool IsNonPnp() const noexcept { return (config_.DriverInitFlags & WdfDriverInitNonPnpDriver) != 0; }
    ULONG PoolTag() const noexcept;

    // EvtDriverDeviceAdd for a simulated PDO (the host's AddDevice).
    NTSTATUS AddDevice(PDEVICE_OBJECT physicalDeviceObject);
    // DriverUnload: EvtDriverUnload, then the driver object tree is deleted.
    void Unload();

private:
    ~Driver() override = default;
    bool CanDriverDelete() const noexcept override { return false; }

    PDRIVER_OBJECT driverObject_;
    std::u16string registryPathBuffer_;
    UNICODE_STRING registryPath_{};
    WDF_DRIVER_CONFIG config_{};
};

// The WDFDRIVER created for a WDM driver object (null if none).
Driver *DriverFromWdm(PDRIVER_OBJECT driverObject);

}  // namespace kwmi::wdf
