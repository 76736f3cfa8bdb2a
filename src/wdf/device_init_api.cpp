// WDFDEVICE_INIT setters (wdfdevice.h, wdffdo.h, wdfcontrol.h).
#include "wdf/device_init.hpp"

#include "wdf/driver.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

using namespace kwmi::wdf;

namespace {

std::u16string CopyString(PCUNICODE_STRING text) {
    if (text == nullptr || text->Buffer == nullptr) return {};
    return std::u16string(reinterpret_cast<const char16_t *>(text->Buffer), text->Length / sizeof(WCHAR));
}

}  // namespace

extern "C" {

VOID WdfDeviceInitFree(PWDFDEVICE_INIT DeviceInit) {
    KWMI_DDI_ENTRY(WdfDeviceInitFree);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitFree");
    // Only framework-allocated (control device) init blocks are freed by the driver.
    if (DeviceInit->allocatedByDriver && !DeviceInit->consumed) delete DeviceInit;
}

VOID WdfDeviceInitSetDeviceType(PWDFDEVICE_INIT DeviceInit, DEVICE_TYPE DeviceType) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetDeviceType);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetDeviceType");
    DeviceInit->deviceType = DeviceType;
}

VOID WdfDeviceInitSetExclusive(PWDFDEVICE_INIT DeviceInit, BOOLEAN IsExclusive) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetExclusive);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetExclusive");
    DeviceInit->exclusive = IsExclusive != FALSE;
}

VOID WdfDeviceInitSetCharacteristics(PWDFDEVICE_INIT DeviceInit, ULONG DeviceCharacteristics, BOOLEAN OrInValues) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetCharacteristics);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetCharacteristics");
    DeviceInit->characteristics = OrInValues ? (DeviceInit->characteristics | DeviceCharacteristics)
                                             : DeviceCharacteristics;
}

VOID WdfDeviceInitSetIoType(PWDFDEVICE_INIT DeviceInit, WDF_DEVICE_IO_TYPE IoType) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetIoType);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetIoType");
    DeviceInit->ioType = IoType;
}

VOID WdfDeviceInitSetPnpPowerEventCallbacks(PWDFDEVICE_INIT DeviceInit, PWDF_PNPPOWER_EVENT_CALLBACKS Callbacks) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetPnpPowerEventCallbacks);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetPnpPowerEventCallbacks");
    KWMI_WDF_REQUIRE_POINTER(Callbacks, "WdfDeviceInitSetPnpPowerEventCallbacks");
    if (Callbacks->Size != sizeof(WDF_PNPPOWER_EVENT_CALLBACKS)) return;  // KMDF: logged, ignored
    DeviceInit->pnpPower = *Callbacks;
}

VOID WdfDeviceInitSetPowerPolicyEventCallbacks(PWDFDEVICE_INIT DeviceInit, PWDF_POWER_POLICY_EVENT_CALLBACKS Callbacks) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetPowerPolicyEventCallbacks);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetPowerPolicyEventCallbacks");
    KWMI_WDF_REQUIRE_POINTER(Callbacks, "WdfDeviceInitSetPowerPolicyEventCallbacks");
    if (Callbacks->Size != sizeof(WDF_POWER_POLICY_EVENT_CALLBACKS)) return;
    DeviceInit->powerPolicy = *Callbacks;
}

VOID WdfDeviceInitSetPowerPolicyOwnership(PWDFDEVICE_INIT DeviceInit, BOOLEAN IsPowerPolicyOwner) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetPowerPolicyOwnership);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetPowerPolicyOwnership");
    DeviceInit->powerPolicyOwner = IsPowerPolicyOwner ? WdfTrue : WdfFalse;
}

VOID WdfDeviceInitSetFileObjectConfig(PWDFDEVICE_INIT DeviceInit, PWDF_FILEOBJECT_CONFIG FileObjectConfig,
                                      PWDF_OBJECT_ATTRIBUTES FileObjectAttributes) {
    KWMI_DDI_ENTRY(WdfDeviceInitSetFileObjectConfig);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitSetFileObjectConfig");
    KWMI_WDF_REQUIRE_POINTER(FileObjectConfig, "WdfDeviceInitSetFileObjectConfig");
    (void)FileObjectAttributes;
    if (FileObjectConfig->Size != sizeof(WDF_FILEOBJECT_CONFIG)) return;
    DeviceInit->fileObjectConfig = *FileObjectConfig;
    DeviceInit->hasFileObjectConfig = true;
}

NTSTATUS WdfDeviceInitAssignName(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceName) {
    KWMI_DDI_ENTRY(WdfDeviceInitAssignName);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitAssignName");
    DeviceInit->name = CopyString(DeviceName);
    return STATUS_SUCCESS;
}

NTSTATUS WdfDeviceInitAssignSDDLString(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING SDDLString) {
    KWMI_DDI_ENTRY(WdfDeviceInitAssignSDDLString);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitAssignSDDLString");
    DeviceInit->sddl = CopyString(SDDLString);
    return STATUS_SUCCESS;
}

NTSTATUS WdfDeviceInitAssignWdmIrpPreprocessCallback(PWDFDEVICE_INIT DeviceInit,
                                                     PFN_WDFDEVICE_WDM_IRP_PREPROCESS EvtDeviceWdmIrpPreprocess,
                                                     UCHAR MajorFunction, PUCHAR MinorFunctions,
                                                     ULONG NumMinorFunctions) {
    KWMI_DDI_ENTRY(WdfDeviceInitAssignWdmIrpPreprocessCallback);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceInitAssignWdmIrpPreprocessCallback");
    KWMI_WDF_REQUIRE_POINTER(EvtDeviceWdmIrpPreprocess, "WdfDeviceInitAssignWdmIrpPreprocessCallback");
    if (NumMinorFunctions > 0) KWMI_WDF_REQUIRE_POINTER(MinorFunctions, "WdfDeviceInitAssignWdmIrpPreprocessCallback");
    if (MajorFunction > IRP_MJ_MAXIMUM_FUNCTION) return STATUS_INVALID_PARAMETER;
    // The simulator sends the framework only these majors: a callback for another one would
    // never run, so it is refused (visibly) rather than kept.
    switch (MajorFunction) {
    case IRP_MJ_SYSTEM_CONTROL:
    case IRP_MJ_DEVICE_CONTROL:
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP: break;
    default: return STATUS_NOT_SUPPORTED;
    }
    IrpPreprocess &entry = DeviceInit->preprocess[MajorFunction];
    if (NumMinorFunctions > 0) {
        // A major's minor-function list is given once; a later call may only replace the callback.
        if (!entry.minors.empty()) return STATUS_INVALID_DEVICE_REQUEST;
        entry.minors.assign(MinorFunctions, MinorFunctions + NumMinorFunctions);
    }
    entry.callback = EvtDeviceWdmIrpPreprocess;
    return STATUS_SUCCESS;
}

VOID WdfFdoInitSetFilter(PWDFDEVICE_INIT DeviceInit) {
    KWMI_DDI_ENTRY(WdfFdoInitSetFilter);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfFdoInitSetFilter");
    DeviceInit->filter = true;
}

PDEVICE_OBJECT WdfFdoInitWdmGetPhysicalDevice(PWDFDEVICE_INIT DeviceInit) {
    KWMI_DDI_ENTRY(WdfFdoInitWdmGetPhysicalDevice);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfFdoInitWdmGetPhysicalDevice");
    return DeviceInit->physicalDevice;
}

PWDFDEVICE_INIT WdfControlDeviceInitAllocate(WDFDRIVER Driver, PCUNICODE_STRING SDDLString) {
    KWMI_DDI_ENTRY(WdfControlDeviceInitAllocate);
    kwmi::wdf::Driver *driver = Resolve<kwmi::wdf::Driver>(Driver);
    KWMI_WDF_REQUIRE_POINTER(SDDLString, "WdfControlDeviceInitAllocate");
    auto *init = new WDFDEVICE_INIT();
    init->driver = driver;
    init->control = true;
    init->allocatedByDriver = true;
    init->powerPolicyOwner = WdfFalse;
    init->sddl = CopyString(SDDLString);
    return init;
}

}  // extern "C"
