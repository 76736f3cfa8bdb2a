// dispatch_deregister_bench.cpp - 10,000 WdfWmiInstanceDeregister calls from one WDF timer
// callback (DISPATCH_LEVEL). KMDF defers the registration update to one work item, so WMI
// should see at most one UPDATE_GUIDS and fetch at most one REGINFO. Timed: from arming the
// timer until a consumer's QUERY_ALL_DATA no longer sees the block.
#include "bench_driver.h"
#include "bench_world.hpp"

#include "wdf/wmi/wmi_diagnostics.hpp"

#include <atomic>
#include <chrono>

#include <benchmark/benchmark.h>
#include <wdm_wmi.h>

namespace kwmi::bench {
namespace {

void DispatchDeregister(benchmark::State &state, unsigned n)
{
    World &world = World::Get({n, true});
    if (!world.Ok()) return state.SkipWithError(world.Error().c_str());
    auto &diagnostics = wdf::wmi::WmiDiagnostics::Instance();
    std::atomic<unsigned> updates{0};
    diagnostics.SetRegistrationObserver([&](const wdf::wmi::WmiRegistrationCall &call) -> std::optional<NTSTATUS> {
        if (call.action == WMIREG_ACTION_UPDATE_GUIDS) updates.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    });
    double updateGuids = 0, reginfo = 0, irql = 0, deregistered = 0;
    for (auto _ : state) {
        updates = 0;
        const unsigned reginfoBefore = ReginfoIrps();
        const auto start = std::chrono::steady_clock::now();
        BenchArmDeregisterTimer(10'000); // 1 ms
        world.kernel.AdvanceTime(std::chrono::milliseconds(2));
        const unsigned reginfoAfter = ReginfoIrps();
        const bool invisible = !world.consumer.QueryAllData(BenchDataGuid);
        const auto end = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(end - start).count());
        if (!invisible) {
            diagnostics.SetRegistrationObserver(nullptr);
            return state.SkipWithError("instances still visible after the timer");
        }
        updateGuids = updates.load();
        reginfo = static_cast<double>(reginfoAfter - reginfoBefore);
        irql = BenchTimerIrql();
        deregistered = BenchTimerDeregistered();

        state.PauseTiming(); // back to n registered instances for the next iteration
        if (!NT_SUCCESS(BenchRegisterAll())) {
            diagnostics.SetRegistrationObserver(nullptr);
            return state.SkipWithError("re-register failed");
        }
        world.kernel.WaitIdle();
        state.ResumeTiming();
    }
    diagnostics.SetRegistrationObserver(nullptr);
    state.counters["update_guids"] = updateGuids;
    state.counters["reginfo_irps"] = reginfo;
    state.counters["timer_irql"] = irql;
    state.counters["deregistered"] = deregistered;
}

} // namespace

void RegisterDispatchDeregisterBenchmarks()
{
    benchmark::RegisterBenchmark("DispatchDeregister/10000", DispatchDeregister, 10000u)
        ->UseManualTime()->Iterations(1)->Repetitions(7)->Unit(benchmark::kMillisecond);
}

} // namespace kwmi::bench
