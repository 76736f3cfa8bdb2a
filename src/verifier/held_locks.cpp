// Per-thread WDFSPINLOCK record (see held_locks.hpp).
#include "verifier/held_locks.hpp"

#include <kwmi/bugcheck.hpp>

namespace kwmi::verifier {

constinit thread_local HeldLockStack tHeldLocks{};

void NoteLockAcquire(const char *ddi, const void *site, KIRQL irqlBefore) noexcept {
    if (tHeldLocks.depth < kMaxRecordedLocks) tHeldLocks.entries[tHeldLocks.depth] = HeldLock{ddi, site, irqlBefore};
    ++tHeldLocks.depth;
}

void NoteLockRelease() noexcept {
    if (tHeldLocks.depth > 0) --tHeldLocks.depth;
}

std::string DescribeHeldLock(const HeldLock &lock) {
    return std::string("a WDFSPINLOCK acquired by ") + (lock.ddi ? lock.ddi : "?") + " at " +
           nt::SymbolizeAddress(lock.site);
}

}  // namespace kwmi::verifier
