// Manual scheduler: deterministic. Work runs only when the test asks for it, on the
// test's thread, and time moves only through AdvanceTo.
#include "scheduler.hpp"

namespace kwmi::nt {

namespace {

class ManualScheduler final : public Scheduler {
public:
    ManualScheduler(WorkQueues& queues, Clock& clock) : queues_(queues), clock_(clock) {}

    std::size_t RunUntilIdle() override {
        std::size_t ran = 0;
        for (;;) {
            queues_.FireDueTimers(clock_.Now());
            // DPCs first: they preempt PASSIVE_LEVEL work on a real processor.
            if (queues_.RunOneDpc() || queues_.RunOneWork()) {
                ++ran;
                continue;
            }
            return ran;
        }
    }

    void AdvanceTo(std::int64_t target) override {
        for (;;) {
            const auto next = queues_.NextDueTime();
            if (!next || *next > target) break;
            clock_.MoveTo(*next);
            RunUntilIdle();
        }
        clock_.MoveTo(target);
        RunUntilIdle();
    }

    void WaitIdle() override { RunUntilIdle(); }

    void FlushDpcs() override {
        while (queues_.RunOneDpc()) {
        }
    }

    void Shutdown() override {
        RunUntilIdle();
        queues_.CancelAllTimers();
        RunUntilIdle();
    }

private:
    WorkQueues& queues_;
    Clock& clock_;
};

}  // namespace

std::unique_ptr<Scheduler> MakeManualScheduler(WorkQueues& queues, Clock& clock) {
    return std::make_unique<ManualScheduler>(queues, clock);
}

}  // namespace kwmi::nt
