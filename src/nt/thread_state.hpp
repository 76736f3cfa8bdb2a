// Per-thread kernel state: the IRQL and the pool owner scope.
#pragma once

#include <wdm.h>

#include <kwmi/kernel.hpp>

struct _DRIVER_OBJECT;

namespace kwmi::nt::detail {

// The calling thread's IRQL (thread-local; PASSIVE_LEVEL on new threads).
inline KIRQL& ThreadIrql() { return tThreadIrql; }

// Driver that pool allocations of this thread are attributed to (PoolOwnerScope).
const _DRIVER_OBJECT*& ThreadPoolOwner();

// How many kernel queue entries (work items, DPCs) this thread is running right now, so a
// wait for idleness issued from inside one does not wait for itself.
unsigned& ThreadRunningEntries();

// Opaque per-thread token stored in an owned KSPIN_LOCK and mutex owner fields.
ULONG_PTR ThreadToken();

// A DDI callable at most at `maxIrql`: above it, IRQL_NOT_LESS_OR_EQUAL (0xA; P2 the IRQL,
// P4 the call site), rule "Irql<ddi>".
void RequireIrqlAtMost(const char* ddi, KIRQL maxIrql, const void* site);

}  // namespace kwmi::nt::detail
