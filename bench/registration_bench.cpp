// registration_bench.cpp - WdfWmiInstanceRegister then WdfWmiInstanceDeregister of N instances
// at PASSIVE_LEVEL on a started device, including the registration updates WMI fetches
// (UPDATE_GUIDS -> REGINFO), timed per cycle; the summary divides by 2N operations.
#include "bench_driver.h"
#include "bench_world.hpp"

#include <benchmark/benchmark.h>

namespace kwmi::bench {
namespace {

void RegisterDeregisterCycle(benchmark::State &state, unsigned n)
{
    World &world = World::Get({n, false});
    if (!world.Ok()) return state.SkipWithError(world.Error().c_str());
    for (auto _ : state) {
        if (!NT_SUCCESS(BenchRegisterAll())) return state.SkipWithError("WdfWmiInstanceRegister failed");
        world.kernel.WaitIdle(); // WMI has fetched the registration update
        BenchDeregisterAll();
        world.kernel.WaitIdle();
    }
    state.SetItemsProcessed(state.iterations() * 2 * n);
}

} // namespace

void RegisterRegistrationBenchmarks()
{
    benchmark::RegisterBenchmark("Registration/cycle/1000", RegisterDeregisterCycle, 1000u)
        ->Repetitions(5)->MinTime(0.1)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("Registration/cycle/100000", RegisterDeregisterCycle, 100000u)
        ->Repetitions(3)->Iterations(1)->Unit(benchmark::kMillisecond);
}

} // namespace kwmi::bench
