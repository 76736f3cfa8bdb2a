// Per-thread WDFSPINLOCK record (see held_locks.hpp).
#include "verifier/held_locks.hpp"

#include <kwmi/bugcheck.hpp>

namespace kwmi::verifier {

std::vector<HeldLock> &ThreadHeldLocks() noexcept {
    thread_local std::vector<HeldLock> locks;
    return locks;
}

void NoteLockAcquire(const char *ddi, const void *site, KIRQL irqlBefore) {
    ThreadHeldLocks().push_back(HeldLock{ddi, site, irqlBefore});
}

void NoteLockRelease() noexcept {
    auto &locks = ThreadHeldLocks();
    if (!locks.empty()) locks.pop_back();
}

void TruncateHeldLocks(std::size_t depth) noexcept {
    auto &locks = ThreadHeldLocks();
    if (locks.size() > depth) locks.resize(depth);
}

std::string DescribeHeldLock(const HeldLock &lock) {
    return std::string("a WDFSPINLOCK acquired by ") + (lock.ddi ? lock.ddi : "?") + " at " +
           nt::SymbolizeAddress(lock.site);
}

}  // namespace kwmi::verifier
