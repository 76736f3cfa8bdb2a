// S0 idle power policy: the idle timeout on the kernel clock, WdfDeviceStopIdle/ResumeIdle,
// idle disabled through the framework's IdleEnable WMI instance, a power-managed queue waking
// the device, and removal while the device idles in Dx.
#include "wdf_test_support.hpp"

#include "wdf/device.hpp"
#include "wdf/handles.hpp"

#include <kwmi/consumer.hpp>

#include <chrono>
#include <cstring>
#include <string>

using namespace wdftest;
using namespace std::chrono_literals;

namespace {

const GUID kPowerDeviceEnable = {0x827c0a6f, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};
constexpr ULONG kIoctl = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS);

// What the device added by AddIdleDevice looks like (set by each test before adding).
struct IdleDeviceConfig {
    bool assignIdleSettings = true;
    ULONG idleTimeoutMs = 100;
    WDF_POWER_POLICY_S0_IDLE_CAPABILITIES caps = IdleCannotWakeFromS0;
    WDF_POWER_POLICY_S0_IDLE_USER_CONTROL userControl = IdleDoNotAllowUserControl;
    bool createQueue = false;
    WDF_TRI_STATE queuePowerManaged = WdfUseDefault;
    WDFDEVICE device = nullptr;
};
IdleDeviceConfig &Config() {
    static IdleDeviceConfig config;
    return config;
}

std::string StateName(WDF_POWER_DEVICE_STATE state) {
    return state == WdfPowerDeviceD3Final ? "D3Final" : "D" + std::to_string(static_cast<int>(state) - 1);
}
NTSTATUS D0Entry(WDFDEVICE, WDF_POWER_DEVICE_STATE previous) {
    Record("D0Entry(" + StateName(previous) + ")");
    return STATUS_SUCCESS;
}
NTSTATUS D0Exit(WDFDEVICE, WDF_POWER_DEVICE_STATE target) {
    Record("D0Exit(" + StateName(target) + ")");
    return STATUS_SUCCESS;
}
NTSTATUS IoSuspend(WDFDEVICE) {
    Record("SelfManagedIoSuspend");
    return STATUS_SUCCESS;
}
NTSTATUS IoRestart(WDFDEVICE) {
    Record("SelfManagedIoRestart");
    return STATUS_SUCCESS;
}
NTSTATUS IoInit(WDFDEVICE) { return STATUS_SUCCESS; }
NTSTATUS Release(WDFDEVICE, WDFCMRESLIST) {
    Record("ReleaseHardware");
    return STATUS_SUCCESS;
}
NTSTATUS ArmWake(WDFDEVICE) {
    Record("ArmWakeFromS0");
    return STATUS_SUCCESS;
}
VOID DisarmWake(WDFDEVICE) { Record("DisarmWakeFromS0"); }
VOID IoDeviceControl(WDFQUEUE, WDFREQUEST request, size_t, size_t, ULONG) {
    Record("IoDeviceControl");
    WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, 0);
}

NTSTATUS AddIdleDevice(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = D0Entry;
    pnp.EvtDeviceD0Exit = D0Exit;
    pnp.EvtDeviceSelfManagedIoInit = IoInit;
    pnp.EvtDeviceSelfManagedIoSuspend = IoSuspend;
    pnp.EvtDeviceSelfManagedIoRestart = IoRestart;
    pnp.EvtDeviceReleaseHardware = Release;
    WdfDeviceInitSetPnpPowerEventCallbacks(init, &pnp);
    WDF_POWER_POLICY_EVENT_CALLBACKS policy;
    WDF_POWER_POLICY_EVENT_CALLBACKS_INIT(&policy);
    policy.EvtDeviceArmWakeFromS0 = ArmWake;
    policy.EvtDeviceDisarmWakeFromS0 = DisarmWake;
    WdfDeviceInitSetPowerPolicyEventCallbacks(init, &policy);
    WDFDEVICE device = nullptr;
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) return status;
    Config().device = device;
    if (Config().createQueue) {
        WDF_IO_QUEUE_CONFIG queue;
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queue, WdfIoQueueDispatchParallel);
        queue.EvtIoDeviceControl = IoDeviceControl;
        queue.PowerManaged = Config().queuePowerManaged;
        status = WdfIoQueueCreate(device, &queue, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
        if (!NT_SUCCESS(status)) return status;
    }
    if (Config().assignIdleSettings) {
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, Config().caps);
        idle.IdleTimeout = Config().idleTimeoutMs;
        idle.UserControlOfIdleSettings = Config().userControl;
        status = WdfDeviceAssignS0IdleSettings(device, &idle);
    }
    return status;
}

class WdfPowerIdle : public WdfTest {
protected:
    WdfPowerIdle() {
        Config() = IdleDeviceConfig{};
        OnDeviceAdd() = AddIdleDevice;
    }
    // Adds and starts the device; clears the recorded events.
    void AddAndStart() {
        NTSTATUS status = STATUS_UNSUCCESSFUL;
        index = AddDevice(&status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
        kernel.RunUntilIdle();
        ASSERT_EQ(host.PowerState(index), WdfPowerDeviceD0);
        Events().clear();
    }
    void IdleOut() {
        kernel.AdvanceTime(std::chrono::milliseconds(Config().idleTimeoutMs));
        ASSERT_EQ(host.PowerState(index), WdfPowerDeviceD3);
        Events().clear();
    }
    WDFDEVICE Dev() const { return Config().device; }
    std::size_t index = 0;
};

TEST_F(WdfPowerIdle, IdleTimeoutOnTheKernelClockEntersD3) {
    AddAndStart();
    kernel.AdvanceTime(99ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    EXPECT_TRUE(Events().empty());
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
    EXPECT_EQ(Events(), (std::vector<std::string>{"SelfManagedIoSuspend@0", "D0Exit(D3)@0"}));
    const auto log = host.PnpLog(index);
    ASSERT_GE(log.size(), 3u);
    EXPECT_EQ(std::vector<std::string>(log.end() - 3, log.end()),
              (std::vector<std::string>{"IdleD0ToD3", "EvtDeviceSelfManagedIoSuspend", "EvtDeviceD0Exit"}));
    kernel.AdvanceTime(10s);  // stays in Dx, no second power-down
    EXPECT_EQ(Events().size(), 2u);
}

TEST_F(WdfPowerIdle, DefaultIdleTimeoutIsFiveSeconds) {
    Config().idleTimeoutMs = IdleTimeoutDefaultValue;
    AddAndStart();
    kernel.AdvanceTime(4999ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, WithoutS0IdleSettingsTheDeviceStaysInD0) {
    Config().assignIdleSettings = false;
    AddAndStart();
    kernel.AdvanceTime(60s);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    EXPECT_TRUE(Events().empty());
}

TEST_F(WdfPowerIdle, CanWakeFromS0ArmsForWakeAndDisarmsOnReturn) {
    Config().caps = IdleCanWakeFromS0;  // DxState PowerDeviceMaximum, no DeviceWake reported: D3
    AddAndStart();
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(Events(), (std::vector<std::string>{"SelfManagedIoSuspend@0", "ArmWakeFromS0@0", "D0Exit(D3)@0"}));
    Events().clear();
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), TRUE), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"D0Entry(D3)@0", "DisarmWakeFromS0@0", "SelfManagedIoRestart@0"}));
    WdfDeviceResumeIdle(Dev());
}

TEST_F(WdfPowerIdle, InvalidDxStateIsRejected) {
    Config().assignIdleSettings = false;
    AddAndStart();
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
    idle.DxState = PowerDeviceD0;
    EXPECT_EQ(WdfDeviceAssignS0IdleSettings(Dev(), &idle), STATUS_INVALID_PARAMETER);
    idle.DxState = PowerDeviceD2;
    idle.IdleTimeout = 10;
    EXPECT_EQ(WdfDeviceAssignS0IdleSettings(Dev(), &idle), STATUS_SUCCESS);
    kernel.AdvanceTime(10ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD2);
    EXPECT_EQ(Events(), (std::vector<std::string>{"SelfManagedIoSuspend@0", "D0Exit(D2)@0"}));
}

TEST_F(WdfPowerIdle, StopIdleWaitingBringsTheDeviceBackAndHoldsD0UntilResume) {
    AddAndStart();
    IdleOut();
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), TRUE), STATUS_SUCCESS);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    EXPECT_EQ(Events(), (std::vector<std::string>{"D0Entry(D3)@0", "SelfManagedIoRestart@0"}));
    EXPECT_EQ(host.PnpLog(index).at(host.PnpLog(index).size() - 3), "IdleD3ToD0");
    kernel.AdvanceTime(10s);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);  // the reference blocks idling
    // A second reference in D0 succeeds at once; the device idles after the last resume.
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), FALSE), STATUS_SUCCESS);
    WdfDeviceResumeIdle(Dev());
    kernel.AdvanceTime(10s);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    WdfDeviceResumeIdle(Dev());
    kernel.AdvanceTime(99ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, StopIdleWithoutWaitReturnsPendingAndPowersUpAsynchronously) {
    AddAndStart();
    IdleOut();
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), FALSE), STATUS_PENDING);
    KeLowerIrql(old);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
    EXPECT_TRUE(Events().empty());
    kernel.RunUntilIdle();
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    EXPECT_EQ(Events(), (std::vector<std::string>{"D0Entry(D3)@0", "SelfManagedIoRestart@0"}));
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    WdfDeviceResumeIdle(Dev());
    KeLowerIrql(old);
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, StopIdleChecksIrqlAndPowerPolicyOwnership) {
    AddAndStart();
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), TRUE), STATUS_INVALID_DEVICE_REQUEST);  // waiting needs PASSIVE
    KeLowerIrql(old);
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);  // the failed call took no reference
    KeRaiseIrql(HIGH_LEVEL, &old);
    auto report = ExpectBugCheck([&] { (void)WdfDeviceStopIdle(Dev(), FALSE); });
    KeLowerIrql(old);
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91001u);
    EXPECT_EQ(report.rule, "KmdfIrql");
}

TEST_F(WdfPowerIdle, StopIdleOnANonPowerPolicyOwnerFails) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        WdfDeviceInitSetPowerPolicyOwnership(init, FALSE);
        WDFDEVICE device = nullptr;
        NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
        Config().device = device;
        return status;
    };
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    index = AddDevice(&status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), TRUE), STATUS_INVALID_DEVICE_STATE);
    WdfDeviceResumeIdle(Dev());  // ignored
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
}

TEST_F(WdfPowerIdle, StopIdleBeforeStartHoldsTheStartedDeviceInD0) {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    index = AddDevice(&status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3Final);
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), TRUE), STATUS_POWER_STATE_INVALID);  // nothing to wait for yet
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), FALSE), STATUS_PENDING);
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    kernel.AdvanceTime(1s);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    WdfDeviceResumeIdle(Dev());
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, UnbalancedResumeIdleIsIgnored) {
    AddAndStart();
    WdfDeviceResumeIdle(Dev());
    EXPECT_EQ(WdfDeviceStopIdle(Dev(), TRUE), STATUS_SUCCESS);
    kernel.AdvanceTime(1s);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);  // the count did not go negative
    WdfDeviceResumeIdle(Dev());
    kernel.AdvanceTime(100ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, PowerManagedQueueRequestWakesTheDevice) {
    Config().createQueue = true;
    AddAndStart();
    IdleOut();
    std::size_t returned = 0;
    EXPECT_EQ(host.DeviceIoControl(index, kIoctl, nullptr, 0, nullptr, 0, &returned), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"D0Entry(D3)@0", "SelfManagedIoRestart@0", "IoDeviceControl@0"}));
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    // The completed request released its reference: the idle timer restarted from it.
    kernel.AdvanceTime(99ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, NonPowerManagedQueueRequestDoesNotWakeTheDevice) {
    Config().createQueue = true;
    Config().queuePowerManaged = WdfFalse;
    AddAndStart();
    IdleOut();
    EXPECT_EQ(host.DeviceIoControl(index, kIoctl, nullptr, 0, nullptr, 0), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"IoDeviceControl@0"}));
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

TEST_F(WdfPowerIdle, RemovalInDxDoesNotCallD0ExitAgainAndLeaksNothing) {
    AddAndStart();
    IdleOut();
    ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"ReleaseHardware@0"}));
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceInvalid);
    kernel.AdvanceTime(10s);  // no timer or work item outlives the device
    EXPECT_EQ(Events().size(), 1u);
    ExpectCleanUnload();
}

TEST_F(WdfPowerIdle, RemovalInD0PowersDownToD3Final) {
    AddAndStart();
    kernel.AdvanceTime(50ms);
    ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"SelfManagedIoSuspend@0", "D0Exit(D3Final)@0", "ReleaseHardware@0"}));
    kernel.AdvanceTime(1s);  // the armed idle timer was cancelled
    EXPECT_EQ(Events().size(), 3u);
}

// The framework's IdleEnable instance (GUID_POWER_DEVICE_ENABLE) with the real WMI hooks.
class WdfPowerIdleWmi : public WdfPowerIdle {
protected:
    WdfPowerIdleWmi() { kwmi::wdf::SetDeviceWmiHooksFactory(savedFactory); }
    std::u16string InstanceName() {
        kwmi::Reply reply = consumer.QueryAllData(kPowerDeviceEnable);
        EXPECT_EQ(reply.error, static_cast<ULONG>(ERROR_SUCCESS));
        std::vector<kwmi::InstanceView> views;
        EXPECT_TRUE(kwmi::ParseAllDataChain(reply.bytes, views));
        EXPECT_EQ(views.size(), 1u);
        return views.empty() ? std::u16string() : views[0].name;
    }
    kwmi::Consumer consumer;
};

TEST_F(WdfPowerIdleWmi, DisablingIdleThroughTheWmiInstancePowersUpAndKeepsD0) {
    Config().userControl = IdleAllowUserControl;
    AddAndStart();
    const std::u16string name = InstanceName();
    IdleOut();
    const std::uint8_t off = 0;
    ASSERT_EQ(consumer.SetSingleInstance(kPowerDeviceEnable, name, {&off, 1}), static_cast<ULONG>(ERROR_SUCCESS));
    kernel.RunUntilIdle();
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    EXPECT_EQ(Events(), (std::vector<std::string>{"D0Entry(D3)@0", "SelfManagedIoRestart@0"}));
    kernel.AdvanceTime(60s);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    kwmi::Reply reply = consumer.QuerySingleInstance(kPowerDeviceEnable, name);
    ASSERT_EQ(reply.error, static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_GE(reply.bytes.size(), 64u);
    ULONG dataOffset = 0;  // WNODE_SINGLE_INSTANCE.DataBlockOffset
    std::memcpy(&dataOffset, reply.bytes.data() + 56, sizeof dataOffset);
    ASSERT_LT(dataOffset, reply.bytes.size());
    EXPECT_EQ(reply.bytes[dataOffset], 0u);
    // Enabling again restarts the idle timer.
    const std::uint8_t on = 1;
    ASSERT_EQ(consumer.SetSingleInstance(kPowerDeviceEnable, name, {&on, 1}), static_cast<ULONG>(ERROR_SUCCESS));
    kernel.AdvanceTime(99ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD0);
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(host.PowerState(index), WdfPowerDeviceD3);
}

}  // namespace
