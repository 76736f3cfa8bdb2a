// kernel_stubs.cpp - minimal kernel for the RTL tests (see kernel_stubs.hpp).
#include "kernel_stubs.hpp"

#include <cstdlib>
#include <mutex>

namespace kwmi::rtl_test {
namespace {
thread_local KIRQL g_irql = PASSIVE_LEVEL;
std::mutex g_poolMutex;
PoolStats g_pool{};
int g_failAllocations = 0;
}  // namespace

void SetStubIrql(KIRQL irql) { g_irql = irql; }

PoolStats GetPoolStats() {
    std::lock_guard lock(g_poolMutex);
    return g_pool;
}

void ResetPoolStats() {
    std::lock_guard lock(g_poolMutex);
    g_pool = PoolStats{};
    g_failAllocations = 0;
}

void FailNextAllocations(int count) {
    std::lock_guard lock(g_poolMutex);
    g_failAllocations = count;
}

}  // namespace kwmi::rtl_test

using namespace kwmi::rtl_test;

extern "C" {

KIRQL KeGetCurrentIrql(void) { return g_irql; }

[[noreturn]] void KeBugCheckEx(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4) {
    throw StubBugCheck{code, {p1, p2, p3, p4}};
}

PVOID ExAllocatePool2(ULONG64 flags, SIZE_T bytes, ULONG tag) {
    std::lock_guard lock(g_poolMutex);
    g_pool.lastFlags = flags;
    g_pool.lastTag = tag;
    if (g_failAllocations > 0) {
        --g_failAllocations;
        return nullptr;
    }
    ++g_pool.allocations;
    return std::calloc(1, bytes);
}

void ExFreePoolWithTag(PVOID pointer, ULONG tag) {
    std::lock_guard lock(g_poolMutex);
    ++g_pool.frees;
    g_pool.lastFreeTag = tag;
    std::free(pointer);
}

}  // extern "C"
