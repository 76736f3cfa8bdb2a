// Device interfaces (WdfDeviceCreateDeviceInterface): registered on the device's PDO and
// enabled while the device is started, as KMDF does on the driver's behalf.
#include "wdf/device.hpp"

#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

#include <cstring>

namespace kwmi::wdf {

NTSTATUS Device::CreateDeviceInterface(const GUID &classGuid, std::u16string reference) {
    std::lock_guard lock(logMutex_);
    for (const DeviceInterface &existing : deviceInterfaces_) {
        // Registering the same interface again is not an error (IoRegisterDeviceInterface).
        if (std::memcmp(&existing.classGuid, &classGuid, sizeof(GUID)) == 0 && existing.reference == reference) {
            return STATUS_SUCCESS;
        }
    }
    // Enabled by the next start; one created while started waits for WdfDeviceSetDeviceInterfaceState.
    deviceInterfaces_.push_back({classGuid, std::move(reference), false});
    return STATUS_SUCCESS;
}

bool Device::SetDeviceInterfaceState(const GUID &classGuid, const std::u16string &reference, bool enabled) {
    std::lock_guard lock(logMutex_);
    for (DeviceInterface &item : deviceInterfaces_) {
        if (std::memcmp(&item.classGuid, &classGuid, sizeof(GUID)) == 0 && item.reference == reference) {
            item.enabled = enabled;
            return true;
        }
    }
    return false;
}

std::vector<Device::DeviceInterface> Device::DeviceInterfaces() const {
    std::lock_guard lock(logMutex_);
    return deviceInterfaces_;
}

void Device::SetDeviceInterfacesEnabled(bool enabled) {
    std::lock_guard lock(logMutex_);
    for (DeviceInterface &item : deviceInterfaces_) item.enabled = enabled;
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

namespace {

// A reference string: a valid UNICODE_STRING naming one path element (no '\\' or '/').
NTSTATUS ReadReference(PCUNICODE_STRING text, std::u16string &reference) {
    reference.clear();
    if (text == nullptr) return STATUS_SUCCESS;
    if (text->Length % 2 != 0 || text->Length > text->MaximumLength || (text->Length != 0 && text->Buffer == nullptr)) {
        return STATUS_INVALID_PARAMETER;
    }
    reference.assign(reinterpret_cast<const char16_t *>(text->Buffer), text->Length / 2);
    if (reference.find_first_of(u"\\/") != std::u16string::npos) return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

NTSTATUS WdfDeviceCreateDeviceInterface(WDFDEVICE Device, const GUID *InterfaceClassGUID,
                                        PCUNICODE_STRING ReferenceString) {
    KWMI_DDI_ENTRY(WdfDeviceCreateDeviceInterface);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(InterfaceClassGUID, "WdfDeviceCreateDeviceInterface");
    if (device->IsControlDevice()) return STATUS_INVALID_DEVICE_REQUEST;  // no PDO to register on
    std::u16string reference;
    NTSTATUS status = ReadReference(ReferenceString, reference);
    if (!NT_SUCCESS(status)) return status;
    return device->CreateDeviceInterface(*InterfaceClassGUID, std::move(reference));
}

VOID WdfDeviceSetDeviceInterfaceState(WDFDEVICE Device, const GUID *InterfaceClassGUID, PCUNICODE_STRING ReferenceString,
                                      BOOLEAN IsInterfaceEnabled) {
    KWMI_DDI_ENTRY(WdfDeviceSetDeviceInterfaceState);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(InterfaceClassGUID, "WdfDeviceSetDeviceInterfaceState");
    std::u16string reference;
    if (!NT_SUCCESS(ReadReference(ReferenceString, reference))) return;
    (void)device->SetDeviceInterfaceState(*InterfaceClassGUID, reference, IsInterfaceEnabled != FALSE);
}

}  // extern "C"

