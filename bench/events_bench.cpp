// events_bench.cpp - 1,000,000 WdfWmiInstanceFireEvent calls delivered to a consumer's
// callback on the threaded scheduler (worker threads deliver while the driver fires). The
// producer keeps fewer events in flight than the service's per-subscription queue limit
// (Settings::eventQueueLimit), so none may be dropped; latency is fire -> callback.
#include "bench_driver.h"
#include "bench_world.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>
#include <wmistr.h>

namespace kwmi::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct EventPayload {
    std::uint64_t sequence;
    std::int64_t firedNs;
};

void FireEvents(benchmark::State &state, unsigned count)
{
    World &world = World::Get({0, true, nt::SchedulerKind::Threaded});
    if (!world.Ok()) return state.SkipWithError(world.Error().c_str());
    const std::size_t window = world.service.Config().eventQueueLimit - 24; // stays below the limit
    std::vector<std::uint32_t> latencyNs(count);
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<std::uint64_t> malformed{0};
    auto subscription = world.consumer.Subscribe(BenchEventGuid, [&](std::span<const std::uint8_t> wnode) {
        const auto now = Clock::now().time_since_epoch().count();
        WNODE_SINGLE_INSTANCE header;
        EventPayload payload;
        if (wnode.size() < sizeof header) return malformed.fetch_add(1), void();
        std::memcpy(&header, wnode.data(), sizeof header);
        if (header.DataBlockOffset + sizeof payload > wnode.size()) return malformed.fetch_add(1), void();
        std::memcpy(&payload, wnode.data() + header.DataBlockOffset, sizeof payload);
        if (payload.sequence < latencyNs.size()) {
            latencyNs[payload.sequence] = static_cast<std::uint32_t>(std::min<std::int64_t>(now - payload.firedNs, UINT32_MAX));
        }
        delivered.fetch_add(1, std::memory_order_release);
    });
    if (!subscription.Active()) return state.SkipWithError("Subscribe failed");
    world.kernel.WaitIdle(); // ENABLE_EVENTS reached the driver

    double seconds = 0, p50 = 0, p99 = 0, dropped = 0;
    for (auto _ : state) {
        delivered = 0;
        const auto droppedBefore = subscription.Stats().dropped;
        const auto start = Clock::now();
        for (std::uint64_t i = 0; i < count; ++i) {
            while (i - delivered.load(std::memory_order_acquire) >= window) std::this_thread::yield();
            EventPayload payload{i, Clock::now().time_since_epoch().count()};
            if (!NT_SUCCESS(BenchFireEvent(sizeof payload, &payload))) return state.SkipWithError("FireEvent failed");
        }
        while (delivered.load(std::memory_order_acquire) + (subscription.Stats().dropped - droppedBefore) < count) {
            std::this_thread::yield();
        }
        seconds = std::chrono::duration<double>(Clock::now() - start).count();
        state.SetIterationTime(seconds);
        dropped = static_cast<double>(subscription.Stats().dropped - droppedBefore);
        std::vector<std::uint32_t> sorted = latencyNs;
        std::nth_element(sorted.begin(), sorted.begin() + count / 2, sorted.end());
        p50 = sorted[count / 2] / 1e3;
        std::nth_element(sorted.begin(), sorted.begin() + count * 99 / 100, sorted.end());
        p99 = sorted[count * 99 / 100] / 1e3;
    }
    subscription.Cancel();
    world.kernel.WaitIdle();
    state.counters["events_per_s"] = count / seconds;
    state.counters["p50_us"] = p50;
    state.counters["p99_us"] = p99;
    state.counters["dropped"] = dropped;
    state.counters["malformed"] = static_cast<double>(malformed.load());
}

} // namespace

void RegisterEventBenchmarks()
{
    benchmark::RegisterBenchmark("Events/1000000", FireEvents, 1000000u)
        ->UseManualTime()->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);
}

} // namespace kwmi::bench
