// The driver host: DriverEntry, simulated PDOs, PnP, IOCTLs, unload and leak reports.
#include <kwmi/host.hpp>

#include "wdf/device.hpp"
#include "wdf/device_properties.hpp"
#include "wdf/driver.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "verifier/device_failures.hpp"
#include "verifier/driver_rules.hpp"

#include <kwmi/bugcheck.hpp>
#include <kwmi/wmi_service.hpp>

#include <wdf.h>

#include <dlfcn.h>

#include "image_resources.hpp"

#include <cstdio>
#include <functional>
#include <stdexcept>

namespace kwmi::host {
namespace {

NTSTATUS RootBusDispatch(PDEVICE_OBJECT, PIRP irp) {
    // The simulated root bus: PnP/power/WMI IRPs that reach the PDO complete unchanged.
    const NTSTATUS status = irp->IoStatus.Status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

std::u16string ToU16(const std::string &text) { return std::u16string(text.begin(), text.end()); }

std::string HexPointer(const void *pointer) {
    char text[32];
    std::snprintf(text, sizeof text, "%p", pointer);
    return text;
}

}  // namespace

struct Host::Impl {
    struct DriverRecord {
        DriverInfo info;
        void *module = nullptr;  // dlopen handle (null for linked drivers)
        wdf::DriverGlobals *globals = nullptr;
        std::u16string registryPath;
        bool unloaded = false;
    };
    struct DeviceRecord {
        std::size_t driver = 0;
        PDEVICE_OBJECT pdo = nullptr;
        PDEVICE_OBJECT fdo = nullptr;
        DeviceState state = DeviceState::Added;
        bool isChild = false;       // a PDO the driver itself created (framework-owned)
        std::size_t parent = 0;     // the bus device's index when isChild
        std::string failure;
        bool removable = false;     // failed in a callback after start: RemoveDevice tears it down
        std::vector<std::string> lastLog;
    };

    nt::Kernel &kernel;
    nt::BugCheckHandler previousHandler;
    PDRIVER_OBJECT rootBus = nullptr;
    std::vector<DriverRecord> drivers;
    std::vector<DeviceRecord> devices;

    explicit Impl(nt::Kernel &k) : kernel(k) {}

    wdf::Device *FrameworkDevice(const DeviceRecord &record) const {
        return record.fdo == nullptr ? nullptr : wdf::Device::FromDeviceObject(record.fdo);
    }

    // Picks up a failure a framework callback boundary recorded (a WMI callback, a timer or a
    // work item bug-checked): the device is Failed but can still be removed.
    void SyncFailure(DeviceRecord &record) const {
        if (record.state == DeviceState::Failed || record.state == DeviceState::Removed) return;
        wdf::Device *framework = FrameworkDevice(record);
        if (framework == nullptr) return;
        if (auto report = verifier::DeviceFailure(framework->Handle())) {
            record.failure = nt::FormatBugCheck(*report);
            record.state = DeviceState::Failed;
            record.removable = true;
        }
    }

    // Runs driver code; a bug check marks `failure` and returns false.
    bool Guard(const std::function<void()> &call, std::string &failure, const DriverRecord &driver) {
        try {
            wdf::DriverCallScope scope(driver.globals);
            nt::PoolOwnerScope pool(driver.info.driverObject);
            call();
            return true;
        } catch (const nt::BugCheckException &e) {
            failure = nt::FormatBugCheck(e.Report());
            return false;
        }
    }

    // The loader maps the image before DriverEntry: its resources become readable by WMI.
    void RegisterImage(DriverRecord &record, const KWMI_RESOURCE_TABLE *table) {
        std::vector<wmi::ImageResource> resources;
        record.info.resourceStatus = STATUS_SUCCESS;
        record.info.resourceProblem.clear();
        if (table != nullptr) {
            record.info.resourceStatus = ReadResourceTable(table, resources, record.info.resourceProblem);
        }
        wmi::ImageResources &images = wmi::ImageResources::Of(kernel);
        if (table == nullptr && record.module == nullptr) {
            images.Unregister(record.info.driverObject);  // linked, no table: no image to read
            return;
        }
        images.Register(record.info.driverObject, ToU16(record.info.imagePath), std::move(resources));
    }

    std::size_t RunDriverEntry(const std::string &name, DriverEntryFn entry, void *module,
                               const std::string &imagePath = "", const KWMI_RESOURCE_TABLE *table = nullptr) {
        DriverRecord record;
        record.info.name = name;
        record.module = module;
        record.registryPath = u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" + ToU16(name);
        record.globals = wdf::CreateDriverGlobals(name);
        record.info.driverObject = kernel.CreateDriverObject(u"\\Driver\\" + ToU16(name),
                                                             reinterpret_cast<const void *>(entry));
        record.info.imagePath = imagePath;
        RegisterImage(record, module != nullptr ? FindResourceTable(module) : table);
        UNICODE_STRING path;
        path.Buffer = reinterpret_cast<PWCH>(record.registryPath.data());
        path.Length = static_cast<USHORT>(record.registryPath.size() * sizeof(WCHAR));
        path.MaximumLength = path.Length;
        NTSTATUS status = STATUS_UNSUCCESSFUL;
        const bool ok = Guard([&] { status = entry(record.info.driverObject, reinterpret_cast<_UNICODE_STRING *>(&path)); },
                              record.info.failure, record);
        record.info.entryStatus = status;
        record.info.failed = !ok || !NT_SUCCESS(status);
        record.info.wdfDriver = record.globals->Public.Driver;
        drivers.push_back(std::move(record));
        return drivers.size() - 1;
    }
};

Host::Host(nt::Kernel &kernel) : impl_(std::make_unique<Impl>(kernel)) {
    // Print the report like a debugger and let the exception unwind to the host boundary.
    impl_->previousHandler = kernel.SetBugCheckHandler([](const nt::BugCheckReport &report) {
        std::fprintf(stderr, "%s\n", nt::FormatBugCheck(report).c_str());
    });
    impl_->rootBus = kernel.CreateDriverObject(u"\\Driver\\KwmiRootBus");
    for (PDRIVER_DISPATCH &dispatch : impl_->rootBus->MajorFunction) dispatch = &RootBusDispatch;
}

Host::~Host() {
    for (std::size_t i = 0; i < impl_->drivers.size(); ++i) {
        if (impl_->drivers[i].unloaded) continue;
        // Nobody asked for this report: print it, as the kernel does for a deleted driver.
        const LeakReport report = UnloadDriver(i);
        if (!report.Empty() && impl_->kernel.Options().printLeakReportOnDriverDelete)
            std::fputs(report.Text().c_str(), stderr);
    }
    for (auto &device : impl_->devices) {
        if (device.pdo != nullptr && !device.isChild) {
            wdf::ClearDeviceProperties(device.pdo);
            IoDeleteDevice(device.pdo);
        }
        device.pdo = nullptr;
    }
    impl_->kernel.DeleteDriverObject(impl_->rootBus);
    impl_->kernel.SetBugCheckHandler(impl_->previousHandler);
}

std::optional<std::size_t> Host::LoadDriver(const std::string &path, std::string name) {
    void *module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
        const char *error = dlerror();
        lastError_ = error != nullptr ? error : "dlopen failed";
        return std::nullopt;
    }
    auto entry = reinterpret_cast<DriverEntryFn>(dlsym(module, "DriverEntry"));
    if (entry == nullptr) {
        lastError_ = path + ": no DriverEntry";
        dlclose(module);
        return std::nullopt;
    }
    if (name.empty()) {
        name = path.substr(path.find_last_of('/') + 1);
        if (name.rfind("lib", 0) == 0) name = name.substr(3);
        name = name.substr(0, name.find('.'));
    }
    return impl_->RunDriverEntry(name, entry, module, path);
}

std::size_t Host::AddLinkedDriver(const std::string &name, DriverEntryFn entry, const KWMI_RESOURCE_TABLE *resources) {
    return impl_->RunDriverEntry(name, entry, nullptr, "", resources);
}

std::int32_t Host::AttachResourceTable(std::size_t driver, const KWMI_RESOURCE_TABLE *table) {
    Impl::DriverRecord &record = impl_->drivers.at(driver);
    if (record.unloaded) return STATUS_INVALID_DEVICE_STATE;
    impl_->RegisterImage(record, table);
    return record.info.resourceStatus;
}

const DriverInfo &Host::Driver(std::size_t driver) const { return impl_->drivers.at(driver).info; }

std::size_t Host::AddDevice(std::size_t driver, std::int32_t *status, std::string instancePath) {
    Impl::DriverRecord &record = impl_->drivers.at(driver);
    Impl::DeviceRecord device;
    device.driver = driver;
    PDEVICE_OBJECT pdo = nullptr;
    NTSTATUS result = IoCreateDevice(impl_->rootBus, 0, nullptr, FILE_DEVICE_BUS_EXTENDER,
                                     FILE_AUTOGENERATED_DEVICE_NAME, FALSE, &pdo);
    if (NT_SUCCESS(result)) {
        pdo->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
        device.pdo = pdo;
        if (instancePath.empty()) {
            char text[64];
            std::snprintf(text, sizeof text, "ROOT\\KWMI\\%04zu", impl_->devices.size());
            instancePath = text;
        }
        if (auto *service = wmi::Service::Current()) service->SetDeviceInstancePath(pdo, ToU16(instancePath));
        wdf::SetDeviceProperty(pdo, DevicePropertyDeviceDescription, u"kwmi simulated device");
        wdf::SetDeviceProperty(pdo, DevicePropertyHardwareID, ToU16(instancePath.substr(0, instancePath.rfind('\\'))) + u'\0');
        wdf::SetDeviceProperty(pdo, DevicePropertyEnumeratorName, u"ROOT");
        PDRIVER_OBJECT driverObject = record.info.driverObject;
        const bool ok = impl_->Guard(
            [&] {
                result = driverObject->DriverExtension != nullptr && driverObject->DriverExtension->AddDevice != nullptr
                             ? driverObject->DriverExtension->AddDevice(driverObject, pdo)
                             : STATUS_INVALID_DEVICE_REQUEST;
            },
            device.failure, record);
        if (!ok) {
            device.state = DeviceState::Failed;
            result = STATUS_DRIVER_INTERNAL_ERROR;
        }
        // The framework device is whatever the driver attached on top of the PDO.
        PDEVICE_OBJECT top = pdo->AttachedDevice;
        device.fdo = top;
    }
    if (status != nullptr) *status = result;
    if (!NT_SUCCESS(result) && device.state != DeviceState::Failed) device.state = DeviceState::Removed;
    impl_->devices.push_back(std::move(device));
    return impl_->devices.size() - 1;
}

std::int32_t Host::StartDevice(std::size_t index) {
    Impl::DeviceRecord &device = impl_->devices.at(index);
    wdf::Device *framework = impl_->FrameworkDevice(device);
    if (framework == nullptr || device.state != DeviceState::Added) return STATUS_INVALID_DEVICE_STATE;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    if (!impl_->Guard([&] { status = framework->Start(); }, device.failure, impl_->drivers[device.driver])) {
        device.state = DeviceState::Failed;
        return STATUS_DRIVER_INTERNAL_ERROR;
    }
    device.state = NT_SUCCESS(status) ? DeviceState::Started : DeviceState::StartFailed;
    return status;
}

void Host::SurpriseRemoveDevice(std::size_t index) {
    // The bus's children are gone with it: PnP surprise-removes them first.
    for (std::size_t i = 0; i < impl_->devices.size(); ++i) {
        const Impl::DeviceRecord &child = impl_->devices[i];
        if (child.isChild && child.parent == index && child.state != DeviceState::Removed &&
            child.state != DeviceState::Failed && child.state != DeviceState::SurpriseRemoved) {
            if (wdf::Device *framework = impl_->FrameworkDevice(child)) framework->MarkMissing();
            SurpriseRemoveDevice(i);
        }
    }
    Impl::DeviceRecord &device = impl_->devices.at(index);
    wdf::Device *framework = impl_->FrameworkDevice(device);
    if (framework == nullptr || device.state == DeviceState::Removed || device.state == DeviceState::Failed) return;
    if (!impl_->Guard([&] { framework->SurpriseRemove(); }, device.failure, impl_->drivers[device.driver])) {
        device.state = DeviceState::Failed;
        return;
    }
    device.state = DeviceState::SurpriseRemoved;
}

std::int32_t Host::RemoveDevice(std::size_t index) {
    // PnP removes a bus's children before the bus.
    for (std::size_t i = 0; i < impl_->devices.size(); ++i) {
        Impl::DeviceRecord &child = impl_->devices[i];
        if (!child.isChild || child.parent != index || child.state == DeviceState::Removed ||
            child.state == DeviceState::Failed) {
            continue;
        }
        if (wdf::Device *framework = impl_->FrameworkDevice(child)) framework->MarkMissing();
        (void)RemoveDevice(i);
    }
    Impl::DeviceRecord &device = impl_->devices.at(index);
    impl_->SyncFailure(device);
    wdf::Device *framework = impl_->FrameworkDevice(device);
    if (framework == nullptr || device.state == DeviceState::Removed ||
        (device.state == DeviceState::Failed && !device.removable)) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    const void *failedHandle = device.state == DeviceState::Failed ? framework->Handle() : nullptr;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    wdf::Device *keepAlive = framework;
    keepAlive->AddRef();  // read the final log and state after dispose
    const bool ok = impl_->Guard([&] { status = framework->Remove(); }, device.failure, impl_->drivers[device.driver]);
    device.lastLog = keepAlive->PnpLog();
    const bool retained = keepAlive->IsRetained() && keepAlive->PnpState() == wdf::DevicePnpState::Added;
    keepAlive->Release();
    if (!ok) {
        device.state = DeviceState::Failed;
        device.removable = false;
        return STATUS_DRIVER_INTERNAL_ERROR;
    }
    if (!NT_SUCCESS(status)) return status;  // vetoed
    if (failedHandle != nullptr) verifier::ForgetDevice(failedHandle);
    if (retained) {
        device.state = DeviceState::Added;  // the PDO stays for a restart
        return STATUS_SUCCESS;
    }
    device.state = DeviceState::Removed;
    device.fdo = nullptr;
    if (device.pdo != nullptr && !device.isChild) {
        wdf::ClearDeviceProperties(device.pdo);
        IoDeleteDevice(device.pdo);
    }
    device.pdo = nullptr;
    return STATUS_SUCCESS;
}

std::vector<std::size_t> Host::EnumerateChildren(std::size_t index) {
    std::vector<std::size_t> added;
    Impl::DeviceRecord &busRecord = impl_->devices.at(index);
    wdf::Device *bus = impl_->FrameworkDevice(busRecord);
    if (bus == nullptr || busRecord.state == DeviceState::Failed) return added;
    // The bus relations query may call the driver (EvtChildListCreateDevice).
    std::vector<wdf::Device *> children;
    if (!impl_->Guard([&] { children = bus->QueryBusRelations(); }, busRecord.failure, impl_->drivers[busRecord.driver])) {
        busRecord.state = DeviceState::Failed;
        return added;
    }
    for (wdf::Device *child : children) {
        bool known = false;
        for (std::size_t i = 0; i < impl_->devices.size(); ++i) {
            Impl::DeviceRecord &record = impl_->devices[i];
            if (record.isChild && record.fdo == child->WdmDeviceObject() && record.state != DeviceState::Removed) {
                known = true;
                if (child->IsMissing()) (void)RemoveDevice(i);
                break;
            }
        }
        if (!known && !child->IsMissing() && child->PnpState() != wdf::DevicePnpState::Removed) {
            Impl::DeviceRecord record;
            record.driver = impl_->devices[index].driver;
            record.isChild = true;
            record.parent = index;
            record.pdo = child->WdmDeviceObject();
            record.fdo = child->WdmDeviceObject();
            std::u16string path = child->PdoDeviceId();
            if (!child->PdoInstanceId().empty()) path += u"\\" + child->PdoInstanceId();
            if (auto *service = wmi::Service::Current(); service != nullptr && !path.empty()) {
                service->SetDeviceInstancePath(record.pdo, path);
            }
            impl_->devices.push_back(std::move(record));
            added.push_back(impl_->devices.size() - 1);
        }
    }
    for (wdf::Device *child : children) child->Release();
    return added;
}

std::vector<std::size_t> Host::ProcessInvalidatedBusRelations() {
    std::vector<std::size_t> enumerated;
    // Bounded: a driver that changes its children on every query must not hang the host.
    constexpr int kMaxPasses = 64;
    bool again = true;
    for (int pass = 0; again && pass < kMaxPasses; ++pass) {
        again = false;
        for (std::size_t i = 0; i < impl_->devices.size(); ++i) {
            wdf::Device *bus = impl_->FrameworkDevice(impl_->devices[i]);
            if (bus == nullptr || impl_->devices[i].state != DeviceState::Started || !bus->BusRelationsStale()) continue;
            for (std::size_t child : EnumerateChildren(i)) {
                (void)StartDevice(child);  // State(child) tells how it went
                enumerated.push_back(child);
            }
            again = true;  // a child may be a bus itself, or the query changed another bus
        }
    }
    return enumerated;
}

std::optional<std::size_t> Host::ParentOf(std::size_t device) const {
    const Impl::DeviceRecord &record = impl_->devices.at(device);
    if (!record.isChild) return std::nullopt;
    return record.parent;
}

std::int32_t Host::DeviceIoControl(std::size_t index, std::uint32_t code, const void *input, std::size_t inputLength,
                                   void *output, std::size_t outputLength, std::size_t *bytesReturned) {
    Impl::DeviceRecord &device = impl_->devices.at(index);
    if (bytesReturned != nullptr) *bytesReturned = 0;
    impl_->SyncFailure(device);
    if (device.fdo == nullptr || device.state == DeviceState::Failed) return STATUS_NO_SUCH_DEVICE;
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IO_STATUS_BLOCK ioStatus{};
    PIRP irp = IoBuildDeviceIoControlRequest(code, device.fdo, const_cast<void *>(input), static_cast<ULONG>(inputLength),
                                             output, static_cast<ULONG>(outputLength), FALSE, &event, &ioStatus);
    if (irp == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    if (!impl_->Guard([&] { status = IoCallDriver(device.fdo, irp); }, device.failure, impl_->drivers[device.driver])) {
        device.removable = device.state == DeviceState::Started;
        device.state = DeviceState::Failed;
        return STATUS_DRIVER_INTERNAL_ERROR;
    }
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
        status = ioStatus.Status;
    }
    if (bytesReturned != nullptr) *bytesReturned = ioStatus.Information;
    return status;
}

DeviceState Host::State(std::size_t device) const {
    impl_->SyncFailure(impl_->devices.at(device));
    return impl_->devices.at(device).state;
}
std::string Host::Failure(std::size_t device) const {
    impl_->SyncFailure(impl_->devices.at(device));
    return impl_->devices.at(device).failure;
}
_DEVICE_OBJECT *Host::Pdo(std::size_t device) const { return impl_->devices.at(device).pdo; }
_DEVICE_OBJECT *Host::DeviceObject(std::size_t device) const { return impl_->devices.at(device).fdo; }

void *Host::WdfDevice(std::size_t device) const {
    wdf::Device *framework = impl_->FrameworkDevice(impl_->devices.at(device));
    return framework == nullptr ? nullptr : framework->Handle();
}

std::vector<std::string> Host::PnpLog(std::size_t index) const {
    const Impl::DeviceRecord &device = impl_->devices.at(index);
    if (wdf::Device *framework = impl_->FrameworkDevice(device)) return framework->PnpLog();
    return device.lastLog;
}

std::int32_t Host::PowerState(std::size_t index) const {
    wdf::Device *framework = impl_->FrameworkDevice(impl_->devices.at(index));
    return framework == nullptr ? WdfPowerDeviceInvalid : static_cast<std::int32_t>(framework->PowerState());
}

LeakReport Host::UnloadDriver(std::size_t index) {
    Impl::DriverRecord &record = impl_->drivers.at(index);
    LeakReport report;
    if (record.unloaded) return report;
    for (std::size_t i = 0; i < impl_->devices.size(); ++i) {
        Impl::DeviceRecord &device = impl_->devices[i];
        if (device.driver == index) impl_->SyncFailure(device);
        if (device.driver != index || device.state == DeviceState::Removed ||
            (device.state == DeviceState::Failed && !device.removable)) {
            continue;
        }
        if (RemoveDevice(i) != STATUS_SUCCESS && device.state != DeviceState::Failed) {
            SurpriseRemoveDevice(i);  // a vetoed remove: the device is pulled out anyway
            (void)RemoveDevice(i);
        }
    }
    PDRIVER_OBJECT driverObject = record.info.driverObject;
    std::string failure;
    impl_->Guard(
        [&] {
            if (driverObject->DriverUnload != nullptr) driverObject->DriverUnload(driverObject);
        },
        failure, record);
    if (!failure.empty()) record.info.failure = failure;
    impl_->kernel.WaitIdle();

    if (record.globals != nullptr) {
        std::lock_guard lock(record.globals->liveMutex);
        for (wdf::Object *object : record.globals->liveObjects) {
            std::string line = std::string(wdf::ObjectTypeName(object->Type())) + " " + HexPointer(object->Handle());
            if (object->Parent() != nullptr) line += std::string(" (parent ") + wdf::ObjectTypeName(object->Parent()->Type()) + ")";
            report.objects.push_back(std::move(line));
        }
    }
    report.pool = impl_->kernel.OutstandingAllocations(driverObject);
    report.poolText = impl_->kernel.LeakReport(driverObject);
    try {  // the verifier's UnloadLeaks rule: a diagnostic, or bug check 0xC4/0x62
        verifier::CheckUnloadLeaks({record.info.name, report.objects.size(), report.pool.size(), report.Text()});
    } catch (const nt::BugCheckException &e) {
        record.info.failure = nt::FormatBugCheck(e.Report());
    }
    wmi::ImageResources::Of(impl_->kernel).Unregister(driverObject);
    impl_->kernel.DeleteDriverObject(driverObject, /*leaksReported=*/true);  // report.poolText has them
    record.unloaded = true;
    if (report.objects.empty()) {
        if (record.module != nullptr) dlclose(record.module);
        wdf::DestroyDriverGlobals(record.globals);
        record.globals = nullptr;
    }
    record.module = nullptr;
    return report;
}

}  // namespace kwmi::host
