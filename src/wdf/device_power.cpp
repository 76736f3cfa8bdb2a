// S0 idle power policy of a power-policy-owner WDFDEVICE (KMDF's idle state machine, reduced
// to what drivers observe): after IdleTimeout ms without a power reference the device leaves
// D0 for the idle Dx state (SelfManagedIoSuspend, ArmWakeFromS0 when it can wake from S0,
// D0ExitPreInterruptsDisabled, D0Exit(Dx)); a power reference (WdfDeviceStopIdle, a request
// on a power-managed queue) or disabling idle through the IdleEnable WMI instance brings it
// back (D0Entry(Dx), D0EntryPostInterruptsEnabled, DisarmWakeFromS0, SelfManagedIoRestart).
//
// The idle timer is a KTIMER on the kernel clock (the manual scheduler's AdvanceTime drives
// it); its DPC queues a PASSIVE_LEVEL work item that performs the transition. WMI requests
// take no power reference (kmdf-wmi-semantics.md §5.1), so they run while the device is in Dx.
#include "wdf/device.hpp"

#include "wdf/child_list.hpp"

#include "wdf/driver_callback.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

#include <cstdio>
#include <string>

namespace kwmi::wdf {
namespace {

// IdleTimeoutDefaultValue (0) selects the framework's default idle timeout of 5 seconds.
constexpr ULONG kDefaultIdleTimeoutMs = 5000;

const char *PowerStateName(WDF_POWER_DEVICE_STATE state) {
    switch (state) {
    case WdfPowerDeviceD0: return "D0";
    case WdfPowerDeviceD1: return "D1";
    case WdfPowerDeviceD2: return "D2";
    case WdfPowerDeviceD3: return "D3";
    case WdfPowerDeviceD3Final: return "D3Final";
    default: return "D?";
    }
}

// Drops a reference when the scope ends, also when a bug check unwinds out of driver code.
template <class T>
class ReleaseOnExit {
public:
    explicit ReleaseOnExit(T *object) noexcept : object_(object) {}
    ~ReleaseOnExit() {
        if (object_ != nullptr) object_->Release();
    }
    ReleaseOnExit(const ReleaseOnExit &) = delete;
    ReleaseOnExit &operator=(const ReleaseOnExit &) = delete;

private:
    T *object_;
};

}  // namespace

// Kernel-facing timer, DPC and work items; reference counted so a DPC or work item in
// flight never touches freed memory. `owner` is cleared when the device stops idling.
struct Device::IdleCore {
    KTIMER timer{};
    KDPC dpc{};
    WORK_QUEUE_ITEM idleItem{};
    WORK_QUEUE_ITEM powerUpItem{};
    WORK_QUEUE_ITEM releaseItem{};
    std::mutex mutex;
    Device *owner = nullptr;
    std::atomic<int> refs{1};
    std::atomic<bool> idleQueued{false};
    std::atomic<bool> powerUpQueued{false};

    void AddRef() { refs.fetch_add(1); }
    void Release() {
        if (refs.fetch_sub(1) == 1) delete this;
    }
    Device *ReferenceOwner() {
        std::lock_guard lock(mutex);
        if (owner == nullptr) return nullptr;
        owner->AddRef();
        return owner;
    }
    void SetOwner(Device *device) {
        std::lock_guard lock(mutex);
        owner = device;
    }

    static VOID TimerDpc(PKDPC, PVOID context, PVOID, PVOID) {
        auto *core = static_cast<IdleCore *>(context);
        if (core->idleQueued.exchange(true)) return;
        core->AddRef();
        ExInitializeWorkItem(&core->idleItem, &IdleCore::IdleWork, core);
        ExQueueWorkItem(&core->idleItem, DelayedWorkQueue);
    }
    static VOID IdleWork(PVOID context) {
        auto *core = static_cast<IdleCore *>(context);
        core->idleQueued.store(false);
        ReleaseOnExit<IdleCore> coreReference(core);
        if (Device *device = core->ReferenceOwner()) {
            ReleaseOnExit<Device> deviceReference(device);
            device->IdleTimeoutExpired();
        }
    }
    static VOID PowerUpWork(PVOID context) {
        auto *core = static_cast<IdleCore *>(context);
        core->powerUpQueued.store(false);
        ReleaseOnExit<IdleCore> coreReference(core);
        if (Device *device = core->ReferenceOwner()) {
            ReleaseOnExit<Device> deviceReference(device);
            (void)device->PowerUpFromIdle();
        }
    }
    static VOID ReleaseWork(PVOID context) { static_cast<IdleCore *>(context)->Release(); }
};

void Device::CreateIdleCore() {
    idleCore_ = new IdleCore();
    KeInitializeTimerEx(&idleCore_->timer, NotificationTimer);
    KeInitializeDpc(&idleCore_->dpc, &IdleCore::TimerDpc, idleCore_);
}

void Device::DestroyIdleCore() {
    IdleCore *core = idleCore_;
    if (core == nullptr) return;
    idleCore_ = nullptr;
    core->SetOwner(nullptr);
    (void)KeCancelTimer(&core->timer);
    (void)KeRemoveQueueDpc(&core->dpc);
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        KeFlushQueuedDpcs();
        core->Release();
    } else {
        // Above PASSIVE we cannot wait for a DPC in flight: release from a work item.
        ExInitializeWorkItem(&core->releaseItem, &IdleCore::ReleaseWork, core);
        ExQueueWorkItem(&core->releaseItem, DelayedWorkQueue);
    }
}

WDF_POWER_DEVICE_STATE Device::PowerState() const {
    std::lock_guard lock(powerMutex_);
    return powerState_;
}

bool Device::IdleAllowedLocked() const noexcept {
    return idleActive_ && s0IdleAssigned_ && idleEnabled_.load() && !powerUpFailed_;
}

void Device::ArmIdleTimerLocked() {
    if (!IdleAllowedLocked() || powerReferences_ != 0 || powerState_ != WdfPowerDeviceD0 || idleCore_ == nullptr) {
        return;
    }
    const ULONG timeoutMs = idleTimeoutMs_ == IdleTimeoutDefaultValue ? kDefaultIdleTimeoutMs : idleTimeoutMs_;
    const LONGLONG interval = static_cast<LONGLONG>(timeoutMs) * 10000;  // 100 ns units
    idleDeadline_ = static_cast<LONGLONG>(KeQueryInterruptTime()) + interval;
    LARGE_INTEGER due;
    due.QuadPart = -interval;
    (void)KeSetTimer(&idleCore_->timer, due, &idleCore_->dpc);
}

void Device::CancelIdleTimerLocked() {
    idleDeadline_ = 0;
    if (idleCore_ != nullptr) (void)KeCancelTimer(&idleCore_->timer);
}

void Device::QueuePowerUpLocked() {
    if (idleCore_ == nullptr || idleCore_->powerUpQueued.exchange(true)) return;
    idleCore_->AddRef();
    ExInitializeWorkItem(&idleCore_->powerUpItem, &IdleCore::PowerUpWork, idleCore_);
    ExQueueWorkItem(&idleCore_->powerUpItem, DelayedWorkQueue);
}

void Device::StartIdleMachinery() {
    std::lock_guard lock(powerMutex_);
    powerState_ = WdfPowerDeviceD0;
    idleActive_ = true;
    powerUpFailed_ = false;
    if (idleCore_ != nullptr) idleCore_->SetOwner(this);
    ArmIdleTimerLocked();
}

void Device::StopIdleMachinery() {
    std::unique_lock lock(powerMutex_);
    idleActive_ = false;
    powerCv_.wait(lock, [this] { return !powerBusy_; });
    CancelIdleTimerLocked();
    if (idleCore_ != nullptr) idleCore_->SetOwner(nullptr);
}

void Device::IdleTimeoutExpired() {
    std::unique_lock lock(powerMutex_);
    // A reference taken or a timer re-armed after this expiry was queued wins.
    if (!IdleAllowedLocked() || powerBusy_ || powerState_ != WdfPowerDeviceD0 || powerReferences_ != 0 ||
        idleDeadline_ == 0 || static_cast<LONGLONG>(KeQueryInterruptTime()) < idleDeadline_) {
        return;
    }
    powerBusy_ = true;
    const WDF_POWER_DEVICE_STATE target = idleDxState_;
    const bool armWake = idleCaps_ != IdleCannotWakeFromS0;
    lock.unlock();
    try {
        DriverCallScope scope(Globals());
        Log((std::string("IdleD0To") + PowerStateName(target)).c_str());
        if (selfManagedIoInited_ && pnpCallbacks_.EvtDeviceSelfManagedIoSuspend != nullptr) {
            Log("EvtDeviceSelfManagedIoSuspend");
            (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoSuspend);
        }
        if (armWake && powerPolicyCallbacks_.EvtDeviceArmWakeFromS0 != nullptr) {
            Log("EvtDeviceArmWakeFromS0");
            (void)KWMI_DEVICE_CALLBACK(powerPolicyCallbacks_, EvtDeviceArmWakeFromS0);
        }
        if (pnpCallbacks_.EvtDeviceD0ExitPreInterruptsDisabled != nullptr) {
            Log("EvtDeviceD0ExitPreInterruptsDisabled");
            (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0ExitPreInterruptsDisabled, target);
        }
        if (pnpCallbacks_.EvtDeviceD0Exit != nullptr) {
            Log("EvtDeviceD0Exit");
            (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0Exit, target);
        }
    } catch (...) {
        // A bug check in a callback abandons the transition; it must not stay busy forever.
        lock.lock();
        powerBusy_ = false;
        powerCv_.notify_all();
        throw;
    }
    lock.lock();
    armedForWakeFromS0_ = armWake;
    powerState_ = target;
    inD0_ = false;
    powerBusy_ = false;
    powerCv_.notify_all();
    // A reference or an idle disable that arrived during the transition powers it back up.
    if (idleActive_ && (powerReferences_ != 0 || !idleEnabled_.load())) QueuePowerUpLocked();
}

NTSTATUS Device::PowerUpFromIdle() {
    std::unique_lock lock(powerMutex_);
    powerCv_.wait(lock, [this] { return !powerBusy_; });
    if (powerState_ == WdfPowerDeviceD0) return STATUS_SUCCESS;
    if (!idleActive_ || powerUpFailed_) return STATUS_POWER_STATE_INVALID;
    powerBusy_ = true;
    const WDF_POWER_DEVICE_STATE previous = powerState_;
    const bool disarm = armedForWakeFromS0_;
    lock.unlock();
    NTSTATUS status = STATUS_SUCCESS;
    try {
        DriverCallScope scope(Globals());
        Log((std::string("Idle") + PowerStateName(previous) + "ToD0").c_str());
        if (pnpCallbacks_.EvtDeviceD0Entry != nullptr) {
            Log("EvtDeviceD0Entry");
            status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0Entry, previous);
        }
        if (NT_SUCCESS(status) && pnpCallbacks_.EvtDeviceD0EntryPostInterruptsEnabled != nullptr) {
            Log("EvtDeviceD0EntryPostInterruptsEnabled");
            status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0EntryPostInterruptsEnabled, previous);
        }
        if (NT_SUCCESS(status) && childList_ != nullptr) childList_->ScanForChildren();  // back in D0
        if (NT_SUCCESS(status) && disarm && powerPolicyCallbacks_.EvtDeviceDisarmWakeFromS0 != nullptr) {
            Log("EvtDeviceDisarmWakeFromS0");
            KWMI_DEVICE_CALLBACK(powerPolicyCallbacks_, EvtDeviceDisarmWakeFromS0);
        }
        if (NT_SUCCESS(status) && selfManagedIoInited_ && pnpCallbacks_.EvtDeviceSelfManagedIoRestart != nullptr) {
            Log("EvtDeviceSelfManagedIoRestart");
            status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoRestart);
        }
    } catch (...) {
        // As a failed return to D0: the device stays down and nobody waits on it forever.
        lock.lock();
        powerBusy_ = false;
        powerUpFailed_ = true;
        powerCv_.notify_all();
        throw;
    }
    lock.lock();
    powerBusy_ = false;
    if (!NT_SUCCESS(status)) {
        // KMDF treats a failed return to D0 as a device failure; the device stays down.
        Log("IdlePowerUpFailed");
        powerUpFailed_ = true;
        powerCv_.notify_all();
        return STATUS_POWER_STATE_INVALID;
    }
    armedForWakeFromS0_ = false;
    powerState_ = WdfPowerDeviceD0;
    inD0_ = true;
    powerCv_.notify_all();
    ArmIdleTimerLocked();
    return STATUS_SUCCESS;
}

NTSTATUS Device::StopIdle(bool waitForD0) {
    if (!powerPolicyOwner_) return STATUS_INVALID_DEVICE_STATE;
    std::unique_lock lock(powerMutex_);
    if (powerUpFailed_) return STATUS_POWER_STATE_INVALID;
    if (waitForD0 && !idleActive_) return STATUS_POWER_STATE_INVALID;  // not started: nothing to wait for
    ++powerReferences_;
    CancelIdleTimerLocked();
    if (powerState_ == WdfPowerDeviceD0 && !powerBusy_) return STATUS_SUCCESS;
    if (!waitForD0) {
        if (idleActive_ && !powerBusy_) QueuePowerUpLocked();  // a busy power-down re-queues itself
        return STATUS_PENDING;
    }
    lock.unlock();
    const NTSTATUS status = PowerUpFromIdle();
    if (!NT_SUCCESS(status)) {
        lock.lock();
        --powerReferences_;
    }
    return status;
}

void Device::ResumeIdle() {
    if (!powerPolicyOwner_) return;
    std::lock_guard lock(powerMutex_);
    if (powerReferences_ == 0) {
        // Unbalanced resume: KMDF's verifier breaks; the count never goes negative.
        std::fprintf(stderr, "kwmi: WdfDeviceResumeIdle without a matching WdfDeviceStopIdle; ignored\n");
        return;
    }
    if (--powerReferences_ == 0) ArmIdleTimerLocked();
}

void Device::PowerReferenceForIo() {
    if (!powerPolicyOwner_) return;
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        std::unique_lock lock(powerMutex_);
        ++powerReferences_;
        CancelIdleTimerLocked();
        const bool needPowerUp = idleActive_ && (powerState_ != WdfPowerDeviceD0 || powerBusy_);
        lock.unlock();
        if (needPowerUp) (void)PowerUpFromIdle();
        return;
    }
    (void)StopIdle(false);
}

void Device::SetIdleEnabled(bool enabled) {
    std::lock_guard lock(powerMutex_);
    idleEnabled_.store(enabled);
    if (enabled) {
        ArmIdleTimerLocked();
        return;
    }
    CancelIdleTimerLocked();
    if (idleActive_ && powerState_ != WdfPowerDeviceD0 && !powerBusy_) QueuePowerUpLocked();
}

NTSTATUS Device::AssignS0IdleSettings(const WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS *settings) {
    if (settings->Size != sizeof(WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS)) return STATUS_INFO_LENGTH_MISMATCH;
    if (!powerPolicyOwner_) return STATUS_INVALID_DEVICE_REQUEST;
    const int caps = RawEnum(settings->IdleCaps);
    if (caps <= IdleCapsInvalid || caps > IdleUsbSelectiveSuspend) return STATUS_INVALID_PARAMETER;
    const int dx = RawEnum(settings->DxState);
    if (dx < PowerDeviceD1 || dx > PowerDeviceMaximum) return STATUS_INVALID_PARAMETER;
    {
        std::lock_guard lock(powerMutex_);
        idleCaps_ = static_cast<WDF_POWER_POLICY_S0_IDLE_CAPABILITIES>(caps);
        // PowerDeviceMaximum: the deepest state the device can wake from (DeviceWake), else D3.
        int resolved = dx;
        if (dx == PowerDeviceMaximum) {
            const int wake = RawEnum(powerCaps_.DeviceWake);
            resolved = (wake >= PowerDeviceD1 && wake <= PowerDeviceD3) ? wake : PowerDeviceD3;
        }
        idleDxState_ = static_cast<WDF_POWER_DEVICE_STATE>(resolved);  // D1..D3 share their values
        idleTimeoutMs_ = settings->IdleTimeout;
        s0IdleAssigned_ = true;
    }
    const int enabled = RawEnum(settings->Enabled);
    if (enabled != WdfUseDefault) {
        SetIdleEnabled(enabled == WdfTrue);
    } else {
        std::lock_guard lock(powerMutex_);
        CancelIdleTimerLocked();
        ArmIdleTimerLocked();  // new timeout from now on
    }
    const int userControl = RawEnum(settings->UserControlOfIdleSettings);
    if (userControl == IdleAllowUserControl || userControl == IdleDoNotAllowUserControl) {
        const bool allow = userControl == IdleAllowUserControl;
        idleUserControl_ = allow;
        if (hooks_ != nullptr) return hooks_->OnPowerPolicyUserControl(PowerPolicyWmiBlock::IdleEnable, allow);
    }
    return STATUS_SUCCESS;
}

}  // namespace kwmi::wdf

extern "C" {

NTSTATUS WdfDeviceStopIdle(WDFDEVICE Device, BOOLEAN WaitForD0) {
    KWMI_DDI_ENTRY(WdfDeviceStopIdle);
    kwmi::wdf::Device *device = kwmi::wdf::Resolve<kwmi::wdf::Device>(Device);
    // Waiting for D0 needs PASSIVE_LEVEL: the KMDF verifier fails the call.
    if (WaitForD0 && !kwmi::verifier::CheckKmdfIrqlLevel("WdfDeviceStopIdle(WaitForD0=TRUE)", PASSIVE_LEVEL))
        return STATUS_INVALID_DEVICE_REQUEST;
    return device->StopIdle(WaitForD0 != FALSE);
}

VOID WdfDeviceResumeIdle(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfDeviceResumeIdle);
    kwmi::wdf::Resolve<kwmi::wdf::Device>(Device)->ResumeIdle();
}

}  // extern "C"
