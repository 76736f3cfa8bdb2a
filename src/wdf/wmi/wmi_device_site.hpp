// wmi_device_site.hpp - what the per-device WMI handler needs from its device and the OS.
// The kernel-backed implementation (wmi_kernel_site.cpp) maps these onto IoWMI*, work items,
// KEVENTs and the WDF device; tests may supply their own.
#pragma once

#include "wmi_wdk.hpp"

#include <functional>
#include <memory>
#include <string>

namespace kwmi::wdf::wmi {

// A one-shot wait used by Deregister to drain pending registration updates.
class WmiSiteEvent {
public:
    virtual ~WmiSiteEvent() = default;
    virtual void Set() = 0;
    virtual void Wait() = 0; // PASSIVE_LEVEL only
};

class WmiDeviceSite {
public:
    virtual ~WmiDeviceSite() = default;

    virtual KIRQL CurrentIrql() const = 0;
    // IoWMIRegistrationControl(this device object, action).
    virtual NTSTATUS RegistrationControl(ULONG action) = 0;
    // Runs routine once, later, at PASSIVE_LEVEL on a system worker (IoQueueWorkItem).
    virtual void QueueWorkItem(std::function<void()> routine) = 0;
    virtual std::unique_ptr<WmiSiteEvent> CreateEvent() = 0;
    // KeQuerySystemTime.
    virtual LONGLONG SystemTime() const = 0;

    // This device object (what Parameters.WMI.ProviderId names) and its stack's PDO.
    virtual ULONG_PTR DeviceObjectId() const = 0;
    virtual ULONG_PTR StackPdo() const = 0;
    virtual void ReferencePdo(ULONG_PTR pdo) = 0; // ObReferenceObject, for REGINFO_EX
    // MOF resource name (own, else the nearest parent device's) and driver registry path.
    virtual std::u16string MofResourceName() const = 0;
    virtual std::u16string RegistryPath() const = 0;

    // IoWMIDeviceObjectToProviderId + IoWMIWriteEvent. The buffer comes from AllocateEventBuffer;
    // on success WMI owns it, on failure the caller frees it with FreeEventBuffer.
    virtual ULONG EventProviderId() const = 0;
    virtual void *AllocateEventBuffer(size_t size) = 0;
    virtual void FreeEventBuffer(void *buffer) = 0;
    virtual NTSTATUS WriteEvent(void *wnode) = 0;
};

} // namespace kwmi::wdf::wmi
