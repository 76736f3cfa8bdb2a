// system_control.cpp - WmiSystemControl: routes a WMI IRP to the WMILIB_CONTEXT callbacks
// (spec wmi-service-and-wnode.md §4.3) and answers REGINFO itself in the KMDF layout (§2.7)
// followed by the base-name string when the driver gives one.
#include <wmilib.h>

#include <cstring>
#include <string>

#include "pending_requests.hpp"

namespace {

constexpr ULONG kStaticFlag = WNODE_FLAG_STATIC_INSTANCE_NAMES;

ULONG Get32(const void* base, std::size_t at) {
    ULONG v;
    std::memcpy(&v, static_cast<const std::uint8_t*>(base) + at, 4);
    return v;
}
void Put32(void* base, std::size_t at, ULONG v) { std::memcpy(static_cast<std::uint8_t*>(base) + at, &v, 4); }
void PutCounted(std::uint8_t* base, std::size_t at, const UNICODE_STRING* s) {
    USHORT bytes = s ? s->Length : 0;
    std::memcpy(base + at, &bytes, 2);
    if (bytes) std::memcpy(base + at + 2, s->Buffer, bytes);
}

NTSTATUS Prepared(PIRP irp, NTSTATUS status, ULONG_PTR information,
                  PSYSCTL_IRP_DISPOSITION disposition) {
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    *disposition = IrpNotCompleted;
    return status;
}

NTSTATUS RegInfo(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, bool ex,
                 PSYSCTL_IRP_DISPOSITION disposition) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    ULONG regFlags = 0;
    UNICODE_STRING instanceName{};
    PUNICODE_STRING registryPath = nullptr;
    UNICODE_STRING mofName{};
    PDEVICE_OBJECT pdo = nullptr;
    NTSTATUS status = context->QueryWmiRegInfo(device, &regFlags, &instanceName, &registryPath,
                                               &mofName, &pdo);
    if (!NT_SUCCESS(status)) {
        if (instanceName.Buffer) ExFreePool(instanceName.Buffer);
        return Prepared(irp, status, 0, disposition);
    }
    ULONG n = context->GuidCount;
    ULONG mofAt = sizeof(WMIREGINFOW) + n * sizeof(WMIREGGUIDW);
    ULONG regAt = mofAt + 2 + mofName.Length;
    ULONG baseAt = regAt + 2 + (registryPath ? registryPath->Length : 0);
    bool hasBase = instanceName.Length > 0;
    ULONG needed = baseAt + (hasBase ? 2u + instanceName.Length : 0u);
    auto* buffer = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    ULONG capacity = stack->Parameters.WMI.BufferSize;
    if (needed > capacity) {
        if (instanceName.Buffer) ExFreePool(instanceName.Buffer);
        if (capacity < sizeof(ULONG)) return Prepared(irp, STATUS_BUFFER_TOO_SMALL, 0, disposition);
        Put32(buffer, 0, needed);
        return Prepared(irp, STATUS_SUCCESS, sizeof(ULONG), disposition);
    }
    std::memset(buffer, 0, needed);
    Put32(buffer, offsetof(WMIREGINFOW, BufferSize), needed);
    Put32(buffer, offsetof(WMIREGINFOW, RegistryPath), regAt);
    Put32(buffer, offsetof(WMIREGINFOW, MofResourceName), mofAt);
    Put32(buffer, offsetof(WMIREGINFOW, GuidCount), n);
    for (ULONG i = 0; i < n; ++i) {
        const WMIGUIDREGINFO& info = context->GuidList[i];
        std::size_t at = sizeof(WMIREGINFOW) + i * sizeof(WMIREGGUIDW);
        std::memcpy(buffer + at, info.Guid, sizeof(GUID));
        ULONG flags = info.Flags | regFlags;
        Put32(buffer, at + offsetof(WMIREGGUIDW, Flags), flags);
        Put32(buffer, at + offsetof(WMIREGGUIDW, InstanceCount), info.InstanceCount);
        ULONG_PTR unionValue = 0;
        if (flags & WMIREG_FLAG_INSTANCE_PDO) {
            unionValue = reinterpret_cast<ULONG_PTR>(pdo);
            if (ex && pdo) ObReferenceObject(pdo);  // WMI releases it
        } else if ((flags & WMIREG_FLAG_INSTANCE_BASENAME) && hasBase) {
            unionValue = baseAt;
        }
        std::memcpy(buffer + at + offsetof(WMIREGGUIDW, Pdo), &unionValue, sizeof unionValue);
    }
    PutCounted(buffer, mofAt, &mofName);
    PutCounted(buffer, regAt, registryPath);
    if (hasBase) PutCounted(buffer, baseAt, &instanceName);
    if (instanceName.Buffer) ExFreePool(instanceName.Buffer);  // WMI frees the base name
    return Prepared(irp, STATUS_SUCCESS, needed, disposition);
}

}  // namespace

extern "C" NTSTATUS WmiSystemControl(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp,
                                     PSYSCTL_IRP_DISPOSITION disposition) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    UCHAR minor = stack->MinorFunction;
    if (minor > IRP_MN_REGINFO_EX || minor == 0x0A) {
        *disposition = IrpNotWmi;
        return irp->IoStatus.Status;
    }
    if (stack->Parameters.WMI.ProviderId != reinterpret_cast<ULONG_PTR>(device)) {
        *disposition = IrpForward;
        return irp->IoStatus.Status;
    }
    if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX)
        return RegInfo(context, device, irp, minor == IRP_MN_REGINFO_EX, disposition);

    const GUID* guid = static_cast<const GUID*>(stack->Parameters.WMI.DataPath);
    ULONG index = context->GuidCount;
    for (ULONG i = 0; guid && i < context->GuidCount; ++i)
        if (std::memcmp(context->GuidList[i].Guid, guid, sizeof(GUID)) == 0) {
            index = i;
            break;
        }
    if (index == context->GuidCount)
        return Prepared(irp, STATUS_WMI_GUID_NOT_FOUND, 0, disposition);
    const WMIGUIDREGINFO& block = context->GuidList[index];

    auto* wnode = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    ULONG capacity = stack->Parameters.WMI.BufferSize;
    ULONG instance = 0;
    bool addressed = minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_CHANGE_SINGLE_INSTANCE ||
                     minor == IRP_MN_CHANGE_SINGLE_ITEM || minor == IRP_MN_EXECUTE_METHOD;
    if (addressed) {
        // WmiLib only handles index-addressed (static name) requests.
        if (capacity < sizeof(WNODE_SINGLE_INSTANCE) || !(Get32(wnode, offsetof(WNODE_HEADER, Flags)) & kStaticFlag))
            return Prepared(irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, disposition);
        instance = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex));
        if (instance >= block.InstanceCount)
            return Prepared(irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, disposition);
    }

    kwmi::wmilib::PendingRequest request;
    request.minor = minor;
    switch (minor) {
    case IRP_MN_QUERY_ALL_DATA: {
        // Spec §3.5: from 56 bytes a WNODE_TOO_SMALL fits, so the size is asked for and reported
        // (the instance array never fits below 64: the driver is called with nothing available).
        if (capacity < sizeof(WNODE_TOO_SMALL))
            return Prepared(irp, STATUS_BUFFER_TOO_SMALL, 0, disposition);
        ULONG n = block.InstanceCount;
        ULONG dataOffset = (60 + 8 * n + 7) & ~7u;
        ULONG avail = dataOffset < capacity ? capacity - dataOffset : 0;
        request.dataBlockOffset = dataOffset;
        request.instanceCount = n;
        request.lengths.assign(n ? n : 1, 0);
        kwmi::wmilib::RememberRequest(irp, std::move(request));
        *disposition = IrpProcessed;
        return context->QueryWmiDataBlock(device, irp, index, 0, n,
                                          avail ? kwmi::wmilib::LengthArray(irp) : nullptr, avail,
                                          avail ? wnode + dataOffset : nullptr);
    }
    case IRP_MN_QUERY_SINGLE_INSTANCE: {
        ULONG offset = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset));
        ULONG avail = offset < capacity ? capacity - offset : 0;
        request.dataBlockOffset = offset;
        request.instanceCount = 1;
        request.lengths.assign(1, 0);
        kwmi::wmilib::RememberRequest(irp, std::move(request));
        *disposition = IrpProcessed;
        return context->QueryWmiDataBlock(device, irp, index, instance, 1,
                                          avail ? kwmi::wmilib::LengthArray(irp) : nullptr, avail,
                                          avail ? wnode + offset : nullptr);
    }
    case IRP_MN_CHANGE_SINGLE_INSTANCE: {
        if (!context->SetWmiDataBlock) return Prepared(irp, STATUS_WMI_READ_ONLY, 0, disposition);
        ULONG offset = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset));
        ULONG size = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock));
        if (offset > capacity || size > capacity - offset)
            return Prepared(irp, STATUS_INVALID_PARAMETER, 0, disposition);
        kwmi::wmilib::RememberRequest(irp, std::move(request));
        *disposition = IrpProcessed;
        return context->SetWmiDataBlock(device, irp, index, instance, size, wnode + offset);
    }
    case IRP_MN_CHANGE_SINGLE_ITEM: {
        if (!context->SetWmiDataItem) return Prepared(irp, STATUS_WMI_READ_ONLY, 0, disposition);
        ULONG offset = Get32(wnode, offsetof(WNODE_SINGLE_ITEM, DataBlockOffset));
        ULONG size = Get32(wnode, offsetof(WNODE_SINGLE_ITEM, SizeDataItem));
        if (offset > capacity || size > capacity - offset)
            return Prepared(irp, STATUS_INVALID_PARAMETER, 0, disposition);
        kwmi::wmilib::RememberRequest(irp, std::move(request));
        *disposition = IrpProcessed;
        return context->SetWmiDataItem(device, irp, index, instance,
                                       Get32(wnode, offsetof(WNODE_SINGLE_ITEM, ItemId)), size,
                                       wnode + offset);
    }
    case IRP_MN_EXECUTE_METHOD: {
        if (!context->ExecuteWmiMethod)
            return Prepared(irp, STATUS_INVALID_DEVICE_REQUEST, 0, disposition);
        ULONG offset = Get32(wnode, offsetof(WNODE_METHOD_ITEM, DataBlockOffset));
        ULONG in = Get32(wnode, offsetof(WNODE_METHOD_ITEM, SizeDataBlock));
        if (offset > capacity || in > capacity - offset)
            return Prepared(irp, STATUS_INVALID_PARAMETER, 0, disposition);
        request.dataBlockOffset = offset;
        kwmi::wmilib::RememberRequest(irp, std::move(request));
        *disposition = IrpProcessed;
        return context->ExecuteWmiMethod(device, irp, index, instance,
                                         Get32(wnode, offsetof(WNODE_METHOD_ITEM, MethodId)), in,
                                         capacity - offset, wnode + offset);
    }
    default: {  // ENABLE/DISABLE_EVENTS, ENABLE/DISABLE_COLLECTION
        if (!context->WmiFunctionControl) return Prepared(irp, STATUS_SUCCESS, 0, disposition);
        kwmi::wmilib::RememberRequest(irp, std::move(request));
        *disposition = IrpProcessed;
        bool events = minor == IRP_MN_ENABLE_EVENTS || minor == IRP_MN_DISABLE_EVENTS;
        bool enable = minor == IRP_MN_ENABLE_EVENTS || minor == IRP_MN_ENABLE_COLLECTION;
        return context->WmiFunctionControl(device, irp, index,
                                           events ? WmiEventControl : WmiDataBlockControl,
                                           enable ? TRUE : FALSE);
    }
    }
}
