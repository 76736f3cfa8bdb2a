// wmi_kernel_site.cpp - WmiDeviceSite over the simulated kernel and the WDF device.
#include "wmi_kernel_site.hpp"

#include "wmi_wire.hpp"

#include "wdf/device.hpp"
#include "wdf/driver.hpp"

#include <wdm.h>

#undef min
#undef max

namespace kwmi::wdf::wmi {
namespace {

class KernelSiteEvent final : public WmiSiteEvent {
public:
    KernelSiteEvent() { KeInitializeEvent(&event_, SynchronizationEvent, FALSE); }
    void Set() override { KeSetEvent(&event_, IO_NO_INCREMENT, FALSE); }
    void Wait() override { KeWaitForSingleObject(&event_, Executive, KernelMode, FALSE, nullptr); }

private:
    KEVENT event_;
};

// One IO_WORKITEM per queued update (IoAllocateWorkItem is legal up to DISPATCH_LEVEL); the
// routine frees it. Only one update work item is queued at a time per device.
struct QueuedUpdate {
    PIO_WORKITEM item = nullptr;
    std::function<void()> routine;
};

void UpdateWorkItemThunk(PDEVICE_OBJECT, PVOID context)
{
    std::unique_ptr<QueuedUpdate> update(static_cast<QueuedUpdate *>(context));
    PIO_WORKITEM item = update->item;
    update->routine();
    IoFreeWorkItem(item);
}

std::u16string FromUnicodeString(const UNICODE_STRING *s)
{
    if (s == nullptr || s->Buffer == nullptr) {
        return {};
    }
    return std::u16string(reinterpret_cast<const char16_t *>(s->Buffer), s->Length / sizeof(WCHAR));
}

class KernelDeviceSite final : public WmiDeviceSite {
public:
    explicit KernelDeviceSite(Device &device) : device_(device) {}

    KIRQL CurrentIrql() const override { return KeGetCurrentIrql(); }

    NTSTATUS RegistrationControl(ULONG action) override
    {
        return IoWMIRegistrationControl(device_.WdmDeviceObject(), action);
    }

    void QueueWorkItem(std::function<void()> routine) override
    {
        auto update = std::make_unique<QueuedUpdate>();
        update->item = IoAllocateWorkItem(device_.WdmDeviceObject());
        if (update->item == nullptr) {
            return; // KMDF preallocates; the next change or REGINFO will carry the update
        }
        update->routine = std::move(routine);
        PIO_WORKITEM item = update->item;
        IoQueueWorkItem(item, UpdateWorkItemThunk, DelayedWorkQueue, update.release());
    }

    std::unique_ptr<WmiSiteEvent> CreateEvent() override { return std::make_unique<KernelSiteEvent>(); }

    LONGLONG SystemTime() const override
    {
        LARGE_INTEGER now;
        KeQuerySystemTime(&now);
        return now.QuadPart;
    }

    ULONG_PTR DeviceObjectId() const override { return reinterpret_cast<ULONG_PTR>(device_.WdmDeviceObject()); }
    ULONG_PTR StackPdo() const override { return reinterpret_cast<ULONG_PTR>(device_.PhysicalDeviceObject()); }
    void ReferencePdo(ULONG_PTR pdo) override { ObReferenceObject(reinterpret_cast<PVOID>(pdo)); }

    std::u16string MofResourceName() const override
    {
        // Own name, else the nearest parent device's (a PDO reports its bus FDO's name).
        for (const Device *d = &device_; d != nullptr; d = d->ParentDevice()) {
            if (const UNICODE_STRING *name = d->MofResourceName()) {
                return FromUnicodeString(name);
            }
        }
        return {};
    }

    std::u16string RegistryPath() const override
    {
        Driver *driver = device_.GetDriver();
        return driver ? FromUnicodeString(driver->RegistryPath()) : std::u16string{};
    }

    ULONG EventProviderId() const override { return IoWMIDeviceObjectToProviderId(device_.WdmDeviceObject()); }

    void *AllocateEventBuffer(size_t size) override
    {
        return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, PoolTag());
    }
    void FreeEventBuffer(void *buffer) override { ExFreePoolWithTag(buffer, PoolTag()); }
    NTSTATUS WriteEvent(void *wnode) override { return IoWMIWriteEvent(wnode); }

private:
    ULONG PoolTag() const
    {
        Driver *driver = device_.GetDriver();
        return driver ? driver->PoolTag() : 0x6d57444bu; // 'KDWm'
    }

    Device &device_;
};

} // namespace

std::unique_ptr<WmiDeviceSite> MakeKernelDeviceSite(Device &device)
{
    return std::make_unique<KernelDeviceSite>(device);
}

} // namespace kwmi::wdf::wmi
