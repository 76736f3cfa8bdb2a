// The callback contract on the PnP/power and I/O callbacks (EvtDeviceD0Entry,
// EvtIoDeviceControl, ...): IRQL on return (0x10D P1 0xE naming the callback), the
// DriverCreate rule naming the callback, the StopIdle/ResumeIdle rows of the DDI table, and
// the driver's call site on an invalid-handle WDF_VIOLATION. A driver linked into the test.
#include "verifier_fixture.hpp"

#include "verifier/verifier.hpp"

#include <dlfcn.h>

#include <chrono>
#include <functional>

namespace verifiertest {
namespace {

using kwmi::host::DeviceState;
using kwmi::verifier::FindRule;

constexpr ULONG kTestIoctl = 0x00222004;  // CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

std::string ModuleOf(const void *address) {
    Dl_info info{};
    if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr) return {};
    return info.dli_fname;
}

struct DeviceHooks {
    std::function<NTSTATUS(WDFDEVICE)> d0Entry;
    std::function<NTSTATUS(WDFDEVICE)> d0Exit;
    ULONG idleTimeoutMs = 0;  // 0: no S0 idle settings
    std::function<void(WDFREQUEST)> ioControl;
    PDRIVER_OBJECT driverObject = nullptr;
    UNICODE_STRING registryPath{};
    WDFDEVICE device = nullptr;
    int d0Entries = 0;
    int d0Exits = 0;
    int ioControls = 0;
};
DeviceHooks &Hooks() {
    static DeviceHooks hooks;
    return hooks;
}

NTSTATUS LinkedD0Entry(WDFDEVICE device, WDF_POWER_DEVICE_STATE) {
    Hooks().d0Entries++;
    return Hooks().d0Entry ? Hooks().d0Entry(device) : STATUS_SUCCESS;
}

NTSTATUS LinkedD0Exit(WDFDEVICE device, WDF_POWER_DEVICE_STATE) {
    Hooks().d0Exits++;
    return Hooks().d0Exit ? Hooks().d0Exit(device) : STATUS_SUCCESS;
}

VOID LinkedIoDeviceControl(WDFQUEUE, WDFREQUEST request, size_t, size_t, ULONG) {
    Hooks().ioControls++;
    if (Hooks().ioControl) {
        Hooks().ioControl(request);
    } else {
        WdfRequestComplete(request, STATUS_SUCCESS);
    }
}

NTSTATUS LinkedDeviceAdd(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = &LinkedD0Entry;
    pnp.EvtDeviceD0Exit = &LinkedD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(init, &pnp);
    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) return status;
    Hooks().device = device;
    if (Hooks().idleTimeoutMs != 0) {
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
        idle.IdleTimeout = Hooks().idleTimeoutMs;
        status = WdfDeviceAssignS0IdleSettings(device, &idle);
        if (!NT_SUCCESS(status)) return status;
    }
    WDF_IO_QUEUE_CONFIG queue;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queue, WdfIoQueueDispatchParallel);
    queue.EvtIoDeviceControl = &LinkedIoDeviceControl;
    return WdfIoQueueCreate(device, &queue, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS LinkedEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    Hooks().driverObject = driverObject;
    Hooks().registryPath = *registryPath;
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, &LinkedDeviceAdd);
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

class DeviceCallbackRules : public VerifierTest {
protected:
    DeviceCallbackRules() { Hooks() = DeviceHooks{}; }
    // Deletes an object whose cleanup or destroy callback (`setCallback` installs it) returns at
    // `leftAt`, and checks the 0x10D report, the failed device and a clean removal and unload.
    void ExpectObjectCallbackIrqlBugCheck(void (*setCallback)(WDF_OBJECT_ATTRIBUTES &), const char *callbackName,
                                          const void *callback, KIRQL leftAt);

    // Loads the driver and adds one device; returns the StartDevice status.
    std::int32_t AddAndStart() {
        driver = host.AddLinkedDriver("pnpcallbacks", reinterpret_cast<kwmi::host::DriverEntryFn>(&LinkedEntry));
        std::int32_t status = -1;
        device = host.AddDevice(driver, &status);
        EXPECT_EQ(status, STATUS_SUCCESS);
        devices.push_back(device);
        return host.StartDevice(device);
    }
    std::int32_t SendIoctl() {
        ULONG in = 1;
        ULONG out = 0;
        std::size_t returned = 0;
        return host.DeviceIoControl(device, kTestIoctl, &in, sizeof in, &out, sizeof out, &returned);
    }
    std::size_t device = 0;
};

TEST_F(DeviceCallbackRules, D0EntryReturningAtRaisedIrqlIsAnIrqlMismatchNamingTheCallback) {
    Hooks().d0Entry = [](WDFDEVICE) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);  // never lowered
        return STATUS_SUCCESS;
    };
    EXPECT_EQ(AddAndStart(), STATUS_DRIVER_INTERNAL_ERROR);
    ASSERT_EQ(Hooks().d0Entries, 1);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, "EvtDeviceD0Entry", PASSIVE_LEVEL, DISPATCH_LEVEL);
    EXPECT_EQ(report.parameters[3], 0u);
    EXPECT_EQ(report.rule, "CallbackIrqlMismatch");
    EXPECT_EQ(report.callSite, reinterpret_cast<const void *>(&LinkedD0Entry));
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    EXPECT_NE(host.Failure(device).find("CallbackIrqlMismatch"), std::string::npos) << host.Failure(device);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);  // restored by the callback frame
}

TEST_F(DeviceCallbackRules, WellBehavedD0EntryAndIoDeviceControlPassTheChecks) {
    ASSERT_EQ(AddAndStart(), STATUS_SUCCESS);
    EXPECT_EQ(SendIoctl(), STATUS_SUCCESS);
    EXPECT_EQ(Hooks().d0Entries, 1);
    EXPECT_EQ(Hooks().ioControls, 1);
    EXPECT_FALSE(capture.Fired());
    EXPECT_EQ(host.State(device), DeviceState::Started);
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
    unloaded = true;
}

TEST_F(DeviceCallbackRules, IoDeviceControlReturningAtRaisedIrqlFailsTheDeviceNamingTheCallback) {
    ASSERT_EQ(AddAndStart(), STATUS_SUCCESS);
    Hooks().ioControl = [](WDFREQUEST request) {
        WdfRequestComplete(request, STATUS_SUCCESS);
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);  // never lowered
    };
    EXPECT_EQ(SendIoctl(), STATUS_DRIVER_INTERNAL_ERROR);
    ASSERT_EQ(Hooks().ioControls, 1);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, "EvtIoDeviceControl", PASSIVE_LEVEL, DISPATCH_LEVEL);
    EXPECT_EQ(report.rule, "CallbackIrqlMismatch");
    EXPECT_EQ(report.callSite, reinterpret_cast<const void *>(&LinkedIoDeviceControl));
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    // A failed device gets no more I/O and can still be removed.
    EXPECT_EQ(SendIoctl(), STATUS_NO_SUCH_DEVICE);
    EXPECT_EQ(Hooks().ioControls, 1);
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.State(device), DeviceState::Removed);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
    unloaded = true;
}

TEST_F(DeviceCallbackRules, IdleD0ExitReturningAtRaisedIrqlFailsTheDeviceAndRemovalStillCompletes) {
    Hooks().idleTimeoutMs = 50;
    Hooks().d0Exit = [](WDFDEVICE) {
        KIRQL old;
        KeRaiseIrql(APC_LEVEL, &old);  // never lowered
        return STATUS_SUCCESS;
    };
    ASSERT_EQ(AddAndStart(), STATUS_SUCCESS);
    EXPECT_EQ(Hooks().d0Exits, 0);
    kernel.AdvanceTime(std::chrono::milliseconds(60));  // the idle power-down runs in a work item
    kernel.RunUntilIdle();
    ASSERT_EQ(Hooks().d0Exits, 1);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, "EvtDeviceD0Exit", PASSIVE_LEVEL, APC_LEVEL);
    EXPECT_EQ(report.callSite, reinterpret_cast<const void *>(&LinkedD0Exit));
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    // The abandoned transition does not block removal (which waits for a busy transition).
    Hooks().d0Exit = nullptr;
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.State(device), DeviceState::Removed);
    EXPECT_EQ(capture.Count(), 1u);
    const auto leaks = host.UnloadDriver(driver);
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
    unloaded = true;
}

VOID LinkedCleanup(WDFOBJECT) {
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);  // never lowered
}

// Deletes an object whose cleanup or destroy callback (`setCallback` installs it) returns at
// `leftAt`: 0x10D/0xE naming `callbackName`, the device fails, the object is gone all the same,
// and the device can still be removed with the driver unloading clean.
void DeviceCallbackRules::ExpectObjectCallbackIrqlBugCheck(void (*setCallback)(WDF_OBJECT_ATTRIBUTES &),
                                                           const char *callbackName, const void *callback,
                                                           KIRQL leftAt) {
    ASSERT_EQ(AddAndStart(), STATUS_SUCCESS);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Hooks().device;
    setCallback(attributes);
    WDFOBJECT object = nullptr;
    ASSERT_EQ(WdfObjectCreate(&attributes, &object), STATUS_SUCCESS);
    try {
        WdfObjectDelete(object);
        ADD_FAILURE() << "the bug check did not unwind";
    } catch (const kwmi::nt::BugCheckException &) {
    }
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    ExpectCallbackIrqlMismatch(report, callbackName, PASSIVE_LEVEL, leftAt);
    EXPECT_EQ(report.callSite, callback);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(host.State(device), DeviceState::Failed);
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    const auto leaks = host.UnloadDriver(driver);
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
    unloaded = true;
}

TEST_F(DeviceCallbackRules, CleanupCallbackReturningAtRaisedIrqlNamesTheCallback) {
    ExpectObjectCallbackIrqlBugCheck(
        [](WDF_OBJECT_ATTRIBUTES &a) { a.EvtCleanupCallback = &LinkedCleanup; }, "EvtCleanupCallback",
        reinterpret_cast<const void *>(&LinkedCleanup), DISPATCH_LEVEL);
}

VOID LinkedDestroy(WDFOBJECT) {
    KIRQL old;
    KeRaiseIrql(APC_LEVEL, &old);  // never lowered
}

TEST_F(DeviceCallbackRules, DestroyCallbackReturningAtRaisedIrqlNamesTheCallback) {
    ExpectObjectCallbackIrqlBugCheck(
        [](WDF_OBJECT_ATTRIBUTES &a) { a.EvtDestroyCallback = &LinkedDestroy; }, "EvtDestroyCallback",
        reinterpret_cast<const void *>(&LinkedDestroy), APC_LEVEL);
}

TEST_F(DeviceCallbackRules, DriverCreateFromD0EntryNamesTheCallback) {
    Hooks().d0Entry = [](WDFDEVICE) {
        WDF_DRIVER_CONFIG config;
        WDF_DRIVER_CONFIG_INIT(&config, &LinkedDeviceAdd);
        return WdfDriverCreate(Hooks().driverObject, &Hooks().registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                               WDF_NO_HANDLE);
    };
    EXPECT_EQ(AddAndStart(), STATUS_DRIVER_INTERNAL_ERROR);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91003u);
    EXPECT_EQ(report.parameters[2], reinterpret_cast<std::uint64_t>(Hooks().driverObject));
    EXPECT_EQ(report.rule, "DriverCreate");
    EXPECT_NE(report.explanation.find("WdfDriverCreate was called from EvtDeviceD0Entry"), std::string::npos)
        << report.explanation;
    EXPECT_EQ(host.State(device), DeviceState::Failed);
}

TEST_F(DeviceCallbackRules, StopIdleAndResumeIdleAreRowsOfTheDdiTable) {
    for (const char *name : {"WdfDeviceStopIdle", "WdfDeviceResumeIdle"}) {
        const kwmi::verifier::DdiRule *rule = FindRule(name);
        ASSERT_NE(rule, nullptr) << name;
        EXPECT_EQ(rule->maxIrql, DISPATCH_LEVEL) << name;
        EXPECT_EQ(rule->onViolation, kwmi::verifier::OnViolation::BugCheck) << name;
    }
    ASSERT_EQ(AddAndStart(), STATUS_SUCCESS);
    KIRQL old;
    KeRaiseIrql(static_cast<KIRQL>(DISPATCH_LEVEL + 1), &old);
    try {
        WdfDeviceResumeIdle(Hooks().device);
        ADD_FAILURE() << "WdfDeviceResumeIdle above DISPATCH_LEVEL returned";
    } catch (const kwmi::nt::BugCheckException &) {
    }
    KeLowerIrql(old);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91001u);
    EXPECT_EQ(report.parameters[2], reinterpret_cast<std::uint64_t>(FindRule("WdfDeviceResumeIdle")));
    EXPECT_EQ(report.rule, "KmdfIrql");
    EXPECT_NE(report.explanation.find("WdfDeviceResumeIdle was called at"), std::string::npos) << report.explanation;
    // The table row reports the driver's call site: this test, not the framework.
    EXPECT_EQ(ModuleOf(report.callSite), ModuleOf(reinterpret_cast<const void *>(&LinkedD0Entry)));
}

// Calls a DDI with a handle that names no object, from code outside the framework.
__attribute__((noinline)) void DeleteStaleHandle() {
    WdfObjectDelete(reinterpret_cast<WDFOBJECT>(static_cast<std::uintptr_t>(0x7770)));
}

TEST_F(DeviceCallbackRules, InvalidHandleReportNamesTheDriversCallSite) {
    try {
        DeleteStaleHandle();
        ADD_FAILURE() << "WdfObjectDelete with an invalid handle returned";
    } catch (const kwmi::nt::BugCheckException &) {
    }
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0x10Du);
    EXPECT_EQ(report.parameters[0], 0x5u);  // WDF_INVALID_HANDLE
    EXPECT_EQ(report.rule, "WDF_VIOLATION/INVALID_HANDLE");
    ASSERT_NE(report.callSite, nullptr);
    // The return address into the caller (this test), not a frame of the framework library.
    EXPECT_EQ(ModuleOf(report.callSite), ModuleOf(reinterpret_cast<const void *>(&DeleteStaleHandle)));
    EXPECT_NE(ModuleOf(report.callSite), ModuleOf(reinterpret_cast<const void *>(&WdfObjectDelete)));
    const std::string text = kwmi::nt::FormatBugCheck(report);
    EXPECT_NE(text.find("Call site: " + report.callSiteSymbol + "\n"), std::string::npos) << text;
    EXPECT_FALSE(report.callSiteSymbol.empty());
}

}  // namespace
}  // namespace verifiertest
