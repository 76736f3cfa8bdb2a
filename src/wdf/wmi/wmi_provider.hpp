// wmi_provider.hpp - the WMI provider (one data/event block GUID on one device) and the
// abstract WMI instance it lists (spec §3.1). Lists are guarded by the owning handler's lock.
#pragma once

#include "wmi_wire.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace kwmi::wdf::wmi {

class WmiProvider;
class WmiHandler;

// One WMI instance: a driver's WDFWMIINSTANCE (wmi_external_instance.hpp) or a framework
// power-policy instance (wmi_power_policy.hpp). Request handlers see only this interface.
class WmiInstance : public std::enable_shared_from_this<WmiInstance> {
public:
    explicit WmiInstance(std::shared_ptr<WmiProvider> provider) : provider_(std::move(provider)) {}
    virtual ~WmiInstance() = default;
    WmiInstance(const WmiInstance &) = delete;
    WmiInstance &operator=(const WmiInstance &) = delete;

    WmiProvider &Provider() const { return *provider_; }
    const std::shared_ptr<WmiProvider> &ProviderPtr() const { return provider_; }

    // §5.11: "supports query" includes UseContextForQuery and execute-only instances.
    virtual bool SupportsQuery() const = 0;
    virtual bool SupportsSetInstance() const = 0;
    virtual bool SupportsSetItem() const = 0;
    virtual bool SupportsExecute() const = 0;

    virtual NTSTATUS Query(ULONG outSize, void *out, ULONG *used) = 0;
    virtual NTSTATUS SetInstance(ULONG inSize, void *in) = 0;
    virtual NTSTATUS SetItem(ULONG itemId, ULONG inSize, void *in) = 0;
    virtual NTSTATUS Execute(ULONG methodId, ULONG inSize, ULONG outSize, void *buffer, ULONG *used) = 0;

    // Keeps the framework object (and its context) alive while a request uses it.
    virtual void ReferenceForRequest() {}
    virtual void ReleaseFromRequest() {}

    // Position in the provider's list while registered (guarded by the handler lock).
    bool IsListedLocked() const { return listed_; }
    inline ULONG IndexLocked() const;

private:
    friend class WmiProvider;
    std::shared_ptr<WmiProvider> provider_;
    bool listed_ = false;
    ULONG slot_ = 0; // position in the provider's slot array (== index once compacted)
};

// Provider state. The GUID, flags and callbacks never change after creation.
class WmiProvider : public std::enable_shared_from_this<WmiProvider> {
public:
    WmiProvider(WmiHandler &handler, const WDF_WMI_PROVIDER_CONFIG &config)
        : handler_(handler), config_(config) {}
    virtual ~WmiProvider() = default;
    WmiProvider(const WmiProvider &) = delete;
    WmiProvider &operator=(const WmiProvider &) = delete;

    WmiHandler &Handler() const { return handler_; }
    const GUID &Guid() const { return config_.Guid; }
    ULONG Flags() const { return config_.Flags; }
    ULONG MinInstanceBufferSize() const { return config_.MinInstanceBufferSize; }
    bool IsEventOnly() const { return (config_.Flags & WdfWmiProviderEventOnly) != 0; }
    bool IsExpensive() const { return (config_.Flags & WdfWmiProviderExpensive) != 0; }
    bool IsTracing() const { return (config_.Flags & WdfWmiProviderTracing) != 0; }
    bool HasFunctionControl() const { return config_.EvtWmiProviderFunctionControl != nullptr; }

    // The driver-visible handle (NULL for framework providers before they get one).
    WDFWMIPROVIDER Handle() const { return handle_.load(std::memory_order_acquire); }
    void SetHandle(WDFWMIPROVIDER handle) { handle_.store(handle, std::memory_order_release); }

    // Calls EvtWmiProviderFunctionControl (caller checked HasFunctionControl).
    virtual NTSTATUS FunctionControl(WDF_WMI_PROVIDER_CONTROL control, bool enable)
    {
        return config_.EvtWmiProviderFunctionControl(Handle(), control, enable ? TRUE : FALSE);
    }
    virtual void ReferenceForRequest() {}
    virtual void ReleaseFromRequest() {}

    // Enable flags and tracing handle: plain values in KMDF (atomics here, relaxed order).
    bool EventEnabled() const { return eventEnabled_.load(std::memory_order_relaxed); }
    bool CollectionEnabled() const { return collectionEnabled_.load(std::memory_order_relaxed); }
    ULONG64 TracingHandle() const { return tracingHandle_.load(std::memory_order_relaxed); }
    void SetEventEnabled(bool v) { eventEnabled_.store(v, std::memory_order_relaxed); }
    void SetCollectionEnabled(bool v) { collectionEnabled_.store(v, std::memory_order_relaxed); }
    void SetTracingHandle(ULONG64 v) { tracingHandle_.store(v, std::memory_order_relaxed); }

    // ---- list state, guarded by the handler lock ----
    ULONG InstanceCountLocked() const { return live_; }
    // Changes with every insertion and removal (read without the lock: an unchanged value
    // means positions taken under the lock still hold).
    std::uint64_t ListVersion() const { return listVersion_.load(std::memory_order_acquire); }
    WmiInstance *InstanceAtLocked(ULONG index) const
    {
        CompactLocked();
        return index < slots_.size() ? slots_[index].get() : nullptr;
    }
    // Up to `max` instances from index `first` on (compacts once); returns how many.
    ULONG InstancesFromLocked(ULONG first, WmiInstance **out, ULONG max) const;
    // Closes the holes removals left, renumbering the instances (O(list), once per batch).
    void CompactLocked() const;
    void InsertInstanceLocked(const std::shared_ptr<WmiInstance> &instance, bool atHead);
    void RemoveInstanceLocked(WmiInstance &instance);
    // Unlists every instance (the handler is going away; breaks provider<->instance cycles).
    void ClearInstancesLocked();
    // Walks (wmi_instance_walk.hpp) hold instance pointers without a reference each: while
    // one is under way, an instance leaving the list is referenced for the request and kept
    // until the last walk ends, which returns them for release outside the lock.
    void BeginWalkLocked() { ++walks_; }
    std::vector<std::shared_ptr<WmiInstance>> EndWalkLocked();
    bool ReportRemovedLocked() const { return reportRemoved_; }
    void SetReportRemovedLocked(bool v) { reportRemoved_ = v; }
    bool ListedLocked() const { return listed_; }
    void SetListedLocked(bool v) { listed_ = v; }

private:
    void KeepForWalksLocked(const std::shared_ptr<WmiInstance> &instance);

    WmiHandler &handler_;
    WDF_WMI_PROVIDER_CONFIG config_;
    std::atomic<WDFWMIPROVIDER> handle_{nullptr}; // published after the provider is listed
    std::atomic<bool> eventEnabled_{false};
    std::atomic<bool> collectionEnabled_{false};
    std::atomic<ULONG64> tracingHandle_{0};
    std::atomic<std::uint64_t> listVersion_{0};
    // The listed instances in list order. A removal leaves a hole (nullptr) instead of
    // shifting and renumbering the tail, so deregistering N instances costs O(N), not O(N^2);
    // lookups by index or of an instance's index compact first.
    mutable std::vector<std::shared_ptr<WmiInstance>> slots_;
    mutable ULONG holes_ = 0;
    ULONG live_ = 0;
    ULONG walks_ = 0;
    std::vector<std::shared_ptr<WmiInstance>> keptForWalks_;
    bool reportRemoved_ = false;
    bool listed_ = false; // on the handler's provider list (orphans never are)
};

inline ULONG WmiInstance::IndexLocked() const
{
    provider_->CompactLocked();
    return slot_;
}

} // namespace kwmi::wdf::wmi
