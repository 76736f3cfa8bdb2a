// FAST_MUTEX: a synchronization event used as a lock; the acquiring thread runs at
// APC_LEVEL until it releases (the Unsafe variants leave the IRQL alone).
#include <string>

#include <kwmi/bugcheck.hpp>

#include "dispatcher.hpp"
#include "thread_state.hpp"

namespace {

PKEVENT EventOf(PFAST_MUTEX mutex) { return &mutex->Event; }

void Take(PFAST_MUTEX mutex, const void* site) {
    if (mutex->Owner == reinterpret_cast<PVOID>(kwmi::nt::detail::ThreadToken())) {
        // Windows deadlocks here; report it instead of hanging.
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kKwmiWaitDeadlock, reinterpret_cast<std::uintptr_t>(mutex), 0, 0, 0,
                                "FastMutexRecursion",
                                "A thread tried to acquire a fast mutex it already owns (a self-deadlock on Windows).",
                                site);
    }
    kwmi::nt::detail::WaitForObject(&EventOf(mutex)->Header, nullptr, site);
    mutex->Owner = reinterpret_cast<PVOID>(kwmi::nt::detail::ThreadToken());
    InterlockedDecrement(&mutex->Count);
}

void Give(PFAST_MUTEX mutex) {
    mutex->Owner = nullptr;
    InterlockedIncrement(&mutex->Count);
    KeSetEvent(EventOf(mutex), IO_NO_INCREMENT, FALSE);
}

}  // namespace

extern "C" {

VOID ExInitializeFastMutex(PFAST_MUTEX FastMutex) {
    FastMutex->Count = 1;
    FastMutex->Owner = nullptr;
    FastMutex->Contention = 0;
    FastMutex->OldIrql = PASSIVE_LEVEL;
    KeInitializeEvent(EventOf(FastMutex), SynchronizationEvent, TRUE);
}

VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex) {
    const void* site = __builtin_return_address(0);
    kwmi::nt::detail::RequireIrqlAtMost("ExAcquireFastMutex", APC_LEVEL, site);
    const KIRQL old = kwmi::nt::detail::ThreadIrql();
    Take(FastMutex, site);
    kwmi::nt::detail::ThreadIrql() = APC_LEVEL;
    FastMutex->OldIrql = old;
}

BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex) {
    kwmi::nt::detail::RequireIrqlAtMost("ExTryToAcquireFastMutex", APC_LEVEL, __builtin_return_address(0));
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    const KIRQL old = kwmi::nt::detail::ThreadIrql();
    if (kwmi::nt::detail::WaitForObject(&EventOf(FastMutex)->Header, &zero, __builtin_return_address(0)) !=
        STATUS_SUCCESS) {
        return FALSE;
    }
    FastMutex->Owner = reinterpret_cast<PVOID>(kwmi::nt::detail::ThreadToken());
    InterlockedDecrement(&FastMutex->Count);
    kwmi::nt::detail::ThreadIrql() = APC_LEVEL;
    FastMutex->OldIrql = old;
    return TRUE;
}

VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex) {
    const KIRQL old = static_cast<KIRQL>(FastMutex->OldIrql);
    Give(FastMutex);
    kwmi::nt::detail::ThreadIrql() = old;
}

VOID ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex) { Take(FastMutex, __builtin_return_address(0)); }

VOID ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex) { Give(FastMutex); }

}  // extern "C"
