// memory_bench.cpp - heap bytes per registered instance at N = 100,000.
//  * retained: mallinfo2().uordblks (every malloc'd byte: pool, WDF objects, framework lists,
//    WMI service state) after the device started with N registered instances and WMI fetched
//    its registration, minus the same figure before the world was built, divided by N;
//  * peak: high-water mark of the same heap counter while registering and answering one
//    QUERY_ALL_DATA, tracked by counting global operator new/delete (C++ allocations) on top
//    of the mallinfo2 figure at the start of the phase.
#include "bench_driver.h"
#include "bench_world.hpp"

#include <atomic>
#include <cstdlib>
#include <malloc.h>
#include <new>

#include <benchmark/benchmark.h>

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long long> g_live{0};
std::atomic<long long> g_peak{0};

void *CountedAllocate(std::size_t size)
{
    void *memory = std::malloc(size == 0 ? 1 : size);
    if (memory == nullptr) throw std::bad_alloc();
    if (g_counting.load(std::memory_order_relaxed)) {
        const long long live = g_live.fetch_add(static_cast<long long>(malloc_usable_size(memory))) +
                               static_cast<long long>(malloc_usable_size(memory));
        long long peak = g_peak.load(std::memory_order_relaxed);
        while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
        }
    }
    return memory;
}

void CountedFree(void *memory) noexcept
{
    if (memory == nullptr) return;
    if (g_counting.load(std::memory_order_relaxed)) {
        g_live.fetch_sub(static_cast<long long>(malloc_usable_size(memory)));
    }
    std::free(memory);
}

} // namespace

void *operator new(std::size_t size) { return CountedAllocate(size); }
void *operator new[](std::size_t size) { return CountedAllocate(size); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    try { return CountedAllocate(size); } catch (...) { return nullptr; }
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    try { return CountedAllocate(size); } catch (...) { return nullptr; }
}
void operator delete(void *memory) noexcept { CountedFree(memory); }
void operator delete[](void *memory) noexcept { CountedFree(memory); }
void operator delete(void *memory, std::size_t) noexcept { CountedFree(memory); }
void operator delete[](void *memory, std::size_t) noexcept { CountedFree(memory); }

namespace kwmi::bench {
namespace {

long long HeapInUse()
{
    return static_cast<long long>(mallinfo2().uordblks);
}

void MemoryPerInstance(benchmark::State &state, unsigned n)
{
    World::Release();
    double retained = 0, peak = 0;
    for (auto _ : state) {
        const long long before = HeapInUse();
        auto world = std::make_unique<World>(WorldKey{n, true});
        if (!world->Ok()) return state.SkipWithError(world->Error().c_str());
        const long long registered = HeapInUse();
        // Peak phase: one more registration update and one QUERY_ALL_DATA with its reply.
        g_live = 0;
        g_peak = 0;
        g_counting = true;
        {
            Reply reply = world->consumer.QueryAllData(BenchDataGuid);
            if (!reply) {
                g_counting = false;
                return state.SkipWithError("QUERY_ALL_DATA failed");
            }
        }
        g_counting = false;
        retained = static_cast<double>(registered - before) / n;
        peak = static_cast<double>(registered - before + g_peak.load()) / n;
        state.PauseTiming();
        world.reset();
        state.ResumeTiming();
    }
    state.counters["retained_per_instance"] = retained;
    state.counters["peak_per_instance"] = peak;
}

} // namespace

void RegisterMemoryBenchmarks()
{
    benchmark::RegisterBenchmark("Memory/100000", MemoryPerInstance, 100000u)
        ->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);
}

} // namespace kwmi::bench
