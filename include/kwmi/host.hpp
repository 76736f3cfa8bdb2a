// kwmi/host.hpp - loads KMDF drivers and drives their devices through PnP.
//
// A Host works on one kwmi::nt::Kernel (which must outlive it). It loads a driver shared
// object (dlopen, RTLD_LOCAL) or takes a DriverEntry linked into the test, calls DriverEntry
// with a DRIVER_OBJECT and a registry path, creates simulated PDOs ("ROOT\KWMI\0000", …) and
// runs add -> start -> (surprise) remove. A bug check raised by a driver is printed, marks
// that device (or driver) failed and unwinds to the host; other devices keep working.
// UnloadDriver removes remaining devices, calls the driver's unload and reports leaks: WDF
// objects never deleted and pool allocations never freed.
#pragma once

#include <kwmi/kernel.hpp>
#include <kwmi/resources.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct _DRIVER_OBJECT;
struct _DEVICE_OBJECT;
struct _UNICODE_STRING;

namespace kwmi::host {

using DriverEntryFn = std::int32_t (*)(_DRIVER_OBJECT *, _UNICODE_STRING *);

enum class DeviceState { Added, Started, StartFailed, SurpriseRemoved, Removed, Failed };

struct LeakReport {
    std::vector<std::string> objects;  // "WDFTIMER 0x… (parent WDFDEVICE)" for each live object
    std::vector<nt::PoolAllocationInfo> pool;
    std::string poolText;              // the kernel's per-driver pool leak report
    bool Empty() const { return objects.empty() && pool.empty(); }
    std::string Text() const;
};

struct DriverInfo {
    std::string name;
    _DRIVER_OBJECT *driverObject = nullptr;
    void *wdfDriver = nullptr;  // WDFDRIVER
    std::int32_t entryStatus = 0;
    bool failed = false;         // DriverEntry bug-checked or failed
    std::string failure;         // the bug-check report text, if any
    // The image's resources (kwmi/resources.h), registered with the kernel's
    // wmi::ImageResources: STATUS_SUCCESS (also when the image has none) or
    // STATUS_INVALID_IMAGE_FORMAT with the reason in resourceProblem.
    std::string imagePath;       // the loaded file; empty for a linked driver
    std::int32_t resourceStatus = 0;
    std::string resourceProblem;
};

class Host {
public:
    explicit Host(nt::Kernel &kernel);
    ~Host();
    Host(const Host &) = delete;
    Host &operator=(const Host &) = delete;

    // Loads `path` and runs DriverEntry. Returns the driver index (also when DriverEntry
    // failed: see Driver(i).entryStatus); std::nullopt when the object cannot be loaded or
    // has no DriverEntry (the reason is in LastError()).
    std::optional<std::size_t> LoadDriver(const std::string &path, std::string name = "");
    // Same for a DriverEntry linked into the executable.
    // `resources`: the table its image would export (kwmi/resources.h), if any.
    std::size_t AddLinkedDriver(const std::string &name, DriverEntryFn entry,
                                const KWMI_RESOURCE_TABLE *resources = nullptr);
    // Replaces the driver's image resources with `table` (e.g. for a linked driver);
    // returns DriverInfo::resourceStatus.
    std::int32_t AttachResourceTable(std::size_t driver, const KWMI_RESOURCE_TABLE *table);
    const DriverInfo &Driver(std::size_t driver) const;

    // Creates a simulated PDO and calls the driver's AddDevice (EvtDriverDeviceAdd).
    // Returns the device index; `status` receives AddDevice's status.
    std::size_t AddDevice(std::size_t driver, std::int32_t *status = nullptr, std::string instancePath = "");
    std::int32_t StartDevice(std::size_t device);
    void SurpriseRemoveDevice(std::size_t device);
    std::int32_t RemoveDevice(std::size_t device);
    // A METHOD_BUFFERED IOCTL sent to the top of the device's stack.
    std::int32_t DeviceIoControl(std::size_t device, std::uint32_t code, const void *input, std::size_t inputLength,
                                 void *output, std::size_t outputLength, std::size_t *bytesReturned = nullptr);

    // Bus drivers: reports the static children the device's driver added with
    // WdfFdoAddStaticChild as new host devices (state Added; the child's framework device is
    // its own PDO) and removes children the driver marked missing. Returns the new indices.
    // A child removed while not missing is kept by the framework (state Added again) and can
    // be started again.
    std::vector<std::size_t> EnumerateChildren(std::size_t device);
    // What the PnP manager does after IoInvalidateDeviceRelations: enumerates every started
    // bus whose children changed (a child list update, a static child added after start, the
    // end of a static-list iteration lock) and starts the new children, repeatedly, until no
    // bus reports a change. Returns the indices of the children it enumerated and started
    // (State() says whether each start succeeded).
    std::vector<std::size_t> ProcessInvalidatedBusRelations();
    // The bus a child was enumerated by; std::nullopt for devices the host added.
    std::optional<std::size_t> ParentOf(std::size_t device) const;

    DeviceState State(std::size_t device) const;
    std::string Failure(std::size_t device) const;  // bug-check report text when Failed
    _DEVICE_OBJECT *Pdo(std::size_t device) const;
    _DEVICE_OBJECT *DeviceObject(std::size_t device) const;  // the framework's device object
    void *WdfDevice(std::size_t device) const;                // WDFDEVICE, null after removal
    std::vector<std::string> PnpLog(std::size_t device) const;
    // The device's WDF_POWER_DEVICE_STATE (WdfPowerDeviceD0 = 1 … D3Final = 5; idle Dx while
    // S0-idle); WdfPowerDeviceInvalid (0) when there is no framework device any more.
    std::int32_t PowerState(std::size_t device) const;

    // Removes the driver's remaining devices, calls its unload, deletes the driver object
    // and reports what was left behind.
    LeakReport UnloadDriver(std::size_t driver);

    const std::string &LastError() const { return lastError_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string lastError_;
};

}  // namespace kwmi::host
