// One scheduler interface, two implementations (manual and threaded) over the same queues.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "work_queues.hpp"

#include <kwmi/kernel.hpp>

namespace kwmi::nt {

class Scheduler {
public:
    virtual ~Scheduler() = default;
    // Manual: runs everything queued (and timers already due) on this thread.
    // Threaded: WaitIdle(). Returns the number of entries run on this thread.
    virtual std::size_t RunUntilIdle() = 0;
    // Moves time to interrupt time `target`: manual fires due timers in order, running until
    // idle after each; threaded waits for the real clock to get there.
    virtual void AdvanceTo(std::int64_t target) = 0;
    virtual void WaitIdle() = 0;
    // KeFlushQueuedDpcs: returns when every DPC queued so far has run.
    virtual void FlushDpcs() = 0;
    // Drains the queues and stops any thread. Called once, by the kernel's destructor.
    virtual void Shutdown() = 0;
};

std::unique_ptr<Scheduler> MakeManualScheduler(WorkQueues& queues, Clock& clock);
std::unique_ptr<Scheduler> MakeThreadedScheduler(WorkQueues& queues, Clock& clock, KernelCounters& counters,
                                                 const KernelOptions& options);

}  // namespace kwmi::nt
