// Threaded scheduler: PASSIVE_LEVEL worker threads, one DISPATCH_LEVEL thread that fires
// timers and runs DPCs, and the real steady clock.
#include <atomic>
#include <thread>
#include <vector>

#include "scheduler.hpp"
#include "thread_state.hpp"

namespace kwmi::nt {

namespace {

class ThreadedScheduler final : public Scheduler {
public:
    ThreadedScheduler(WorkQueues& queues, Clock& clock, unsigned workerThreads)
        : queues_(queues), clock_(clock) {
        if (workerThreads == 0) workerThreads = 1;
        for (unsigned i = 0; i < workerThreads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
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
        for (auto& t : workers_) t.join();
        dpcThread_.join();
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
            queues_.WaitUntil(
                [this, next] {
                    return stop_.load() || queues_.HasDpcsLocked() || queues_.NextDueLocked() != next;
                },
                deadline);
        }
    }

    WorkQueues& queues_;
    Clock& clock_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> stopped_{false};
    std::vector<std::thread> workers_;
    std::thread dpcThread_;
};

}  // namespace

std::unique_ptr<Scheduler> MakeThreadedScheduler(WorkQueues& queues, Clock& clock, unsigned workerThreads) {
    return std::make_unique<ThreadedScheduler>(queues, clock, workerThreads);
}

}  // namespace kwmi::nt
