// IRP dispatch for framework devices: IRP_MJ_SYSTEM_CONTROL to the WMI hooks, device control
// to the default queue, create/close/cleanup completed; each first through the driver's WDM
// preprocess callback when it registered one for that major (and minor) function.
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

PFN_WDFDEVICE_WDM_IRP_PREPROCESS Device::PreprocessFor(PIRP irp) const {
    const PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    const IrpPreprocess &entry = preprocess_[stack->MajorFunction];
    return entry.Applies(stack->MinorFunction) ? entry.callback : nullptr;
}

namespace {

NTSTATUS CallPreprocess(Device &device, PFN_WDFDEVICE_WDM_IRP_PREPROCESS callback, PIRP irp) {
    return CallDriverCallback("EvtDeviceWdmIrpPreprocess", &device, device.Globals(), callback, device.Handle(), irp);
}

}  // namespace

NTSTATUS DispatchPreprocessed(Device &device, PIRP irp) {
    // The driver skipped its stack location before handing the IRP back; restore it.
    IoSetNextIrpStackLocation(irp);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    switch (stack->MajorFunction) {
    case IRP_MJ_SYSTEM_CONTROL: return device.DispatchSystemControlCore(irp);
    case IRP_MJ_DEVICE_CONTROL: return device.DispatchDeviceControlCore(irp);
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP: return CompleteIrp(irp, STATUS_SUCCESS);
    default: return device.ForwardOrCompleteUnhandledIrp(irp);
    }
}

NTSTATUS Device::DispatchSystemControl(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device == nullptr) return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    if (device->PnpState() == DevicePnpState::Removed) return CompleteIrp(irp, STATUS_DELETE_PENDING);
    DriverCallScope scope(device->Globals());
    if (auto preprocess = device->PreprocessFor(irp)) return CallPreprocess(*device, preprocess, irp);
    return device->DispatchSystemControlCore(irp);
}

NTSTATUS Device::DispatchDeviceControl(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device == nullptr) return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    DriverCallScope scope(device->Globals());
    if (auto preprocess = device->PreprocessFor(irp)) return CallPreprocess(*device, preprocess, irp);
    return device->DispatchDeviceControlCore(irp);
}

NTSTATUS Device::DispatchDeviceControlCore(PIRP irp) {
    IoQueue *queue = DefaultQueue();
    if (queue == nullptr || !queue->HandlesDeviceControl()) return ForwardOrCompleteUnhandledIrpOrFail(irp);
    return queue->DispatchIrp(irp);
}

NTSTATUS Device::ForwardOrCompleteUnhandledIrpOrFail(PIRP irp) {
    // Filters pass I/O they do not handle down; function drivers fail it.
    if (kind_ == DeviceKind::Filter && lowerDevice_ != nullptr) return ForwardOrCompleteUnhandledIrp(irp);
    return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS Device::DispatchCreateClose(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device != nullptr) {
        DriverCallScope scope(device->Globals());
        if (auto preprocess = device->PreprocessFor(irp)) return CallPreprocess(*device, preprocess, irp);
    }
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
