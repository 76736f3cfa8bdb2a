// Tests that use real threads (CTest label "concurrency"): the threaded scheduler, spin-lock
// exclusion, cross-thread event waits and remove-lock waits.
#include <atomic>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace kwmi_nt_tests {

namespace {

struct ThreadRecord {
    KEVENT done;
    std::atomic<KIRQL> irql{0xFF};
    std::atomic<bool> otherThread{false};
    std::thread::id caller;
    std::atomic<int> count{0};
    int target = 1;
};

void RecordWork(PDEVICE_OBJECT, PVOID context) {
    auto* record = static_cast<ThreadRecord*>(context);
    record->irql = KeGetCurrentIrql();
    record->otherThread = std::this_thread::get_id() != record->caller;
    KeSetEvent(&record->done, IO_NO_INCREMENT, FALSE);
}

void RecordTimerDpc(PKDPC, PVOID context, PVOID, PVOID) {
    auto* record = static_cast<ThreadRecord*>(context);
    record->irql = KeGetCurrentIrql();
    record->otherThread = std::this_thread::get_id() != record->caller;
    if (++record->count == record->target) KeSetEvent(&record->done, IO_NO_INCREMENT, FALSE);
}

}  // namespace

TEST(IrqlConcurrency, IrqlIsPerThread) {
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    KIRQL seen = 0xFF;
    std::thread([&] { seen = KeGetCurrentIrql(); }).join();
    EXPECT_EQ(seen, PASSIVE_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(old);
}

TEST(SpinLockConcurrency, ExcludesOtherThreads) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded);
    kwmi::testing::BugCheckCapture capture(kernel);
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    long counter = 0;  // deliberately not atomic: the lock must protect it
    std::atomic<int> wrongIrql{0};
    constexpr int kThreads = 4;
    constexpr int kIterations = 5000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kIterations; ++i) {
                KIRQL old;
                KeAcquireSpinLock(&lock, &old);
                if (KeGetCurrentIrql() != DISPATCH_LEVEL) ++wrongIrql;
                const long value = counter;
                counter = value + 1;
                KeReleaseSpinLock(&lock, old);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(counter, kThreads * kIterations);
    EXPECT_EQ(wrongIrql.load(), 0);
    EXPECT_FALSE(capture.Fired());
}

TEST(WorkItemConcurrency, ThreadedWorkItemRunsOnAWorkerAtPassive) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded);
    kwmi::testing::BugCheckCapture capture(kernel);
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"threaded");
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    ThreadRecord record;
    record.caller = std::this_thread::get_id();
    KeInitializeEvent(&record.done, NotificationEvent, FALSE);
    PIO_WORKITEM item = IoAllocateWorkItem(device);
    const KIRQL old = KeRaiseIrqlToDpcLevel();  // queued from DISPATCH_LEVEL, runs at PASSIVE
    IoQueueWorkItem(item, RecordWork, DelayedWorkQueue, &record);
    KeLowerIrql(old);
    EXPECT_EQ(KeWaitForSingleObject(&record.done, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    kernel.WaitIdle();
    EXPECT_EQ(record.irql.load(), PASSIVE_LEVEL);
    EXPECT_TRUE(record.otherThread.load());
    EXPECT_EQ(kernel.Stats().workItemsRun, 1u);
    IoFreeWorkItem(item);
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
    EXPECT_FALSE(capture.Fired());
}

namespace {
struct IdleFromWork {
    kwmi::nt::Kernel* kernel;
    std::atomic<bool> otherRan{false};
    std::atomic<bool> sawOtherAfterIdle{false};
    KEVENT done;
};
void OtherWork(PVOID context) { static_cast<IdleFromWork*>(context)->otherRan = true; }
void WaitIdleFromWork(PVOID context) {
    auto* state = static_cast<IdleFromWork*>(context);
    state->kernel->WaitIdle();  // must not wait for itself
    state->sawOtherAfterIdle = state->otherRan.load();
    KeSetEvent(&state->done, IO_NO_INCREMENT, FALSE);
}
}  // namespace

TEST(WorkItemConcurrency, WaitIdleFromInsideAWorkItemDoesNotWaitForItself) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded);
    IdleFromWork state;
    state.kernel = &kernel;
    KeInitializeEvent(&state.done, NotificationEvent, FALSE);
    WORK_QUEUE_ITEM waiter, other;
    ExInitializeWorkItem(&waiter, WaitIdleFromWork, &state);
    ExInitializeWorkItem(&other, OtherWork, &state);
    ExQueueWorkItem(&other, DelayedWorkQueue);  // queued first: pending, running or done when the waiter runs
    ExQueueWorkItem(&waiter, DelayedWorkQueue);
    EXPECT_EQ(KeWaitForSingleObject(&state.done, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_TRUE(state.sawOtherAfterIdle.load());
    kernel.WaitIdle();
}

namespace {
// Work item A waits for an event that only work item B, queued after A, sets.
struct WaitsForLaterWork {
    KEVENT set;   // by B
    KEVENT done;  // by A, after it saw B's event
};
void WaitForLaterWork(PVOID context) {
    auto* state = static_cast<WaitsForLaterWork*>(context);
    KeWaitForSingleObject(&state->set, Executive, KernelMode, FALSE, nullptr);
    KeSetEvent(&state->done, IO_NO_INCREMENT, FALSE);
}
void SetForEarlierWork(PVOID context) { KeSetEvent(&static_cast<WaitsForLaterWork*>(context)->set, IO_NO_INCREMENT, FALSE); }
}  // namespace

// Every worker busy in a wait that only queued work can end (a KMDF power-down flushing a
// work item while power-up work holds the other worker, found by the S0-idle stress run):
// the threaded scheduler starts another worker, as Windows starts dynamic worker threads.
TEST(WorkItemConcurrency, WorkBlockedOnLaterWorkGetsAnotherWorkerThread) {
    kwmi::nt::KernelOptions options;
    options.workerThreads = 1;
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded, options);
    WaitsForLaterWork state;
    KeInitializeEvent(&state.set, NotificationEvent, FALSE);
    KeInitializeEvent(&state.done, NotificationEvent, FALSE);
    WORK_QUEUE_ITEM waiter, setter;
    ExInitializeWorkItem(&waiter, WaitForLaterWork, &state);
    ExInitializeWorkItem(&setter, SetForEarlierWork, &state);
    ExQueueWorkItem(&waiter, DelayedWorkQueue);
    ExQueueWorkItem(&setter, DelayedWorkQueue);
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * 1000 * 10;  // 10 s: far more than the 20 ms stall period
    const NTSTATUS waited = KeWaitForSingleObject(&state.done, Executive, KernelMode, FALSE, &timeout);
    if (waited != STATUS_SUCCESS) KeSetEvent(&state.set, IO_NO_INCREMENT, FALSE);  // unblock, then fail
    EXPECT_EQ(waited, STATUS_SUCCESS) << "the second work item never ran";
    kernel.WaitIdle();
    EXPECT_EQ(kernel.Stats().dynamicWorkerThreads, 1u);
}

// No stall, no extra thread: work that does not block is run by the static workers.
TEST(WorkItemConcurrency, WorkThatDoesNotBlockStartsNoExtraWorker) {
    kwmi::nt::KernelOptions options;
    options.workerThreads = 1;
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded, options);
    std::atomic<int> ran{0};
    std::vector<WORK_QUEUE_ITEM> items(200);
    for (auto& item : items) {
        ExInitializeWorkItem(&item, [](PVOID context) { ++*static_cast<std::atomic<int>*>(context); }, &ran);
        ExQueueWorkItem(&item, DelayedWorkQueue);
    }
    kernel.WaitIdle();
    EXPECT_EQ(ran.load(), 200);
    EXPECT_EQ(kernel.Stats().dynamicWorkerThreads, 0u);
}

TEST(TimerConcurrency, ThreadedPeriodicTimerRunsItsDpcOnTheDpcThreadAtDispatch) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded);
    ThreadRecord record;
    record.caller = std::this_thread::get_id();
    record.target = 3;
    KeInitializeEvent(&record.done, NotificationEvent, FALSE);
    KDPC dpc;
    KeInitializeDpc(&dpc, RecordTimerDpc, &record);
    KTIMER timer;
    KeInitializeTimerEx(&timer, SynchronizationTimer);
    KeSetTimerEx(&timer, RelativeMs(1), 1, &dpc);
    EXPECT_EQ(KeWaitForSingleObject(&record.done, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    KeCancelTimer(&timer);
    KeFlushQueuedDpcs();
    EXPECT_GE(record.count.load(), 3);
    EXPECT_EQ(record.irql.load(), DISPATCH_LEVEL);
    EXPECT_TRUE(record.otherThread.load());
}

namespace {
struct ChainState {
    KEVENT done;
    KDPC dpc;
    KTIMER timer;
    WORK_QUEUE_ITEM item;
    std::atomic<int> ticks{0};
    std::atomic<KIRQL> dpcIrql{0xFF};
    std::atomic<KIRQL> workIrql{0xFF};
};

void ChainWork(PVOID context) {
    auto* state = static_cast<ChainState*>(context);
    state->workIrql = KeGetCurrentIrql();
    KeSetEvent(&state->done, IO_NO_INCREMENT, FALSE);
}

void ChainDpc(PKDPC, PVOID context, PVOID, PVOID) {
    auto* state = static_cast<ChainState*>(context);
    state->dpcIrql = KeGetCurrentIrql();
    if (++state->ticks == 3) {
        ExInitializeWorkItem(&state->item, ChainWork, state);
        ExQueueWorkItem(&state->item, DelayedWorkQueue);
    }
}

class BothSchedulers : public ::testing::TestWithParam<kwmi::nt::SchedulerKind> {};
}  // namespace

// The same driver-style code (timer -> DPC -> work item -> event) on both schedulers.
TEST_P(BothSchedulers, TimerDpcWorkItemChainSignalsTheWaiter) {
    kwmi::nt::Kernel kernel(GetParam());
    kwmi::testing::BugCheckCapture capture(kernel);
    ChainState state;
    KeInitializeEvent(&state.done, NotificationEvent, FALSE);
    KeInitializeDpc(&state.dpc, ChainDpc, &state);
    KeInitializeTimer(&state.timer);
    KeSetTimerEx(&state.timer, RelativeMs(2), 2, &state.dpc);
    EXPECT_EQ(KeWaitForSingleObject(&state.done, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    KeCancelTimer(&state.timer);
    KeFlushQueuedDpcs();
    kernel.WaitIdle();
    EXPECT_EQ(state.dpcIrql.load(), DISPATCH_LEVEL);
    EXPECT_EQ(state.workIrql.load(), PASSIVE_LEVEL);
    EXPECT_GE(state.ticks.load(), 3);
    if (GetParam() == kwmi::nt::SchedulerKind::Manual) {
        EXPECT_EQ(state.ticks.load(), 3);  // virtual time stopped as soon as the wait was satisfied
        EXPECT_EQ(kernel.Now(), std::chrono::milliseconds(6));
    }
    EXPECT_FALSE(capture.Fired());
}

INSTANTIATE_TEST_SUITE_P(Kernel, BothSchedulers,
                         ::testing::Values(kwmi::nt::SchedulerKind::Manual, kwmi::nt::SchedulerKind::Threaded),
                         [](const auto& info) {
                             return info.param == kwmi::nt::SchedulerKind::Manual ? "Manual" : "Threaded";
                         });

TEST(EventConcurrency, WaitIsSatisfiedBySetOnAnotherThread) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded);
    KEVENT ready, go;
    KeInitializeEvent(&ready, SynchronizationEvent, FALSE);
    KeInitializeEvent(&go, SynchronizationEvent, FALSE);
    NTSTATUS waiterStatus = STATUS_UNSUCCESSFUL;
    std::thread waiter([&] {
        KeSetEvent(&ready, IO_NO_INCREMENT, FALSE);
        waiterStatus = KeWaitForSingleObject(&go, Executive, KernelMode, FALSE, nullptr);
    });
    EXPECT_EQ(KeWaitForSingleObject(&ready, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    KeSetEvent(&go, IO_NO_INCREMENT, FALSE);
    waiter.join();
    EXPECT_EQ(waiterStatus, STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateEvent(&go), 0);  // a synchronization event resets on the satisfied wait
}

TEST(EventConcurrency, ManualKernelWaitAcceptsASignalFromAnotherThread) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Manual);
    kwmi::testing::BugCheckCapture capture(kernel);
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    std::thread setter([&] { KeSetEvent(&event, IO_NO_INCREMENT, FALSE); });
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    setter.join();
    EXPECT_FALSE(capture.Fired());
}

TEST(RemoveLockConcurrency, ReleaseAndWaitBlocksUntilTheOtherThreadReleases) {
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Threaded);
    IO_REMOVE_LOCK lock;
    IoInitializeRemoveLock(&lock, 'kcoL', 0, 0);
    KEVENT acquired, release;
    KeInitializeEvent(&acquired, NotificationEvent, FALSE);
    KeInitializeEvent(&release, NotificationEvent, FALSE);
    std::atomic<bool> released{false};
    std::thread io([&] {
        EXPECT_EQ(IoAcquireRemoveLock(&lock, &released), STATUS_SUCCESS);
        KeSetEvent(&acquired, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(&release, Executive, KernelMode, FALSE, nullptr);
        released = true;
        IoReleaseRemoveLock(&lock, &released);
    });
    KeWaitForSingleObject(&acquired, Executive, KernelMode, FALSE, nullptr);
    ASSERT_EQ(IoAcquireRemoveLock(&lock, nullptr), STATUS_SUCCESS);
    KeSetEvent(&release, IO_NO_INCREMENT, FALSE);
    IoReleaseRemoveLockAndWait(&lock, nullptr);
    EXPECT_TRUE(released.load());  // the wait returned only after the other thread's release
    io.join();
    EXPECT_EQ(IoAcquireRemoveLock(&lock, nullptr), STATUS_DELETE_PENDING);
}

}  // namespace kwmi_nt_tests
