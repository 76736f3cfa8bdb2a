// The kernel's queues: PASSIVE_LEVEL work items, DPCs and the timer queue, plus the
// clock. Both schedulers drive the same queues; they differ only in which thread runs an
// entry and where the time comes from.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include <wdm.h>

namespace kwmi::nt {

struct KernelCounters {
    std::atomic<std::uint64_t> workItemsRun{0};
    std::atomic<std::uint64_t> dpcsRun{0};
    std::atomic<std::uint64_t> timersFired{0};
    std::atomic<std::uint64_t> irpsCompleted{0};
    std::atomic<std::uint64_t> bugChecks{0};
    std::atomic<std::uint64_t> dynamicWorkerThreads{0};
};

// Interrupt time in 100 ns units: virtual (manual) or the steady clock (threaded).
class Clock {
public:
    Clock(bool manual, std::int64_t bootSystemTime);
    std::int64_t Now() const;
    // KeQuerySystemTime: boot time + interrupt time.
    std::int64_t SystemTime() const { return bootSystemTime_ + Now(); }
    std::int64_t bootSystemTime() const { return bootSystemTime_; }
    // Manual clock only: moves forward to `t` (never backwards).
    void MoveTo(std::int64_t t);
    // Steady-clock instant of interrupt time `t` (threaded clock).
    std::chrono::steady_clock::time_point ToSteady(std::int64_t t) const {
        return start_ + std::chrono::nanoseconds(t * 100);
    }
    bool manual() const { return manual_; }

private:
    bool manual_;
    std::int64_t bootSystemTime_;
    std::atomic<std::int64_t> virtualNow_{0};
    std::chrono::steady_clock::time_point start_;
};

// A PASSIVE_LEVEL work entry; `run` performs the call and its own return-IRQL check.
struct WorkEntry {
    std::function<void()> run;
};

class WorkQueues {
public:
    WorkQueues(Clock& clock, KernelCounters& counters);

    void QueueWork(WorkEntry entry);
    bool InsertDpc(PKDPC dpc, PVOID argument1, PVOID argument2);
    bool RemoveDpc(PKDPC dpc);
    // Returns TRUE when the timer was already in the queue.
    bool SetTimer(PKTIMER timer, std::int64_t dueInterruptTime, LONG periodMs, PKDPC dpc);
    bool CancelTimer(PKTIMER timer);
    void CancelAllTimers();

    // ---- execution, called by the schedulers ----
    // Pops one queued DPC and runs it at DISPATCH_LEVEL on this thread.
    bool RunOneDpc();
    // Pops one work entry and runs it at PASSIVE_LEVEL on this thread.
    bool RunOneWork();
    // Fires every timer due at or before `now`, in due-time order; returns how many fired.
    std::size_t FireDueTimers(std::int64_t now);
    std::optional<std::int64_t> NextDueTime();
    bool HasDpcs();
    bool HasWork();
    bool Idle();  // nothing queued or running (timers excluded)
    // Work waits while `workers` entries run and none has started since `started` was taken
    // (updated to the current count on every call).
    bool WorkStalled(unsigned workers, std::uint64_t& started) {
        std::lock_guard lock(mutex_);
        const bool stalled = !work_.empty() && running_ >= workers && workStarted_ == started;
        started = workStarted_;
        return stalled;
    }

    // Wakes threads blocked in WaitUntil (after the caller changed what they wait for).
    void Notify();
    // Blocks until `ready()` (checked under the queue lock) or `deadline`.
    template <class Pred>
    void WaitUntil(Pred ready, std::optional<std::chrono::steady_clock::time_point> deadline) {
        std::unique_lock lock(mutex_);
        if (deadline) {
            activity_.wait_until(lock, *deadline, ready);
        } else {
            activity_.wait(lock, ready);
        }
    }
    // Unlocked views for predicates passed to WaitUntil (called with the lock held).
    bool HasWorkLocked() const { return !work_.empty(); }
    bool HasDpcsLocked() const { return !dpcs_.empty(); }
    // `self` entries running on the calling thread are not waited for.
    bool IdleLocked(unsigned self = 0) const { return work_.empty() && dpcs_.empty() && running_ <= self; }
    bool DpcsDrainedLocked(unsigned self = 0) const { return dpcs_.empty() && runningDpcs_ <= self; }
    std::optional<std::int64_t> NextDueLocked() const;

private:
    struct TimerKey {
        std::int64_t due;
        std::uint64_t sequence;
        bool operator<(const TimerKey& other) const {
            return due != other.due ? due < other.due : sequence < other.sequence;
        }
    };
    bool CancelTimerLocked(PKTIMER timer);
    bool InsertDpcLocked(PKDPC dpc, PVOID argument1, PVOID argument2);
    void InsertTimerLocked(PKTIMER timer, std::int64_t due);

    Clock& clock_;
    KernelCounters& counters_;
    std::mutex mutex_;
    std::condition_variable activity_;
    std::deque<WorkEntry> work_;
    std::deque<PKDPC> dpcs_;
    std::map<TimerKey, PKTIMER> timers_;
    std::unordered_map<PKTIMER, TimerKey> timerIndex_;
    std::uint64_t timerSequence_ = 0;
    unsigned running_ = 0;
    unsigned runningDpcs_ = 0;
    std::uint64_t workStarted_ = 0;
};

}  // namespace kwmi::nt
