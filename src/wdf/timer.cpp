// WDFTIMER over KTIMER + KDPC. The callback runs from the DPC at DISPATCH_LEVEL, or, when the
// timer's inherited execution level is passive, from a system work item at PASSIVE_LEVEL.
// AutomaticSerialization under a device synchronization scope takes the device's lock.
#include "wdf/callback_site.hpp"
#include "wdf/device.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/object.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

#include <atomic>
#include <mutex>

using namespace kwmi::wdf;

namespace {

class Timer;
struct TimerCore;

// The passive-level timer callback running on this thread, if any.
thread_local const TimerCore *tRunningTimer = nullptr;

// Kernel-facing state that may outlive the Timer object until the kernel is done with it.
struct TimerCore {
    KTIMER timer{};
    KDPC dpc{};
    WORK_QUEUE_ITEM passiveItem{};
    WORK_QUEUE_ITEM releaseItem{};
    std::mutex mutex;
    Timer *owner = nullptr;  // null once the timer object is destroyed
    std::atomic<int> refs{1};
    std::atomic<bool> passiveQueued{false};
    // Passive-level callbacks queued or running (under mutex); passiveIdle is set at zero, so
    // WdfTimerStop(Wait=TRUE) can wait for the callback as KMDF does.
    int passiveOutstanding = 0;
    KEVENT passiveIdle{};

    void AddRef() { refs.fetch_add(1); }
    void Release() {
        if (refs.fetch_sub(1) == 1) delete this;
    }
};

class Timer final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Timer;
    Timer(DriverGlobals *globals, const WDF_TIMER_CONFIG &config) : Object(kType, globals), config_(config) {
        core_ = new TimerCore();
        core_->owner = this;
        KeInitializeTimerEx(&core_->timer, NotificationTimer);
        KeInitializeDpc(&core_->dpc, &Timer::DpcRoutine, core_);
        KeInitializeEvent(&core_->passiveIdle, NotificationEvent, TRUE);
        ExInitializeWorkItem(&core_->passiveItem, &Timer::PassiveRoutine, core_);
    }

    void Configure(Object *parent) {
        passive_ = EffectiveExecutionLevel() == WdfExecutionLevelPassive;
        if (config_.AutomaticSerialization) {
            for (Object *o = parent; o != nullptr; o = o->Parent()) {
                if (o->Type() == ObjectType::Device) {
                    serializationLock_ = static_cast<Device *>(o)->SynchronizationLock();
                    break;
                }
            }
        }
    }

    BOOLEAN Start(LONGLONG dueTime) {
        LARGE_INTEGER due;
        due.QuadPart = dueTime;
        return KeSetTimerEx(&core_->timer, due, static_cast<LONG>(config_.Period), &core_->dpc);
    }

    BOOLEAN Stop(BOOLEAN wait) {
        BOOLEAN wasQueued = KeCancelTimer(&core_->timer);
        if (KeRemoveQueueDpc(&core_->dpc)) wasQueued = TRUE;
        if (wait && KeGetCurrentIrql() == PASSIVE_LEVEL) {
            KeFlushQueuedDpcs();
            // A passive timer's callback runs in a work item the DPC queued: wait for it too,
            // unless this is that callback (waiting for itself would never end).
            if (passive_ && tRunningTimer != core_) {
                KeWaitForSingleObject(&core_->passiveIdle, Executive, KernelMode, FALSE, nullptr);
            }
        }
        return wasQueued;
    }

private:
    ~Timer() override = default;

    void OnDispose() override { Stop(FALSE); }

    void OnDestroy() override {
        {
            std::lock_guard lock(core_->mutex);
            core_->owner = nullptr;
        }
        (void)KeCancelTimer(&core_->timer);
        (void)KeRemoveQueueDpc(&core_->dpc);
        if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
            KeFlushQueuedDpcs();
            core_->Release();
        } else {
            // Above PASSIVE we cannot wait for a DPC in flight: release from a work item.
            ExInitializeWorkItem(&core_->releaseItem, &Timer::ReleaseRoutine, core_);
            ExQueueWorkItem(&core_->releaseItem, DelayedWorkQueue);
        }
    }

    // Takes a reference on the live owner, or returns null when it is gone.
    static Timer *ReferenceOwner(TimerCore *core) {
        std::lock_guard lock(core->mutex);
        Timer *timer = core->owner;
        if (timer == nullptr || timer->IsDeleting()) return nullptr;
        timer->AddRef();
        return timer;
    }

    void Invoke() {
        DriverCallScope scope(Globals(), "EvtTimerFunc");
        // The verifier's callback boundary: a bug check fails only this timer's device.
        const kwmi::verifier::CallbackSite site = MakeCallbackSite("EvtTimerFunc", config_.EvtTimerFunc, this);
        if (kwmi::verifier::IsDeviceFailed(site.device)) return;  // a failed device gets no callbacks
        const auto call = [&] { config_.EvtTimerFunc(Handle()); };
        if (serializationLock_ != nullptr && !passive_) {
            KeAcquireSpinLockAtDpcLevel(serializationLock_);
            (void)kwmi::verifier::RunDriverCallback(site, kwmi::verifier::Boundary::Catch, call);
            KeReleaseSpinLockFromDpcLevel(serializationLock_);
        } else {
            (void)kwmi::verifier::RunDriverCallback(site, kwmi::verifier::Boundary::Catch, call);
        }
    }

    static VOID DpcRoutine(PKDPC, PVOID context, PVOID, PVOID) {
        auto *core = static_cast<TimerCore *>(context);
        Timer *timer = ReferenceOwner(core);
        if (timer == nullptr) return;
        if (timer->passive_) {
            if (!core->passiveQueued.exchange(true)) {
                core->AddRef();
                {
                    std::lock_guard lock(core->mutex);
                    if (core->passiveOutstanding++ == 0) KeClearEvent(&core->passiveIdle);
                }
                ExQueueWorkItem(&core->passiveItem, DelayedWorkQueue);
            }
        } else {
            timer->Invoke();
        }
        timer->Release();
    }

    static VOID PassiveRoutine(PVOID context) {
        auto *core = static_cast<TimerCore *>(context);
        core->passiveQueued.store(false);
        if (Timer *timer = ReferenceOwner(core)) {
            const TimerCore *previous = tRunningTimer;
            tRunningTimer = core;
            timer->Invoke();
            tRunningTimer = previous;
            timer->Release();
        }
        {
            std::lock_guard lock(core->mutex);
            if (--core->passiveOutstanding == 0) KeSetEvent(&core->passiveIdle, IO_NO_INCREMENT, FALSE);
        }
        core->Release();
    }

    static VOID ReleaseRoutine(PVOID context) {
        KeFlushQueuedDpcs();
        static_cast<TimerCore *>(context)->Release();
    }

    WDF_TIMER_CONFIG config_;
    TimerCore *core_;
    bool passive_ = false;
    KSPIN_LOCK *serializationLock_ = nullptr;
};

}  // namespace

extern "C" {

NTSTATUS WdfTimerCreate(PWDF_TIMER_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFTIMER *TimerHandle) {
    KWMI_DDI_ENTRY(WdfTimerCreate);
    KWMI_WDF_REQUIRE_POINTER(Config, "WdfTimerCreate");
    KWMI_WDF_REQUIRE_POINTER(Attributes, "WdfTimerCreate");
    KWMI_WDF_REQUIRE_POINTER(TimerHandle, "WdfTimerCreate");
    *TimerHandle = nullptr;
    if (Config->Size != sizeof(WDF_TIMER_CONFIG)) return STATUS_INFO_LENGTH_MISMATCH;
    if (Config->EvtTimerFunc == nullptr) return STATUS_INVALID_PARAMETER;
    if (static_cast<LONG>(Config->Period) < 0) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = ValidateObjectAttributes(Attributes);
    if (!NT_SUCCESS(status)) return status;
    // A timer must be parented (to a device, queue or another object of the driver).
    if (Attributes->ParentObject == nullptr) return STATUS_INVALID_PARAMETER;
    Object *parent = ResolveOptionalParent(Attributes);
    DriverGlobals *globals = CallerGlobals();
    auto *timer = new Timer(globals, *Config);
    status = timer->Initialize(Attributes);
    if (NT_SUCCESS(status)) status = timer->Commit(parent, TimerHandle);
    if (!NT_SUCCESS(status)) {
        timer->DeleteFromFailedCreate();
        *TimerHandle = nullptr;
        return status;
    }
    timer->Configure(parent);
    return STATUS_SUCCESS;
}

BOOLEAN WdfTimerStart(WDFTIMER TimerHandle, LONGLONG DueTime) {
    KWMI_DDI_ENTRY(WdfTimerStart);
    return Resolve<Timer>(TimerHandle)->Start(DueTime);
}

BOOLEAN WdfTimerStop(WDFTIMER TimerHandle, BOOLEAN Wait) {
    KWMI_DDI_ENTRY(WdfTimerStop);
    Timer *timer = Resolve<Timer>(TimerHandle);
    // Waiting needs PASSIVE_LEVEL: KMDF's verifier fails the call and the timer keeps running.
    if (Wait && !kwmi::verifier::CheckKmdfIrqlLevel("WdfTimerStop(Wait=TRUE)", PASSIVE_LEVEL)) return FALSE;
    return timer->Stop(Wait);
}

WDFOBJECT WdfTimerGetParentObject(WDFTIMER TimerHandle) {
    KWMI_DDI_ENTRY(WdfTimerGetParentObject);
    Object *parent = Resolve<Timer>(TimerHandle)->Parent();
    return parent == nullptr ? nullptr : parent->Handle();
}

}  // extern "C"
