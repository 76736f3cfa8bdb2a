// PDO initialisation and static children (wdfpdo.h, WdfFdoAddStaticChild).
#include "wdf/child_list.hpp"
#include "wdf/device.hpp"
#include "wdf/device_init.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

using namespace kwmi::wdf;

namespace {

std::u16string CopyString(PCUNICODE_STRING text) {
    if (text == nullptr || text->Buffer == nullptr) return {};
    return std::u16string(reinterpret_cast<const char16_t *>(text->Buffer), text->Length / sizeof(WCHAR));
}

NTSTATUS CheckPdoInit(PWDFDEVICE_INIT init, PCUNICODE_STRING text) {
    if (!init->pdo) return STATUS_INVALID_DEVICE_REQUEST;
    if (text->Length % 2 != 0 || text->Length > text->MaximumLength || (text->Length > 0 && text->Buffer == nullptr)) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

// A child PDO gone: a child list's entry says so too (as its UpdateAsMissing would), and the
// bus's relations are stale so PnP removes it.
void ReportMissingToItsBus(kwmi::wdf::Device &pdo) {
    pdo.MarkMissing();
    kwmi::wdf::Device *bus = pdo.ParentDevice();
    if (bus == nullptr) return;
    if (kwmi::wdf::ChildList *list = bus->DefaultChildList()) list->PdoMarkedMissing(&pdo);
    bus->InvalidateBusRelations();
}

}  // namespace

extern "C" {

PWDFDEVICE_INIT WdfPdoInitAllocate(WDFDEVICE ParentDevice) {
    KWMI_DDI_ENTRY(WdfPdoInitAllocate);
    kwmi::wdf::Device *parent = Resolve<kwmi::wdf::Device>(ParentDevice);
    if (parent->IsControlDevice()) return nullptr;
    auto *init = new WDFDEVICE_INIT();
    init->driver = parent->GetDriver();
    init->pdo = true;
    init->allocatedByDriver = true;
    init->powerPolicyOwner = WdfFalse;
    init->parentDevice = parent;
    return init;
}

NTSTATUS WdfPdoInitAssignDeviceID(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceID) {
    KWMI_DDI_ENTRY(WdfPdoInitAssignDeviceID);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfPdoInitAssignDeviceID");
    KWMI_WDF_REQUIRE_POINTER(DeviceID, "WdfPdoInitAssignDeviceID");
    NTSTATUS status = CheckPdoInit(DeviceInit, DeviceID);
    if (NT_SUCCESS(status)) DeviceInit->deviceId = CopyString(DeviceID);
    return status;
}

NTSTATUS WdfPdoInitAssignInstanceID(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING InstanceID) {
    KWMI_DDI_ENTRY(WdfPdoInitAssignInstanceID);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfPdoInitAssignInstanceID");
    KWMI_WDF_REQUIRE_POINTER(InstanceID, "WdfPdoInitAssignInstanceID");
    NTSTATUS status = CheckPdoInit(DeviceInit, InstanceID);
    if (NT_SUCCESS(status)) DeviceInit->instanceId = CopyString(InstanceID);
    return status;
}

NTSTATUS WdfPdoInitAddHardwareID(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING HardwareID) {
    KWMI_DDI_ENTRY(WdfPdoInitAddHardwareID);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfPdoInitAddHardwareID");
    KWMI_WDF_REQUIRE_POINTER(HardwareID, "WdfPdoInitAddHardwareID");
    NTSTATUS status = CheckPdoInit(DeviceInit, HardwareID);
    if (NT_SUCCESS(status)) DeviceInit->hardwareIds += CopyString(HardwareID) + u'\0';
    return status;
}

NTSTATUS WdfPdoInitAddCompatibleID(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING CompatibleID) {
    KWMI_DDI_ENTRY(WdfPdoInitAddCompatibleID);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfPdoInitAddCompatibleID");
    KWMI_WDF_REQUIRE_POINTER(CompatibleID, "WdfPdoInitAddCompatibleID");
    NTSTATUS status = CheckPdoInit(DeviceInit, CompatibleID);
    if (NT_SUCCESS(status)) DeviceInit->compatibleIds += CopyString(CompatibleID) + u'\0';
    return status;
}

NTSTATUS WdfPdoInitAddDeviceText(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceDescription,
                                 PCUNICODE_STRING DeviceLocation, LCID LocaleId) {
    KWMI_DDI_ENTRY(WdfPdoInitAddDeviceText);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfPdoInitAddDeviceText");
    KWMI_WDF_REQUIRE_POINTER(DeviceDescription, "WdfPdoInitAddDeviceText");
    KWMI_WDF_REQUIRE_POINTER(DeviceLocation, "WdfPdoInitAddDeviceText");
    (void)LocaleId;  // one locale is simulated
    NTSTATUS status = CheckPdoInit(DeviceInit, DeviceDescription);
    if (NT_SUCCESS(status)) status = CheckPdoInit(DeviceInit, DeviceLocation);
    if (NT_SUCCESS(status)) {
        DeviceInit->description = CopyString(DeviceDescription);
        DeviceInit->location = CopyString(DeviceLocation);
    }
    return status;
}

VOID WdfPdoInitSetDefaultLocale(PWDFDEVICE_INIT DeviceInit, LCID LocaleId) {
    KWMI_DDI_ENTRY(WdfPdoInitSetDefaultLocale);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfPdoInitSetDefaultLocale");
    (void)LocaleId;
}

NTSTATUS WdfPdoMarkMissing(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfPdoMarkMissing);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    if (!device->IsPdo()) return STATUS_INVALID_DEVICE_REQUEST;
    if (device->IsMissing()) return STATUS_NO_SUCH_DEVICE;
    ReportMissingToItsBus(*device);
    return STATUS_SUCCESS;
}

VOID WdfPdoRequestEject(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfPdoRequestEject);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    if (!device->IsPdo() || device->IsMissing()) return;
    ReportMissingToItsBus(*device);  // the simulated PnP manager ejects it at its next enumeration
}

WDFDEVICE WdfPdoGetParent(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfPdoGetParent);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    return device->ParentDevice() == nullptr ? nullptr : device->ParentDevice()->Handle();
}

NTSTATUS WdfFdoAddStaticChild(WDFDEVICE Fdo, WDFDEVICE Child) {
    KWMI_DDI_ENTRY(WdfFdoAddStaticChild);
    kwmi::wdf::Device *fdo = Resolve<kwmi::wdf::Device>(Fdo);
    kwmi::wdf::Device *child = Resolve<kwmi::wdf::Device>(Child);
    return fdo->AddStaticChild(child);
}

}  // extern "C"
