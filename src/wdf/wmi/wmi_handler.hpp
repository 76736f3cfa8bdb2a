// wmi_handler.hpp - the per-device WMI IRP handler: provider list, registration state machine
// (spec §4), deferred GUID updates (§4.5), REGINFO building (§5.10) and request routing (§5.2).
// One lock per device; it is never held across a driver callback or an OS call.
#pragma once

#include "wmi_device_site.hpp"
#include "wmi_provider.hpp"

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace kwmi::wdf::wmi {

enum class WmiRegistrationState { Unregistered = 0, Registered = 1, Deregistered = 2, CleanedUp = 3 };

// A registration update a list change reserved while the lock was held (§4.5).
struct WmiUpdateTicket {
    bool synchronous = false; // caller must run UPDATE_GUIDS at PASSIVE then release
};

// Result of routing one IRP_MJ_SYSTEM_CONTROL request.
struct WmiRequestResult {
    bool handled = false;        // false: forward / complete unchanged (§5.2 step 7)
    NTSTATUS status = 0;
    bool setInformation = false; // false: leave IoStatus.Information untouched
    ULONG_PTR information = 0;
};

class WmiHandler : public std::enable_shared_from_this<WmiHandler> {
public:
    explicit WmiHandler(std::unique_ptr<WmiDeviceSite> site);
    ~WmiHandler();
    WmiHandler(const WmiHandler &) = delete;
    WmiHandler &operator=(const WmiHandler &) = delete;

    WmiDeviceSite &Site() const { return *site_; }

    // ---- PnP hook points (§4.2) ----
    NTSTATUS Register();
    void Deregister();
    void Cleanup();
    void ResetForRestart();
    WmiRegistrationState State() const;

    // ---- provider list (§2.2 step 12-14) ----
    // Returns STATUS_SUCCESS (listed), STATUS_OBJECT_NAME_EXISTS (duplicate GUID: not listed)
    // or STATUS_INVALID_DEVICE_STATE. A reserved synchronous update is returned in ticket.
    NTSTATUS AddProvider(const std::shared_ptr<WmiProvider> &provider, WmiUpdateTicket &ticket);
    void FinishUpdate(WmiUpdateTicket &ticket); // after a successful commit
    void CancelUpdate(WmiUpdateTicket &ticket); // the commit failed
    void RemoveProvider(WmiProvider &provider); // provider dispose
    std::shared_ptr<WmiProvider> FindProvider(const GUID &guid) const;
    // Calls fn(provider) under the lock for the first listed provider with guid, or fn(nullptr).
    template <typename Fn>
    auto WithProviderLocked(const GUID &guid, Fn fn) const
    {
        std::lock_guard<std::mutex> guard(lock_);
        auto it = byGuid_.find(guid);
        return fn(it == byGuid_.end() ? nullptr : it->second.get());
    }
    std::mutex &Lock() const { return lock_; }
    size_t ProviderCount() const;

    // ---- instance registration (§2.4, §3.6) ----
    NTSTATUS AddInstance(const std::shared_ptr<WmiInstance> &instance, bool atHead = false,
                         bool alreadyPresentIsSuccess = false);
    void RemoveInstance(WmiInstance &instance);
    // For a walk (wmi_instance_walk.hpp): up to `max` instances from index `first` on, under
    // one lock; returns how many and the provider's ListVersion() they were taken at. `begin`
    // starts the walk (instances leaving the list are then kept until EndWalk).
    ULONG ListInstancesFrom(WmiProvider &provider, ULONG first, WmiInstance **out, ULONG max, std::uint64_t &version,
                            bool begin) const;
    void EndWalk(WmiProvider &provider) const;
    ULONG InstanceCount(WmiProvider &provider) const;
    // FireEvent's InstanceIndex: list position, or the instance count if not listed (§6).
    ULONG EventInstanceIndex(WmiInstance &instance) const;
    bool IsListed(WmiInstance &instance) const;

    // ---- requests ----
    // Routes one WMI request (§5.2) and runs its minor handler (§5.3-§5.10).
    WmiRequestResult HandleRequest(UCHAR minor, ULONG_PTR providerId, void *dataPath, ULONG bufferSize,
                                   void *buffer);
    // REGINFO / REGINFO_EX (§5.10).
    WmiRequestResult BuildRegInfo(bool ex, ULONG bufferSize, void *buffer);

    // Statistics for tests: work items queued so far.
    ULONG WorkItemsQueued() const;

private:
    enum class UpdateAction { None, Synchronous, QueueWorkItem };
    UpdateAction DeferUpdateLocked(KIRQL irqlBeforeLock);
    void PerformUpdateAction(UpdateAction action);
    NTSTATUS CallOs(ULONG action, bool fromWorkItem);
    void RunSynchronousUpdate();
    void ReleaseUpdateCount();
    void UpdateWorkItemRoutine();

    std::unique_ptr<WmiDeviceSite> site_;
    mutable std::mutex lock_;
    std::vector<std::shared_ptr<WmiProvider>> providers_; // insertion order (REGINFO order)
    std::unordered_map<GUID, std::shared_ptr<WmiProvider>, GuidHash, GuidEq> byGuid_;
    WmiRegistrationState state_ = WmiRegistrationState::Unregistered;
    LONG updateCount_ = 1; // bias (§4.6)
    bool workItemQueued_ = false;
    bool kmdfDoneEventPublished_ = false; // what KMDF's stale pointer would hold (§7.2)
    ULONG workItemsQueued_ = 0;
    std::unique_ptr<WmiSiteEvent> drainEvent_;
};

} // namespace kwmi::wdf::wmi
