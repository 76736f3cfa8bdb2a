// WDFDRIVER and the driver DDIs (wdfdriver.h).
#include "wdf/driver.hpp"

#include "wdf/device.hpp"
#include "wdf/device_init.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/parent.hpp"
#include "verifier/callback_rules.hpp"
#include "verifier/driver_rules.hpp"
#include "verifier/verifier.hpp"

#include <map>
#include <mutex>

namespace kwmi::wdf {
namespace {

struct DriverMap {
    std::mutex mutex;
    std::map<PDRIVER_OBJECT, Driver *> byObject;
};

DriverMap &GetDriverMap() {
    static DriverMap *map = new DriverMap();
    return *map;
}

NTSTATUS AddDeviceThunk(PDRIVER_OBJECT driverObject, PDEVICE_OBJECT physicalDeviceObject) {
    Driver *driver = nullptr;
    {
        DriverMap &map = GetDriverMap();
        std::lock_guard lock(map.mutex);
        auto it = map.byObject.find(driverObject);
        if (it != map.byObject.end()) driver = it->second;
    }
    return driver == nullptr ? STATUS_INVALID_DEVICE_REQUEST : driver->AddDevice(physicalDeviceObject);
}

VOID UnloadThunk(PDRIVER_OBJECT driverObject) {
    Driver *driver = nullptr;
    {
        DriverMap &map = GetDriverMap();
        std::lock_guard lock(map.mutex);
        auto it = map.byObject.find(driverObject);
        if (it != map.byObject.end()) driver = it->second;
    }
    if (driver != nullptr) driver->Unload();
}

}  // namespace

Driver::Driver(DriverGlobals *globals, PDRIVER_OBJECT driverObject, PCUNICODE_STRING registryPath,
               const WDF_DRIVER_CONFIG &config)
    : Object(kType, globals), driverObject_(driverObject), config_(config) {
    if (registryPath != nullptr && registryPath->Buffer != nullptr) {
        registryPathBuffer_.assign(reinterpret_cast<const char16_t *>(registryPath->Buffer),
                                   registryPath->Length / sizeof(WCHAR));
    }
    registryPath_.Buffer = reinterpret_cast<PWCH>(registryPathBuffer_.data());
    registryPath_.Length = static_cast<USHORT>(registryPathBuffer_.size() * sizeof(WCHAR));
    registryPath_.MaximumLength = static_cast<USHORT>(registryPath_.Length + sizeof(WCHAR));
}

ULONG Driver::PoolTag() const noexcept {
    return config_.DriverPoolTag != 0 ? config_.DriverPoolTag : 'FdfW';
}

NTSTATUS Driver::AddDevice(PDEVICE_OBJECT physicalDeviceObject) {
    if (config_.EvtDriverDeviceAdd == nullptr) return STATUS_INVALID_DEVICE_REQUEST;
    WDFDEVICE_INIT init;
    init.driver = this;
    init.physicalDevice = physicalDeviceObject;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    {
        DriverCallScope scope(Globals(), "EvtDriverDeviceAdd");
        // The host is the boundary: a bug check propagates to it after the IRQL check/restore.
        const verifier::CallbackSite site{"EvtDriverDeviceAdd", reinterpret_cast<const void *>(config_.EvtDriverDeviceAdd),
                                          nullptr};
        (void)verifier::RunDriverCallback(site, verifier::Boundary::Propagate,
                                          [&] { status = config_.EvtDriverDeviceAdd(Handle(), &init); });
    }
    return status;
}

void Driver::Unload() {
    if (config_.EvtDriverUnload != nullptr) {
        DriverCallScope scope(Globals(), "EvtDriverUnload");
        const verifier::CallbackSite site{"EvtDriverUnload", reinterpret_cast<const void *>(config_.EvtDriverUnload),
                                          nullptr};
        (void)verifier::RunDriverCallback(site, verifier::Boundary::Propagate,
                                          [&] { config_.EvtDriverUnload(Handle()); });
    }
    {
        DriverMap &map = GetDriverMap();
        std::lock_guard lock(map.mutex);
        map.byObject.erase(driverObject_);
    }
    if (Globals() != nullptr) {
        Globals()->driver = nullptr;
        Globals()->Public.Driver = nullptr;
    }
    Delete(false);
}

Driver *DriverFromWdm(PDRIVER_OBJECT driverObject) {
    DriverMap &map = GetDriverMap();
    std::lock_guard lock(map.mutex);
    auto it = map.byObject.find(driverObject);
    return it == map.byObject.end() ? nullptr : it->second;
}

Object *ResolveOptionalParent(const WDF_OBJECT_ATTRIBUTES *attributes) {
    if (attributes == nullptr || attributes->ParentObject == nullptr) return nullptr;
    return ResolveHandle(attributes->ParentObject, ObjectType::Object);
}

Object *ResolveParentOrDriver(const WDF_OBJECT_ATTRIBUTES *attributes, DriverGlobals *globals) {
    if (Object *parent = ResolveOptionalParent(attributes)) return parent;
    return globals != nullptr ? globals->driver : nullptr;
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

extern "C" {

NTSTATUS WdfDriverCreate(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath,
                         PWDF_OBJECT_ATTRIBUTES DriverAttributes, PWDF_DRIVER_CONFIG DriverConfig,
                         WDFDRIVER *DriverHandle) {
    KWMI_DDI_ENTRY(WdfDriverCreate);
    // DriverCreate: the framework is running one of this driver's callbacks, not DriverEntry.
    kwmi::verifier::CheckDriverCreateContext(CurrentDriverCallback(), DriverObject, __builtin_return_address(0));
    KWMI_WDF_REQUIRE_POINTER(DriverObject, "WdfDriverCreate");
    KWMI_WDF_REQUIRE_POINTER(RegistryPath, "WdfDriverCreate");
    KWMI_WDF_REQUIRE_POINTER(DriverConfig, "WdfDriverCreate");
    if (DriverConfig->Size != sizeof(WDF_DRIVER_CONFIG)) return STATUS_INFO_LENGTH_MISMATCH;
    AttributeRules rules;
    rules.parentAllowed = false;
    NTSTATUS status = ValidateObjectAttributes(DriverAttributes, rules);
    if (!NT_SUCCESS(status)) return status;
    if (DriverFromWdm(DriverObject) != nullptr) {
        kwmi::verifier::NoteDriverCreateTwice(DriverObject, __builtin_return_address(0));
        return STATUS_DRIVER_INTERNAL_ERROR;
    }

    DriverGlobals *globals = CallerGlobals();
    if (globals == nullptr || globals->driver != nullptr) {
        // A driver linked into a test and called without the host: give it its own globals.
        globals = CreateDriverGlobals("driver");
    }
    auto *driver = new Driver(globals, DriverObject, RegistryPath, *DriverConfig);
    status = driver->Initialize(DriverAttributes);
    WDFDRIVER handle = nullptr;
    if (NT_SUCCESS(status)) status = driver->Commit(nullptr, &handle);
    if (!NT_SUCCESS(status)) {
        driver->DeleteFromFailedCreate();
        return status;
    }
    globals->driver = driver;
    globals->Public.Driver = handle;
    globals->Public.DriverFlags = DriverConfig->DriverInitFlags;
    globals->Public.DriverTag = driver->PoolTag();
    {
        DriverMap &map = GetDriverMap();
        std::lock_guard lock(map.mutex);
        map.byObject[DriverObject] = driver;
    }
    if ((DriverConfig->DriverInitFlags & WdfDriverInitNoDispatchOverride) == 0) {
        DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = &Device::DispatchSystemControl;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = &Device::DispatchDeviceControl;
        DriverObject->MajorFunction[IRP_MJ_CREATE] = &Device::DispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = &Device::DispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLEANUP] = &Device::DispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_PNP] = &Device::DispatchPnp;
        if ((DriverConfig->DriverInitFlags & WdfDriverInitNonPnpDriver) == 0 && DriverObject->DriverExtension != nullptr) {
            DriverObject->DriverExtension->AddDevice = &AddDeviceThunk;
        }
        DriverObject->DriverUnload = &UnloadThunk;
    }
    if (DriverHandle != nullptr) *DriverHandle = handle;
    return STATUS_SUCCESS;
}

PWSTR WdfDriverGetRegistryPath(WDFDRIVER Driver) {
    KWMI_DDI_ENTRY(WdfDriverGetRegistryPath);
    return Resolve<kwmi::wdf::Driver>(Driver)->RegistryPath()->Buffer;
}

PDRIVER_OBJECT WdfDriverWdmGetDriverObject(WDFDRIVER Driver) {
    KWMI_DDI_ENTRY(WdfDriverWdmGetDriverObject);
    return Resolve<kwmi::wdf::Driver>(Driver)->WdmDriverObject();
}

WDFDRIVER WdfWdmDriverGetWdfDriverHandle(PDRIVER_OBJECT DriverObject) {
    KWMI_DDI_ENTRY(WdfWdmDriverGetWdfDriverHandle);
    KWMI_WDF_REQUIRE_POINTER(DriverObject, "WdfWdmDriverGetWdfDriverHandle");
    kwmi::wdf::Driver *driver = DriverFromWdm(DriverObject);
    return driver == nullptr ? nullptr : driver->Handle();
}

WDFDRIVER WdfGetDriver(VOID) {
    KWMI_DDI_ENTRY(WdfGetDriver);
    DriverGlobals *globals = CallerGlobals();
    return globals == nullptr ? nullptr : globals->Public.Driver;
}

}  // extern "C"
