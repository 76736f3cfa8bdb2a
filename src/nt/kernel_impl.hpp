// Kernel::Impl - the state behind kwmi::nt::Kernel, shared by the DDI implementations.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <kwmi/kernel.hpp>
#include <wdm.h>

#include "pool_tracker.hpp"
#include "scheduler.hpp"
#include "work_queues.hpp"

namespace kwmi::nt {

// Book-keeping the kernel keeps for each device object (DeviceObjectExtension points to
// `extension`, the first member).
struct DeviceRecord {
    DEVOBJ_EXTENSION extension{};
    PDEVICE_OBJECT device = nullptr;
    std::u16string name;
    PDEVICE_OBJECT attachedTo = nullptr;  // the device this one is attached on top of
    bool deletePending = false;
    DEVICE_POWER_STATE devicePower = PowerDeviceD0;  // PoSetPowerState
    SYSTEM_POWER_STATE systemPower = PowerSystemWorking;
};

struct DriverRecord {
    PDRIVER_OBJECT driver = nullptr;
    std::u16string name;         // "\Driver\<service>"
    std::u16string serviceName;  // DriverExtension->ServiceKeyName
    std::map<PVOID, void*> clientExtensions;  // IoAllocateDriverObjectExtension
};

class Kernel::Impl {
public:
    Impl(SchedulerKind kind, KernelOptions options);
    ~Impl();

    BugCheckHandler CurrentBugCheckHandler() {
        std::lock_guard lock(handlerMutex);
        return handler;
    }

    // Reference counting of kernel objects (ObReferenceObject and friends).
    LONG_PTR Reference(void* object);
    LONG_PTR Dereference(void* object, const void* site);
    DeviceRecord* FindDevice(PDEVICE_OBJECT device);  // objectsMutex held by caller

    // Owner to charge an allocation made from `site` to.
    const _DRIVER_OBJECT* AllocationOwner(const void* site) const;

    SchedulerKind kind;
    KernelOptions options;
    KernelCounters stats;
    Clock clock;
    WorkQueues queues;
    std::unique_ptr<Scheduler> scheduler;
    PoolTracker pool;

    std::mutex handlerMutex;
    BugCheckHandler handler;

    std::mutex componentMutex;
    std::vector<std::pair<std::string, std::shared_ptr<KernelComponent>>> components;

    std::recursive_mutex objectsMutex;
    std::unordered_map<void*, LONG_PTR> references;
    std::map<PDEVICE_OBJECT, std::unique_ptr<DeviceRecord>> devices;
    std::map<PDRIVER_OBJECT, std::unique_ptr<DriverRecord>> drivers;

    Kernel* previous = nullptr;

private:
    void FreeDeviceLocked(PDEVICE_OBJECT device);
};

// The current kernel's Impl; a clear fatal error when a DDI that needs a kernel is called
// with none current.
Kernel::Impl& RequireKernel(const char* ddi);

// Frees a device object's memory (after its last reference went away).
void FreeDeviceObjectMemory(PDEVICE_OBJECT device);
// Frees a driver object created by Kernel::CreateDriverObject.
void FreeDriverObjectMemory(PDRIVER_OBJECT driver);

}  // namespace kwmi::nt
