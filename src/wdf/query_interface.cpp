// Driver-defined interfaces (wdfqueryinterface.h, WdfFdoQueryForInterface): what a device
// exposes through IRP_MN_QUERY_INTERFACE, and the query an FDO sends down its stack.
#include "wdf/device.hpp"

#include "wdf/driver_callback.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

#include <cstring>

namespace kwmi::wdf {
namespace {

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status) {
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS SignalOnCompletion(PDEVICE_OBJECT, PIRP, PVOID context) {
    KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

}  // namespace

NTSTATUS Device::AddQueryInterface(const WDF_QUERY_INTERFACE_CONFIG &config) {
    if (config.Size != sizeof(WDF_QUERY_INTERFACE_CONFIG)) return STATUS_INFO_LENGTH_MISMATCH;
    if (config.InterfaceType == nullptr) return STATUS_INVALID_PARAMETER;
    if (config.SendQueryToParentStack && kind_ != DeviceKind::Pdo) return STATUS_INVALID_PARAMETER;
    if (config.Interface == nullptr && !config.SendQueryToParentStack && !config.ImportInterface) {
        return STATUS_INVALID_PARAMETER;
    }
    if (config.ImportInterface && config.EvtDeviceProcessQueryInterfaceRequest == nullptr) {
        return STATUS_INVALID_PARAMETER;  // only the callback can read what the requester passed
    }
    if (config.Interface != nullptr && config.Interface->Size < sizeof(INTERFACE)) return STATUS_INVALID_PARAMETER;
    QueryInterfaceEntry entry;
    entry.type = *config.InterfaceType;
    entry.sendToParentStack = config.SendQueryToParentStack != FALSE;
    entry.importInterface = config.ImportInterface != FALSE;
    entry.callback = config.EvtDeviceProcessQueryInterfaceRequest;
    if (config.Interface != nullptr) {
        // The framework keeps its own copy: the driver's structure may be on its stack.
        entry.exposed.assign((config.Interface->Size + 7) / 8, 0);
        std::memcpy(entry.exposed.data(), config.Interface, config.Interface->Size);
        auto *exposed = reinterpret_cast<INTERFACE *>(entry.exposed.data());
        if (exposed->InterfaceReference == nullptr) exposed->InterfaceReference = WdfDeviceInterfaceReferenceNoOp;
        if (exposed->InterfaceDereference == nullptr) exposed->InterfaceDereference = WdfDeviceInterfaceDereferenceNoOp;
    }
    std::lock_guard lock(logMutex_);
    queryInterfaces_.push_back(std::move(entry));  // no duplicate check: the first one answers
    return STATUS_SUCCESS;
}

bool Device::AnswerQueryInterface(const GUID &type, PINTERFACE out, USHORT size, USHORT version, PVOID specific,
                                  NTSTATUS &status) {
    QueryInterfaceEntry entry;
    {
        std::lock_guard lock(logMutex_);
        auto it = std::find_if(queryInterfaces_.begin(), queryInterfaces_.end(), [&](const QueryInterfaceEntry &e) {
            return std::memcmp(&e.type, &type, sizeof(GUID)) == 0;
        });
        if (it == queryInterfaces_.end()) return false;
        entry = *it;
    }
    const auto *exposed = entry.exposed.empty() ? nullptr : reinterpret_cast<const INTERFACE *>(entry.exposed.data());
    if (exposed != nullptr) {
        if (exposed->Size > size || exposed->Version > version || out == nullptr) {
            status = STATUS_INVALID_BUFFER_SIZE;  // the requester cannot take this interface
            return true;
        }
        if (!entry.importInterface) std::memcpy(out, exposed, exposed->Size);  // the stored size, not the request's
    }
    status = STATUS_SUCCESS;
    if (entry.callback != nullptr) {
        GUID requested = type;
        const NTSTATUS processed = CallDriverCallback("EvtDeviceProcessQueryInterfaceRequest", this, Globals(),
                                                      entry.callback, static_cast<WDFDEVICE>(Handle()), &requested, out,
                                                      specific);
        if (!NT_SUCCESS(processed) && processed != STATUS_NOT_SUPPORTED) {  // NOT_SUPPORTED: carry on
            status = processed;
            return true;
        }
    }
    if (entry.sendToParentStack && parentDevice_ != nullptr) {
        // A PDO passing the query on: the top of its bus's stack answers. If nobody there
        // does, the IRP keeps the status it came with (the query was not handled here).
        const NTSTATUS forwarded = SendQueryInterface(IoGetAttachedDevice(parentDevice_->WdmDeviceObject()), type, out,
                                                      size, version, specific);
        if (forwarded == STATUS_NOT_SUPPORTED) return false;
        status = forwarded;
        return true;
    }
    // The exporter references what it hands out; the requester dereferences it.
    if (out != nullptr && out->InterfaceReference != nullptr) out->InterfaceReference(out->Context);
    return true;
}

NTSTATUS Device::SendQueryInterface(PDEVICE_OBJECT target, const GUID &type, PINTERFACE out, USHORT size,
                                    USHORT version, PVOID specific) {
    PIRP irp = IoAllocateIrp(target->StackSize, FALSE);
    if (irp == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;  // what an IRP_MJ_PNP nobody handles returns
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_PNP;
    next->MinorFunction = IRP_MN_QUERY_INTERFACE;
    next->Parameters.QueryInterface.InterfaceType = &type;
    next->Parameters.QueryInterface.Size = size;
    next->Parameters.QueryInterface.Version = version;
    next->Parameters.QueryInterface.Interface = out;
    next->Parameters.QueryInterface.InterfaceSpecificData = specific;
    IoSetCompletionRoutine(irp, &SignalOnCompletion, &done, TRUE, TRUE, TRUE);
    try {
        if (IoCallDriver(target, irp) == STATUS_PENDING) {
            KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
        }
    } catch (...) {
        IoFreeIrp(irp);  // a bug check in a driver below: the IRP is still ours
        throw;
    }
    const NTSTATUS status = irp->IoStatus.Status;
    IoFreeIrp(irp);
    return status;
}

NTSTATUS Device::DispatchPnp(PDEVICE_OBJECT deviceObject, PIRP irp) {
    Device *device = FromDeviceObject(deviceObject);
    if (device == nullptr) return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    DriverCallScope scope(device->Globals());
    const PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    if (stack->MinorFunction == IRP_MN_QUERY_INTERFACE && stack->Parameters.QueryInterface.InterfaceType != nullptr) {
        const auto &query = stack->Parameters.QueryInterface;
        NTSTATUS status = STATUS_NOT_SUPPORTED;
        if (device->AnswerQueryInterface(*query.InterfaceType, query.Interface, query.Size, query.Version,
                                         query.InterfaceSpecificData, status)) {
            if (device->IsPdo()) return CompleteIrp(irp, status);
            irp->IoStatus.Status = status;  // an FDO answers, then lets the drivers below filter it
        }
    }
    // Not ours: an FDO or filter passes it down, a PDO completes it unchanged.
    return device->ForwardOrCompleteUnhandledIrp(irp);
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

extern "C" {

NTSTATUS WdfDeviceAddQueryInterface(WDFDEVICE Device, PWDF_QUERY_INTERFACE_CONFIG InterfaceConfig) {
    KWMI_DDI_ENTRY(WdfDeviceAddQueryInterface);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(InterfaceConfig, "WdfDeviceAddQueryInterface");
    if (device->IsControlDevice()) return STATUS_INVALID_DEVICE_REQUEST;
    return device->AddQueryInterface(*InterfaceConfig);
}

NTSTATUS WdfFdoQueryForInterface(WDFDEVICE Fdo, LPCGUID InterfaceType, PINTERFACE Interface, USHORT Size,
                                 USHORT Version, PVOID InterfaceSpecificData) {
    KWMI_DDI_ENTRY(WdfFdoQueryForInterface);
    kwmi::wdf::Device *fdo = Resolve<kwmi::wdf::Device>(Fdo);
    KWMI_WDF_REQUIRE_POINTER(InterfaceType, "WdfFdoQueryForInterface");
    KWMI_WDF_REQUIRE_POINTER(Interface, "WdfFdoQueryForInterface");
    if (fdo->IsPdo() || fdo->IsControlDevice()) return STATUS_INVALID_PARAMETER;
    // To the top of the device's own stack: its own interfaces answer first.
    return fdo->SendQueryInterface(IoGetAttachedDevice(fdo->WdmDeviceObject()), *InterfaceType, Interface, Size, Version,
                                   InterfaceSpecificData);
}

}  // extern "C"
