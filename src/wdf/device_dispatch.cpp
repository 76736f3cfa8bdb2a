// IRP dispatch for framework devices: IRP_MJ_SYSTEM_CONTROL to the WMI hooks (optionally
// through the driver's WDM preprocess callback), device control to the default queue.
#include "wdf/device.hpp"

#include "wdf/driver_callback.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/io_queue.hpp"
#include "verifier/verifier.hpp"

namespace kwmi::wdf {
namespace {

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR information = 0) {
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

}  // namespace

NTSTATUS Device::ForwardOrCompleteUnhandledIrp(PIRP irp) {
    if (lowerDevice_ != nullptr) {
        IoSkipCurrentIrpStackLocation(irp);
        return IoCallDriver(lowerDevice_, irp);
    }
    const NTSTATUS status = irp->IoStatus.Status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS Device::DispatchSystemControlCore(PIRP irp) {
    if (hooks_ != nullptr) return hooks_->DispatchSystemControl(irp);
    return ForwardOrCompleteUnhandledIrp(irp);
}

NTSTATUS DispatchPreprocessed(Device &device, PIRP irp) {
    // The driver skipped its stack location before handing the IRP back; restore it.
    IoSetNextIrpStackLocation(irp);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    if (stack->MajorFunction == IRP_MJ_SYSTEM_CONTROL) return device.DispatchSystemControlCore(irp);
    return device.ForwardOrCompleteUnhandledIrp(irp);
}

NTSTATUS Device::DispatchSystemControl(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device == nullptr) return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    if (device->PnpState() == DevicePnpState::Removed) return CompleteIrp(irp, STATUS_DELETE_PENDING);
    DriverCallScope scope(device->Globals());
    if (device->systemControlPreprocess_ != nullptr) {
        return CallDriverCallback("EvtDeviceWdmIrpPreprocess", device, device->Globals(),
                                  device->systemControlPreprocess_, device->Handle(), irp);
    }
    return device->DispatchSystemControlCore(irp);
}

NTSTATUS Device::DispatchDeviceControl(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device == nullptr) return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    DriverCallScope scope(device->Globals());
    IoQueue *queue = device->DefaultQueue();
    if (queue == nullptr || !queue->HandlesDeviceControl()) {
        return device->ForwardOrCompleteUnhandledIrpOrFail(irp);
    }
    return queue->DispatchIrp(irp);
}

NTSTATUS Device::ForwardOrCompleteUnhandledIrpOrFail(PIRP irp) {
    // Filters pass I/O they do not handle down; function drivers fail it.
    if (kind_ == DeviceKind::Filter && lowerDevice_ != nullptr) return ForwardOrCompleteUnhandledIrp(irp);
    return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS Device::DispatchCreateClose(PDEVICE_OBJECT deviceObject, PIRP irp) {
    (void)deviceObject;
    return CompleteIrp(irp, STATUS_SUCCESS);
}

NTSTATUS Device::DispatchDefault(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device == nullptr) return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    return device->ForwardOrCompleteUnhandledIrpOrFail(irp);
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

extern "C" NTSTATUS WdfDeviceWdmDispatchPreprocessedIrp(WDFDEVICE Device, PIRP Irp) {
    KWMI_DDI_ENTRY(WdfDeviceWdmDispatchPreprocessedIrp);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(Irp, "WdfDeviceWdmDispatchPreprocessedIrp");
    return DispatchPreprocessed(*device, Irp);
}
