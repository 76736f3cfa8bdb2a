// IRP helpers shared inside the I/O manager.
#pragma once

#include <wdm.h>

namespace kwmi::nt::detail {

// Default dispatch routine of every major function: fails the IRP with
// STATUS_INVALID_DEVICE_REQUEST, as Windows' IopInvalidDeviceRequest does.
NTSTATUS InvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp);

// IRP.AllocationFlags bits used by kwmi.
inline constexpr UCHAR kIrpAllocated = 0x01;     // from IoAllocateIrp (IoFreeIrp may free it)
// A spare stack location sits between the header and location 1, so a driver that writes
// the "next" location of an IRP that has none left (Windows corrupts the IRP header then)
// stays harmless until IoCallDriver raises NO_MORE_IRP_STACK_LOCATIONS.
inline constexpr UCHAR kIrpGuardLocation = 0x02;
inline constexpr UCHAR kIrpFreeOnComplete = 0x80;  // IoBuild*Request: the I/O manager frees it

}  // namespace kwmi::nt::detail
