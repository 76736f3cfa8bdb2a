// Spin locks, wait locks, WDF timers (manual scheduler, virtual clock) and work items.
#include "wdf_test_support.hpp"

#include <chrono>

using namespace wdftest;
using namespace std::chrono_literals;

namespace {

using WdfSync = WdfTest;
using WdfTimer = WdfTest;
using WdfWorkItem = WdfTest;

WDFTIMER CreateTimer(WDFOBJECT parent, PFN_WDF_TIMER callback, LONG period,
                     WDF_EXECUTION_LEVEL level = WdfExecutionLevelInheritFromParent) {
    WDF_TIMER_CONFIG config;
    if (period > 0) {
        WDF_TIMER_CONFIG_INIT_PERIODIC(&config, callback, period);
    } else {
        WDF_TIMER_CONFIG_INIT(&config, callback);
    }
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = parent;
    attributes.ExecutionLevel = level;
    WDFTIMER timer = nullptr;
    EXPECT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_SUCCESS);
    return timer;
}

VOID TimerTick(WDFTIMER) { Record("tick"); }

TEST_F(WdfSync, SpinLockRaisesToDispatchAndRestores) {
    WDFSPINLOCK lock = nullptr;
    ASSERT_EQ(WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &lock), STATUS_SUCCESS);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    WdfSpinLockAcquire(lock);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    WdfSpinLockRelease(lock);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    WdfObjectDelete(lock);
}

TEST_F(WdfSync, WaitLockTryAcquireTimesOutWhileHeld) {
    WDFWAITLOCK lock = nullptr;
    ASSERT_EQ(WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &lock), STATUS_SUCCESS);
    EXPECT_EQ(WdfWaitLockAcquire(lock, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    LONGLONG zero = 0;
    EXPECT_EQ(WdfWaitLockAcquire(lock, &zero), STATUS_TIMEOUT);
    WdfWaitLockRelease(lock);
    EXPECT_EQ(WdfWaitLockAcquire(lock, &zero), STATUS_SUCCESS);
    WdfWaitLockRelease(lock);
}

TEST_F(WdfSync, WaitLockAcquireAtDispatchIsAnIrqlViolation) {
    WDFWAITLOCK lock = nullptr;
    ASSERT_EQ(WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &lock), STATUS_SUCCESS);
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    auto report = ExpectBugCheck([&] { (void)WdfWaitLockAcquire(lock, nullptr); });
    KeLowerIrql(old);
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.rule, "KmdfIrql");
}

TEST_F(WdfTimer, OneShotCallbackRunsAtDispatchWhenDue) {
    WDFDEVICE device = AddPlainDevice();
    WDFTIMER timer = CreateTimer(device, TimerTick, 0);
    EXPECT_EQ(WdfTimerGetParentObject(timer), device);
    EXPECT_FALSE(WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(100)));
    kernel.AdvanceTime(99ms);
    EXPECT_TRUE(Events().empty());
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(Events(), (std::vector<std::string>{"tick@2"}));
    kernel.AdvanceTime(1000ms);
    EXPECT_EQ(Events().size(), 1u);
}

TEST_F(WdfTimer, PeriodicTimerFiresAfterDueTimeAndThenEveryPeriod) {
    WDFDEVICE device = AddPlainDevice();
    WDFTIMER timer = CreateTimer(device, TimerTick, 1000);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(1000));
    kernel.AdvanceTime(5500ms);
    EXPECT_EQ(Events().size(), 5u);
    for (const auto &event : Events()) EXPECT_EQ(event, "tick@2");
    EXPECT_TRUE(WdfTimerStop(timer, FALSE));  // it was still queued
    kernel.AdvanceTime(5000ms);
    EXPECT_EQ(Events().size(), 5u);
}

// KMDF checks Wait=TRUE against PASSIVE_LEVEL (its verifier): the call fails and the timer
// keeps running; Wait=FALSE is fine at DISPATCH_LEVEL.
TEST_F(WdfTimer, StopWithWaitAbovePassiveFailsAndLeavesTheTimerRunning) {
    WDFDEVICE device = AddPlainDevice();
    WDFTIMER timer = CreateTimer(device, TimerTick, 0);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(100));
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_FALSE(WdfTimerStop(timer, TRUE));
    KeLowerIrql(old);
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(Events(), std::vector<std::string>{"tick@2"});  // still started: it fired (at DISPATCH_LEVEL)
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(100));
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_TRUE(WdfTimerStop(timer, FALSE));
    KeLowerIrql(old);
    kernel.AdvanceTime(200ms);
    EXPECT_EQ(Events().size(), 1u);
}

TEST_F(WdfTimer, PassiveExecutionLevelRunsTheCallbackAtPassive) {
    WDFDEVICE device = AddPlainDevice();
    WDFTIMER timer = CreateTimer(device, TimerTick, 0, WdfExecutionLevelPassive);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(10));
    kernel.AdvanceTime(10ms);
    EXPECT_EQ(Events(), (std::vector<std::string>{"tick@0"}));
}

TEST_F(WdfTimer, TimerDiesWithItsParentDevice) {
    std::size_t index = AddDevice();
    WDFTIMER timer = CreateTimer(Device(index), TimerTick, 100);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(100));
    kernel.AdvanceTime(250ms);
    EXPECT_EQ(Events().size(), 2u);
    ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
    kernel.AdvanceTime(1000ms);
    EXPECT_EQ(Events().size(), 2u);
    auto report = ExpectBugCheck([&] { (void)WdfTimerGetParentObject(timer); });
    EXPECT_EQ(report.parameters[2], 0x1028u);
}

TEST_F(WdfTimer, ParentIsRequiredAndConfigIsChecked) {
    WDF_TIMER_CONFIG config;
    WDF_TIMER_CONFIG_INIT(&config, TimerTick);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    WDFTIMER timer = reinterpret_cast<WDFTIMER>(1);
    EXPECT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(timer, nullptr);
    attributes.ParentObject = Driver();
    config.Size = 8;
    EXPECT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_INFO_LENGTH_MISMATCH);
}

TEST_F(WdfTimer, CallbackMayDeleteItsOwnTimer) {
    static WDFTIMER self;
    WDFDEVICE device = AddPlainDevice();
    self = CreateTimer(device, [](WDFTIMER timer) {
        Record("tick");
        WdfObjectDelete(timer);
    }, 10);
    (void)WdfTimerStart(self, WDF_REL_TIMEOUT_IN_MS(10));
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(Events(), (std::vector<std::string>{"tick@2"}));
}

VOID WorkItemRun(WDFWORKITEM item) {
    Record("work");
    EXPECT_NE(WdfWorkItemGetParentObject(item), nullptr);
}

WDFWORKITEM CreateWorkItem(WDFOBJECT parent) {
    WDF_WORKITEM_CONFIG config;
    WDF_WORKITEM_CONFIG_INIT(&config, WorkItemRun);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = parent;
    WDFWORKITEM item = nullptr;
    EXPECT_EQ(WdfWorkItemCreate(&config, &attributes, &item), STATUS_SUCCESS);
    return item;
}

TEST_F(WdfWorkItem, RunsAtPassiveOncePerEnqueue) {
    WDFDEVICE device = AddPlainDevice();
    WDFWORKITEM item = CreateWorkItem(device);
    EXPECT_EQ(WdfWorkItemGetParentObject(item), device);
    WdfWorkItemEnqueue(item);
    WdfWorkItemEnqueue(item);  // already queued: no second run
    EXPECT_TRUE(Events().empty());
    kernel.RunUntilIdle();
    EXPECT_EQ(Events(), (std::vector<std::string>{"work@0"}));
    WdfWorkItemEnqueue(item);
    kernel.RunUntilIdle();
    EXPECT_EQ(Events().size(), 2u);
}

TEST_F(WdfWorkItem, EnqueueFromDispatchAndFlushWaits) {
    WDFDEVICE device = AddPlainDevice();
    WDFWORKITEM item = CreateWorkItem(device);
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    WdfWorkItemEnqueue(item);
    KeLowerIrql(old);
    WdfWorkItemFlush(item);  // the manual scheduler runs the queued item while we wait
    EXPECT_EQ(Events(), (std::vector<std::string>{"work@0"}));
}

TEST_F(WdfWorkItem, DeletingAQueuedItemFlushesItFirst) {
    WDFDEVICE device = AddPlainDevice();
    WDFWORKITEM item = CreateWorkItem(device);
    WdfWorkItemEnqueue(item);
    WdfObjectDelete(item);
    EXPECT_EQ(Events(), (std::vector<std::string>{"work@0"}));
}

}  // namespace
