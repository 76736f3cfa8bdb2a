// Per-thread record of the WDFSPINLOCKs a driver holds, for KmdfIrql2 and the callback
// return check. Filled from the DDI entry check of WdfSpinLockAcquire/Release (so it knows
// the driver's acquisition site, not the handle); spin locks are only held at
// DISPATCH_LEVEL, so the record is dropped whenever a DDI is entered below it.
#pragma once

#include <wdm.h>

#include <cstddef>
#include <string>

namespace kwmi::verifier {

struct HeldLock {
    const char *ddi = nullptr;         // "WdfSpinLockAcquire"
    const void *site = nullptr;        // the driver's return address of the acquire call
    KIRQL irqlBefore = PASSIVE_LEVEL;  // IRQL the acquire raised from
};

// The calling thread's held locks, oldest first. A fixed, trivially destructible stack: every
// driver callback reads its depth on entry and exit, inline. Nesting deeper than
// kMaxRecordedLocks still counts; only the first kMaxRecordedLocks are described.
inline constexpr std::size_t kMaxRecordedLocks = 16;
struct HeldLockStack {
    HeldLock entries[kMaxRecordedLocks];
    std::size_t depth;
};
extern constinit thread_local HeldLockStack tHeldLocks;

inline std::size_t HeldLockDepth() noexcept { return tHeldLocks.depth; }
// The newest recorded lock (HeldLockDepth() > 0).
inline const HeldLock &NewestHeldLock() noexcept {
    const std::size_t depth = tHeldLocks.depth < kMaxRecordedLocks ? tHeldLocks.depth : kMaxRecordedLocks;
    return tHeldLocks.entries[depth - 1];
}
// Drops entries above `depth` (a callback boundary unwinding, a stale record).
inline void TruncateHeldLocks(std::size_t depth) noexcept {
    if (tHeldLocks.depth > depth) tHeldLocks.depth = depth;
}

// Notes an acquire/release seen at a DDI entry (called by CheckDdiEntry).
void NoteLockAcquire(const char *ddi, const void *site, KIRQL irqlBefore) noexcept;
void NoteLockRelease() noexcept;

// "a WDFSPINLOCK acquired by WdfSpinLockAcquire at testdrv.so!EvtTimer+0x1c".
std::string DescribeHeldLock(const HeldLock &lock);

}  // namespace kwmi::verifier
