// query_all_data_bench.cpp - QUERY_ALL_DATA of N 64-byte instances through the whole path
// (kwmi::Consumer -> WMI service -> IRP_MJ_SYSTEM_CONTROL -> KMDF WMI handler -> the driver's
// EvtWmiInstanceQueryInstance), against a flat baseline that calls the same N callbacks into
// one buffer. Also QUERY_SINGLE_INSTANCE of the last instance at N = 10 and N = 100,000.
#include "bench_driver.h"
#include "bench_world.hpp"
#include "summary.hpp"

#include "verifier/verifier.hpp"

#include <vector>

#include <benchmark/benchmark.h>

namespace kwmi::bench {
namespace {

void QueryAllDataBaseline(benchmark::State &state, unsigned n)
{
    World &world = World::Get({n, true});
    if (!world.Ok()) return state.SkipWithError(world.Error().c_str());
    std::vector<UCHAR> flat(static_cast<size_t>(n) * BENCH_INSTANCE_SIZE);
    std::vector<WDFWMIINSTANCE> instances(n);
    for (unsigned i = 0; i < n; ++i) instances[i] = BenchInstance(i);
    for (auto _ : state) {
        for (unsigned i = 0; i < n; ++i) {
            ULONG used = 0;
            BenchQueryInstance(instances[i], BENCH_INSTANCE_SIZE, flat.data() + static_cast<size_t>(i) * BENCH_INSTANCE_SIZE,
                               &used);
        }
        benchmark::DoNotOptimize(flat.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * n);
}

void QueryAllDataPath(benchmark::State &state, unsigned n)
{
    World &world = World::Get({n, true});
    if (!world.Ok()) return state.SkipWithError(world.Error().c_str());
    std::vector<InstanceView> views;
    {
        Reply check = world.consumer.QueryAllData(BenchDataGuid);
        if (!check || !ParseAllDataChain(check.bytes, views) || views.size() != n) {
            return state.SkipWithError("QUERY_ALL_DATA does not return N instances");
        }
    }
    for (auto _ : state) {
        Reply reply = world.consumer.QueryAllData(BenchDataGuid);
        if (!reply) return state.SkipWithError("QUERY_ALL_DATA failed");
        benchmark::DoNotOptimize(reply.bytes.data());
    }
    state.SetItemsProcessed(state.iterations() * n);
}

// The same path with the verifier's output-buffer guard off (the guard fills and checks a tail
// behind each callback's scratch buffer and copies back the bytes it used).
void QueryAllDataPathUnguarded(benchmark::State &state, unsigned n)
{
    auto &settings = verifier::GetSettings();
    const bool saved = settings.guardOutputBuffers;
    settings.guardOutputBuffers = false;
    QueryAllDataPath(state, n);
    settings.guardOutputBuffers = saved;
}

void QuerySingleLast(benchmark::State &state, unsigned n)
{
    World &world = World::Get({n, true});
    if (!world.Ok()) return state.SkipWithError(world.Error().c_str());
    const std::u16string name = DataInstanceName(world, n - 1);
    if (name.empty()) return state.SkipWithError("no instance name");
    for (auto _ : state) {
        Reply reply = world.consumer.QuerySingleInstance(BenchDataGuid, name);
        if (!reply) return state.SkipWithError("QUERY_SINGLE_INSTANCE failed");
        benchmark::DoNotOptimize(reply.bytes.data());
    }
}

} // namespace

void RegisterQueryBenchmarks()
{
    benchmark::RegisterBenchmark("QSI/last/10", QuerySingleLast, 10u)->Repetitions(5)->MinTime(0.1);
    for (unsigned n : QueryAllDataSweep()) {
        const std::string suffix = "/" + std::to_string(n);
        benchmark::RegisterBenchmark(("QAD/baseline" + suffix).c_str(), QueryAllDataBaseline, n)
            ->Repetitions(5)->MinTime(0.1)->Unit(benchmark::kMicrosecond);
        // The guard copies only the bytes used, so the guarded path is linear too: same runs.
        benchmark::RegisterBenchmark(("QAD/path" + suffix).c_str(), QueryAllDataPath, n)
            ->Repetitions(5)->MinTime(0.1)->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("QAD/path_unguarded" + suffix).c_str(), QueryAllDataPathUnguarded, n)
            ->Repetitions(5)->MinTime(0.1)->Unit(benchmark::kMicrosecond);
    }
    // Right after QAD/path/100000: shares its world.
    benchmark::RegisterBenchmark("QSI/last/100000", QuerySingleLast, 100000u)->Repetitions(5)->MinTime(0.1);
}

} // namespace kwmi::bench
