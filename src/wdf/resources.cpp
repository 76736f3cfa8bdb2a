// Hardware resource lists (always empty for simulated devices), empty devnode registry keys
// and device properties of the stack's PDO.
#include "wdf/device.hpp"
#include "wdf/device_properties.hpp"
#include "wdf/driver.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

#include <cstring>
#include <map>
#include <mutex>
#include <utility>

namespace kwmi::wdf {
namespace {

class CmResourceList final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::CmResourceList;
    explicit CmResourceList(DriverGlobals *globals) : Object(kType, globals) {}
};

class RegistryKey final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::RegKey;
    explicit RegistryKey(DriverGlobals *globals) : Object(kType, globals) {}
};

struct PropertyStore {
    std::mutex mutex;
    std::map<std::pair<PDEVICE_OBJECT, int>, std::u16string> values;
};

PropertyStore &Store() {
    static PropertyStore *store = new PropertyStore();
    return *store;
}

NTSTATUS OpenEmptyKey(Object *parent, PWDF_OBJECT_ATTRIBUTES attributes, WDFKEY *key) {
    NTSTATUS status = ValidateObjectAttributes(attributes);
    if (!NT_SUCCESS(status)) return status;
    if (Object *explicitParent = ResolveOptionalParent(attributes)) parent = explicitParent;
    auto *object = new RegistryKey(parent->Globals());
    status = object->Initialize(attributes);
    if (NT_SUCCESS(status)) status = object->Commit(parent, key);
    if (!NT_SUCCESS(status)) {
        object->DeleteFromFailedCreate();
        *key = nullptr;
    }
    return status;
}

}  // namespace

WDFCMRESLIST CreateEmptyResourceList(Object *parent) {
    auto *list = new CmResourceList(parent->Globals());
    WDFOBJECT handle = nullptr;
    if (!NT_SUCCESS(list->Commit(parent, &handle))) {
        list->DeleteFromFailedCreate();
        return nullptr;
    }
    return handle;
}

void SetDeviceProperty(PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY property, std::u16string value) {
    std::lock_guard lock(Store().mutex);
    Store().values[{pdo, static_cast<int>(property)}] = std::move(value);
}

void ClearDeviceProperties(PDEVICE_OBJECT pdo) {
    std::lock_guard lock(Store().mutex);
    for (auto it = Store().values.begin(); it != Store().values.end();) {
        it = it->first.first == pdo ? Store().values.erase(it) : std::next(it);
    }
}

std::optional<std::u16string> GetDeviceProperty(PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY property) {
    std::lock_guard lock(Store().mutex);
    auto it = Store().values.find({pdo, static_cast<int>(property)});
    if (it == Store().values.end()) return std::nullopt;
    return it->second;
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

namespace {

// The bus type and number a child PDO reports: its bus's WdfDeviceSetBusInformationForChildren
// (IRP_MN_QUERY_BUS_INFORMATION), as the binary values IoGetDeviceProperty returns.
bool LookupBusProperty(const kwmi::wdf::Device &device, DEVICE_REGISTRY_PROPERTY property, std::u16string &value) {
    const kwmi::wdf::Device *bus = device.IsPdo() ? device.ParentDevice() : nullptr;
    const std::optional<PNP_BUS_INFORMATION> info = bus != nullptr ? bus->BusInformation() : std::nullopt;
    // KMDF treats a bus type GUID whose first field is zero as "never set".
    if (!info || info->BusTypeGuid.Data1 == 0) return false;
    const void *field = nullptr;
    size_t bytes = 0;
    switch (property) {
    case DevicePropertyBusTypeGuid: field = &info->BusTypeGuid; bytes = sizeof info->BusTypeGuid; break;
    case DevicePropertyLegacyBusType: field = &info->LegacyBusType; bytes = sizeof info->LegacyBusType; break;
    case DevicePropertyBusNumber: field = &info->BusNumber; bytes = sizeof info->BusNumber; break;
    default: return false;
    }
    value.assign(bytes / sizeof(char16_t), u'\0');
    std::memcpy(value.data(), field, bytes);
    return true;
}

NTSTATUS LookupProperty(WDFDEVICE deviceHandle, DEVICE_REGISTRY_PROPERTY property, std::u16string &value) {
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(deviceHandle);
    if (device->PhysicalDeviceObject() == nullptr) return STATUS_INVALID_DEVICE_REQUEST;  // control device
    if (LookupBusProperty(*device, property, value)) return STATUS_SUCCESS;  // binary: no terminator
    auto found = GetDeviceProperty(device->PhysicalDeviceObject(), property);
    if (!found) return STATUS_OBJECT_NAME_NOT_FOUND;
    value = *found;
    value.push_back(u'\0');
    return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

ULONG WdfCmResourceListGetCount(WDFCMRESLIST List) {
    KWMI_DDI_ENTRY(WdfCmResourceListGetCount);
    (void)Resolve<CmResourceList>(List);
    return 0;
}

PCM_PARTIAL_RESOURCE_DESCRIPTOR WdfCmResourceListGetDescriptor(WDFCMRESLIST List, ULONG Index) {
    KWMI_DDI_ENTRY(WdfCmResourceListGetDescriptor);
    (void)Resolve<CmResourceList>(List);
    (void)Index;
    return nullptr;  // every index is out of range of an empty list
}

NTSTATUS WdfDeviceOpenRegistryKey(WDFDEVICE Device, ULONG DeviceInstanceKeyType, ACCESS_MASK DesiredAccess,
                                  PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY *Key) {
    KWMI_DDI_ENTRY(WdfDeviceOpenRegistryKey);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(Key, "WdfDeviceOpenRegistryKey");
    *Key = nullptr;
    (void)DesiredAccess;
    const ULONG kinds = PLUGPLAY_REGKEY_DEVICE | PLUGPLAY_REGKEY_DRIVER | PLUGPLAY_REGKEY_CURRENT_HWPROFILE;
    if (DeviceInstanceKeyType == 0 || (DeviceInstanceKeyType & ~kinds) != 0) return STATUS_INVALID_PARAMETER;
    if (device->IsControlDevice()) return STATUS_INVALID_DEVICE_REQUEST;
    return OpenEmptyKey(device, KeyAttributes, Key);
}

NTSTATUS WdfDriverOpenParametersRegistryKey(WDFDRIVER Driver, ACCESS_MASK DesiredAccess,
                                            PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY *Key) {
    KWMI_DDI_ENTRY(WdfDriverOpenParametersRegistryKey);
    kwmi::wdf::Driver *driver = Resolve<kwmi::wdf::Driver>(Driver);
    KWMI_WDF_REQUIRE_POINTER(Key, "WdfDriverOpenParametersRegistryKey");
    *Key = nullptr;
    (void)DesiredAccess;
    return OpenEmptyKey(driver, KeyAttributes, Key);
}

VOID WdfRegistryClose(WDFKEY Key) {
    KWMI_DDI_ENTRY(WdfRegistryClose);
    Resolve<RegistryKey>(Key)->Delete(false);
}

NTSTATUS WdfRegistryQueryULong(WDFKEY Key, PCUNICODE_STRING ValueName, PULONG Value) {
    KWMI_DDI_ENTRY(WdfRegistryQueryULong);
    (void)Resolve<RegistryKey>(Key);
    KWMI_WDF_REQUIRE_POINTER(ValueName, "WdfRegistryQueryULong");
    KWMI_WDF_REQUIRE_POINTER(Value, "WdfRegistryQueryULong");
    return STATUS_OBJECT_NAME_NOT_FOUND;  // simulated keys hold no values
}

NTSTATUS WdfDeviceQueryProperty(WDFDEVICE Device, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength,
                                PVOID PropertyBuffer, PULONG ResultLength) {
    KWMI_DDI_ENTRY(WdfDeviceQueryProperty);
    KWMI_WDF_REQUIRE_POINTER(ResultLength, "WdfDeviceQueryProperty");
    *ResultLength = 0;
    std::u16string value;
    NTSTATUS status = LookupProperty(Device, DeviceProperty, value);
    if (!NT_SUCCESS(status)) return status;
    const auto bytes = static_cast<ULONG>(value.size() * sizeof(char16_t));
    *ResultLength = bytes;
    if (BufferLength < bytes || PropertyBuffer == nullptr) return STATUS_BUFFER_TOO_SMALL;
    std::memcpy(PropertyBuffer, value.data(), bytes);
    return STATUS_SUCCESS;
}

NTSTATUS WdfDeviceAllocAndQueryProperty(WDFDEVICE Device, DEVICE_REGISTRY_PROPERTY DeviceProperty, POOL_TYPE PoolType,
                                        PWDF_OBJECT_ATTRIBUTES PropertyMemoryAttributes, WDFMEMORY *PropertyMemory) {
    KWMI_DDI_ENTRY(WdfDeviceAllocAndQueryProperty);
    KWMI_WDF_REQUIRE_POINTER(PropertyMemory, "WdfDeviceAllocAndQueryProperty");
    *PropertyMemory = nullptr;
    std::u16string value;
    NTSTATUS status = LookupProperty(Device, DeviceProperty, value);
    if (!NT_SUCCESS(status)) return status;
    WDF_OBJECT_ATTRIBUTES attributes;
    if (PropertyMemoryAttributes != nullptr) {
        attributes = *PropertyMemoryAttributes;
    } else {
        WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    }
    if (attributes.ParentObject == nullptr) attributes.ParentObject = Device;
    PVOID buffer = nullptr;
    const size_t bytes = value.size() * sizeof(char16_t);
    status = WdfMemoryCreate(&attributes, PoolType, 0, bytes, PropertyMemory, &buffer);
    if (NT_SUCCESS(status)) std::memcpy(buffer, value.data(), bytes);
    return status;
}

}  // extern "C"
