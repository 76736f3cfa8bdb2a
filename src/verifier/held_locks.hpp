// Per-thread record of the WDFSPINLOCKs a driver holds, for KmdfIrql2 and the callback
// return check. Filled from the DDI entry check of WdfSpinLockAcquire/Release (so it knows
// the driver's acquisition site, not the handle); spin locks are only held at
// DISPATCH_LEVEL, so the record is dropped whenever a DDI is entered below it.
#pragma once

#include <wdm.h>

#include <cstddef>
#include <string>
#include <vector>

namespace kwmi::verifier {

struct HeldLock {
    const char *ddi = nullptr;         // "WdfSpinLockAcquire"
    const void *site = nullptr;        // the driver's return address of the acquire call
    KIRQL irqlBefore = PASSIVE_LEVEL;  // IRQL the acquire raised from
};

// The calling thread's held locks, oldest first.
std::vector<HeldLock> &ThreadHeldLocks() noexcept;

// Notes an acquire/release seen at a DDI entry (called by CheckDdiEntry).
void NoteLockAcquire(const char *ddi, const void *site, KIRQL irqlBefore);
void NoteLockRelease() noexcept;
// Drops entries above `depth` (a callback boundary unwinding, a stale record).
void TruncateHeldLocks(std::size_t depth) noexcept;

// "WDFSPINLOCK acquired at testdrv.so!EvtTimer+0x1c" for the newest lock above `depth`.
std::string DescribeHeldLock(const HeldLock &lock);

}  // namespace kwmi::verifier
