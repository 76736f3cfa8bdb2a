// raw_irp.hpp - sends one IRP_MJ_SYSTEM_CONTROL IRP with caller-chosen stack parameters to
// the top of a device's stack, the way the WMI service does, but without its checks: any
// ProviderId, DataPath and (honest) BufferSize. The buffer is the caller's exact allocation,
// so ASan sees any access past it.
#pragma once

#include <ntddk.h>

#include <cstdint>

namespace kwmi::fuzz {

struct RawIrpResult {
    NTSTATUS status = 0;
    ULONG_PTR information = 0;
    bool completed = false;
};

inline NTSTATUS RawIrpCompleted(PDEVICE_OBJECT, PIRP, PVOID context) {
    *static_cast<bool*>(context) = true;
    return STATUS_MORE_PROCESSING_REQUIRED;  // the IRP is ours: freed by the sender
}

inline RawIrpResult SendRawWmiIrp(PDEVICE_OBJECT device, UCHAR minor, ULONG_PTR providerId, void* dataPath,
                                  ULONG bufferSize, void* buffer, NTSTATUS initialStatus) {
    RawIrpResult result;
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(device);
    PIRP irp = IoAllocateIrp(static_cast<CCHAR>(top->StackSize), FALSE);
    if (irp == nullptr) {
        ObDereferenceObject(top);
        return result;
    }
    irp->IoStatus.Status = initialStatus;
    irp->IoStatus.Information = 0;
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    stack->MinorFunction = minor;
    stack->Parameters.WMI.ProviderId = providerId;
    stack->Parameters.WMI.DataPath = dataPath;
    stack->Parameters.WMI.BufferSize = bufferSize;
    stack->Parameters.WMI.Buffer = buffer;
    IoSetCompletionRoutine(irp, &RawIrpCompleted, &result.completed, TRUE, TRUE, TRUE);
    (void)IoCallDriver(top, irp);
    result.status = irp->IoStatus.Status;
    result.information = irp->IoStatus.Information;
    IoFreeIrp(irp);
    ObDereferenceObject(top);
    return result;
}

}  // namespace kwmi::fuzz
