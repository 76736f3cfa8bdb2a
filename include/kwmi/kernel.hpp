// kwmi/kernel.hpp - the simulated NT kernel instance.
//
// A Kernel owns the clock, the scheduler (work items, DPCs, timers), the pool tracker, the
// bug-check handler, a registry of driver and device objects and named component slots
// (a higher layer such as the WMI service attaches itself here, so nt does not depend on
// it). C DDIs have no context argument, so exactly one kernel is current per process:
// the constructor makes the new kernel current, the destructor drains its queues and makes
// the previous one (usually none) current again.
//
// Schedulers:
//  * Manual   - deterministic. Queued work items, DPCs and due timers run on the calling
//               thread when RunUntilIdle() is called; AdvanceTime(d) moves a virtual clock,
//               firing due timers in due-time order and running until idle after each.
//  * Threaded - worker threads at PASSIVE_LEVEL, one DPC/timer thread at DISPATCH_LEVEL and
//               the real steady clock. WaitIdle() blocks until no work is queued or running.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <kwmi/bugcheck.hpp>

struct _DRIVER_OBJECT;
struct _DEVICE_OBJECT;

namespace kwmi::nt {

enum class SchedulerKind { Manual, Threaded };

struct KernelOptions {
    // Threaded scheduler: number of PASSIVE_LEVEL worker threads.
    unsigned workerThreads = 2;
    // Threaded scheduler: like Windows' dynamic worker threads, another worker is started when
    // work items wait while every worker is busy and none has started an item for
    // `workerStallPeriod` (a work item blocked on another one that waits behind it would
    // otherwise deadlock), up to this many extra threads; they stay until shutdown.
    // [unverified] Windows' own period (about a second) and cap; both are settings.
    unsigned maxDynamicWorkerThreads = 16;
    std::chrono::milliseconds workerStallPeriod{20};
    // KeQuerySystemTime at boot, 100 ns units since 1601-01-01 (2024-01-01T00:00:00Z).
    std::int64_t bootSystemTime = 133'485'408'000'000'000LL;
    // Print the pool-leak report of a driver when its driver object is deleted.
    bool printLeakReportOnDriverDelete = true;
    // Manual scheduler, waits that are not satisfied at once (KeWaitForSingleObject,
    // KeDelayExecutionThread): pending work runs first, then virtual time moves to the next
    // due timer (repeatedly) up to the wait's timeout, or for an infinite wait up to this
    // horizon past the wait's start, as a blocked thread lets time pass on a real machine.
    std::chrono::nanoseconds manualWaitHorizon{std::chrono::hours(1)};
    // Manual scheduler: how long (real time) an infinite wait that nothing in the kernel can
    // satisfy still waits for another thread of the test to signal it, before it is reported
    // as a deadlock (bug check kKwmiWaitDeadlock).
    std::chrono::milliseconds manualWaitGrace{2000};
};

struct KernelStats {
    std::uint64_t workItemsRun = 0;
    std::uint64_t dpcsRun = 0;
    std::uint64_t timersFired = 0;
    std::uint64_t irpsCompleted = 0;
    std::uint64_t bugChecks = 0;
    std::uint64_t dynamicWorkerThreads = 0;  // started by the threaded scheduler (see above)
};

// Base for objects a higher layer attaches to the kernel (AttachComponent).
class KernelComponent {
public:
    virtual ~KernelComponent() = default;
    // Called once when the kernel shuts down, after its queues have drained and before the
    // component is released. Work queued from here still runs.
    virtual void OnKernelShutdown() {}
};

// One outstanding pool allocation, for leak reports.
struct PoolAllocationInfo {
    const void* address = nullptr;
    std::size_t size = 0;
    std::uint32_t tag = 0;
    std::string tagText;       // the tag as 4 characters, in memory order ('Abcd' -> "dcbA")
    std::uint32_t poolType = 0;  // POOL_TYPE value (NonPagedPoolNx = 512, PagedPool = 1, ...)
    const void* site = nullptr;  // return address of the allocating call
    std::string siteSymbol;      // symbolised site ("libdrv.so!DriverEntry+0x2a")
    const _DRIVER_OBJECT* owner = nullptr;  // null: the kernel or an unattributed caller
    std::uint64_t sequence = 0;  // allocation order within the kernel
};

class Kernel {
public:
    explicit Kernel(SchedulerKind kind = SchedulerKind::Manual, KernelOptions options = {});
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    // The current kernel, or nullptr.
    static Kernel* Current();

    SchedulerKind Kind() const;
    const KernelOptions& Options() const;

    // ---- scheduling ----
    // Manual: runs queued DPCs, work items and due timers on this thread until nothing is
    // left; returns how many items ran. Threaded: same as WaitIdle() (returns 0).
    std::size_t RunUntilIdle();
    // Manual: moves the virtual clock by d, firing due timers in due-time order (running
    // until idle after each), then runs until idle. Threaded: sleeps d, then WaitIdle().
    void AdvanceTime(std::chrono::nanoseconds d);
    // Threaded: blocks until no work item or DPC is queued or running (pending timers do
    // not count). Manual: RunUntilIdle().
    void WaitIdle();
    // Time since boot (KeQueryInterruptTime); virtual in manual mode.
    std::chrono::nanoseconds Now() const;
    // KeQuerySystemTime: 100 ns units since 1601-01-01.
    std::int64_t SystemTime() const;
    KernelStats Stats() const;

    // ---- bug checks ----
    // Replaces this kernel's handler; returns the previous one (empty = default handler).
    BugCheckHandler SetBugCheckHandler(BugCheckHandler handler);

    // ---- components ----
    void AttachComponent(std::string name, std::shared_ptr<KernelComponent> component);
    void DetachComponent(std::string_view name);
    std::shared_ptr<KernelComponent> FindComponent(std::string_view name) const;
    template <class T>
    std::shared_ptr<T> Find(std::string_view name) const {
        return std::dynamic_pointer_cast<T>(FindComponent(name));
    }

    // ---- driver and device objects ----
    // Creates a DRIVER_OBJECT (zeroed MajorFunction table set to the default "invalid
    // device request" routine, DriverExtension, DriverName). `moduleAnchor` is any address
    // inside the driver's shared object (e.g. its DriverEntry): pool allocated from code in
    // that module is attributed to this driver.
    _DRIVER_OBJECT* CreateDriverObject(std::u16string_view name, const void* moduleAnchor = nullptr);
    // Deletes a driver object (its devices must be deleted first). Prints the driver's
    // leak report when options().printLeakReportOnDriverDelete and something leaked, unless
    // the caller already reported the leaks (`leaksReported`, e.g. the host's unload report).
    void DeleteDriverObject(_DRIVER_OBJECT* driver, bool leaksReported = false);
    std::vector<_DRIVER_OBJECT*> Drivers() const;
    std::vector<_DEVICE_OBJECT*> Devices() const;

    // ---- pool ----
    // Outstanding allocations of `owner` (nullptr: all), in allocation order.
    std::vector<PoolAllocationInfo> OutstandingAllocations(const _DRIVER_OBJECT* owner = nullptr) const;
    // Human-readable leak report of `owner`: one line per allocation (tag, size, site);
    // empty string when nothing is outstanding.
    std::string LeakReport(const _DRIVER_OBJECT* owner) const;

    class Impl;
    Impl& impl() { return *impl_; }
    const Impl& impl() const { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

namespace detail {
// The calling thread's IRQL (PASSIVE_LEVEL on new threads). Read on every DDI entry and
// driver callback, so framework code reads it inline; kwmi_nt is always loaded with the
// program, so the static TLS model applies.
extern constinit thread_local std::uint8_t tThreadIrql;
}  // namespace detail

// IRQL of the calling thread (same as KeGetCurrentIrql).
inline std::uint8_t CurrentIrql() noexcept { return detail::tThreadIrql; }

// A boundary that calls into driver code: saves the thread's IRQL (optionally switching to
// `enterAt`, unchecked) and restores the saved value on destruction, also when a
// BugCheckException unwinds through driver code that had raised it.
class IrqlBoundary {
public:
    IrqlBoundary() noexcept : saved_(detail::tThreadIrql) {}
    explicit IrqlBoundary(std::uint8_t enterAt) noexcept : saved_(detail::tThreadIrql) {
        detail::tThreadIrql = enterAt;
    }
    ~IrqlBoundary() { detail::tThreadIrql = saved_; }
    IrqlBoundary(const IrqlBoundary&) = delete;
    IrqlBoundary& operator=(const IrqlBoundary&) = delete;

    // The IRQL at the boundary's entry (restored at its exit).
    std::uint8_t Saved() const noexcept { return saved_; }

private:
    std::uint8_t saved_;
};

// Attributes pool allocations made on this thread to `driver` while the scope lives (the
// host opens one around DriverEntry and driver callbacks). Scopes nest.
class PoolOwnerScope {
public:
    explicit PoolOwnerScope(const _DRIVER_OBJECT* driver);
    ~PoolOwnerScope();
    PoolOwnerScope(const PoolOwnerScope&) = delete;
    PoolOwnerScope& operator=(const PoolOwnerScope&) = delete;

private:
    const _DRIVER_OBJECT* previous_;
};

// An IRP buffer whose sender owns `slack` writable bytes behind its end, the way special pool
// places a guard page behind a block: the verifier then checks a driver's output buffer that
// ends there in place (a guard tail written into the slack) instead of in a scratch copy.
// The sender opens the scope around IoCallDriver on its thread; scopes nest.
class BufferTailScope {
public:
    BufferTailScope(const void* end, std::size_t slack) noexcept;
    ~BufferTailScope();
    BufferTailScope(const BufferTailScope&) = delete;
    BufferTailScope& operator=(const BufferTailScope&) = delete;

private:
    bool recorded_;
};

namespace detail {
// The open BufferTailScopes of this thread, innermost last (looked up before every guarded
// driver callback). IRPs nest only through a driver sending one from its dispatch routine;
// scopes deeper than kMaxTails are not recorded (their buffers are checked in a copy).
struct BufferTail {
    const void* end;
    std::size_t slack;
};
struct BufferTails {
    static constexpr unsigned kMaxTails = 8;
    BufferTail tails[kMaxTails];
    unsigned depth;
};
extern constinit thread_local BufferTails tBufferTails;
}  // namespace detail

// Writable bytes an open BufferTailScope of this thread declares behind `end` (0: none).
inline std::size_t WritableTailAt(const void* end) noexcept {
    const detail::BufferTails& open = detail::tBufferTails;
    for (unsigned i = open.depth; i > 0; --i) {
        if (open.tails[i - 1].end == end) return open.tails[i - 1].slack;
    }
    return 0;
}

}  // namespace kwmi::nt
