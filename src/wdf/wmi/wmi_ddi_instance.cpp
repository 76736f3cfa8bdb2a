// wmi_ddi_instance.cpp - WdfWmiInstanceCreate (spec §2.3) and WdfWmiInstanceFireEvent (§2.6, §6).
#include "wmi_ddi_support.hpp"

#include "wmi_diagnostics.hpp"

#include "verifier/verifier.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"

#include <limits>
#include <string>

#undef min
#undef max

namespace kwmi::wdf::wmi {
namespace {

bool HasAnyCallback(const WDF_WMI_INSTANCE_CONFIG &config)
{
    return config.EvtWmiInstanceQueryInstance || config.EvtWmiInstanceSetInstance || config.EvtWmiInstanceSetItem ||
           config.EvtWmiInstanceExecuteMethod;
}

// Removes an object that was committed by a create DDI that then failed: the driver's
// cleanup/destroy callbacks are suppressed (§2.3 step 8).
void DeleteCommittedAfterFailure(Object &object)
{
    object.ClearDriverCallbacks();
    object.Delete(false);
}

NTSTATUS CreateInstanceObject(WmiProviderObject &providerObject, const WDF_WMI_INSTANCE_CONFIG &config,
                              const WDF_OBJECT_ATTRIBUTES *attributes, WDFWMIINSTANCE *out)
{
    const std::shared_ptr<KmdfProvider> &provider = providerObject.Core();
    if (provider->IsEventOnly() && (config.UseContextForQuery || HasAnyCallback(config))) {
        return kStatusInvalidParameter;
    }
    AttributeRules rules;
    rules.parentAllowed = false;
    rules.executionLevelAllowed = false;
    rules.synchronizationScopeAllowed = false;
    NTSTATUS status = ValidateObjectAttributes(attributes, rules);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ULONG contextLength = 0;
    if (config.UseContextForQuery) {
        if (config.EvtWmiInstanceSetInstance || config.EvtWmiInstanceSetItem) {
            return kStatusInvalidParameter;
        }
        if (attributes == nullptr || attributes->ContextTypeInfo == nullptr) {
            return kStatusInvalidParameter;
        }
        size_t length = attributes->ContextTypeInfo->ContextSize;
        if (attributes->ContextSizeOverride != 0) {
            if (length > std::numeric_limits<size_t>::max() - attributes->ContextSizeOverride) {
                return kStatusIntegerOverflow;
            }
            length += attributes->ContextSizeOverride; // KMDF's quirk: reported, not allocated
        }
        if (length > 0xFFFFFFFFull) {
            return kStatusIntegerOverflow;
        }
        if (length < provider->MinInstanceBufferSize()) {
            return kStatusBufferTooSmall;
        }
        contextLength = static_cast<ULONG>(length);
    }

    auto core = std::make_shared<KmdfExternalInstance>(provider, config, contextLength);
    auto *object = new WmiInstanceObject(providerObject.Globals(), core);
    status = object->Initialize(attributes);
    if (!NT_SUCCESS(status)) {
        object->DeleteFromFailedCreate();
        return status;
    }
    WDFOBJECT handle = nullptr;
    status = object->Commit(&providerObject, &handle);
    if (!NT_SUCCESS(status)) {
        object->ClearDriverCallbacks();
        object->DeleteFromFailedCreate();
        return status;
    }
    core->AttachObject(object, handle);
    if (config.Register) {
        status = provider->Handler().AddInstance(core);
        if (!NT_SUCCESS(status)) {
            DeleteCommittedAfterFailure(*object);
            return status;
        }
    }
    *out = handle;
    return kStatusSuccess;
}

} // namespace
} // namespace kwmi::wdf::wmi

using namespace kwmi::wdf;
using namespace kwmi::wdf::wmi;

extern "C" {

NTSTATUS WdfWmiInstanceCreate(WDFDEVICE Device, PWDF_WMI_INSTANCE_CONFIG InstanceConfig,
                              PWDF_OBJECT_ATTRIBUTES InstanceAttributes, WDFWMIINSTANCE *Instance)
{
    KWMI_DDI_ENTRY(WdfWmiInstanceCreate);
    KWMI_WDF_REQUIRE_POINTER(InstanceConfig, "WdfWmiInstanceCreate");
    if (InstanceConfig->Size != sizeof(WDF_WMI_INSTANCE_CONFIG)) {
        return kStatusInfoLengthMismatch;
    }
    if ((InstanceConfig->Provider == nullptr) == (InstanceConfig->ProviderConfig == nullptr)) {
        return kStatusInvalidParameter; // neither or both
    }
    WmiProviderObject *providerObject = nullptr;
    bool createdProvider = false;
    if (InstanceConfig->Provider != nullptr) {
        // The Device parameter is ignored entirely in this branch (Appendix A item 7).
        providerObject = Resolve<WmiProviderObject>(InstanceConfig->Provider);
    } else {
        kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
        NTSTATUS status = PowerPolicyGuidGuard(*device, InstanceConfig->ProviderConfig->Guid);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        status = CreateProviderObject(*device, InstanceConfig->ProviderConfig, nullptr, &providerObject);
        if (providerObject == nullptr) {
            return status; // an error, or STATUS_OBJECT_NAME_EXISTS in strict mode
        }
        createdProvider = true;
    }
    WDFWMIINSTANCE handle = nullptr;
    const NTSTATUS status = CreateInstanceObject(*providerObject, *InstanceConfig, InstanceAttributes, &handle);
    if (!NT_SUCCESS(status)) {
        if (createdProvider) {
            DeleteCommittedAfterFailure(*providerObject); // the GUID becomes creatable again
        }
        return status; // *Instance untouched
    }
    if (Instance != nullptr) {
        *Instance = handle;
    }
    return status;
}

NTSTATUS WdfWmiInstanceFireEvent(WDFWMIINSTANCE WmiInstance, ULONG EventDataSize, PVOID EventData)
{
    auto *instance = Resolve<WmiInstanceObject>(WmiInstance);
    DriverGlobals *globals = instance->Globals();
    if ((globals == nullptr || globals->verifierOn) &&
        !kwmi::verifier::CheckDdiEntry(kwmi::verifier::Ddi::WdfWmiInstanceFireEvent, __builtin_return_address(0))) {
        RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak, "WdfWmiInstanceFireEvent called above APC_LEVEL");
        return kStatusInvalidDeviceRequest;
    }
    if (EventData == nullptr) {
        EventDataSize = 0;
    }
    const ULONG64 total = static_cast<ULONG64>(wnode::kSingleInstanceSize) + EventDataSize;
    if (total > 0xFFFFFFFFull) {
        RecordWmiDiagnostic(WmiDiagnosticKind::FireEventSizeOverflow,
                            "WdfWmiInstanceFireEvent: 64 + " + std::to_string(EventDataSize) +
                                " overflows (KMDF allocates a wrapped size)");
        return CurrentWmiSettings().fireEventOverflowStatus;
    }
    KmdfExternalInstance &core = *instance->Core();
    if (!core.Provider().EventEnabled()) {
        // §6 step 5: KMDF does not check; the event goes out and no consumer asked for it.
        RecordWmiDiagnostic(WmiDiagnosticKind::FireEventNotEnabled,
                            "WdfWmiInstanceFireEvent was called before any consumer enabled the event; check "
                            "WdfWmiProviderIsEnabled(provider, WdfWmiEventControl) first",
                            "FireEventNotEnabled", __builtin_return_address(0));
    }
    WmiHandler &handler = core.Provider().Handler();
    WmiDeviceSite &site = handler.Site();
    auto *wnodeBytes = static_cast<UCHAR *>(site.AllocateEventBuffer(static_cast<size_t>(total)));
    if (wnodeBytes == nullptr) {
        return kStatusInsufficientResources;
    }
    std::memset(wnodeBytes, 0, static_cast<size_t>(total));
    WriteU32(wnodeBytes, wnode::kBufferSize, static_cast<ULONG>(total));
    WriteU32(wnodeBytes, wnode::kProviderId, site.EventProviderId());
    WriteU64(wnodeBytes, wnode::kTimeStamp, static_cast<ULONG64>(site.SystemTime()));
    std::memcpy(wnodeBytes + wnode::kGuid, &core.Provider().Guid(), sizeof(GUID));
    WriteU32(wnodeBytes, wnode::kFlags,
             kWnodeFlagSingleInstance | kWnodeFlagEventItem | kWnodeFlagStaticInstanceNames);
    WriteU32(wnodeBytes, wnode::kSiInstanceIndex, handler.EventInstanceIndex(core));
    WriteU32(wnodeBytes, wnode::kSiDataBlockOffset, wnode::kSingleInstanceSize);
    WriteU32(wnodeBytes, wnode::kSiSizeDataBlock, EventDataSize);
    if (EventDataSize != 0) {
        std::memcpy(wnodeBytes + wnode::kSingleInstanceSize, EventData, EventDataSize);
    }
    const NTSTATUS status = site.WriteEvent(wnodeBytes);
    if (!NT_SUCCESS(status)) {
        site.FreeEventBuffer(wnodeBytes);
    }
    return status;
}

} // extern "C"
