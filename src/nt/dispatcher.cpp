// Dispatcher objects (events, semaphores, mutexes) and waits. On the manual scheduler a
// wait first runs pending work and moves virtual time toward its deadline, so it cannot
// hang a test; an infinite wait that nothing can satisfy is reported as a bug check.
#include "dispatcher.hpp"

#include <chrono>
#include <string>
#include <thread>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "kernel_impl.hpp"
#include "thread_state.hpp"

namespace kwmi::nt::detail {

std::mutex& DispatcherMutex() {
    static std::mutex m;
    return m;
}

std::condition_variable& DispatcherCondition() {
    static std::condition_variable cv;
    return cv;
}

void SetSignalState(DISPATCHER_HEADER* header, LONG state) {
    {
        std::lock_guard lock(DispatcherMutex());
        header->SignalState = state;
    }
    DispatcherCondition().notify_all();
}

namespace {

// Consumes the signal of a satisfied wait, as each object type does. Dispatcher lock held.
bool TrySatisfyLocked(DISPATCHER_HEADER* header) {
    switch (header->Type) {
        case KWMI_KOBJECT_EVENT_SYNCHRONIZATION:
        case KWMI_KOBJECT_TIMER_SYNCHRONIZATION:
            if (header->SignalState <= 0) return false;
            header->SignalState = 0;
            return true;
        case KWMI_KOBJECT_SEMAPHORE:
            if (header->SignalState <= 0) return false;
            header->SignalState--;
            return true;
        case KWMI_KOBJECT_MUTANT: {
            auto* mutex = reinterpret_cast<PKMUTANT>(header);
            const auto self = reinterpret_cast<PKTHREAD>(ThreadToken());
            if (header->SignalState <= 0 && mutex->OwnerThread != self) return false;
            header->SignalState--;
            mutex->OwnerThread = self;
            return true;
        }
        default:
            return header->SignalState > 0;
    }
}

bool TrySatisfy(DISPATCHER_HEADER* header) {
    std::lock_guard lock(DispatcherMutex());
    return TrySatisfyLocked(header);
}

// Interrupt time at which a KeWait timeout expires (negative = relative, else absolute).
std::int64_t DeadlineOf(const LARGE_INTEGER& timeout, Kernel* kernel) {
    const std::int64_t now = kernel != nullptr ? kernel->impl().clock.Now() : 0;
    if (timeout.QuadPart < 0) return now - timeout.QuadPart;
    const std::int64_t boot = kernel != nullptr ? kernel->impl().clock.bootSystemTime() : 0;
    return timeout.QuadPart - boot;
}

void CheckWaitIrql(PLARGE_INTEGER timeout, const void* object, const void* site) {
    const KIRQL irql = ThreadIrql();
    const bool zeroTimeout = timeout != nullptr && timeout->QuadPart == 0;
    if (irql > DISPATCH_LEVEL || (irql == DISPATCH_LEVEL && !zeroTimeout)) {
        RaiseBugCheck(bugcode::kIrqlNotLessOrEqual, reinterpret_cast<std::uintptr_t>(object), irql, 0,
                      reinterpret_cast<std::uintptr_t>(site), "IrqlKeWaitForSingleObject",
                      "KeWaitForSingleObject was called at IRQL " + std::to_string(irql) +
                          " with a non-zero timeout; at DISPATCH_LEVEL only a zero timeout is allowed.",
                      site);
    }
}

NTSTATUS ManualWait(Kernel::Impl& k, DISPATCHER_HEADER* header, std::optional<std::int64_t> deadline,
                    const void* site) {
    const std::int64_t horizon = k.clock.Now() + k.options.manualWaitHorizon.count() / 100;
    for (;;) {
        k.scheduler->RunUntilIdle();
        if (TrySatisfy(header)) return STATUS_SUCCESS;
        // Let virtual time pass to the next timer that could change things.
        const std::int64_t limit = deadline ? *deadline : horizon;
        const auto next = k.queues.NextDueTime();
        if (next && *next <= limit) {
            k.clock.MoveTo(*next);  // the next RunUntilIdle fires it
            continue;
        }
        if (deadline) {
            k.clock.MoveTo(*deadline);
            k.scheduler->RunUntilIdle();
            return TrySatisfy(header) ? STATUS_SUCCESS : STATUS_TIMEOUT;
        }
        {
            // Another thread of the test may still signal the object.
            std::unique_lock lock(DispatcherMutex());
            if (DispatcherCondition().wait_for(lock, k.options.manualWaitGrace,
                                               [header] { return TrySatisfyLocked(header); })) {
                return STATUS_SUCCESS;
            }
        }
        k.scheduler->RunUntilIdle();
        if (TrySatisfy(header)) return STATUS_SUCCESS;
        RaiseBugCheck(bugcode::kKwmiWaitDeadlock, reinterpret_cast<std::uintptr_t>(header), header->Type, 0, 0,
                      "ManualSchedulerWaitDeadlock",
                      "An infinite wait on the manual scheduler can never be satisfied: no queued work, DPC or "
                      "timer within the wait horizon signals the object and no other thread did within the "
                      "grace period.",
                      site);
    }
}

}  // namespace

NTSTATUS WaitForObject(DISPATCHER_HEADER* header, PLARGE_INTEGER timeout, const void* site) {
    CheckWaitIrql(timeout, header, site);
    if (TrySatisfy(header)) return STATUS_SUCCESS;
    if (timeout != nullptr && timeout->QuadPart == 0) return STATUS_TIMEOUT;
    Kernel* kernel = Kernel::Current();
    std::optional<std::int64_t> deadline;
    if (timeout != nullptr) deadline = DeadlineOf(*timeout, kernel);
    if (kernel != nullptr && kernel->Kind() == SchedulerKind::Manual) {
        return ManualWait(kernel->impl(), header, deadline, site);
    }
    std::unique_lock lock(DispatcherMutex());
    auto ready = [header] { return TrySatisfyLocked(header); };
    if (!deadline) {
        DispatcherCondition().wait(lock, ready);
        return STATUS_SUCCESS;
    }
    const auto until = kernel != nullptr ? kernel->impl().clock.ToSteady(*deadline)
                                         : std::chrono::steady_clock::now() + std::chrono::nanoseconds(*deadline * 100);
    return DispatcherCondition().wait_until(lock, until, ready) ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

}  // namespace kwmi::nt::detail

using namespace kwmi::nt::detail;

extern "C" {

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State) {
    Event->Header.Lock = 0;
    Event->Header.Type = Type == NotificationEvent ? KWMI_KOBJECT_EVENT_NOTIFICATION : KWMI_KOBJECT_EVENT_SYNCHRONIZATION;
    Event->Header.Size = sizeof(KEVENT) / sizeof(LONG);
    Event->Header.SignalState = State ? 1 : 0;
    Event->Header.WaitListHead.Flink = &Event->Header.WaitListHead;
    Event->Header.WaitListHead.Blink = &Event->Header.WaitListHead;
}

LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
    (void)Increment;
    (void)Wait;
    LONG previous;
    {
        std::lock_guard lock(DispatcherMutex());
        previous = Event->Header.SignalState;
        Event->Header.SignalState = 1;
    }
    DispatcherCondition().notify_all();
    return previous;
}

VOID KeClearEvent(PRKEVENT Event) {
    std::lock_guard lock(DispatcherMutex());
    Event->Header.SignalState = 0;
}

LONG KeResetEvent(PRKEVENT Event) {
    std::lock_guard lock(DispatcherMutex());
    const LONG previous = Event->Header.SignalState;
    Event->Header.SignalState = 0;
    return previous;
}

LONG KeReadStateEvent(PRKEVENT Event) {
    std::lock_guard lock(DispatcherMutex());
    return Event->Header.SignalState;
}

VOID KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit) {
    Semaphore->Header.Lock = 0;
    Semaphore->Header.Type = KWMI_KOBJECT_SEMAPHORE;
    Semaphore->Header.Size = sizeof(KSEMAPHORE) / sizeof(LONG);
    Semaphore->Header.SignalState = Count;
    Semaphore->Header.WaitListHead.Flink = &Semaphore->Header.WaitListHead;
    Semaphore->Header.WaitListHead.Blink = &Semaphore->Header.WaitListHead;
    Semaphore->Limit = Limit;
}

LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment, BOOLEAN Wait) {
    (void)Increment;
    (void)Wait;
    LONG previous;
    {
        std::lock_guard lock(DispatcherMutex());
        previous = Semaphore->Header.SignalState;
        if (Adjustment <= 0 || previous > Semaphore->Limit - Adjustment) {
            previous = -1;
        } else {
            Semaphore->Header.SignalState = previous + Adjustment;
        }
    }
    if (previous < 0) {
        // Windows raises STATUS_SEMAPHORE_LIMIT_EXCEEDED; unhandled in kernel mode it is fatal.
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kKmodeExceptionNotHandled, 0xC0000047u,
                                reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)), 0, 0,
                                "KeReleaseSemaphore", "KeReleaseSemaphore would exceed the semaphore's limit.",
                                __builtin_return_address(0));
    }
    DispatcherCondition().notify_all();
    return previous;
}

LONG KeReadStateSemaphore(PRKSEMAPHORE Semaphore) {
    std::lock_guard lock(DispatcherMutex());
    return Semaphore->Header.SignalState;
}

VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level) {
    (void)Level;
    Mutex->Header.Lock = 0;
    Mutex->Header.Type = KWMI_KOBJECT_MUTANT;
    Mutex->Header.Size = sizeof(KMUTEX) / sizeof(LONG);
    Mutex->Header.SignalState = 1;
    Mutex->Header.WaitListHead.Flink = &Mutex->Header.WaitListHead;
    Mutex->Header.WaitListHead.Blink = &Mutex->Header.WaitListHead;
    Mutex->MutantListEntry.Flink = Mutex->MutantListEntry.Blink = &Mutex->MutantListEntry;
    Mutex->OwnerThread = nullptr;
    Mutex->Abandoned = FALSE;
    Mutex->ApcDisable = 1;
}

LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait) {
    (void)Wait;
    LONG previous;
    bool notOwner;
    {
        std::lock_guard lock(DispatcherMutex());
        previous = Mutex->Header.SignalState;
        notOwner = Mutex->OwnerThread != reinterpret_cast<PKTHREAD>(ThreadToken()) || previous > 0;
        if (!notOwner) {
            Mutex->Header.SignalState = previous + 1;
            if (Mutex->Header.SignalState == 1) Mutex->OwnerThread = nullptr;
        }
    }
    if (notOwner) {
        // Windows raises STATUS_MUTANT_NOT_OWNED.
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kKmodeExceptionNotHandled, 0xC0000046u,
                                reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)), 0, 0,
                                "KeReleaseMutex", "KeReleaseMutex was called by a thread that does not own the mutex.",
                                __builtin_return_address(0));
    }
    DispatcherCondition().notify_all();
    return previous;
}

LONG KeReadStateMutex(PRKMUTEX Mutex) {
    std::lock_guard lock(DispatcherMutex());
    return Mutex->Header.SignalState;
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                               PLARGE_INTEGER Timeout) {
    (void)WaitReason;
    (void)WaitMode;
    (void)Alertable;
    return WaitForObject(static_cast<DISPATCHER_HEADER*>(Object), Timeout, __builtin_return_address(0));
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval) {
    (void)WaitMode;
    (void)Alertable;
    const void* site = __builtin_return_address(0);
    kwmi::nt::detail::RequireIrqlAtMost("KeDelayExecutionThread", APC_LEVEL, site);
    kwmi::nt::Kernel* kernel = kwmi::nt::Kernel::Current();
    if (kernel != nullptr && kernel->Kind() == kwmi::nt::SchedulerKind::Manual) {
        auto& k = kernel->impl();
        const std::int64_t now = k.clock.Now();
        const std::int64_t target = Interval->QuadPart < 0 ? now - Interval->QuadPart
                                                           : Interval->QuadPart - k.clock.bootSystemTime();
        k.scheduler->AdvanceTo(target);
        return STATUS_SUCCESS;
    }
    std::int64_t ticks = Interval->QuadPart < 0 ? -Interval->QuadPart : 0;
    if (Interval->QuadPart >= 0 && kernel != nullptr) ticks = Interval->QuadPart - kernel->SystemTime();
    if (ticks > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(ticks * 100));
    return STATUS_SUCCESS;
}

VOID KeStallExecutionProcessor(ULONG MicroSeconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(MicroSeconds);
    while (std::chrono::steady_clock::now() < until) {
    }
}

}  // extern "C"
