// WDF timers, work items and spin locks on the threaded scheduler (real DPC and worker
// threads). Asserts IRQLs, threads and ordering, never timing.
#include <gtest/gtest.h>

#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>

#include "wdf/wmi_hooks.hpp"

#include <wdf.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace std::chrono_literals;

namespace {

struct Shared {
    WDFSPINLOCK lock = nullptr;
    WDFWORKITEM work = nullptr;
    KEVENT fifthTick{};
    ULONG ticks = 0;  // guarded by lock
    std::atomic<int> workRuns{0};
    std::atomic<int> wrongIrql{0};
    std::atomic<int> onTestThread{0};
    std::thread::id testThread;
};
Shared *gShared = nullptr;

VOID Tick(WDFTIMER) {
    if (KeGetCurrentIrql() != DISPATCH_LEVEL) gShared->wrongIrql++;
    if (std::this_thread::get_id() == gShared->testThread) gShared->onTestThread++;
    WdfSpinLockAcquire(gShared->lock);
    const ULONG ticks = ++gShared->ticks;
    WdfSpinLockRelease(gShared->lock);
    WdfWorkItemEnqueue(gShared->work);
    if (ticks == 5) KeSetEvent(&gShared->fifthTick, IO_NO_INCREMENT, FALSE);
}

VOID Work(WDFWORKITEM) {
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) gShared->wrongIrql++;
    gShared->workRuns++;
}

NTSTATUS EntryForThreads(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, [](WDFDRIVER, PWDFDEVICE_INIT init) -> NTSTATUS {
        WDFDEVICE device;
        return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    });
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

// The core alone (no WMI hooks) on the threaded scheduler: one started device.
class WdfThreaded : public ::testing::Test {
protected:
    void SetUp() override {
        driver = host.AddLinkedDriver("threads", reinterpret_cast<kwmi::host::DriverEntryFn>(&EntryForThreads));
        index = host.AddDevice(driver);
        ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
        device = static_cast<WDFDEVICE>(host.WdfDevice(index));
    }
    void RemoveAndExpectCleanUnload() {
        ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
        auto report = host.UnloadDriver(driver);
        EXPECT_TRUE(report.Empty()) << report.Text();
    }

    // Declared first, destroyed last: the factory comes back after the kernel is gone.
    struct CoreOnly {
        CoreOnly() : saved(kwmi::wdf::GetDeviceWmiHooksFactory()) { kwmi::wdf::SetDeviceWmiHooksFactory(nullptr); }
        ~CoreOnly() { kwmi::wdf::SetDeviceWmiHooksFactory(saved); }
        kwmi::wdf::DeviceWmiHooksFactory saved;
    } coreOnly;
    kwmi::nt::Kernel kernel{kwmi::nt::SchedulerKind::Threaded};
    kwmi::host::Host host{kernel};
    std::size_t driver = 0;
    std::size_t index = 0;
    WDFDEVICE device = nullptr;
};

TEST_F(WdfThreaded, TimerWorkItemAndSpinLockOnRealThreads) {
    Shared shared;
    shared.testThread = std::this_thread::get_id();
    gShared = &shared;
    KeInitializeEvent(&shared.fifthTick, NotificationEvent, FALSE);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    ASSERT_EQ(WdfSpinLockCreate(&attributes, &shared.lock), STATUS_SUCCESS);
    WDF_WORKITEM_CONFIG workConfig;
    WDF_WORKITEM_CONFIG_INIT(&workConfig, Work);
    ASSERT_EQ(WdfWorkItemCreate(&workConfig, &attributes, &shared.work), STATUS_SUCCESS);
    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, Tick, 1);
    WDFTIMER timer = nullptr;
    ASSERT_EQ(WdfTimerCreate(&timerConfig, &attributes, &timer), STATUS_SUCCESS);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(1));

    ASSERT_EQ(KeWaitForSingleObject(&shared.fifthTick, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    (void)WdfTimerStop(timer, TRUE);
    WdfWorkItemFlush(shared.work);
    WdfSpinLockAcquire(shared.lock);
    const ULONG ticksAfterStop = shared.ticks;
    WdfSpinLockRelease(shared.lock);
    kernel.AdvanceTime(20ms);
    WdfSpinLockAcquire(shared.lock);
    EXPECT_EQ(shared.ticks, ticksAfterStop);  // a stopped timer stays stopped
    WdfSpinLockRelease(shared.lock);
    EXPECT_GE(ticksAfterStop, 5u);
    EXPECT_GE(shared.workRuns.load(), 1);
    EXPECT_LE(shared.workRuns.load(), static_cast<int>(ticksAfterStop));  // enqueues coalesce
    EXPECT_EQ(shared.wrongIrql.load(), 0);
    EXPECT_EQ(shared.onTestThread.load(), 0);
    RemoveAndExpectCleanUnload();
    gShared = nullptr;
}

struct PassiveShared {
    std::atomic<bool> started{false};
    std::atomic<bool> finished{false};
    std::atomic<int> wrongIrql{0};
};
PassiveShared *gPassive = nullptr;

VOID SlowPassiveTick(WDFTIMER) {
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) gPassive->wrongIrql++;
    gPassive->started = true;
    std::this_thread::sleep_for(30ms);  // long enough that a Stop that does not wait returns first
    gPassive->finished = true;
}

TEST_F(WdfThreaded, StopWithWaitWaitsForARunningPassiveLevelCallback) {
    PassiveShared shared;
    gPassive = &shared;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    attributes.ExecutionLevel = WdfExecutionLevelPassive;
    WDF_TIMER_CONFIG config;
    WDF_TIMER_CONFIG_INIT(&config, SlowPassiveTick);
    WDFTIMER timer = nullptr;
    ASSERT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_SUCCESS);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(1));
    while (!shared.started) std::this_thread::sleep_for(1ms);
    (void)WdfTimerStop(timer, TRUE);
    EXPECT_TRUE(shared.finished);  // Stop returned only after the callback did
    EXPECT_EQ(shared.wrongIrql.load(), 0);
    RemoveAndExpectCleanUnload();
    gPassive = nullptr;
}

}  // namespace
