// wmium_api.cpp - the wmium.h C API over the current kernel's WMI service: Win32 error codes
// and the buffer-sizing protocol of spec §6.3 (too small or NULL -> ERROR_INSUFFICIENT_BUFFER
// with the size needed; success -> size returned).
#include <wmium.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>

#include <kwmi/consumer.hpp>
#include <kwmi/wmi_service.hpp>

#include "notification_registry.hpp"

using kwmi::wmi::BlockHandle;
using kwmi::wmi::NtStatusToWin32;
using kwmi::wmi::Service;

namespace {

constexpr NTSTATUS kBufferTooSmall = static_cast<NTSTATUS>(0xC0000023u);

std::u16string_view View(LPCWSTR text) {
    std::size_t length = 0;
    while (text[length]) ++length;  // no wcslen: WCHAR is 16-bit
    return {reinterpret_cast<const char16_t*>(text), length};
}

BlockHandle* AsBlock(WMIHANDLE handle) { return static_cast<BlockHandle*>(handle); }

// Copies `bytes` out under the sizing protocol.
ULONG CopyOut(const kwmi::wmi::Bytes& bytes, PULONG size, PVOID buffer) {
    ULONG needed = static_cast<ULONG>(bytes.size());
    if (!buffer || *size < needed) {
        *size = needed;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    if (needed) std::memcpy(buffer, bytes.data(), needed);
    *size = needed;
    return ERROR_SUCCESS;
}

// Appends chain `next` to chain `all`, linking the last WNODE of `all` to it.
void AppendChain(kwmi::wmi::Bytes& all, const kwmi::wmi::Bytes& next) {
    if (next.empty()) return;
    if (all.empty()) {
        all = next;
        return;
    }
    std::size_t last = 0;
    for (;;) {
        ULONG linkage;
        std::memcpy(&linkage, all.data() + last + offsetof(WNODE_HEADER, Linkage), 4);
        if (!linkage) break;
        last += linkage;
    }
    std::size_t at = (all.size() + 7) & ~std::size_t{7};
    ULONG linkage = static_cast<ULONG>(at - last);
    std::memcpy(all.data() + last + offsetof(WNODE_HEADER, Linkage), &linkage, 4);
    all.resize(at, 0);
    all.insert(all.end(), next.begin(), next.end());
}

}  // namespace

extern "C" {

ULONG WMIAPI WmiOpenBlock(GUID* Guid, ULONG DesiredAccess, WMIHANDLE* DataBlockHandle) {
    if (!Guid || !DataBlockHandle) return ERROR_INVALID_PARAMETER;
    *DataBlockHandle = nullptr;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    BlockHandle* handle = nullptr;
    NTSTATUS status = wmi->Open(*Guid, DesiredAccess, kwmi::ThreadConsumerIdentity(), &handle);
    if (!NT_SUCCESS(status)) return NtStatusToWin32(status);
    *DataBlockHandle = handle;
    return ERROR_SUCCESS;
}

ULONG WMIAPI WmiCloseBlock(WMIHANDLE DataBlockHandle) {
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    return NtStatusToWin32(wmi->Close(AsBlock(DataBlockHandle)));
}

ULONG WMIAPI WmiQueryAllDataW(WMIHANDLE DataBlockHandle, PULONG BufferSize, PVOID Buffer) {
    if (!BufferSize) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    kwmi::wmi::Bytes out;
    NTSTATUS status = wmi->QueryAllData(AsBlock(DataBlockHandle), out);
    if (!NT_SUCCESS(status)) return NtStatusToWin32(status);
    return CopyOut(out, BufferSize, Buffer);
}

ULONG WMIAPI WmiQueryAllDataMultipleW(WMIHANDLE* HandleList, ULONG HandleCount,
                                      PULONG InOutBufferSize, PVOID OutBuffer) {
    if (!HandleList || !HandleCount || !InOutBufferSize) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    kwmi::wmi::Bytes all;
    ULONG firstError = ERROR_SUCCESS;
    for (ULONG i = 0; i < HandleCount; ++i) {
        kwmi::wmi::Bytes one;
        NTSTATUS status = wmi->QueryAllData(AsBlock(HandleList[i]), one);
        if (!NT_SUCCESS(status)) {
            if (firstError == ERROR_SUCCESS) firstError = NtStatusToWin32(status);
            continue;
        }
        AppendChain(all, one);
    }
    if (all.empty()) return firstError == ERROR_SUCCESS ? ERROR_WMI_INSTANCE_NOT_FOUND : firstError;
    return CopyOut(all, InOutBufferSize, OutBuffer);
}

ULONG WMIAPI WmiQuerySingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName,
                                     PULONG BufferSize, PVOID Buffer) {
    if (!InstanceName || !BufferSize) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    kwmi::wmi::Bytes out;
    NTSTATUS status = wmi->QuerySingleInstance(AsBlock(DataBlockHandle), View(InstanceName), out);
    if (!NT_SUCCESS(status)) return NtStatusToWin32(status);
    return CopyOut(out, BufferSize, Buffer);
}

ULONG WMIAPI WmiSetSingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, ULONG Reserved,
                                   ULONG ValueBufferSize, PVOID ValueBuffer) {
    if (!InstanceName || Reserved != 0 || (ValueBufferSize && !ValueBuffer))
        return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    return NtStatusToWin32(wmi->SetSingleInstance(
        AsBlock(DataBlockHandle), View(InstanceName),
        {static_cast<const std::uint8_t*>(ValueBuffer), ValueBufferSize}));
}

ULONG WMIAPI WmiSetSingleItemW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, ULONG DataItemId,
                               ULONG Reserved, ULONG ValueBufferSize, PVOID ValueBuffer) {
    if (!InstanceName || Reserved != 0 || (ValueBufferSize && !ValueBuffer))
        return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    return NtStatusToWin32(wmi->SetSingleItem(
        AsBlock(DataBlockHandle), View(InstanceName), DataItemId,
        {static_cast<const std::uint8_t*>(ValueBuffer), ValueBufferSize}));
}

ULONG WMIAPI WmiExecuteMethodW(WMIHANDLE MethodDataBlockHandle, LPCWSTR MethodInstanceName,
                               ULONG MethodId, ULONG InputValueBufferSize, PVOID InputValueBuffer,
                               ULONG* OutputBufferSize, PVOID OutputBuffer) {
    if (!MethodInstanceName || (InputValueBufferSize && !InputValueBuffer))
        return ERROR_INVALID_PARAMETER;
    ULONG capacity = OutputBufferSize ? *OutputBufferSize : 0;
    if (capacity && !OutputBuffer) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    kwmi::wmi::Bytes out;
    ULONG needed = 0;
    NTSTATUS status = wmi->ExecuteMethod(
        AsBlock(MethodDataBlockHandle), View(MethodInstanceName), MethodId,
        {static_cast<const std::uint8_t*>(InputValueBuffer), InputValueBufferSize}, capacity, out,
        &needed);
    if (status == kBufferTooSmall) {
        if (OutputBufferSize) *OutputBufferSize = needed;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    if (!NT_SUCCESS(status)) return NtStatusToWin32(status);
    if (!out.empty()) std::memcpy(OutputBuffer, out.data(), out.size());
    if (OutputBufferSize) *OutputBufferSize = static_cast<ULONG>(out.size());
    return ERROR_SUCCESS;
}

ULONG WMIAPI WmiNotificationRegistrationW(LPGUID Guid, BOOLEAN Enable, PVOID DeliveryInfo,
                                          ULONG_PTR DeliveryContext, ULONG Flags) {
    if (!Guid) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    if (Flags & NOTIFICATION_CHECK_ACCESS)
        return wmi->CheckAccess(*Guid, kwmi::ThreadConsumerIdentity(), WMIGUID_NOTIFICATION)
                   ? ERROR_SUCCESS
                   : ERROR_ACCESS_DENIED;
    if (Flags & NOTIFICATION_TRACE_FLAG) return ERROR_NOT_SUPPORTED;  // no trace loggers
    if (!(Flags & NOTIFICATION_CALLBACK_DIRECT)) return ERROR_INVALID_PARAMETER;
    return kwmi::consumer::NotificationRegistry::Instance().Register(
        *wmi, *Guid, Enable != 0, reinterpret_cast<NOTIFICATIONCALLBACK>(DeliveryInfo),
        DeliveryContext);
}

ULONG WMIAPI KwmiWmiQueryNotificationStats(LPGUID Guid, PVOID DeliveryInfo,
                                           ULONG_PTR DeliveryContext, ULONG64* Delivered,
                                           ULONG64* Dropped, ULONG64* OverLimit) {
    if (!Guid) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    kwmi::wmi::SubscriptionStats stats;
    ULONG error = kwmi::consumer::NotificationRegistry::Instance().Stats(
        *wmi, *Guid, reinterpret_cast<NOTIFICATIONCALLBACK>(DeliveryInfo), DeliveryContext, &stats);
    if (error != ERROR_SUCCESS) return error;
    if (Delivered) *Delivered = stats.delivered;
    if (Dropped) *Dropped = stats.dropped;
    if (OverLimit) *OverLimit = stats.overLimit;
    return ERROR_SUCCESS;
}

ULONG WMIAPI WmiQueryGuidInformation(WMIHANDLE GuidHandle, PWMIGUIDINFORMATION GuidInfo) {
    if (!GuidInfo) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    kwmi::wmi::GuidInfo info;
    NTSTATUS status = wmi->QueryGuidInfo(AsBlock(GuidHandle), &info);
    if (!NT_SUCCESS(status)) return NtStatusToWin32(status);
    GuidInfo->Size = sizeof(WMIGUIDINFORMATION);
    GuidInfo->IsExpensive = info.expensive;
    GuidInfo->IsEventOnly = info.eventOnly;
    return ERROR_SUCCESS;
}

ULONG WMIAPI WmiMofEnumerateResourcesW(MOFHANDLE MofResourceHandle, ULONG* MofResourceCount,
                                       PMOFRESOURCEINFOW* MofResourceInfo) {
    (void)MofResourceHandle;  // [unverified] usage: ignored
    if (!MofResourceCount || !MofResourceInfo) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    auto resources = wmi->MofResources(kwmi::ThreadConsumerIdentity());
    // One allocation: the array, then the NUL-terminated strings; WmiFreeBuffer frees it.
    std::size_t total = resources.size() * sizeof(MOFRESOURCEINFOW);
    for (const auto& r : resources) total += (r.imagePath.size() + r.resourceName.size() + 2) * 2;
    auto* block = static_cast<std::uint8_t*>(std::calloc(1, total ? total : 1));
    if (!block) return ERROR_NOT_ENOUGH_MEMORY;
    auto* infos = reinterpret_cast<MOFRESOURCEINFOW*>(block);
    auto* text = reinterpret_cast<WCHAR*>(block + resources.size() * sizeof(MOFRESOURCEINFOW));
    auto put = [&](const std::u16string& s) {
        WCHAR* start = text;
        std::memcpy(text, s.data(), s.size() * 2);
        text += s.size() + 1;  // calloc left the terminator
        return start;
    };
    for (std::size_t i = 0; i < resources.size(); ++i) {
        infos[i].ImagePath = put(resources[i].imagePath);
        infos[i].ResourceName = put(resources[i].resourceName);
        infos[i].ResourceSize = 0;
        infos[i].ResourceBuffer = nullptr;
    }
    *MofResourceCount = static_cast<ULONG>(resources.size());
    *MofResourceInfo = infos;
    return ERROR_SUCCESS;
}

ULONG WMIAPI WmiEnumerateGuids(LPGUID GuidList, ULONG* GuidCount) {
    if (!GuidCount) return ERROR_INVALID_PARAMETER;
    Service* wmi = Service::Current();
    if (!wmi) return ERROR_WMI_SERVER_UNAVAILABLE;
    auto guids = wmi->Guids();
    ULONG capacity = *GuidCount;
    *GuidCount = static_cast<ULONG>(guids.size());
    if (!GuidList || capacity < guids.size()) return ERROR_MORE_DATA;
    if (!guids.empty()) std::memcpy(GuidList, guids.data(), guids.size() * sizeof(GUID));
    return ERROR_SUCCESS;
}

ULONG WMIAPI WmiDevInstToInstanceNameW(PWSTR InstanceName, ULONG InstanceNameLength,
                                       PWSTR DevInst, ULONG InstanceIndex) {
    if (!DevInst) return ERROR_INVALID_PARAMETER;
    std::u16string name(View(DevInst));
    std::string digits = std::to_string(InstanceIndex);
    name += u"_";
    name.append(digits.begin(), digits.end());
    if (!InstanceName || InstanceNameLength < name.size() + 1) return ERROR_INSUFFICIENT_BUFFER;
    std::memcpy(InstanceName, name.data(), name.size() * 2);
    InstanceName[name.size()] = 0;
    return ERROR_SUCCESS;
}

void WMIAPI WmiFreeBuffer(PVOID Buffer) { std::free(Buffer); }

}  // extern "C"
