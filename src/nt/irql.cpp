// IRQL: per-thread, with the ordering rules Windows enforces on raise and lower.
#include "thread_state.hpp"

#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

namespace kwmi::nt::detail {

constinit thread_local std::uint8_t tThreadIrql = PASSIVE_LEVEL;

const _DRIVER_OBJECT*& ThreadPoolOwner() {
    thread_local const _DRIVER_OBJECT* owner = nullptr;
    return owner;
}

unsigned& ThreadRunningEntries() {
    thread_local unsigned count = 0;
    return count;
}

ULONG_PTR ThreadToken() {
    thread_local char anchor;
    return reinterpret_cast<ULONG_PTR>(&anchor);
}

void RequireIrqlAtMost(const char* ddi, KIRQL maxIrql, const void* site) {
    const KIRQL irql = ThreadIrql();
    if (irql <= maxIrql) return;
    static constexpr const char* kNames[] = {"PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL"};
    const std::string limit = maxIrql < 3 ? kNames[maxIrql] : "IRQL " + std::to_string(maxIrql);
    RaiseBugCheck(bugcode::kIrqlNotLessOrEqual, 0, irql, 0, reinterpret_cast<std::uintptr_t>(site),
                  std::string("Irql") + ddi,
                  std::string(ddi) + " was called above " + limit + " (IRQL " + std::to_string(irql) + ").", site);
}

}  // namespace kwmi::nt::detail

namespace kwmi::nt {

PoolOwnerScope::PoolOwnerScope(const _DRIVER_OBJECT* driver) : previous_(detail::ThreadPoolOwner()) {
    detail::ThreadPoolOwner() = driver;
}
PoolOwnerScope::~PoolOwnerScope() { detail::ThreadPoolOwner() = previous_; }

}  // namespace kwmi::nt

using kwmi::nt::detail::ThreadIrql;

extern "C" {

KIRQL KeGetCurrentIrql(VOID) { return ThreadIrql(); }

KIRQL KfRaiseIrql(KIRQL NewIrql) {
    const KIRQL old = ThreadIrql();
    if (NewIrql < old || NewIrql > HIGH_LEVEL) {
        // Windows: IRQL_NOT_GREATER_OR_EQUAL (current, requested).
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotGreaterOrEqual, old, NewIrql, 0, 0,
                                "IrqlKeRaiseIrql",
                                "KeRaiseIrql was asked to raise to IRQL " + std::to_string(NewIrql) +
                                    ", below the current IRQL " + std::to_string(old) + ".",
                                __builtin_return_address(0));
    }
    ThreadIrql() = NewIrql;
    return old;
}

VOID KeLowerIrql(KIRQL NewIrql) {
    const KIRQL current = ThreadIrql();
    if (NewIrql > current) {
        // Windows: IRQL_NOT_LESS_OR_EQUAL (requested, current).
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotLessOrEqual, NewIrql, current, 0, 0,
                                "IrqlKeLowerIrql",
                                "KeLowerIrql was asked to lower to IRQL " + std::to_string(NewIrql) +
                                    ", above the current IRQL " + std::to_string(current) + ".",
                                __builtin_return_address(0));
    }
    ThreadIrql() = NewIrql;
}

KIRQL KeRaiseIrqlToDpcLevel(VOID) {
    const KIRQL old = ThreadIrql();
    if (old > DISPATCH_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotGreaterOrEqual, old, DISPATCH_LEVEL, 0, 0,
                                "IrqlKeRaiseIrql",
                                "KeRaiseIrqlToDpcLevel called above DISPATCH_LEVEL (IRQL " +
                                    std::to_string(old) + ").",
                                __builtin_return_address(0));
    }
    ThreadIrql() = DISPATCH_LEVEL;
    return old;
}

KIRQL KeRaiseIrqlToSynchLevel(VOID) {
    const KIRQL old = ThreadIrql();
    if (old > SYNCH_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kIrqlNotGreaterOrEqual, old, SYNCH_LEVEL, 0, 0,
                                "IrqlKeRaiseIrql", "KeRaiseIrqlToSynchLevel called above SYNCH_LEVEL.",
                                __builtin_return_address(0));
    }
    ThreadIrql() = SYNCH_LEVEL;
    return old;
}

BOOLEAN KeAreApcsDisabled(VOID) { return ThreadIrql() >= APC_LEVEL; }
VOID KeEnterCriticalRegion(VOID) {}
VOID KeLeaveCriticalRegion(VOID) {}

PKTHREAD KeGetCurrentThread(VOID) { return reinterpret_cast<PKTHREAD>(kwmi::nt::detail::ThreadToken()); }
ULONG KeGetCurrentProcessorNumber(VOID) { return 0; }

}  // extern "C"
