// The minimal I/O surface: a default WDFQUEUE that presents the device's IRP_MJ_DEVICE_CONTROL
// (and buffered read/write) IRPs as WDFREQUESTs.
#pragma once

#include "wdf/object.hpp"

#include <wdf.h>

namespace kwmi::wdf {

class Device;

class IoQueue final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Queue;
    IoQueue(DriverGlobals *globals, Device *device, const WDF_IO_QUEUE_CONFIG &config);

    Device *GetDevice() const noexcept { return device_; }
    bool HandlesDeviceControl() const noexcept;
    // Marks the IRP pending, presents it to the driver and returns STATUS_PENDING.
    NTSTATUS DispatchIrp(PIRP irp);

private:
    ~IoQueue() override = default;
    void OnDispose() override;

    Device *device_;
    WDF_IO_QUEUE_CONFIG config_;
};

}  // namespace kwmi::wdf
