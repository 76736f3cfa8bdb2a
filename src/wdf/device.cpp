// WDFDEVICE creation, accessors and the device DDIs (wdfdevice.h).
#include "wdf/device.hpp"

#include "wdf/child_list.hpp"

#include "wdf/device_init.hpp"
#include "wdf/device_properties.hpp"
#include "wdf/driver.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace kwmi::wdf {
namespace {

struct DeviceMap {
    std::mutex mutex;
    std::map<PDEVICE_OBJECT, Device *> byObject;
};

DeviceMap &GetDeviceMap() {
    static DeviceMap *map = new DeviceMap();
    return *map;
}

std::atomic<DeviceWmiHooksFactory> gHooksFactory{nullptr};

}  // namespace

void SetDeviceWmiHooksFactory(DeviceWmiHooksFactory factory) noexcept { gHooksFactory.store(factory); }
DeviceWmiHooksFactory GetDeviceWmiHooksFactory() noexcept { return gHooksFactory.load(); }

Device::Device(DriverGlobals *globals, Driver *driver, DeviceKind kind)
    : Object(kType, globals), driver_(driver), kind_(kind) {
    CreateIdleCore();
}

Device::~Device() = default;

Device *Device::FromDeviceObject(PDEVICE_OBJECT deviceObject) noexcept {
    DeviceMap &map = GetDeviceMap();
    std::lock_guard lock(map.mutex);
    auto it = map.byObject.find(deviceObject);
    return it == map.byObject.end() ? nullptr : it->second;
}

NTSTATUS Device::Create(WDFDEVICE_INIT &init, const WDF_OBJECT_ATTRIBUTES *attributes, Device **outDevice) {
    *outDevice = nullptr;
    Driver *driver = init.driver;
    if (driver == nullptr) return STATUS_INVALID_PARAMETER;
    if (!init.control && !init.pdo && init.physicalDevice == nullptr) return STATUS_INVALID_DEVICE_REQUEST;
    DeviceKind kind = init.control ? DeviceKind::Control
                      : init.pdo   ? DeviceKind::Pdo
                      : init.filter ? DeviceKind::Filter
                                    : DeviceKind::Fdo;
    auto *device = new Device(driver->Globals(), driver, kind);
    NTSTATUS status = device->Initialize(attributes);
    if (!NT_SUCCESS(status)) {
        device->DeleteFromFailedCreate();
        return status;
    }

    UNICODE_STRING name{};
    if (!init.name.empty()) {
        name.Buffer = reinterpret_cast<PWCH>(init.name.data());
        name.Length = static_cast<USHORT>(init.name.size() * sizeof(WCHAR));
        name.MaximumLength = name.Length;
    }
    PDEVICE_OBJECT deviceObject = nullptr;
    status = IoCreateDevice(driver->WdmDriverObject(), sizeof(void *), init.name.empty() ? nullptr : &name,
                            init.deviceType, init.characteristics, init.exclusive ? TRUE : FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        device->DeleteFromFailedCreate();
        return status;
    }
    *static_cast<Device **>(deviceObject->DeviceExtension) = device;
    device->deviceObject_ = deviceObject;
    {
        DeviceMap &map = GetDeviceMap();
        std::lock_guard lock(map.mutex);
        map.byObject[deviceObject] = device;
    }
    if (kind == DeviceKind::Fdo || kind == DeviceKind::Filter) {
        device->pdo_ = init.physicalDevice;
        device->lowerDevice_ = IoAttachDeviceToDeviceStack(deviceObject, init.physicalDevice);
        if (device->lowerDevice_ == nullptr) {
            device->DeleteFromFailedCreate();
            return STATUS_NO_SUCH_DEVICE;
        }
    } else if (kind == DeviceKind::Pdo) {
        device->pdo_ = deviceObject;
        device->parentDevice_ = init.parentDevice;
        device->deviceId_ = init.deviceId;
        device->instanceId_ = init.instanceId;
        if (!init.description.empty()) SetDeviceProperty(deviceObject, DevicePropertyDeviceDescription, init.description);
        if (!init.hardwareIds.empty()) SetDeviceProperty(deviceObject, DevicePropertyHardwareID, init.hardwareIds);
        if (!init.compatibleIds.empty()) SetDeviceProperty(deviceObject, DevicePropertyCompatibleIDs, init.compatibleIds);
        if (!init.location.empty()) SetDeviceProperty(deviceObject, DevicePropertyLocationInformation, init.location);
        if (!init.deviceId.empty()) {
            const std::u16string enumerator = init.deviceId.substr(0, init.deviceId.find(u'\\'));
            SetDeviceProperty(deviceObject, DevicePropertyEnumeratorName, enumerator);
        }
    }
    const bool defaultOwner = kind == DeviceKind::Fdo;
    device->powerPolicyOwner_ = kind != DeviceKind::Control &&
                                (init.powerPolicyOwner == WdfUseDefault ? defaultOwner
                                                                        : init.powerPolicyOwner == WdfTrue);
    device->pnpCallbacks_ = init.pnpPower;
    device->powerPolicyCallbacks_ = init.powerPolicy;
    device->preprocess_ = init.preprocess;
    WDF_DEVICE_PNP_CAPABILITIES_INIT(&device->pnpCaps_);
    WDF_DEVICE_POWER_CAPABILITIES_INIT(&device->powerCaps_);
    WDF_DEVICE_STATE_INIT(&device->deviceState_);

    status = device->Commit(driver, nullptr);
    if (!NT_SUCCESS(status)) {
        device->DeleteFromFailedCreate();
        return status;
    }
    if (kind != DeviceKind::Control) {
        device->resourcesRaw_ = CreateEmptyResourceList(device);
        device->resourcesTranslated_ = CreateEmptyResourceList(device);
    }
    if (init.hasDefaultChildList) {
        status = device->CreateDefaultChildList(init);
        if (!NT_SUCCESS(status)) {
            device->DeleteFromFailedCreate();
            return status;
        }
    }
    if (device->EffectiveSynchronizationScope() == WdfSynchronizationScopeDevice) {
        KeInitializeSpinLock(&device->syncLock_);
        device->hasSyncLock_ = true;
    }
    if (DeviceWmiHooksFactory factory = GetDeviceWmiHooksFactory()) {
        device->hooks_ = factory(*device);
        if (device->hooks_ != nullptr) {
            status = device->hooks_->PostCreate();
            if (!NT_SUCCESS(status)) {
                device->DeleteFromFailedCreate();
                return status;
            }
        }
    }
    if (kind != DeviceKind::Control) deviceObject->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    init.consumed = true;
    *outDevice = device;
    return STATUS_SUCCESS;
}

const UNICODE_STRING *Device::MofResourceName() const noexcept {
    return mofNameAssigned_ ? &mofNameString_ : nullptr;
}

KSPIN_LOCK *Device::SynchronizationLock() noexcept { return hasSyncLock_ ? &syncLock_ : nullptr; }

void Device::Log(const char *step) {
    std::lock_guard lock(logMutex_);
    pnpLog_.emplace_back(step);
}

std::vector<std::string> Device::PnpLog() const {
    std::lock_guard lock(logMutex_);
    return pnpLog_;
}

void Device::OnDeleteRequested() {
    // Control device explicit delete: deregister from WMI before the device goes away.
    if (kind_ == DeviceKind::Control && hooks_ != nullptr) {
        Log("WmiDeregister");
        hooks_->Deregister();
    }
}

void Device::OnDispose() {
    if (hooks_ != nullptr) hooks_->OnDeviceDispose();
    if (deviceObject_ != nullptr) {
        if (kind_ == DeviceKind::Pdo) ClearDeviceProperties(deviceObject_);
        {
            DeviceMap &map = GetDeviceMap();
            std::lock_guard lock(map.mutex);
            map.byObject.erase(deviceObject_);
        }
        if (lowerDevice_ != nullptr) IoDetachDevice(lowerDevice_);
        IoDeleteDevice(deviceObject_);
        deviceObject_ = nullptr;
        lowerDevice_ = nullptr;
    }
    // The list is a child object (disposed by now) that also references this device.
    if (childList_ != nullptr) childList_->Release(this);
    childList_ = nullptr;
}

void Device::OnDestroy() {
    DestroyIdleCore();
    hooks_.reset();
    for (Device *child : staticChildren_) child->Release(this);
    staticChildren_.clear();
}

NTSTATUS Device::CreateDefaultChildList(const WDFDEVICE_INIT &init) {
    auto *list = new ChildList(Globals(), *this, init.defaultChildList);
    NTSTATUS status = list->Initialize(init.hasDefaultChildListAttributes ? &init.defaultChildListAttributes : nullptr);
    if (NT_SUCCESS(status)) status = list->Commit(this, nullptr);
    if (!NT_SUCCESS(status)) {
        list->DeleteFromFailedCreate();
        return status;
    }
    list->AddRef(this);  // released when the device is disposed
    childList_ = list;
    return STATUS_SUCCESS;
}

NTSTATUS Device::AssignMofResourceName(PCUNICODE_STRING name) {
    if ((name->Length % 2) != 0 || (name->MaximumLength % 2) != 0 ||
        (name->MaximumLength > 0 && name->Buffer == nullptr) || name->Length > name->MaximumLength) {
        return STATUS_INVALID_PARAMETER;
    }
    if (mofNameAssigned_) return STATUS_INVALID_DEVICE_REQUEST;
    if (static_cast<ULONG>(name->Length) + sizeof(WCHAR) > MAXUSHORT) return STATUS_INTEGER_OVERFLOW;
    mofName_.assign(reinterpret_cast<const char16_t *>(name->Buffer), name->Length / sizeof(WCHAR));
    mofNameString_.Buffer = reinterpret_cast<PWCH>(mofName_.data());
    mofNameString_.Length = name->Length;
    mofNameString_.MaximumLength = static_cast<USHORT>(name->Length + sizeof(WCHAR));
    mofNameAssigned_ = true;
    return STATUS_SUCCESS;
}

NTSTATUS Device::AssignSxWakeSettings(const WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS *settings) {
    if (settings->Size != sizeof(WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS)) return STATUS_INFO_LENGTH_MISMATCH;
    if (!powerPolicyOwner_) return STATUS_INVALID_DEVICE_REQUEST;
    const int enabled = RawEnum(settings->Enabled);
    if (enabled != WdfUseDefault) wakeEnabled_.store(enabled == WdfTrue);
    const int userControl = RawEnum(settings->UserControlOfWakeSettings);
    if (userControl == WakeAllowUserControl || userControl == WakeDoNotAllowUserControl) {
        const bool allow = userControl == WakeAllowUserControl;
        wakeUserControl_ = allow;
        if (hooks_ != nullptr) return hooks_->OnPowerPolicyUserControl(PowerPolicyWmiBlock::WakeEnable, allow);
    }
    return STATUS_SUCCESS;
}

void Device::SetPnpCapabilities(const WDF_DEVICE_PNP_CAPABILITIES *caps) {
    if (caps->Size != sizeof(WDF_DEVICE_PNP_CAPABILITIES)) return;
    pnpCaps_ = *caps;
}

void Device::SetPowerCapabilities(const WDF_DEVICE_POWER_CAPABILITIES *caps) {
    if (caps->Size != sizeof(WDF_DEVICE_POWER_CAPABILITIES)) return;
    powerCaps_ = *caps;
}

void Device::SetDeviceState(const WDF_DEVICE_STATE *state) {
    if (state->Size != sizeof(WDF_DEVICE_STATE)) return;
    deviceState_ = *state;
}

void Device::GetDeviceState(WDF_DEVICE_STATE *state) const {
    if (state->Size != sizeof(WDF_DEVICE_STATE)) return;
    *state = deviceState_;
}

void Device::FinishControlInitializing() {
    if (kind_ != DeviceKind::Control) return;
    if (deviceObject_ != nullptr) deviceObject_->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    if (hooks_ != nullptr) {
        Log("WmiRegister");
        (void)hooks_->Register();  // KMDF ignores the status for control devices
    }
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

extern "C" {

NTSTATUS WdfDeviceCreate(PWDFDEVICE_INIT *DeviceInit, PWDF_OBJECT_ATTRIBUTES DeviceAttributes, WDFDEVICE *DeviceHandle) {
    KWMI_DDI_ENTRY(WdfDeviceCreate);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfDeviceCreate");
    KWMI_WDF_REQUIRE_POINTER(*DeviceInit, "WdfDeviceCreate");
    KWMI_WDF_REQUIRE_POINTER(DeviceHandle, "WdfDeviceCreate");
    *DeviceHandle = nullptr;
    AttributeRules rules;
    rules.parentAllowed = false;
    NTSTATUS status = ValidateObjectAttributes(DeviceAttributes, rules);
    if (!NT_SUCCESS(status)) return status;
    if (DeviceAttributes != nullptr && DeviceAttributes->SynchronizationScope == WdfSynchronizationScopeQueue) {
        // Queue-level serialization is not simulated; refuse it clearly.
        return STATUS_NOT_SUPPORTED;
    }
    Device *device = nullptr;
    WDFDEVICE_INIT *init = *DeviceInit;
    status = Device::Create(*init, DeviceAttributes, &device);
    if (!NT_SUCCESS(status)) return status;
    init->created = device;                    // a child list's init: the framework reads it back
    if (init->allocatedByDriver) delete init;  // control-device init blocks are framework memory
    *DeviceInit = nullptr;
    *DeviceHandle = device->Handle();
    return STATUS_SUCCESS;
}

PDEVICE_OBJECT WdfDeviceWdmGetDeviceObject(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfDeviceWdmGetDeviceObject);
    return Resolve<kwmi::wdf::Device>(Device)->WdmDeviceObject();
}

PDEVICE_OBJECT WdfDeviceWdmGetPhysicalDevice(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfDeviceWdmGetPhysicalDevice);
    return Resolve<kwmi::wdf::Device>(Device)->PhysicalDeviceObject();
}

PDEVICE_OBJECT WdfDeviceWdmGetAttachedDevice(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfDeviceWdmGetAttachedDevice);
    return Resolve<kwmi::wdf::Device>(Device)->AttachedDevice();
}

WDFDRIVER WdfDeviceGetDriver(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfDeviceGetDriver);
    return Resolve<kwmi::wdf::Device>(Device)->GetDriver()->Handle();
}

NTSTATUS WdfDeviceAssignMofResourceName(WDFDEVICE Device, PCUNICODE_STRING MofResourceName) {
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(MofResourceName, "WdfDeviceAssignMofResourceName");
    if (!kwmi::verifier::CheckDdiEntry(kwmi::verifier::Ddi::WdfDeviceAssignMofResourceName)) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    return device->AssignMofResourceName(MofResourceName);
}

VOID WdfDeviceSetPnpCapabilities(WDFDEVICE Device, PWDF_DEVICE_PNP_CAPABILITIES PnpCapabilities) {
    KWMI_DDI_ENTRY(WdfDeviceSetPnpCapabilities);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(PnpCapabilities, "WdfDeviceSetPnpCapabilities");
    device->SetPnpCapabilities(PnpCapabilities);
}

VOID WdfDeviceSetPowerCapabilities(WDFDEVICE Device, PWDF_DEVICE_POWER_CAPABILITIES PowerCapabilities) {
    KWMI_DDI_ENTRY(WdfDeviceSetPowerCapabilities);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(PowerCapabilities, "WdfDeviceSetPowerCapabilities");
    device->SetPowerCapabilities(PowerCapabilities);
}

VOID WdfDeviceSetDeviceState(WDFDEVICE Device, PWDF_DEVICE_STATE DeviceState) {
    KWMI_DDI_ENTRY(WdfDeviceSetDeviceState);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(DeviceState, "WdfDeviceSetDeviceState");
    device->SetDeviceState(DeviceState);
}

VOID WdfDeviceGetDeviceState(WDFDEVICE Device, PWDF_DEVICE_STATE DeviceState) {
    KWMI_DDI_ENTRY(WdfDeviceGetDeviceState);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(DeviceState, "WdfDeviceGetDeviceState");
    device->GetDeviceState(DeviceState);
}

NTSTATUS WdfDeviceAssignS0IdleSettings(WDFDEVICE Device, PWDF_DEVICE_POWER_POLICY_IDLE_SETTINGS Settings) {
    KWMI_DDI_ENTRY(WdfDeviceAssignS0IdleSettings);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(Settings, "WdfDeviceAssignS0IdleSettings");
    return device->AssignS0IdleSettings(Settings);
}

NTSTATUS WdfDeviceAssignSxWakeSettings(WDFDEVICE Device, PWDF_DEVICE_POWER_POLICY_WAKE_SETTINGS Settings) {
    KWMI_DDI_ENTRY(WdfDeviceAssignSxWakeSettings);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(Settings, "WdfDeviceAssignSxWakeSettings");
    return device->AssignSxWakeSettings(Settings);
}

VOID WdfControlFinishInitializing(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfControlFinishInitializing);
    Resolve<kwmi::wdf::Device>(Device)->FinishControlInitializing();
}

}  // extern "C"
