// Driver and device objects, device stacks and object references.
#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "irp_internal.hpp"
#include "kernel_impl.hpp"

namespace kwmi::nt {

namespace {

struct DriverBlock {
    DRIVER_OBJECT object;
    DRIVER_EXTENSION extension;
};

std::u16string FromUnicodeString(PCUNICODE_STRING s) {
    if (s == nullptr || s->Buffer == nullptr) return {};
    return std::u16string(reinterpret_cast<const char16_t*>(s->Buffer), s->Length / sizeof(WCHAR));
}

void SetUnicodeString(UNICODE_STRING& target, const std::u16string& storage) {
    target.Buffer = reinterpret_cast<PWCH>(const_cast<char16_t*>(storage.c_str()));
    target.Length = static_cast<USHORT>(storage.size() * sizeof(WCHAR));
    target.MaximumLength = static_cast<USHORT>(target.Length + sizeof(WCHAR));
}

}  // namespace

void FreeDeviceObjectMemory(PDEVICE_OBJECT device) { std::free(device); }

void FreeDriverObjectMemory(PDRIVER_OBJECT driver) { delete reinterpret_cast<DriverBlock*>(driver); }

DeviceRecord* Kernel::Impl::FindDevice(PDEVICE_OBJECT device) {
    const auto it = devices.find(device);
    return it == devices.end() ? nullptr : it->second.get();
}

void Kernel::Impl::FreeDeviceLocked(PDEVICE_OBJECT device) {
    devices.erase(device);
    references.erase(device);
    FreeDeviceObjectMemory(device);
}

LONG_PTR Kernel::Impl::Reference(void* object) {
    std::lock_guard lock(objectsMutex);
    return ++references[object];
}

LONG_PTR Kernel::Impl::Dereference(void* object, const void* site) {
    std::unique_lock lock(objectsMutex);
    const auto it = references.find(object);
    if (it == references.end() || it->second <= 0) {
        lock.unlock();
        RaiseBugCheck(bugcode::kReferenceByPointer, 0, reinterpret_cast<std::uintptr_t>(object), 0, 0,
                      "ObDereferenceObject",
                      "ObDereferenceObject was called on an object that holds no reference.", site);
    }
    const LONG_PTR count = --it->second;
    if (count > 0) return count;
    auto* device = static_cast<PDEVICE_OBJECT>(object);
    if (DeviceRecord* record = FindDevice(device)) {
        if (!record->deletePending) {
            ++it->second;  // keep the object usable; the report names the over-release
            lock.unlock();
            RaiseBugCheck(bugcode::kReferenceByPointer, IO_TYPE_DEVICE, reinterpret_cast<std::uintptr_t>(object),
                          0, 0, "ObDereferenceObject",
                          "The last reference of a device object that was not deleted was released "
                          "(more dereferences than references).",
                          site);
        }
        FreeDeviceLocked(device);
        return 0;
    }
    references.erase(it);
    return 0;
}

_DRIVER_OBJECT* Kernel::CreateDriverObject(std::u16string_view name, const void* moduleAnchor) {
    auto record = std::make_unique<DriverRecord>();
    std::u16string service(name);
    const auto slash = service.find_last_of(u'\\');
    if (slash != std::u16string::npos) service = service.substr(slash + 1);
    record->serviceName = service;
    record->name = (!name.empty() && name.front() == u'\\') ? std::u16string(name) : u"\\Driver\\" + service;

    auto* block = new DriverBlock{};
    PDRIVER_OBJECT driver = &block->object;
    driver->Type = IO_TYPE_DRIVER;
    driver->Size = sizeof(DRIVER_OBJECT);
    driver->DriverExtension = &block->extension;
    block->extension.DriverObject = driver;
    for (auto& dispatch : driver->MajorFunction) dispatch = &detail::InvalidDeviceRequest;
    record->driver = driver;
    SetUnicodeString(driver->DriverName, record->name);
    SetUnicodeString(block->extension.ServiceKeyName, record->serviceName);
    if (moduleAnchor != nullptr) {
        Dl_info info{};
        if (dladdr(moduleAnchor, &info) != 0) {
            driver->DriverStart = info.dli_fbase;
            impl_->pool.AddModule(info.dli_fbase, driver);
        }
    }
    std::lock_guard lock(impl_->objectsMutex);
    impl_->references[driver] = 1;
    impl_->drivers.emplace(driver, std::move(record));
    return driver;
}

void Kernel::DeleteDriverObject(_DRIVER_OBJECT* driver, bool leaksReported) {
    if (driver == nullptr) return;
    if (impl_->options.printLeakReportOnDriverDelete && !leaksReported) {
        const std::string report = LeakReport(driver);
        if (!report.empty()) std::fputs(report.c_str(), stderr);
    }
    impl_->pool.RemoveDriver(driver);
    std::lock_guard lock(impl_->objectsMutex);
    const auto it = impl_->drivers.find(driver);
    if (it == impl_->drivers.end()) return;
    for (auto& [client, memory] : it->second->clientExtensions) std::free(memory);
    impl_->drivers.erase(it);
    impl_->references.erase(driver);
    FreeDriverObjectMemory(driver);
}

}  // namespace kwmi::nt

using kwmi::nt::DeviceRecord;
using kwmi::nt::RequireKernel;

extern "C" {

NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName,
                        DEVICE_TYPE DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive,
                        PDEVICE_OBJECT* DeviceObject) {
    auto& k = RequireKernel("IoCreateDevice");
    *DeviceObject = nullptr;
    std::u16string name = kwmi::nt::FromUnicodeString(DeviceName);
    std::lock_guard lock(k.objectsMutex);
    if (!name.empty()) {
        for (const auto& [device, record] : k.devices) {
            if (!record->deletePending && record->name == name) return STATUS_OBJECT_NAME_COLLISION;
        }
    }
    const std::size_t extensionSize = (DeviceExtensionSize + 15u) & ~static_cast<std::size_t>(15);
    void* memory = std::aligned_alloc(16, sizeof(DEVICE_OBJECT) + extensionSize);
    if (memory == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    std::memset(memory, 0, sizeof(DEVICE_OBJECT) + extensionSize);
    auto* device = static_cast<PDEVICE_OBJECT>(memory);
    device->Type = IO_TYPE_DEVICE;
    device->Size = static_cast<USHORT>(sizeof(DEVICE_OBJECT) + DeviceExtensionSize);
    device->DriverObject = DriverObject;
    device->DeviceExtension = DeviceExtensionSize != 0 ? device + 1 : nullptr;
    device->DeviceType = DeviceType;
    device->Characteristics = DeviceCharacteristics;
    device->Flags = DO_DEVICE_INITIALIZING | (Exclusive ? DO_EXCLUSIVE : 0);
    device->StackSize = 1;
    device->AlignmentRequirement = 0;
    KeInitializeEvent(&device->DeviceLock, SynchronizationEvent, TRUE);
    auto record = std::make_unique<DeviceRecord>();
    record->device = device;
    record->name = std::move(name);
    record->extension.Type = 13;  // IO_TYPE_DEVICE_OBJECT_EXTENSION
    record->extension.Size = sizeof(DEVOBJ_EXTENSION);
    record->extension.DeviceObject = device;
    device->DeviceObjectExtension = &record->extension;
    if (DriverObject != nullptr) {
        device->NextDevice = DriverObject->DeviceObject;
        DriverObject->DeviceObject = device;
    }
    k.references[device] = 1;
    k.devices.emplace(device, std::move(record));
    *DeviceObject = device;
    return STATUS_SUCCESS;
}

VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject) {
    auto& k = RequireKernel("IoDeleteDevice");
    {
        std::lock_guard lock(k.objectsMutex);
        DeviceRecord* record = k.FindDevice(DeviceObject);
        if (record == nullptr || record->deletePending) {
            kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kReferenceByPointer, IO_TYPE_DEVICE,
                                    reinterpret_cast<std::uintptr_t>(DeviceObject), 0, 0, "IoDeleteDevice",
                                    "IoDeleteDevice was called on a device object that does not exist or was "
                                    "already deleted.",
                                    __builtin_return_address(0));
        }
        record->deletePending = true;
        if (PDRIVER_OBJECT driver = DeviceObject->DriverObject) {
            for (PDEVICE_OBJECT* link = &driver->DeviceObject; *link != nullptr; link = &(*link)->NextDevice) {
                if (*link == DeviceObject) {
                    *link = DeviceObject->NextDevice;
                    break;
                }
            }
        }
    }
    k.Dereference(DeviceObject, __builtin_return_address(0));
}

PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject) {
    PDEVICE_OBJECT top = DeviceObject;
    while (top->AttachedDevice != nullptr) top = top->AttachedDevice;
    return top;
}

PDEVICE_OBJECT IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject) {
    auto& k = RequireKernel("IoGetAttachedDeviceReference");
    std::lock_guard lock(k.objectsMutex);
    PDEVICE_OBJECT top = IoGetAttachedDevice(DeviceObject);
    k.Reference(top);
    return top;
}

PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice) {
    auto& k = RequireKernel("IoAttachDeviceToDeviceStack");
    std::lock_guard lock(k.objectsMutex);
    PDEVICE_OBJECT top = IoGetAttachedDevice(TargetDevice);
    DeviceRecord* target = k.FindDevice(top);
    if (target != nullptr && target->deletePending) return nullptr;
    top->AttachedDevice = SourceDevice;
    SourceDevice->StackSize = static_cast<CCHAR>(top->StackSize + 1);
    SourceDevice->AlignmentRequirement = top->AlignmentRequirement;
    if (DeviceRecord* source = k.FindDevice(SourceDevice)) source->attachedTo = top;
    return top;
}

NTSTATUS IoAttachDeviceToDeviceStackSafe(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice,
                                         PDEVICE_OBJECT* AttachedToDeviceObject) {
    PDEVICE_OBJECT top = IoAttachDeviceToDeviceStack(SourceDevice, TargetDevice);
    *AttachedToDeviceObject = top;
    return top != nullptr ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

VOID IoDetachDevice(PDEVICE_OBJECT TargetDevice) {
    auto& k = RequireKernel("IoDetachDevice");
    std::lock_guard lock(k.objectsMutex);
    if (PDEVICE_OBJECT above = TargetDevice->AttachedDevice) {
        if (DeviceRecord* record = k.FindDevice(above)) record->attachedTo = nullptr;
    }
    TargetDevice->AttachedDevice = nullptr;
}

PDEVICE_OBJECT IoGetLowerDeviceObject(PDEVICE_OBJECT DeviceObject) {
    auto& k = RequireKernel("IoGetLowerDeviceObject");
    std::lock_guard lock(k.objectsMutex);
    DeviceRecord* record = k.FindDevice(DeviceObject);
    if (record == nullptr || record->attachedTo == nullptr) return nullptr;
    k.Reference(record->attachedTo);
    return record->attachedTo;
}

PDEVICE_OBJECT IoGetDeviceAttachmentBaseRef(PDEVICE_OBJECT DeviceObject) {
    auto& k = RequireKernel("IoGetDeviceAttachmentBaseRef");
    std::lock_guard lock(k.objectsMutex);
    PDEVICE_OBJECT base = DeviceObject;
    while (DeviceRecord* record = k.FindDevice(base)) {
        if (record->attachedTo == nullptr) break;
        base = record->attachedTo;
    }
    k.Reference(base);
    return base;
}

BOOLEAN IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion) {
    // The simulated kernel reports WDM 6.0x30 (Windows 10).
    return MajorVersion < 6 || (MajorVersion == 6 && MinorVersion <= 0x30);
}

NTSTATUS IoAllocateDriverObjectExtension(PDRIVER_OBJECT DriverObject, PVOID ClientIdentificationAddress,
                                         ULONG DriverObjectExtensionSize, PVOID* DriverObjectExtension) {
    auto& k = RequireKernel("IoAllocateDriverObjectExtension");
    *DriverObjectExtension = nullptr;
    std::lock_guard lock(k.objectsMutex);
    const auto it = k.drivers.find(DriverObject);
    if (it == k.drivers.end()) return STATUS_INVALID_PARAMETER;
    auto& extensions = it->second->clientExtensions;
    if (extensions.count(ClientIdentificationAddress) != 0) return STATUS_OBJECT_NAME_COLLISION;
    void* memory = std::calloc(1, DriverObjectExtensionSize == 0 ? 1 : DriverObjectExtensionSize);
    if (memory == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    extensions[ClientIdentificationAddress] = memory;
    *DriverObjectExtension = memory;
    return STATUS_SUCCESS;
}

PVOID IoGetDriverObjectExtension(PDRIVER_OBJECT DriverObject, PVOID ClientIdentificationAddress) {
    auto& k = RequireKernel("IoGetDriverObjectExtension");
    std::lock_guard lock(k.objectsMutex);
    const auto it = k.drivers.find(DriverObject);
    if (it == k.drivers.end()) return nullptr;
    const auto found = it->second->clientExtensions.find(ClientIdentificationAddress);
    return found == it->second->clientExtensions.end() ? nullptr : found->second;
}

LONG_PTR ObfReferenceObject(PVOID Object) { return RequireKernel("ObReferenceObject").Reference(Object); }

LONG_PTR ObfDereferenceObject(PVOID Object) {
    return RequireKernel("ObDereferenceObject").Dereference(Object, __builtin_return_address(0));
}

}  // extern "C"
