// Threaded scheduler: PASSIVE_LEVEL worker threads, one DISPATCH_LEVEL thread that fires
// timers and runs DPCs, and the real steady clock. The DPC thread also balances the workers:
// when queued work makes no progress because every worker is busy (blocked, typically, on
// something a queued item would do), it starts another worker, as Windows starts dynamic
// worker threads.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "scheduler.hpp"
#include "thread_state.hpp"

namespace kwmi::nt {

namespace {

class ThreadedScheduler final : public Scheduler {
public:
    ThreadedScheduler(WorkQueues& queues, Clock& clock, KernelCounters& counters, const KernelOptions& options)
        : queues_(queues),
          clock_(clock),
          counters_(counters),
          staticWorkers_(std::max(1u, options.workerThreads)),
          maxWorkers_(staticWorkers_ + options.maxDynamicWorkerThreads),
          stallPeriod_(options.workerStallPeriod) {
        for (unsigned i = 0; i < staticWorkers_; ++i) workers_.emplace_back([this] { WorkerLoop(); });
        dpcThread_ = std::thread([this] { DpcLoop(); });
    }

    ~ThreadedScheduler() override { Stop(); }

    std::size_t RunUntilIdle() override {
        WaitIdle();
        return 0;
    }

    void AdvanceTo(std::int64_t target) override {
        const auto now = clock_.Now();
        if (target > now) std::this_thread::sleep_until(clock_.ToSteady(target));
        WaitIdle();
    }

    void WaitIdle() override {
        const unsigned self = detail::ThreadRunningEntries();
        queues_.WaitUntil([this, self] { return queues_.IdleLocked(self); }, std::nullopt);
    }

    void FlushDpcs() override {
        const unsigned self = detail::ThreadRunningEntries();
        queues_.WaitUntil([this, self] { return queues_.DpcsDrainedLocked(self); }, std::nullopt);
    }

    void Shutdown() override {
        queues_.CancelAllTimers();
        WaitIdle();
        Stop();
    }

private:
    void Stop() {
        if (stopped_.exchange(true)) return;
        stop_ = true;
        queues_.Notify();
        dpcThread_.join();  // first: it is the thread that adds workers
        for (auto& t : workers_) t.join();
    }

    void WorkerLoop() {
        for (;;) {
            queues_.WaitUntil([this] { return stop_.load() || queues_.HasWorkLocked(); }, std::nullopt);
            if (!queues_.RunOneWork() && stop_) return;
        }
    }

    void DpcLoop() {
        for (;;) {
            queues_.FireDueTimers(clock_.Now());
            if (queues_.RunOneDpc()) continue;
            if (stop_) return;
            const auto next = queues_.NextDueTime();
            std::optional<std::chrono::steady_clock::time_point> deadline;
            if (next) deadline = clock_.ToSteady(*next);
            // While work is queued or running, look at the workers every stall period; when all
            // is idle, the first work queued wakes this thread.
            const bool watching = workers_.size() < maxWorkers_ && !queues_.Idle();
            if (watching) {
                const auto check = std::chrono::steady_clock::now() + stallPeriod_;
                deadline = deadline ? std::min(*deadline, check) : check;
            }
            queues_.WaitUntil(
                [this, next, watching] {
                    return stop_.load() || queues_.HasDpcsLocked() || queues_.NextDueLocked() != next ||
                           (!watching && workers_.size() < maxWorkers_ && !queues_.IdleLocked());
                },
                deadline);
            BalanceWorkers();
        }
    }

    // Called by the DPC thread only (it alone changes workers_ before Stop).
    void BalanceWorkers() {
        if (workers_.size() >= maxWorkers_ || stop_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now < nextBalance_) return;
        nextBalance_ = now + stallPeriod_;
        if (!queues_.WorkStalled(static_cast<unsigned>(workers_.size()), startedSeen_)) return;
        counters_.dynamicWorkerThreads++;  // before the thread can run (and finish) the waiting work
        workers_.emplace_back([this] { WorkerLoop(); });
    }

    WorkQueues& queues_;
    Clock& clock_;
    KernelCounters& counters_;
    const unsigned staticWorkers_;
    const std::size_t maxWorkers_;
    const std::chrono::milliseconds stallPeriod_;
    std::chrono::steady_clock::time_point nextBalance_{};
    std::uint64_t startedSeen_ = ~std::uint64_t{0};  // no stall before a first look
    std::atomic<bool> stop_{false};
    std::atomic<bool> stopped_{false};
    std::vector<std::thread> workers_;
    std::thread dpcThread_;
};

}  // namespace

std::unique_ptr<Scheduler> MakeThreadedScheduler(WorkQueues& queues, Clock& clock, KernelCounters& counters,
                                                 const KernelOptions& options) {
    return std::make_unique<ThreadedScheduler>(queues, clock, counters, options);
}

}  // namespace kwmi::nt
