// wmi_handler.cpp - registration state machine (§4), deferred updates (§4.5) and the provider /
// instance lists (§2.2, §2.4). OS calls are always made after the lock is released.
#include "wmi_handler.hpp"

#include "wmi_diagnostics.hpp"

#include <algorithm>

namespace kwmi::wdf::wmi {

WmiHandler::WmiHandler(std::unique_ptr<WmiDeviceSite> site)
    : site_(std::move(site)), drainEvent_(site_->CreateEvent())
{
}

WmiHandler::~WmiHandler()
{
    std::vector<std::shared_ptr<WmiProvider>> providers;
    {
        std::lock_guard<std::mutex> guard(lock_);
        providers.swap(providers_);
        byGuid_.clear();
        for (const auto &provider : providers) {
            provider->ClearInstancesLocked(); // instances keep their provider alive
            provider->SetListedLocked(false);
        }
    }
}

WmiRegistrationState WmiHandler::State() const
{
    std::lock_guard<std::mutex> guard(lock_);
    return state_;
}

size_t WmiHandler::ProviderCount() const
{
    std::lock_guard<std::mutex> guard(lock_);
    return providers_.size();
}

ULONG WmiHandler::WorkItemsQueued() const
{
    std::lock_guard<std::mutex> guard(lock_);
    return workItemsQueued_;
}

// ---- PnP hook points ----

NTSTATUS WmiHandler::Register()
{
    {
        // The state is Registered before the OS call so changes made while WMI asks for
        // REGINFO are picked up by an update.
        std::lock_guard<std::mutex> guard(lock_);
        state_ = WmiRegistrationState::Registered;
    }
    const NTSTATUS status = CallOs(kWmiRegActionRegister, false);
    if (!NT_SUCCESS(status)) {
        std::lock_guard<std::mutex> guard(lock_);
        state_ = WmiRegistrationState::Unregistered;
    }
    return status;
}

void WmiHandler::Deregister()
{
    bool callOs = false;
    {
        std::lock_guard<std::mutex> guard(lock_);
        bool publishedNow = false;
        if (state_ == WmiRegistrationState::Registered) {
            state_ = WmiRegistrationState::Deregistered;
            callOs = true;
            if (workItemQueued_) {
                publishedNow = true; // KMDF publishes a stack event and never clears it
            }
        }
        if (!publishedNow && kmdfDoneEventPublished_) {
            // KMDF would now wait on a fresh, never-signalled event (§7 item 2). We drain by
            // the update count instead, so nothing hangs; leave a trace of the defect.
            RecordWmiDiagnostic(WmiDiagnosticKind::StaleWorkItemDoneEvent,
                                "WMI Deregister: KMDF would wait forever on a stale work-item-done event");
            kmdfDoneEventPublished_ = false;
        }
        if (publishedNow) {
            kmdfDoneEventPublished_ = true;
        }
    }
    if (!callOs) {
        return;
    }
    // Drop the bias and wait until every reserved update and the queued work item finished:
    // no UPDATE_GUIDS may follow DEREGISTER.
    bool mustWait = false;
    {
        std::lock_guard<std::mutex> guard(lock_);
        mustWait = --updateCount_ != 0;
    }
    if (mustWait) {
        drainEvent_->Wait();
    }
    (void)CallOs(kWmiRegActionDeregister, false); // failure is only traced in KMDF
}

void WmiHandler::Cleanup()
{
    std::lock_guard<std::mutex> guard(lock_);
    state_ = WmiRegistrationState::CleanedUp;
}

void WmiHandler::ResetForRestart()
{
    auto event = site_->CreateEvent();
    std::lock_guard<std::mutex> guard(lock_);
    updateCount_ = 1;
    drainEvent_ = std::move(event);
}

// ---- deferred updates (§4.5) ----

WmiHandler::UpdateAction WmiHandler::DeferUpdateLocked(KIRQL irqlBeforeLock)
{
    if (irqlBeforeLock == PASSIVE_LEVEL) {
        ++updateCount_;
        return UpdateAction::Synchronous;
    }
    if (workItemQueued_) {
        return UpdateAction::None; // folds into the queued update
    }
    ++updateCount_;
    workItemQueued_ = true;
    ++workItemsQueued_;
    return UpdateAction::QueueWorkItem;
}

void WmiHandler::PerformUpdateAction(UpdateAction action)
{
    switch (action) {
    case UpdateAction::None:
        break;
    case UpdateAction::Synchronous:
        RunSynchronousUpdate();
        break;
    case UpdateAction::QueueWorkItem: {
        // The work item keeps the handler alive until it has finished touching it.
        auto self = shared_from_this();
        site_->QueueWorkItem([self] { self->UpdateWorkItemRoutine(); });
        break;
    }
    }
}

NTSTATUS WmiHandler::CallOs(ULONG action, bool fromWorkItem)
{
    const std::optional<NTSTATUS> injected = WmiDiagnostics::Instance().NotifyRegistrationCall(
        WmiRegistrationCall{site_->DeviceObjectId(), action, site_->CurrentIrql(), fromWorkItem});
    return injected ? *injected : site_->RegistrationControl(action);
}

void WmiHandler::RunSynchronousUpdate()
{
    (void)CallOs(kWmiRegActionUpdateGuids, false);
    ReleaseUpdateCount();
}

void WmiHandler::ReleaseUpdateCount()
{
    bool drained = false;
    {
        std::lock_guard<std::mutex> guard(lock_);
        drained = --updateCount_ == 0;
    }
    if (drained) {
        drainEvent_->Set();
    }
}

void WmiHandler::UpdateWorkItemRoutine()
{
    {
        // Cleared before the update (KMDF clears it after): a change made while this update
        // runs queues a new one instead of being lost (§7 item 3).
        std::lock_guard<std::mutex> guard(lock_);
        workItemQueued_ = false;
    }
    (void)CallOs(kWmiRegActionUpdateGuids, true);
    ReleaseUpdateCount();
}

void WmiHandler::FinishUpdate(WmiUpdateTicket &ticket)
{
    if (ticket.synchronous) {
        ticket.synchronous = false;
        RunSynchronousUpdate();
    }
}

void WmiHandler::CancelUpdate(WmiUpdateTicket &ticket)
{
    if (ticket.synchronous) {
        ticket.synchronous = false;
        ReleaseUpdateCount();
    }
}

// ---- providers ----

NTSTATUS WmiHandler::AddProvider(const std::shared_ptr<WmiProvider> &provider, WmiUpdateTicket &ticket)
{
    const KIRQL irql = site_->CurrentIrql();
    UpdateAction action = UpdateAction::None;
    {
        std::lock_guard<std::mutex> guard(lock_);
        if (byGuid_.count(provider->Guid()) != 0) {
            return kStatusObjectNameExists;
        }
        if (state_ == WmiRegistrationState::Deregistered) {
            return kStatusInvalidDeviceState;
        }
        providers_.push_back(provider);
        byGuid_.emplace(provider->Guid(), provider);
        provider->SetListedLocked(true);
        if (state_ == WmiRegistrationState::Registered && provider->IsTracing()) {
            action = DeferUpdateLocked(irql);
        }
    }
    if (action == UpdateAction::Synchronous) {
        ticket.synchronous = true; // issued once the object is committed
    } else {
        PerformUpdateAction(action);
    }
    return kStatusSuccess;
}

void WmiHandler::RemoveProvider(WmiProvider &provider)
{
    std::shared_ptr<WmiProvider> keep; // released after the lock
    std::lock_guard<std::mutex> guard(lock_);
    if (!provider.ListedLocked()) {
        return; // an orphan (duplicate GUID) was never counted
    }
    provider.SetListedLocked(false);
    // Its driver instances (child objects) are gone; a framework power-policy instance that
    // joined the driver's provider (§3.6) is not a child: unlist it too, or the provider and
    // the instance keep each other alive.
    provider.ClearInstancesLocked();
    auto it = std::find_if(providers_.begin(), providers_.end(),
                           [&](const std::shared_ptr<WmiProvider> &p) { return p.get() == &provider; });
    if (it != providers_.end()) {
        keep = *it;
        providers_.erase(it);
    }
    byGuid_.erase(provider.Guid());
}

std::shared_ptr<WmiProvider> WmiHandler::FindProvider(const GUID &guid) const
{
    std::lock_guard<std::mutex> guard(lock_);
    auto it = byGuid_.find(guid);
    return it == byGuid_.end() ? nullptr : it->second;
}

// ---- instances ----

NTSTATUS WmiHandler::AddInstance(const std::shared_ptr<WmiInstance> &instance, bool atHead,
                                 bool alreadyPresentIsSuccess)
{
    WmiProvider &provider = instance->Provider();
    if (provider.IsTracing()) {
        return kStatusInvalidDeviceRequest;
    }
    const KIRQL irql = site_->CurrentIrql();
    UpdateAction action = UpdateAction::None;
    {
        std::lock_guard<std::mutex> guard(lock_);
        if (instance->IsListedLocked()) {
            return alreadyPresentIsSuccess ? kStatusSuccess : kStatusInvalidDeviceRequest;
        }
        if (state_ == WmiRegistrationState::CleanedUp) {
            return kStatusInvalidDeviceState;
        }
        provider.InsertInstanceLocked(instance, atHead);
        provider.SetReportRemovedLocked(false);
        if (state_ == WmiRegistrationState::Registered) {
            action = DeferUpdateLocked(irql);
        }
    }
    PerformUpdateAction(action);
    return kStatusSuccess;
}

void WmiHandler::RemoveInstance(WmiInstance &instance)
{
    const KIRQL irql = site_->CurrentIrql();
    UpdateAction action = UpdateAction::None;
    std::shared_ptr<WmiInstance> keep = instance.shared_from_this(); // outlive the unlink
    {
        std::lock_guard<std::mutex> guard(lock_);
        if (!instance.IsListedLocked()) {
            return;
        }
        WmiProvider &provider = instance.Provider();
        provider.RemoveInstanceLocked(instance);
        if (state_ == WmiRegistrationState::Registered) {
            action = DeferUpdateLocked(irql);
            if (provider.InstanceCountLocked() == 0 && !provider.IsExpensive()) {
                provider.SetReportRemovedLocked(true);
            }
        }
    }
    PerformUpdateAction(action);
}

ULONG WmiHandler::ListInstancesFrom(WmiProvider &provider, ULONG first, WmiInstance **out, ULONG max,
                                    std::uint64_t &version, bool begin) const
{
    std::lock_guard<std::mutex> guard(lock_);
    if (begin) {
        provider.BeginWalkLocked();
    }
    version = provider.ListVersion();
    return provider.InstancesFromLocked(first, out, max);
}

void WmiHandler::EndWalk(WmiProvider &provider) const
{
    std::vector<std::shared_ptr<WmiInstance>> kept;
    {
        std::lock_guard<std::mutex> guard(lock_);
        kept = provider.EndWalkLocked();
    }
    for (const auto &instance : kept) {
        instance->ReleaseFromRequest(); // may destroy the object: outside the lock
    }
}

ULONG WmiHandler::InstanceCount(WmiProvider &provider) const
{
    std::lock_guard<std::mutex> guard(lock_);
    return provider.InstanceCountLocked();
}

ULONG WmiHandler::EventInstanceIndex(WmiInstance &instance) const
{
    std::lock_guard<std::mutex> guard(lock_);
    return instance.IsListedLocked() ? instance.IndexLocked() : instance.Provider().InstanceCountLocked();
}

bool WmiHandler::IsListed(WmiInstance &instance) const
{
    std::lock_guard<std::mutex> guard(lock_);
    return instance.IsListedLocked();
}

} // namespace kwmi::wdf::wmi
