// Work items, DPCs, timers and the kernel clocks on the manual scheduler.
#include <thread>
#include <vector>

#include "test_support.hpp"

using kwmi::testing::CaptureBugCheck;
namespace bugcode = kwmi::nt::bugcode;

namespace kwmi_nt_tests {

using WorkItem = ManualKernel;
using Dpc = ManualKernel;
using Timer = ManualKernel;
using Clock = ManualKernel;

namespace {

struct WorkRecord {
    int runs = 0;
    KIRQL irql = 0xFF;
    std::thread::id thread;
    PDEVICE_OBJECT device = nullptr;
    USHORT deviceType = 0;
};

void RecordIoWork(PDEVICE_OBJECT device, PVOID context) {
    auto* record = static_cast<WorkRecord*>(context);
    record->runs++;
    record->irql = KeGetCurrentIrql();
    record->thread = std::this_thread::get_id();
    record->device = device;
    record->deviceType = static_cast<USHORT>(device->Type);
}

void RecordExWork(PVOID context) {
    auto* record = static_cast<WorkRecord*>(context);
    record->runs++;
    record->irql = KeGetCurrentIrql();
}

void ReturnRaised(PVOID) { KeRaiseIrqlToDpcLevel(); }

struct DpcRecord {
    std::vector<int> order;
    KIRQL irql = 0xFF;
    PVOID argument1 = nullptr;
    PVOID argument2 = nullptr;
};

struct DpcTag {
    DpcRecord* record;
    int id;
};

void RecordDpc(PKDPC, PVOID context, PVOID argument1, PVOID argument2) {
    auto* tag = static_cast<DpcTag*>(context);
    tag->record->order.push_back(tag->id);
    tag->record->irql = KeGetCurrentIrql();
    tag->record->argument1 = argument1;
    tag->record->argument2 = argument2;
}

PDEVICE_OBJECT MakeDevice(kwmi::nt::Kernel& kernel, PDRIVER_OBJECT* driverOut) {
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"worktest");
    PDEVICE_OBJECT device = nullptr;
    EXPECT_EQ(IoCreateDevice(driver, 16, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    *driverOut = driver;
    return device;
}

}  // namespace

TEST_F(WorkItem, ManualRunsOnRunUntilIdleAtPassiveOnTheCallingThread) {
    PDRIVER_OBJECT driver;
    PDEVICE_OBJECT device = MakeDevice(kernel_, &driver);
    WorkRecord record;
    PIO_WORKITEM item = IoAllocateWorkItem(device);
    ASSERT_NE(item, nullptr);
    IoQueueWorkItem(item, RecordIoWork, DelayedWorkQueue, &record);
    EXPECT_EQ(record.runs, 0);  // nothing runs until the test asks
    EXPECT_EQ(kernel_.RunUntilIdle(), 1u);
    EXPECT_EQ(record.runs, 1);
    EXPECT_EQ(record.irql, PASSIVE_LEVEL);
    EXPECT_EQ(record.thread, std::this_thread::get_id());
    EXPECT_EQ(record.device, device);
    IoFreeWorkItem(item);
    IoDeleteDevice(device);
    kernel_.DeleteDriverObject(driver);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(WorkItem, QueuedFromDispatchLevelStillRunsAtPassive) {
    WorkRecord record;
    WORK_QUEUE_ITEM item;
    ExInitializeWorkItem(&item, RecordExWork, &record);
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    ExQueueWorkItem(&item, DelayedWorkQueue);
    KeLowerIrql(old);
    kernel_.RunUntilIdle();
    EXPECT_EQ(record.runs, 1);
    EXPECT_EQ(record.irql, PASSIVE_LEVEL);
    EXPECT_EQ(item.List.Flink, nullptr);
}

// WORKER_INVALID 0xE4, P1 0x1: an active (still queued) work item queued again would run twice.
TEST_F(WorkItem, QueuingAnItemThatIsStillQueuedIsWorkerInvalid) {
    PDRIVER_OBJECT driver;
    PDEVICE_OBJECT device = MakeDevice(kernel_, &driver);
    WorkRecord record;
    PIO_WORKITEM item = IoAllocateWorkItem(device);
    IoQueueWorkItem(item, RecordIoWork, DelayedWorkQueue, &record);
    auto report = kwmi::testing::CaptureBugCheck([&] { IoQueueWorkItem(item, RecordIoWork, DelayedWorkQueue, &record); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, kwmi::nt::bugcode::kWorkerInvalid);
    EXPECT_EQ(report->parameters[0], 0x1u);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<std::uintptr_t>(item));
    EXPECT_EQ(report->parameters[2], static_cast<std::uintptr_t>(DelayedWorkQueue));
    kernel_.RunUntilIdle();
    EXPECT_EQ(record.runs, 1);  // once, not twice
    IoQueueWorkItem(item, RecordIoWork, DelayedWorkQueue, &record);  // after it ran: fine again
    kernel_.RunUntilIdle();
    EXPECT_EQ(record.runs, 2);

    WORK_QUEUE_ITEM exItem;
    ExInitializeWorkItem(&exItem, RecordExWork, &record);
    ExQueueWorkItem(&exItem, DelayedWorkQueue);
    report = kwmi::testing::CaptureBugCheck([&] { ExQueueWorkItem(&exItem, CriticalWorkQueue); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, kwmi::nt::bugcode::kWorkerInvalid);
    EXPECT_EQ(report->parameters[0], 0x1u);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<std::uintptr_t>(&exItem));
    EXPECT_EQ(report->parameters[2], static_cast<std::uintptr_t>(CriticalWorkQueue));
    kernel_.RunUntilIdle();
    EXPECT_EQ(record.runs, 3);
    IoFreeWorkItem(item);
    IoDeleteDevice(device);
    kernel_.DeleteDriverObject(driver);
}

TEST_F(WorkItem, DeviceObjectIsReferencedWhileQueued) {
    PDRIVER_OBJECT driver;
    PDEVICE_OBJECT device = MakeDevice(kernel_, &driver);
    WorkRecord record;
    PIO_WORKITEM item = IoAllocateWorkItem(device);
    IoQueueWorkItem(item, RecordIoWork, DelayedWorkQueue, &record);
    IoDeleteDevice(device);  // delete pending: the queued item keeps the object alive
    EXPECT_TRUE(kernel_.Devices().empty());
    kernel_.RunUntilIdle();
    EXPECT_EQ(record.runs, 1);
    EXPECT_EQ(record.deviceType, IO_TYPE_DEVICE);
    IoFreeWorkItem(item);
    kernel_.DeleteDriverObject(driver);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(WorkItem, CallerAllocatedItemWithIoSizeofWorkItem) {
    PDRIVER_OBJECT driver;
    PDEVICE_OBJECT device = MakeDevice(kernel_, &driver);
    std::vector<unsigned char> storage(IoSizeofWorkItem() + 16);
    auto* item = reinterpret_cast<PIO_WORKITEM>(
        (reinterpret_cast<std::uintptr_t>(storage.data()) + 15) & ~static_cast<std::uintptr_t>(15));
    IoInitializeWorkItem(device, item);
    WorkRecord record;
    IoQueueWorkItem(item, RecordIoWork, DelayedWorkQueue, &record);
    kernel_.RunUntilIdle();
    EXPECT_EQ(record.runs, 1);
    IoUninitializeWorkItem(item);
    IoDeleteDevice(device);
    kernel_.DeleteDriverObject(driver);
}

TEST_F(WorkItem, ReturningAtRaisedIrqlIsWorkerThreadReturnedAtBadIrql) {
    WORK_QUEUE_ITEM item;
    ExInitializeWorkItem(&item, ReturnRaised, &item);
    ExQueueWorkItem(&item, DelayedWorkQueue);
    kernel_.RunUntilIdle();  // the worker boundary absorbs the unwind
    ASSERT_EQ(capture_.Count(), 1u);
    const auto report = capture_.Last();
    EXPECT_EQ(report.code, bugcode::kWorkerThreadReturnedAtBadIrql);
    EXPECT_EQ(report.parameters[0], reinterpret_cast<std::uintptr_t>(&ReturnRaised));
    EXPECT_EQ(report.parameters[1], DISPATCH_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(Dpc, RunsAtDispatchLevelWithItsArguments) {
    DpcRecord record;
    DpcTag tag{&record, 1};
    KDPC dpc;
    KeInitializeDpc(&dpc, RecordDpc, &tag);
    int a = 0, b = 0;
    EXPECT_TRUE(KeInsertQueueDpc(&dpc, &a, &b));
    EXPECT_FALSE(KeInsertQueueDpc(&dpc, nullptr, nullptr));  // already queued
    kernel_.RunUntilIdle();
    ASSERT_EQ(record.order.size(), 1u);
    EXPECT_EQ(record.irql, DISPATCH_LEVEL);
    EXPECT_EQ(record.argument1, &a);
    EXPECT_EQ(record.argument2, &b);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(kernel_.Stats().dpcsRun, 1u);
}

TEST_F(Dpc, FlushQueuedDpcsAbovePassiveIsIrqlNotLessOrEqual) {
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    const auto report = CaptureBugCheck([] { KeFlushQueuedDpcs(); });
    KeLowerIrql(old);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, kwmi::nt::bugcode::kIrqlNotLessOrEqual);
    EXPECT_EQ(report->parameters[1], static_cast<std::uint64_t>(DISPATCH_LEVEL));
    EXPECT_EQ(report->rule, "IrqlKeFlushQueuedDpcs");
}

TEST_F(Dpc, RemoveQueueDpcCancelsAndFlushRunsQueued) {
    DpcRecord record;
    DpcTag first{&record, 1}, second{&record, 2};
    KDPC dpc1, dpc2;
    KeInitializeDpc(&dpc1, RecordDpc, &first);
    KeInitializeDpc(&dpc2, RecordDpc, &second);
    KeInsertQueueDpc(&dpc1, nullptr, nullptr);
    KeInsertQueueDpc(&dpc2, nullptr, nullptr);
    EXPECT_TRUE(KeRemoveQueueDpc(&dpc1));
    EXPECT_FALSE(KeRemoveQueueDpc(&dpc1));
    KeFlushQueuedDpcs();
    EXPECT_EQ(record.order, std::vector<int>({2}));
}

TEST_F(Timer, OneShotFiresOnceAtItsDueTime) {
    DpcRecord record;
    DpcTag tag{&record, 7};
    KDPC dpc;
    KeInitializeDpc(&dpc, RecordDpc, &tag);
    KTIMER timer;
    KeInitializeTimer(&timer);
    EXPECT_FALSE(KeSetTimer(&timer, RelativeMs(100), &dpc));
    kernel_.AdvanceTime(std::chrono::milliseconds(99));
    EXPECT_TRUE(record.order.empty());
    EXPECT_FALSE(KeReadStateTimer(&timer));
    kernel_.AdvanceTime(std::chrono::milliseconds(1));
    EXPECT_EQ(record.order, std::vector<int>({7}));
    EXPECT_EQ(record.irql, DISPATCH_LEVEL);
    EXPECT_TRUE(KeReadStateTimer(&timer));
    kernel_.AdvanceTime(std::chrono::seconds(10));
    EXPECT_EQ(record.order.size(), 1u);
}

TEST_F(Timer, PeriodicTimerFiresExactlyNTimes) {
    DpcRecord record;
    DpcTag tag{&record, 1};
    KDPC dpc;
    KeInitializeDpc(&dpc, RecordDpc, &tag);
    KTIMER timer;
    KeInitializeTimerEx(&timer, NotificationTimer);
    KeSetTimerEx(&timer, RelativeMs(1000), 1000, &dpc);
    kernel_.AdvanceTime(std::chrono::milliseconds(5500));  // due at 1, 2, 3, 4, 5 s
    EXPECT_EQ(record.order.size(), 5u);
    EXPECT_EQ(kernel_.Stats().timersFired, 5u);
    EXPECT_TRUE(KeCancelTimer(&timer));
    kernel_.AdvanceTime(std::chrono::seconds(5));
    EXPECT_EQ(record.order.size(), 5u);
}

TEST_F(Timer, CancelTimerPreventsFiringAndReportsWhetherItWasSet) {
    DpcRecord record;
    DpcTag tag{&record, 1};
    KDPC dpc;
    KeInitializeDpc(&dpc, RecordDpc, &tag);
    KTIMER timer;
    KeInitializeTimer(&timer);
    EXPECT_FALSE(KeCancelTimer(&timer));
    KeSetTimer(&timer, RelativeMs(10), &dpc);
    EXPECT_TRUE(KeSetTimer(&timer, RelativeMs(20), &dpc));  // resetting a set timer returns TRUE
    EXPECT_TRUE(KeCancelTimer(&timer));
    kernel_.AdvanceTime(std::chrono::seconds(1));
    EXPECT_TRUE(record.order.empty());
}

TEST_F(Timer, TimersFireInDueTimeOrder) {
    DpcRecord record;
    DpcTag late{&record, 3}, early{&record, 1}, middle{&record, 2};
    KDPC dpcLate, dpcEarly, dpcMiddle;
    KeInitializeDpc(&dpcLate, RecordDpc, &late);
    KeInitializeDpc(&dpcEarly, RecordDpc, &early);
    KeInitializeDpc(&dpcMiddle, RecordDpc, &middle);
    KTIMER t1, t2, t3;
    KeInitializeTimer(&t1);
    KeInitializeTimer(&t2);
    KeInitializeTimer(&t3);
    KeSetTimer(&t1, RelativeMs(300), &dpcLate);
    KeSetTimer(&t2, RelativeMs(100), &dpcEarly);
    KeSetTimer(&t3, RelativeMs(200), &dpcMiddle);
    kernel_.AdvanceTime(std::chrono::seconds(1));
    EXPECT_EQ(record.order, std::vector<int>({1, 2, 3}));
}

TEST_F(Timer, AbsoluteDueTimeUsesSystemTime) {
    DpcRecord record;
    DpcTag tag{&record, 1};
    KDPC dpc;
    KeInitializeDpc(&dpc, RecordDpc, &tag);
    KTIMER timer;
    KeInitializeTimer(&timer);
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    LARGE_INTEGER due;
    due.QuadPart = now.QuadPart + 50 * 10000;  // 50 ms from now, absolute
    KeSetTimer(&timer, due, &dpc);
    kernel_.AdvanceTime(std::chrono::milliseconds(49));
    EXPECT_TRUE(record.order.empty());
    kernel_.AdvanceTime(std::chrono::milliseconds(1));
    EXPECT_EQ(record.order.size(), 1u);
    // Timer DPCs receive the expiry system time split into low and high parts.
    const auto low = reinterpret_cast<std::uintptr_t>(record.argument1);
    const auto high = reinterpret_cast<std::uintptr_t>(record.argument2);
    EXPECT_EQ(static_cast<LONGLONG>((high << 32) | low), due.QuadPart);
}

TEST_F(Clock, KernelClocksFollowTheVirtualClock) {
    LARGE_INTEGER start;
    KeQuerySystemTime(&start);
    EXPECT_EQ(start.QuadPart, kwmi::nt::KernelOptions{}.bootSystemTime);
    EXPECT_EQ(KeQueryInterruptTime(), 0u);
    kernel_.AdvanceTime(std::chrono::seconds(2));
    LARGE_INTEGER later;
    KeQuerySystemTimePrecise(&later);
    EXPECT_EQ(later.QuadPart - start.QuadPart, 20000000);
    EXPECT_EQ(KeQueryInterruptTime(), 20000000u);
    LARGE_INTEGER ticks;
    KeQueryTickCount(&ticks);
    EXPECT_EQ(ticks.QuadPart, 20000000 / static_cast<LONGLONG>(KeQueryTimeIncrement()));
    LARGE_INTEGER frequency;
    const LARGE_INTEGER counter = KeQueryPerformanceCounter(&frequency);
    EXPECT_EQ(frequency.QuadPart, 10000000);
    EXPECT_EQ(counter.QuadPart, 20000000);
    EXPECT_EQ(kernel_.SystemTime(), later.QuadPart);
}

}  // namespace kwmi_nt_tests
