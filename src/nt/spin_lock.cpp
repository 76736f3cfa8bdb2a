// Spin locks: real mutual exclusion across threads, IRQL raised to DISPATCH_LEVEL while
// held, recursion and foreign releases reported as Windows reports them.
#include <string>
#include <thread>

#include <kwmi/bugcheck.hpp>

#include "thread_state.hpp"

namespace {

using kwmi::nt::detail::ThreadIrql;
using kwmi::nt::detail::ThreadToken;

void AcquireAtDpc(PKSPIN_LOCK lock, const void* site) {
    const ULONG_PTR self = ThreadToken();
    if (__atomic_load_n(lock, __ATOMIC_RELAXED) == self) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kSpinLockAlreadyOwned, reinterpret_cast<std::uintptr_t>(lock), 0, 0,
                                0, "SpinLockRecursion",
                                "A thread tried to acquire a spin lock it already holds (this deadlocks on Windows).",
                                site);
    }
    unsigned spins = 0;
    for (;;) {
        ULONG_PTR expected = 0;
        if (__atomic_compare_exchange_n(lock, &expected, self, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
        if (++spins % 64 == 0) std::this_thread::yield();
    }
}

void ReleaseAtDpc(PKSPIN_LOCK lock, const void* site) {
    const ULONG_PTR self = ThreadToken();
    if (__atomic_load_n(lock, __ATOMIC_RELAXED) != self) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kSpinLockNotOwned, reinterpret_cast<std::uintptr_t>(lock), 0, 0, 0,
                                "SpinLockNotOwned", "A thread released a spin lock it does not hold.", site);
    }
    __atomic_store_n(lock, static_cast<ULONG_PTR>(0), __ATOMIC_RELEASE);
}

void RequireAtLeastDispatch(const char* ddi, const void* site) {
    const KIRQL irql = ThreadIrql();
    if (irql < DISPATCH_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotGreaterOrEqual, irql, DISPATCH_LEVEL, 0, 0,
                                std::string("Irql") + ddi,
                                std::string(ddi) + " must be called at DISPATCH_LEVEL (current IRQL " +
                                    std::to_string(irql) + ").",
                                site);
    }
}

KIRQL RaiseToDispatch(const void* site) {
    const KIRQL old = ThreadIrql();
    if (old > DISPATCH_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotGreaterOrEqual, old, DISPATCH_LEVEL, 0, 0,
                                "IrqlKeAcquireSpinLock",
                                "KeAcquireSpinLock was called above DISPATCH_LEVEL (IRQL " + std::to_string(old) + ").",
                                site);
    }
    return old;
}

}  // namespace

extern "C" {

VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock) { *SpinLock = 0; }

KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock) {
    const void* site = __builtin_return_address(0);
    const KIRQL old = RaiseToDispatch(site);
    AcquireAtDpc(SpinLock, site);  // checks recursion before the IRQL changes
    ThreadIrql() = DISPATCH_LEVEL;
    return old;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
    const void* site = __builtin_return_address(0);
    ReleaseAtDpc(SpinLock, site);
    if (NewIrql > ThreadIrql()) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotLessOrEqual, NewIrql, ThreadIrql(), 0, 0,
                                "IrqlKeReleaseSpinLock",
                                "KeReleaseSpinLock was given an IRQL above the current one.", site);
    }
    ThreadIrql() = NewIrql;
}

VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
    const void* site = __builtin_return_address(0);
    RequireAtLeastDispatch("KeAcquireSpinLockAtDpcLevel", site);
    AcquireAtDpc(SpinLock, site);
}

VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock) {
    const void* site = __builtin_return_address(0);
    RequireAtLeastDispatch("KeReleaseSpinLockFromDpcLevel", site);
    ReleaseAtDpc(SpinLock, site);
}

BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
    RequireAtLeastDispatch("KeTryToAcquireSpinLockAtDpcLevel", __builtin_return_address(0));
    ULONG_PTR expected = 0;
    return __atomic_compare_exchange_n(SpinLock, &expected, ThreadToken(), false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

BOOLEAN KeTestSpinLock(PKSPIN_LOCK SpinLock) { return __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0; }

VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle) {
    const void* site = __builtin_return_address(0);
    const KIRQL old = RaiseToDispatch(site);
    AcquireAtDpc(SpinLock, site);
    ThreadIrql() = DISPATCH_LEVEL;
    LockHandle->LockQueue.Next = nullptr;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = old;
}

VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle) {
    ReleaseAtDpc(LockHandle->LockQueue.Lock, __builtin_return_address(0));
    ThreadIrql() = LockHandle->OldIrql;
}

VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle) {
    const void* site = __builtin_return_address(0);
    RequireAtLeastDispatch("KeAcquireInStackQueuedSpinLockAtDpcLevel", site);
    AcquireAtDpc(SpinLock, site);
    LockHandle->LockQueue.Next = nullptr;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = ThreadIrql();
}

VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle) {
    ReleaseAtDpc(LockHandle->LockQueue.Lock, __builtin_return_address(0));
}

}  // extern "C"
