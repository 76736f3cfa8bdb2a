// The callback contract: IRQL on return (0x10D / 0xE), a WDFSPINLOCK still held on return,
// guard bytes after WMI output buffers, and the existing BufferUsed / STATUS_PENDING checks.
#include "verifier_fixture.hpp"

#include "verifier/diagnostics.hpp"
#include "verifier/verifier.hpp"

#include <chrono>
#include <functional>

namespace verifiertest {
namespace {

using kwmi::host::DeviceState;
using kwmi::verifier::CountDiagnostics;
using kwmi::verifier::Diagnostics;

using CallbackRules = VerifierTest;

// ---- WMI callbacks (the fault driver) ----

TEST_F(CallbackRules, QueryReturningWithASpinLockHeldIsAnIrqlMismatch) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeKeepSpinLock), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, "EvtWmiInstanceQueryInstance", PASSIVE_LEVEL, DISPATCH_LEVEL);
    EXPECT_EQ(report.parameters[3], 0u);
    EXPECT_EQ(report.rule, "CallbackIrqlMismatch");
    EXPECT_NE(report.explanation.find("still holds a WDFSPINLOCK acquired by WdfSpinLockAcquire at libkwmitest_fault"),
              std::string::npos)
        << report.explanation;
    EXPECT_NE(report.callSiteSymbol.find("libkwmitest_fault.so!FaultDrvEvtQuery"), std::string::npos)
        << report.callSiteSymbol;
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(host.State(devices[0]), DeviceState::Failed);
}

TEST_F(CallbackRules, WriteBeyondOutBufferSizeHitsTheGuardBytes) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeOverrun), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x4B570101u);  // CallbackBufferOverrun
    EXPECT_NE(kwmi::nt::SymbolizeAddress(reinterpret_cast<const void *>(report.parameters[1]))
                  .find("FaultDrvEvtQuery"),
              std::string::npos);
    EXPECT_GE(report.parameters[2], 12u);          // OutBufferSize the driver was given
    EXPECT_EQ(report.parameters[3], 4u);           // bytes written past it
    EXPECT_EQ(report.rule, "CallbackBufferOverrun");
    EXPECT_NE(report.explanation.find("EvtWmiInstanceQueryInstance"), std::string::npos);
    EXPECT_NE(report.explanation.find("wrote 4 byte(s) past the end of its " + std::to_string(report.parameters[2]) +
                                      "-byte output buffer"),
              std::string::npos)
        << report.explanation;
    EXPECT_NE(report.callSiteSymbol.find("FaultDrvEvtQuery"), std::string::npos);
    EXPECT_EQ(host.State(devices[0]), DeviceState::Failed);
}

TEST_F(CallbackRules, GuardTailSizeIsASetting) {
    kwmi::verifier::GetSettings().guardBytes = 2;  // the 4-byte overrun reaches past a 2-byte tail
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeOverrun), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(capture.Count(), 1u);
    EXPECT_EQ(capture.Last().parameters[3], 2u);  // what the tail can see
}

TEST_F(CallbackRules, WellBehavedQueryPassesThroughTheGuardUnchanged) {
    LoadFaultDriver(1);
    FaultData first, second;
    ASSERT_EQ(Query(0, &first), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(Query(0, &second), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(first.mode, 0u);
    EXPECT_EQ(second.queries, first.queries + 1);
    EXPECT_FALSE(capture.Fired());
    EXPECT_TRUE(Diagnostics().empty());
}

TEST_F(CallbackRules, BufferUsedAboveOutBufferSizeFailsTheRequestWithAFullDiagnostic) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeBufferUsed), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));  // STATUS_UNSUCCESSFUL (§5.11)
    EXPECT_FALSE(capture.Fired());                           // a KMDF verifier break, not a bug check
    ASSERT_EQ(CountDiagnostics("CallbackBufferUsed"), 1u);
    const auto diagnostic = Diagnostics().back();
    EXPECT_NE(diagnostic.text.find("EvtWmiInstanceQueryInstance"), std::string::npos) << diagnostic.text;
    EXPECT_NE(diagnostic.text.find("reported BufferUsed"), std::string::npos) << diagnostic.text;
    EXPECT_NE(diagnostic.callSite.find("FaultDrvEvtQuery"), std::string::npos) << diagnostic.callSite;
    FaultData data;
    EXPECT_EQ(Query(0, &data), static_cast<ULONG>(ERROR_SUCCESS));  // the device is not failed
    EXPECT_EQ(host.State(devices[0]), DeviceState::Started);
}

TEST_F(CallbackRules, PendingFromAQueryFailsTheRequestWithAFullDiagnostic) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModePending), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_FALSE(capture.Fired());
    ASSERT_EQ(CountDiagnostics("CallbackPending"), 1u);
    const auto diagnostic = Diagnostics().back();
    EXPECT_NE(diagnostic.text.find("returned STATUS_PENDING"), std::string::npos) << diagnostic.text;
    EXPECT_NE(diagnostic.callSite.find("FaultDrvEvtQuery"), std::string::npos) << diagnostic.callSite;
    EXPECT_EQ(host.State(devices[0]), DeviceState::Started);
}

// ---- timers and work items (a driver linked into the test) ----

struct LinkedHooks {
    std::function<void(WDFTIMER)> timer;
    std::function<void(WDFWORKITEM)> workItem;
    WDFSPINLOCK lock = nullptr;
    WDFTIMER timerHandle = nullptr;
    WDFWORKITEM workItemHandle = nullptr;
    int timerCalls = 0;
    int workItemCalls = 0;
};
LinkedHooks &Hooks() {
    static LinkedHooks hooks;
    return hooks;
}

VOID LinkedTimer(WDFTIMER timer) {
    Hooks().timerCalls++;
    Hooks().timer(timer);
}
VOID LinkedWorkItem(WDFWORKITEM item) {
    Hooks().workItemCalls++;
    Hooks().workItem(item);
}

NTSTATUS LinkedDeviceAdd(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) return status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &Hooks().lock);
    if (!NT_SUCCESS(status)) return status;
    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT(&timerConfig, &LinkedTimer);
    status = WdfTimerCreate(&timerConfig, &attributes, &Hooks().timerHandle);
    if (!NT_SUCCESS(status)) return status;
    WDF_WORKITEM_CONFIG itemConfig;
    WDF_WORKITEM_CONFIG_INIT(&itemConfig, &LinkedWorkItem);
    return WdfWorkItemCreate(&itemConfig, &attributes, &Hooks().workItemHandle);
}

NTSTATUS LinkedEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, &LinkedDeviceAdd);
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

class LinkedCallbackRules : public VerifierTest {
protected:
    void StartLinked() {
        Hooks() = LinkedHooks{};
        driver = host.AddLinkedDriver("callbacks", reinterpret_cast<kwmi::host::DriverEntryFn>(&LinkedEntry));
        std::int32_t status = -1;
        device = host.AddDevice(driver, &status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
        devices.push_back(device);
    }
    void FireTimer() {
        (void)WdfTimerStart(Hooks().timerHandle, WDF_REL_TIMEOUT_IN_MS(10));
        kernel.AdvanceTime(std::chrono::milliseconds(20));
    }
    std::size_t device = 0;
};

TEST_F(LinkedCallbackRules, TimerReturningAtRaisedIrqlFailsOnlyItsDevice) {
    StartLinked();
    Hooks().timer = [](WDFTIMER) {
        KIRQL old;
        KeRaiseIrql(static_cast<KIRQL>(DISPATCH_LEVEL + 3), &old);  // never lowered
    };
    FireTimer();
    ASSERT_EQ(Hooks().timerCalls, 1);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, "EvtTimerFunc", DISPATCH_LEVEL, DISPATCH_LEVEL + 3);
    EXPECT_EQ(report.rule, "CallbackIrqlMismatch");
    EXPECT_EQ(report.callSite, reinterpret_cast<const void *>(&LinkedTimer));
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    // A failed device's timer no longer reaches the driver.
    FireTimer();
    EXPECT_EQ(Hooks().timerCalls, 1);
    EXPECT_EQ(capture.Count(), 1u);
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.State(device), DeviceState::Removed);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
    unloaded = true;
}

TEST_F(LinkedCallbackRules, TimerReturningWithAWdfSpinLockHeldIsReported) {
    StartLinked();
    Hooks().timer = [](WDFTIMER) {
        WdfSpinLockAcquire(Hooks().lock);  // never released
    };
    FireTimer();
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x4B570102u);  // CallbackReturnedHoldingSpinLock
    EXPECT_EQ(report.parameters[1], reinterpret_cast<std::uint64_t>(&LinkedTimer));
    EXPECT_EQ(report.parameters[2], static_cast<std::uint64_t>(DISPATCH_LEVEL));
    EXPECT_NE(report.parameters[3], 0u);  // the acquisition site
    EXPECT_EQ(report.rule, "CallbackReturnedHoldingSpinLock");
    EXPECT_NE(report.explanation.find("EvtTimerFunc"), std::string::npos) << report.explanation;
    EXPECT_NE(report.explanation.find("returned still holding a WDFSPINLOCK acquired by WdfSpinLockAcquire"),
              std::string::npos)
        << report.explanation;
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(LinkedCallbackRules, WorkItemReturningAtDispatchIsAnIrqlMismatch) {
    StartLinked();
    Hooks().workItem = [](WDFWORKITEM) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);  // never lowered
    };
    WdfWorkItemEnqueue(Hooks().workItemHandle);
    kernel.RunUntilIdle();
    ASSERT_EQ(Hooks().workItemCalls, 1);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, "EvtWorkItem", PASSIVE_LEVEL, DISPATCH_LEVEL);
    EXPECT_EQ(report.parameters[3], 0u);
    EXPECT_EQ(report.rule, "CallbackIrqlMismatch");
    EXPECT_EQ(report.callSite, reinterpret_cast<const void *>(&LinkedWorkItem));
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    // The item was released and signalled idle: removal (which flushes it) completes.
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
    unloaded = true;
}

TEST_F(LinkedCallbackRules, IrqlChecksCanBeTurnedOff) {
    kwmi::verifier::GetSettings().callbackIrqlChecks = false;
    StartLinked();
    Hooks().workItem = [](WDFWORKITEM) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
    };
    WdfWorkItemEnqueue(Hooks().workItemHandle);
    kernel.RunUntilIdle();
    ASSERT_EQ(Hooks().workItemCalls, 1);
    EXPECT_FALSE(capture.Fired());
    EXPECT_EQ(host.State(device), DeviceState::Started);
}

}  // namespace
}  // namespace verifiertest
