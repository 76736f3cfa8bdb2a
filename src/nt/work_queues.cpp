// Work, DPC and timer queues shared by both schedulers.
#include "work_queues.hpp"

#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "dispatcher.hpp"
#include "thread_state.hpp"

namespace kwmi::nt {

Clock::Clock(bool manual, std::int64_t bootSystemTime)
    : manual_(manual), bootSystemTime_(bootSystemTime), start_(std::chrono::steady_clock::now()) {}

std::int64_t Clock::Now() const {
    if (manual_) return virtualNow_.load();
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    return std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count() / 100;
}

void Clock::MoveTo(std::int64_t t) {
    std::int64_t current = virtualNow_.load();
    while (t > current && !virtualNow_.compare_exchange_weak(current, t)) {
    }
}

WorkQueues::WorkQueues(Clock& clock, KernelCounters& counters) : clock_(clock), counters_(counters) {}

void WorkQueues::Notify() {
    { std::lock_guard lock(mutex_); }  // orders the caller's state change before any wait
    activity_.notify_all();
}

void WorkQueues::QueueWork(WorkEntry entry) {
    {
        std::lock_guard lock(mutex_);
        work_.push_back(std::move(entry));
    }
    activity_.notify_all();
}

bool WorkQueues::InsertDpcLocked(PKDPC dpc, PVOID argument1, PVOID argument2) {
    if (dpc->DpcData != nullptr) return false;
    dpc->DpcData = this;  // marks "queued"
    dpc->SystemArgument1 = argument1;
    dpc->SystemArgument2 = argument2;
    if (dpc->Importance == HighImportance) {
        dpcs_.push_front(dpc);
    } else {
        dpcs_.push_back(dpc);
    }
    return true;
}

bool WorkQueues::InsertDpc(PKDPC dpc, PVOID argument1, PVOID argument2) {
    bool inserted;
    {
        std::lock_guard lock(mutex_);
        inserted = InsertDpcLocked(dpc, argument1, argument2);
    }
    if (inserted) activity_.notify_all();
    return inserted;
}

bool WorkQueues::RemoveDpc(PKDPC dpc) {
    std::lock_guard lock(mutex_);
    if (dpc->DpcData == nullptr) return false;
    for (auto it = dpcs_.begin(); it != dpcs_.end(); ++it) {
        if (*it == dpc) {
            dpcs_.erase(it);
            break;
        }
    }
    dpc->DpcData = nullptr;
    return true;
}

void WorkQueues::InsertTimerLocked(PKTIMER timer, std::int64_t due) {
    const TimerKey key{due, timerSequence_++};
    timers_.emplace(key, timer);
    timerIndex_[timer] = key;
    timer->DueTime.QuadPart = static_cast<ULONGLONG>(due);
}

bool WorkQueues::CancelTimerLocked(PKTIMER timer) {
    const auto it = timerIndex_.find(timer);
    if (it == timerIndex_.end()) return false;
    timers_.erase(it->second);
    timerIndex_.erase(it);
    return true;
}

bool WorkQueues::SetTimer(PKTIMER timer, std::int64_t dueInterruptTime, LONG periodMs, PKDPC dpc) {
    bool wasSet;
    {
        std::lock_guard lock(mutex_);
        wasSet = CancelTimerLocked(timer);
        timer->Dpc = dpc;
        timer->Period = static_cast<ULONG>(periodMs);
        {
            std::lock_guard dispatcher(detail::DispatcherMutex());
            timer->Header.SignalState = 0;
        }
        InsertTimerLocked(timer, dueInterruptTime);
    }
    activity_.notify_all();
    return wasSet;
}

bool WorkQueues::CancelTimer(PKTIMER timer) {
    std::lock_guard lock(mutex_);
    return CancelTimerLocked(timer);
}

void WorkQueues::CancelAllTimers() {
    std::lock_guard lock(mutex_);
    timers_.clear();
    timerIndex_.clear();
}

std::size_t WorkQueues::FireDueTimers(std::int64_t now) {
    std::size_t fired = 0;
    {
        std::lock_guard lock(mutex_);
        while (!timers_.empty() && timers_.begin()->first.due <= now) {
            const auto [key, timer] = *timers_.begin();
            timers_.erase(timers_.begin());
            timerIndex_.erase(timer);
            detail::SetSignalState(&timer->Header, 1);
            if (timer->Dpc != nullptr) {
                const std::int64_t systemTime = clock_.bootSystemTime() + key.due;
                InsertDpcLocked(timer->Dpc, reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(systemTime & 0xFFFFFFFF)),
                                reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(systemTime >> 32)));
            }
            if (timer->Period != 0) {
                InsertTimerLocked(timer, key.due + static_cast<std::int64_t>(timer->Period) * 10000);
            }
            ++fired;
            counters_.timersFired++;
        }
    }
    if (fired != 0) activity_.notify_all();
    return fired;
}

std::optional<std::int64_t> WorkQueues::NextDueLocked() const {
    if (timers_.empty()) return std::nullopt;
    return timers_.begin()->first.due;
}

std::optional<std::int64_t> WorkQueues::NextDueTime() {
    std::lock_guard lock(mutex_);
    return NextDueLocked();
}

bool WorkQueues::HasDpcs() {
    std::lock_guard lock(mutex_);
    return !dpcs_.empty();
}

bool WorkQueues::HasWork() {
    std::lock_guard lock(mutex_);
    return !work_.empty();
}

bool WorkQueues::Idle() {
    std::lock_guard lock(mutex_);
    return IdleLocked();
}

namespace {
// Decrements the running count and wakes idle waiters when an entry finishes, also when a
// bug check unwinds out of it.
class RunningGuard {
public:
    RunningGuard(std::mutex& m, unsigned& running, std::condition_variable& cv, bool countOnThread)
        : mutex_(m), running_(running), cv_(cv), countOnThread_(countOnThread) {
        if (countOnThread_) ++detail::ThreadRunningEntries();
    }
    ~RunningGuard() {
        if (countOnThread_) --detail::ThreadRunningEntries();
        {
            std::lock_guard lock(mutex_);
            --running_;
        }
        cv_.notify_all();
    }

private:
    std::mutex& mutex_;
    unsigned& running_;
    std::condition_variable& cv_;
    bool countOnThread_;
};
}  // namespace

bool WorkQueues::RunOneDpc() {
    PKDPC dpc;
    PKDEFERRED_ROUTINE routine;
    PVOID context, argument1, argument2;
    {
        std::lock_guard lock(mutex_);
        if (dpcs_.empty()) return false;
        dpc = dpcs_.front();
        dpcs_.pop_front();
        dpc->DpcData = nullptr;
        routine = dpc->DeferredRoutine;
        context = dpc->DeferredContext;
        argument1 = dpc->SystemArgument1;
        argument2 = dpc->SystemArgument2;
        ++running_;
        ++runningDpcs_;
    }
    RunningGuard guard(mutex_, running_, activity_, true);
    RunningGuard dpcGuard(mutex_, runningDpcs_, activity_, false);
    IrqlBoundary boundary(DISPATCH_LEVEL);
    try {
        routine(dpc, context, argument1, argument2);  // dpc may be freed by the routine
        const KIRQL after = KeGetCurrentIrql();
        if (after != DISPATCH_LEVEL) {
            RaiseBugCheck(bugcode::kIrqlUnexpectedValue, (static_cast<std::uint64_t>(after) << 16) | (DISPATCH_LEVEL << 8),
                          reinterpret_cast<std::uintptr_t>(routine), reinterpret_cast<std::uintptr_t>(dpc), 0,
                          "DpcReturnedAtWrongIrql",
                          "A DPC routine returned at IRQL " + std::to_string(after) + " instead of DISPATCH_LEVEL.",
                          reinterpret_cast<const void*>(routine));
        }
    } catch (const BugCheckException&) {
        // The handler has seen the report; the DPC boundary swallows the unwind.
    }
    counters_.dpcsRun++;
    return true;
}

bool WorkQueues::RunOneWork() {
    WorkEntry entry;
    {
        std::lock_guard lock(mutex_);
        if (work_.empty()) return false;
        entry = std::move(work_.front());
        work_.pop_front();
        ++running_;
        ++workStarted_;
    }
    RunningGuard guard(mutex_, running_, activity_, true);
    IrqlBoundary boundary(PASSIVE_LEVEL);
    try {
        entry.run();
    } catch (const BugCheckException&) {
        // The handler has seen the report; the worker boundary swallows the unwind.
    }
    counters_.workItemsRun++;
    return true;
}

}  // namespace kwmi::nt
