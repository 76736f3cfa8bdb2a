// wmi_ddi.cpp - the WdfWmiProvider* / WdfWmiInstance* DDIs (spec §2.2-§2.5), validating in
// KMDF's exact order: handle and required-pointer bug checks first, then NTSTATUS errors.
#include "wmi_ddi_support.hpp"

#include "wmi_diagnostics.hpp"

#include "verifier/verifier.hpp"
#include "wdf/handles.hpp"

#include <kwmi/bugcheck.hpp>

#include <string>

#undef min
#undef max

namespace kwmi::wdf::wmi {

KmdfWmiHooks &HooksOf(Device &device)
{
    KmdfWmiHooks *hooks = KmdfWmiHooks::From(device);
    if (hooks == nullptr) {
        nt::RaiseBugCheck(nt::bugcode::kWdfViolation, 0x3 /* VERIFIER_FATAL_ERROR */, 0, 0, 0,
                          "WDF_VIOLATION/NO_WMI_HANDLER",
                          "the device was created without the KMDF WMI handler (src/wdf/wmi not loaded)");
    }
    return *hooks;
}

NTSTATUS PowerPolicyGuidGuard(Device &device, const GUID &guid)
{
    if (device.IsControlDevice()) {
        // KMDF dereferences the (NULL) PnP package of a control device here (§2.2 step 3).
        RecordWmiDiagnostic(WmiDiagnosticKind::ControlDeviceProvider,
                            "WMI provider created on a control device: KMDF crashes with a NULL dereference");
        nt::RaiseBugCheck(nt::bugcode::kKmodeExceptionNotHandled, 0xC0000005 /* access violation */, 0, 0, 0,
                          "KmdfWmi/ControlDeviceProvider",
                          "WMI providers cannot be created on a control device: KMDF dereferences its NULL "
                          "PnP package (system crash)");
    }
    if (device.IsPowerPolicyOwner() && HooksOf(device).FrameworkPowerInstanceCreated(guid)) {
        return kStatusWmiGuidDisconnected;
    }
    return kStatusSuccess;
}

NTSTATUS CreateProviderObject(Device &device, const WDF_WMI_PROVIDER_CONFIG *config,
                              const WDF_OBJECT_ATTRIBUTES *attributes, WmiProviderObject **out)
{
    *out = nullptr;
    AttributeRules rules;
    rules.parentAllowed = false;
    rules.executionLevelAllowed = false;
    rules.synchronizationScopeAllowed = false;
    NTSTATUS status = ValidateObjectAttributes(attributes, rules);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (config->Size != sizeof(WDF_WMI_PROVIDER_CONFIG)) {
        return kStatusInfoLengthMismatch;
    }
    if ((config->Flags & ~static_cast<ULONG>(WdfWmiProviderValidFlags)) != 0) {
        return kStatusInvalidParameter;
    }
    if ((config->Flags & WdfWmiProviderTracing) != 0 && config->Flags != WdfWmiProviderTracing) {
        return kStatusInvalidParameter;
    }
    if (config->EvtWmiProviderFunctionControl != nullptr &&
        (config->Flags & (WdfWmiProviderTracing | WdfWmiProviderExpensive)) == 0) {
        return kStatusInvalidParameter;
    }
    if (GuidIsZero(config->Guid)) {
        return kStatusInvalidParameter;
    }

    WmiHandler &handler = HooksOf(device).Handler();
    auto core = std::make_shared<KmdfProvider>(handler, *config, device);
    auto *object = new WmiProviderObject(device.Globals(), core);
    core->AttachObject(object);
    status = object->Initialize(attributes);
    if (!NT_SUCCESS(status)) {
        core->AttachObject(nullptr);
        object->DeleteFromFailedCreate();
        return status;
    }

    WmiUpdateTicket ticket;
    status = handler.AddProvider(core, ticket);
    if (status == kStatusObjectNameExists) {
        RecordWmiDiagnostic(WmiDiagnosticKind::DuplicateProviderGuid,
                            "WdfWmiProviderCreate: a provider with this GUID already exists; the new "
                            "provider is not visible to WMI");
        if (!CurrentWmiSettings().duplicateGuidReturnsSuccess) {
            core->AttachObject(nullptr);
            object->DeleteFromFailedCreate();
            return kStatusObjectNameExists;
        }
    } else if (!NT_SUCCESS(status)) {
        core->AttachObject(nullptr);
        object->DeleteFromFailedCreate();
        return status;
    }

    WDFOBJECT handle = nullptr;
    status = object->Commit(&device, &handle);
    if (!NT_SUCCESS(status)) {
        handler.RemoveProvider(*core);
        handler.CancelUpdate(ticket);
        object->ClearDriverCallbacks();
        core->AttachObject(nullptr);
        object->DeleteFromFailedCreate();
        return status;
    }
    core->SetHandle(handle);
    handler.FinishUpdate(ticket);
    *out = object;
    return kStatusSuccess;
}

} // namespace kwmi::wdf::wmi

using namespace kwmi::wdf;
using namespace kwmi::wdf::wmi;

extern "C" {

NTSTATUS WdfWmiProviderCreate(WDFDEVICE Device, PWDF_WMI_PROVIDER_CONFIG WmiProviderConfig,
                              PWDF_OBJECT_ATTRIBUTES ProviderAttributes, WDFWMIPROVIDER *WmiProvider)
{
    KWMI_DDI_ENTRY(WdfWmiProviderCreate);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(WmiProviderConfig, "WdfWmiProviderCreate");
    KWMI_WDF_REQUIRE_POINTER(WmiProvider, "WdfWmiProviderCreate");
    NTSTATUS status = PowerPolicyGuidGuard(*device, WmiProviderConfig->Guid);
    if (!NT_SUCCESS(status)) {
        return status; // *WmiProvider not written
    }
    *WmiProvider = nullptr;
    WmiProviderObject *object = nullptr;
    status = CreateProviderObject(*device, WmiProviderConfig, ProviderAttributes, &object);
    if (object != nullptr) {
        *WmiProvider = object->Handle();
    }
    return status;
}

WDFDEVICE WdfWmiProviderGetDevice(WDFWMIPROVIDER WmiProvider)
{
    KWMI_DDI_ENTRY(WdfWmiProviderGetDevice);
    auto *provider = Resolve<WmiProviderObject>(WmiProvider);
    return provider->Core()->GetDevice().Handle();
}

BOOLEAN WdfWmiProviderIsEnabled(WDFWMIPROVIDER WmiProvider, WDF_WMI_PROVIDER_CONTROL ProviderControl)
{
    KWMI_DDI_ENTRY(WdfWmiProviderIsEnabled);
    auto *provider = Resolve<WmiProviderObject>(WmiProvider);
    switch (ProviderControl) {
    case WdfWmiEventControl:
        return provider->Core()->EventEnabled() ? TRUE : FALSE;
    case WdfWmiInstanceControl:
        return provider->Core()->CollectionEnabled() ? TRUE : FALSE;
    default:
        return FALSE; // a checked build asserts; no bug check
    }
}

ULONGLONG WdfWmiProviderGetTracingHandle(WDFWMIPROVIDER WmiProvider)
{
    KWMI_DDI_ENTRY(WdfWmiProviderGetTracingHandle);
    auto *provider = Resolve<WmiProviderObject>(WmiProvider);
    return provider->Core()->TracingHandle();
}

NTSTATUS WdfWmiInstanceRegister(WDFWMIINSTANCE WmiInstance)
{
    KWMI_DDI_ENTRY(WdfWmiInstanceRegister);
    auto *instance = Resolve<WmiInstanceObject>(WmiInstance);
    return instance->Core()->Provider().Handler().AddInstance(instance->Core());
}

VOID WdfWmiInstanceDeregister(WDFWMIINSTANCE WmiInstance)
{
    KWMI_DDI_ENTRY(WdfWmiInstanceDeregister);
    auto *instance = Resolve<WmiInstanceObject>(WmiInstance);
    instance->Core()->Provider().Handler().RemoveInstance(*instance->Core());
}

WDFDEVICE WdfWmiInstanceGetDevice(WDFWMIINSTANCE WmiInstance)
{
    KWMI_DDI_ENTRY(WdfWmiInstanceGetDevice);
    auto *instance = Resolve<WmiInstanceObject>(WmiInstance);
    return static_cast<KmdfProvider &>(instance->Core()->Provider()).GetDevice().Handle();
}

WDFWMIPROVIDER WdfWmiInstanceGetProvider(WDFWMIINSTANCE WmiInstance)
{
    KWMI_DDI_ENTRY(WdfWmiInstanceGetProvider);
    auto *instance = Resolve<WmiInstanceObject>(WmiInstance);
    return instance->Core()->Provider().Handle();
}

} // extern "C"
