// io_wmi_api.cpp - the IoWMI* DDIs drivers call (wdm_wmi.h), forwarded to the current
// kernel's WMI service.
#include <wdm.h>

#include <map>
#include <mutex>

#include <kwmi/wmi_service.hpp>

#include "service_impl.hpp"

using kwmi::wmi::Service;

namespace {

Service* Wmi() { return Service::Current(); }

std::u16string_view NameOf(PUNICODE_STRING name) {
    if (!name || !name->Buffer) return {};
    return {reinterpret_cast<const char16_t*>(name->Buffer), name->Length / 2u};
}

// Kernel-mode consumers act with the system's identity.
kwmi::wmi::BlockHandle* AsBlock(PVOID object) {
    return static_cast<kwmi::wmi::BlockHandle*>(object);
}

// IoWMISetNotificationCallback registrations, one per open block object.
std::mutex gCallbacksMutex;
std::map<std::pair<Service*, PVOID>, std::uint64_t>& Callbacks() {
    static std::map<std::pair<Service*, PVOID>, std::uint64_t> callbacks;
    return callbacks;
}

void DropCallback(Service& wmi, PVOID object) {
    std::uint64_t id = 0;
    {
        std::lock_guard guard(gCallbacksMutex);
        auto it = Callbacks().find({&wmi, object});
        if (it == Callbacks().end()) return;
        id = it->second;
        Callbacks().erase(it);
    }
    wmi.Unsubscribe(id);
}

}  // namespace

extern "C" {

NTSTATUS IoWMIRegistrationControl(PDEVICE_OBJECT DeviceObject, ULONG Action) {
    Service* wmi = Wmi();
    return wmi ? wmi->RegistrationControl(DeviceObject, Action) : STATUS_UNSUCCESSFUL;
}

ULONG IoWMIDeviceObjectToProviderId(PDEVICE_OBJECT DeviceObject) {
    Service* wmi = Wmi();
    return wmi ? wmi->ProviderIdOf(DeviceObject) : 0;
}

NTSTATUS IoWMIWriteEvent(PVOID WnodeEventItem) {
    Service* wmi = Wmi();
    return wmi ? wmi->WriteEvent(WnodeEventItem) : STATUS_UNSUCCESSFUL;
}

NTSTATUS IoWMIAllocateInstanceIds(const GUID* Guid, ULONG InstanceCount, ULONG* FirstInstanceId) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!Guid) return STATUS_INVALID_PARAMETER;
    return wmi->AllocateInstanceIds(*Guid, InstanceCount, FirstInstanceId);
}

NTSTATUS IoWMISuggestInstanceName(PDEVICE_OBJECT PhysicalDeviceObject,
                                  PUNICODE_STRING SymbolicLinkName, BOOLEAN CombineNames,
                                  PUNICODE_STRING SuggestedInstanceName) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!SuggestedInstanceName || (!PhysicalDeviceObject && !SymbolicLinkName))
        return STATUS_INVALID_PARAMETER;
    std::u16string name;
    if (PhysicalDeviceObject) name = wmi->DeviceInstancePath(PhysicalDeviceObject);
    if (SymbolicLinkName && (CombineNames || !PhysicalDeviceObject)) {
        if (!name.empty()) name += u"_";
        name += NameOf(SymbolicLinkName);
    }
    if (name.size() * 2 > 0xFFFC) return STATUS_INVALID_PARAMETER;
    auto bytes = static_cast<USHORT>(name.size() * 2);
    auto* buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, bytes + 2u, 'iimW'));
    if (!buffer) return STATUS_INSUFFICIENT_RESOURCES;
    std::memcpy(buffer, name.data(), bytes);
    buffer[name.size()] = 0;
    SuggestedInstanceName->Buffer = buffer;
    SuggestedInstanceName->Length = bytes;
    SuggestedInstanceName->MaximumLength = static_cast<USHORT>(bytes + 2);
    return STATUS_SUCCESS;
}

NTSTATUS IoWMIOpenBlock(const GUID* Guid, ULONG DesiredAccess, PVOID* DataBlockObject) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!Guid || !DataBlockObject) return STATUS_INVALID_PARAMETER;
    kwmi::wmi::BlockHandle* handle = nullptr;
    NTSTATUS status = wmi->Open(*Guid, DesiredAccess, kwmi::wmi::Identity::System(), &handle);
    *DataBlockObject = handle;
    return status;
}

VOID KwmiIoWMICloseBlock(PVOID DataBlockObject) {
    if (Service* wmi = Wmi()) {
        DropCallback(*wmi, DataBlockObject);
        wmi->Close(AsBlock(DataBlockObject));
    }
}

NTSTATUS IoWMIQueryAllData(PVOID DataBlockObject, PULONG InOutBufferSize, PVOID OutBuffer) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!InOutBufferSize) return STATUS_INVALID_PARAMETER;
    kwmi::wmi::Bytes out;
    NTSTATUS status = wmi->QueryAllData(AsBlock(DataBlockObject), out);
    if (!NT_SUCCESS(status)) return status;
    if (!OutBuffer || *InOutBufferSize < out.size()) {
        *InOutBufferSize = static_cast<ULONG>(out.size());
        return STATUS_BUFFER_TOO_SMALL;
    }
    std::memcpy(OutBuffer, out.data(), out.size());
    *InOutBufferSize = static_cast<ULONG>(out.size());
    return STATUS_SUCCESS;
}

NTSTATUS IoWMIQuerySingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                  PULONG InOutBufferSize, PVOID OutBuffer) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!InOutBufferSize || !InstanceName) return STATUS_INVALID_PARAMETER;
    kwmi::wmi::Bytes out;
    NTSTATUS status = wmi->QuerySingleInstance(AsBlock(DataBlockObject), NameOf(InstanceName), out);
    if (!NT_SUCCESS(status)) return status;
    if (!OutBuffer || *InOutBufferSize < out.size()) {
        *InOutBufferSize = static_cast<ULONG>(out.size());
        return STATUS_BUFFER_TOO_SMALL;
    }
    std::memcpy(OutBuffer, out.data(), out.size());
    *InOutBufferSize = static_cast<ULONG>(out.size());
    return STATUS_SUCCESS;
}

NTSTATUS IoWMISetSingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG Version,
                                ULONG ValueBufferSize, PVOID ValueBuffer) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!InstanceName || Version != 0 || (ValueBufferSize && !ValueBuffer))
        return STATUS_INVALID_PARAMETER;
    return wmi->SetSingleInstance(AsBlock(DataBlockObject), NameOf(InstanceName),
                                  {static_cast<const std::uint8_t*>(ValueBuffer), ValueBufferSize});
}

NTSTATUS IoWMISetSingleItem(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG DataItemId,
                            ULONG Version, ULONG ValueBufferSize, PVOID ValueBuffer) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!InstanceName || Version != 0 || (ValueBufferSize && !ValueBuffer))
        return STATUS_INVALID_PARAMETER;
    return wmi->SetSingleItem(AsBlock(DataBlockObject), NameOf(InstanceName), DataItemId,
                              {static_cast<const std::uint8_t*>(ValueBuffer), ValueBufferSize});
}

NTSTATUS IoWMIExecuteMethod(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG MethodId,
                            ULONG InBufferSize, PULONG OutBufferSize, PUCHAR InOutBuffer) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!InstanceName || !OutBufferSize || ((InBufferSize || *OutBufferSize) && !InOutBuffer))
        return STATUS_INVALID_PARAMETER;
    kwmi::wmi::Bytes out;
    ULONG needed = 0;
    NTSTATUS status = wmi->ExecuteMethod(AsBlock(DataBlockObject), NameOf(InstanceName), MethodId,
                                         {InOutBuffer, InBufferSize}, *OutBufferSize, out, &needed);
    if (status == STATUS_BUFFER_TOO_SMALL) {
        *OutBufferSize = needed;
        return status;
    }
    if (!NT_SUCCESS(status)) return status;
    if (!out.empty()) std::memcpy(InOutBuffer, out.data(), out.size());
    *OutBufferSize = static_cast<ULONG>(out.size());
    return STATUS_SUCCESS;
}

NTSTATUS IoWMISetNotificationCallback(PVOID Object, WMI_NOTIFICATION_CALLBACK Callback,
                                      PVOID Context) {
    Service* wmi = Wmi();
    if (!wmi) return STATUS_UNSUCCESSFUL;
    if (!wmi->IsValidHandle(AsBlock(Object))) return STATUS_INVALID_HANDLE;
    DropCallback(*wmi, Object);  // a new callback replaces the previous one
    if (!Callback) return STATUS_SUCCESS;
    std::uint64_t id = 0;
    NTSTATUS status = wmi->Subscribe(
        AsBlock(Object)->guid, AsBlock(Object)->who,
        [Callback, Context](const WNODE_HEADER* wnode, std::uint32_t) {
            Callback(const_cast<WNODE_HEADER*>(wnode), Context);
        },
        &id);
    if (!NT_SUCCESS(status)) return status;
    std::lock_guard guard(gCallbacksMutex);
    Callbacks()[{wmi, Object}] = id;
    return STATUS_SUCCESS;
}

}  // extern "C"
