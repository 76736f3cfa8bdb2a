// Remove locks: an I/O count biased by one, an event signalled when it drops to zero, and
// STATUS_DELETE_PENDING once removal has started.
#include <kwmi/bugcheck.hpp>

#include "kernel_impl.hpp"

extern "C" {

VOID IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag, ULONG MaxLockedMinutes, ULONG HighWatermark,
                              ULONG RemlockSize) {
    (void)AllocateTag;
    (void)MaxLockedMinutes;
    (void)HighWatermark;
    (void)RemlockSize;
    Lock->Common.Removed = FALSE;
    Lock->Common.IoCount = 1;
    KeInitializeEvent(&Lock->Common.RemoveEvent, SynchronizationEvent, FALSE);
}

NTSTATUS IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File, ULONG Line, ULONG RemlockSize) {
    (void)Tag;
    (void)File;
    (void)Line;
    (void)RemlockSize;
    InterlockedIncrement(&RemoveLock->Common.IoCount);
    if (!RemoveLock->Common.Removed) return STATUS_SUCCESS;
    if (InterlockedDecrement(&RemoveLock->Common.IoCount) == 0) {
        KeSetEvent(&RemoveLock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_DELETE_PENDING;
}

VOID IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize) {
    (void)RemlockSize;
    const LONG count = InterlockedDecrement(&RemoveLock->Common.IoCount);
    if (count < 0) {
        // The verifier names the lock and the tag being released (no acquire holds it).
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierDetectedViolation, 0xD5,
                                reinterpret_cast<std::uintptr_t>(RemoveLock), reinterpret_cast<std::uintptr_t>(Tag), 0,
                                "RemoveLockOverRelease",
                                "IoReleaseRemoveLock was called more often than IoAcquireRemoveLock.",
                                __builtin_return_address(0));
    }
    if (count == 0) KeSetEvent(&RemoveLock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
}

VOID IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize) {
    (void)Tag;
    (void)RemlockSize;
    const KIRQL irql = KeGetCurrentIrql();
    if (irql != PASSIVE_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotLessOrEqual, reinterpret_cast<std::uintptr_t>(RemoveLock),
                                irql, 0, 0, "IrqlIoReleaseRemoveLockAndWait",
                                "IoReleaseRemoveLockAndWait must be called at PASSIVE_LEVEL.",
                                __builtin_return_address(0));
    }
    RemoveLock->Common.Removed = TRUE;
    InterlockedDecrement(&RemoveLock->Common.IoCount);  // the caller's own acquire
    if (InterlockedDecrement(&RemoveLock->Common.IoCount) > 0) {  // the initial bias
        KeWaitForSingleObject(&RemoveLock->Common.RemoveEvent, Executive, KernelMode, FALSE, nullptr);
    }
}

}  // extern "C"
