// KEVENT and the wait rules; waits on the manual scheduler.
#include "test_support.hpp"

using kwmi::testing::CaptureBugCheck;
namespace bugcode = kwmi::nt::bugcode;

namespace kwmi_nt_tests {

using Event = ManualKernel;

namespace {
LARGE_INTEGER Zero() {
    LARGE_INTEGER t;
    t.QuadPart = 0;
    return t;
}

void SetEventRoutine(PVOID parameter) { KeSetEvent(static_cast<PKEVENT>(parameter), IO_NO_INCREMENT, FALSE); }
}  // namespace

TEST_F(Event, NotificationEventStaysSignaledForEveryWaiter) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    LARGE_INTEGER zero = Zero();
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
    EXPECT_EQ(KeSetEvent(&event, IO_NO_INCREMENT, FALSE), 0);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateEvent(&event), 1);
    EXPECT_EQ(KeResetEvent(&event), 1);
    EXPECT_EQ(KeReadStateEvent(&event), 0);
}

TEST_F(Event, SynchronizationEventReleasesOneWaitAndResets) {
    KEVENT event;
    KeInitializeEvent(&event, SynchronizationEvent, TRUE);
    LARGE_INTEGER zero = Zero();
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateEvent(&event), 0);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
    KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
    KeClearEvent(&event);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
}

TEST_F(Event, WaitAtDispatchWithNonZeroTimeoutIsABugCheck) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    LARGE_INTEGER timeout = RelativeMs(10);
    const auto report = CaptureBugCheck([&] { KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kIrqlNotLessOrEqual);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uintptr_t>(&event));
    EXPECT_EQ(report->parameters[1], DISPATCH_LEVEL);
    EXPECT_EQ(report->rule, "IrqlKeWaitForSingleObject");
    const auto infinite = CaptureBugCheck([&] { KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr); });
    ASSERT_TRUE(infinite.has_value());
    EXPECT_EQ(infinite->code, bugcode::kIrqlNotLessOrEqual);
    KeLowerIrql(old);
}

TEST_F(Event, WaitAtDispatchWithZeroTimeoutPolls) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, TRUE);
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    LARGE_INTEGER zero = Zero();
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    KeLowerIrql(old);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Event, ManualWaitRunsPendingWorkFirst) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    WORK_QUEUE_ITEM item;
    ExInitializeWorkItem(&item, SetEventRoutine, &event);
    ExQueueWorkItem(&item, DelayedWorkQueue);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(kernel_.Stats().workItemsRun, 1u);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Event, ManualTimedWaitMovesVirtualTimeAndTimesOut) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    const auto before = kernel_.Now();
    LARGE_INTEGER timeout = RelativeMs(250);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
    EXPECT_EQ(kernel_.Now() - before, std::chrono::milliseconds(250));
}

TEST_F(Event, ManualTimedWaitIsSatisfiedByATimerOnTheWay) {
    KTIMER timer;
    KeInitializeTimerEx(&timer, NotificationTimer);
    KeSetTimer(&timer, RelativeMs(100), nullptr);
    LARGE_INTEGER timeout = RelativeMs(1000);
    EXPECT_EQ(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &timeout), STATUS_SUCCESS);
    EXPECT_EQ(kernel_.Now(), std::chrono::milliseconds(100));
}

TEST(EventDeadlock, ManualInfiniteWaitThatCanNeverBeSatisfiedIsReported) {
    kwmi::nt::KernelOptions options;
    options.manualWaitGrace = std::chrono::milliseconds(0);
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Manual, options);
    kwmi::testing::BugCheckCapture capture(kernel);
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    const auto report = CaptureBugCheck([&] { KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kKwmiWaitDeadlock);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uintptr_t>(&event));
    EXPECT_EQ(report->rule, "ManualSchedulerWaitDeadlock");
    EXPECT_EQ(kwmi::nt::BugCheckName(report->code), "KWMI_WAIT_DEADLOCK");
}

TEST(EventDefaults, ManualWaitGraceAndHorizonDefaultsArePinned) {
    EXPECT_EQ(kwmi::nt::KernelOptions{}.manualWaitGrace, std::chrono::milliseconds(2000));
    EXPECT_EQ(kwmi::nt::KernelOptions{}.manualWaitHorizon, std::chrono::hours(1));
}

namespace {
void SetEventDpc(PKDPC, PVOID context, PVOID, PVOID) { KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE); }
void NothingDpc(PKDPC, PVOID, PVOID, PVOID) {}
}  // namespace

TEST_F(Event, ManualInfiniteWaitLetsVirtualTimePassToTheTimerThatSignals) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    KDPC dpc;
    KeInitializeDpc(&dpc, SetEventDpc, &event);
    KTIMER timer;
    KeInitializeTimer(&timer);
    KeSetTimer(&timer, RelativeMs(30000), &dpc);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(kernel_.Now(), std::chrono::seconds(30));
    EXPECT_FALSE(capture_.Fired());
}

TEST(EventDeadlock, PeriodicTimersThatNeverSignalStopAtTheHorizon) {
    kwmi::nt::KernelOptions options;
    options.manualWaitGrace = std::chrono::milliseconds(0);
    options.manualWaitHorizon = std::chrono::seconds(10);
    kwmi::nt::Kernel kernel(kwmi::nt::SchedulerKind::Manual, options);
    kwmi::testing::BugCheckCapture capture(kernel);
    KDPC dpc;
    KeInitializeDpc(&dpc, NothingDpc, nullptr);
    KTIMER timer;
    KeInitializeTimer(&timer);
    KeSetTimerEx(&timer, RelativeMs(1000), 1000, &dpc);
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    const auto report = CaptureBugCheck([&] { KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kKwmiWaitDeadlock);
    EXPECT_EQ(kernel.Now(), std::chrono::seconds(10));  // the last tick within the horizon
    EXPECT_EQ(kernel.Stats().timersFired, 10u);
    KeCancelTimer(&timer);
}

TEST_F(Event, DelayExecutionAdvancesVirtualClock) {
    LARGE_INTEGER interval = RelativeMs(40);
    EXPECT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &interval), STATUS_SUCCESS);
    EXPECT_EQ(kernel_.Now(), std::chrono::milliseconds(40));
}

TEST_F(Event, DelayExecutionAboveApcIsABugCheck) {
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    LARGE_INTEGER interval = RelativeMs(1);
    const auto report = CaptureBugCheck([&] { KeDelayExecutionThread(KernelMode, FALSE, &interval); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kIrqlNotLessOrEqual);
    KeLowerIrql(old);
}

TEST_F(Event, SemaphoreCountsAndMutexIsRecursive) {
    KSEMAPHORE semaphore;
    KeInitializeSemaphore(&semaphore, 0, 2);
    LARGE_INTEGER zero = Zero();
    EXPECT_EQ(KeWaitForSingleObject(&semaphore, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
    EXPECT_EQ(KeReleaseSemaphore(&semaphore, 0, 2, FALSE), 0);
    EXPECT_EQ(KeWaitForSingleObject(&semaphore, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 1);

    KMUTEX mutex;
    KeInitializeMutex(&mutex, 0);
    EXPECT_EQ(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateMutex(&mutex), -1);
    KeReleaseMutex(&mutex, FALSE);
    KeReleaseMutex(&mutex, FALSE);
    EXPECT_EQ(KeReadStateMutex(&mutex), 1);
    EXPECT_FALSE(capture_.Fired());
}

}  // namespace kwmi_nt_tests
