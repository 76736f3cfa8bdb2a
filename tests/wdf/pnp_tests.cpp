// The simulated PnP/power sequence: KMDF's callback order, the WMI hook points and failures.
#include "wdf_test_support.hpp"

using namespace wdftest;

namespace {

using WdfPnp = WdfTest;

NTSTATUS &FailIn() {
    static NTSTATUS status;
    return status;
}
std::string &FailStep() {
    static std::string step;
    return step;
}
NTSTATUS Step(const char *name) {
    Record(name);
    return FailStep() == name ? FailIn() : STATUS_SUCCESS;
}

NTSTATUS Prepare(WDFDEVICE, WDFCMRESLIST, WDFCMRESLIST) { return Step("PrepareHardware"); }
NTSTATUS Release(WDFDEVICE, WDFCMRESLIST) { return Step("ReleaseHardware"); }
NTSTATUS D0Entry(WDFDEVICE, WDF_POWER_DEVICE_STATE previous) {
    EXPECT_EQ(previous, WdfPowerDeviceD3Final);
    return Step("D0Entry");
}
NTSTATUS D0Exit(WDFDEVICE, WDF_POWER_DEVICE_STATE target) {
    EXPECT_EQ(target, WdfPowerDeviceD3Final);
    return Step("D0Exit");
}
NTSTATUS IoInit(WDFDEVICE) { return Step("SelfManagedIoInit"); }
NTSTATUS IoSuspend(WDFDEVICE) { return Step("SelfManagedIoSuspend"); }
VOID IoFlush(WDFDEVICE) { (void)Step("SelfManagedIoFlush"); }
VOID IoCleanup(WDFDEVICE) { (void)Step("SelfManagedIoCleanup"); }
VOID SurpriseRemoval(WDFDEVICE) { (void)Step("SurpriseRemoval"); }
NTSTATUS QueryRemove(WDFDEVICE) { return Step("QueryRemove"); }
VOID DeviceCleanup(WDFOBJECT) { Record("DeviceCleanup"); }
NTSTATUS KeepIrp(PDEVICE_OBJECT, PIRP, PVOID) { return STATUS_MORE_PROCESSING_REQUIRED; }

NTSTATUS AddDeviceWithAllCallbacks(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = Prepare;
    pnp.EvtDeviceReleaseHardware = Release;
    pnp.EvtDeviceD0Entry = D0Entry;
    pnp.EvtDeviceD0Exit = D0Exit;
    pnp.EvtDeviceSelfManagedIoInit = IoInit;
    pnp.EvtDeviceSelfManagedIoSuspend = IoSuspend;
    pnp.EvtDeviceSelfManagedIoFlush = IoFlush;
    pnp.EvtDeviceSelfManagedIoCleanup = IoCleanup;
    pnp.EvtDeviceSurpriseRemoval = SurpriseRemoval;
    pnp.EvtDeviceQueryRemove = QueryRemove;
    WdfDeviceInitSetPnpPowerEventCallbacks(init, &pnp);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = DeviceCleanup;
    WDFDEVICE device;
    return WdfDeviceCreate(&init, &attributes, &device);
}

class WdfPnpOrder : public WdfTest {
protected:
    void SetUp() override {
        FailStep().clear();
        FailIn() = STATUS_SUCCESS;
        OnDeviceAdd() = AddDeviceWithAllCallbacks;
        NTSTATUS status = STATUS_UNSUCCESSFUL;
        index = AddDevice(&status);
        ASSERT_EQ(status, STATUS_SUCCESS);
    }
    std::size_t index = 0;
};

TEST_F(WdfPnpOrder, StartThenGracefulRemoveRunInKmdfOrderAtPassive) {
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"PrepareHardware@0", "D0Entry@0", "SelfManagedIoInit@0"}));
    EXPECT_EQ(FakeHooks().registers, 1);
    EXPECT_EQ(host.PnpLog(index), (std::vector<std::string>{"EvtDevicePrepareHardware", "EvtDeviceD0Entry",
                                                            "EvtDeviceSelfManagedIoInit", "WmiRegister"}));
    Events().clear();
    ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"QueryRemove@0", "SelfManagedIoSuspend@0", "D0Exit@0",
                                                  "ReleaseHardware@0", "SelfManagedIoFlush@0",
                                                  "SelfManagedIoCleanup@0", "DeviceCleanup@0"}));
    const std::vector<std::string> log = host.PnpLog(index);
    const std::vector<std::string> tail(log.begin() + 4, log.end());
    EXPECT_EQ(tail, (std::vector<std::string>{"EvtDeviceQueryRemove", "EvtDeviceSelfManagedIoSuspend",
                                              "EvtDeviceD0Exit", "EvtDeviceReleaseHardware", "WmiDeregister",
                                              "EvtDeviceSelfManagedIoFlush", "EvtDeviceSelfManagedIoCleanup",
                                              "WmiCleanup", "Dispose"}));
    EXPECT_EQ(FakeHooks().deregisters, 1);
    EXPECT_EQ(FakeHooks().cleanups, 1);
    EXPECT_EQ(FakeHooks().disposes, 1);
    EXPECT_EQ(host.State(index), kwmi::host::DeviceState::Removed);
}

TEST_F(WdfPnpOrder, SurpriseRemoveThenRemove) {
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    Events().clear();
    host.SurpriseRemoveDevice(index);
    EXPECT_EQ(Events(), (std::vector<std::string>{"SurpriseRemoval@0", "SelfManagedIoSuspend@0", "D0Exit@0",
                                                  "ReleaseHardware@0", "SelfManagedIoFlush@0"}));
    EXPECT_EQ(FakeHooks().deregisters, 1);
    EXPECT_EQ(FakeHooks().cleanups, 0);
    Events().clear();
    ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"SelfManagedIoCleanup@0", "DeviceCleanup@0"}));
    EXPECT_EQ(FakeHooks().deregisters, 1);
    EXPECT_EQ(FakeHooks().cleanups, 1);
}

TEST_F(WdfPnpOrder, D0EntryFailureUnwindsAndDeregisters) {
    FailStep() = "D0Entry";
    FailIn() = STATUS_DEVICE_NOT_READY;
    EXPECT_EQ(host.StartDevice(index), STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(Events(), (std::vector<std::string>{"PrepareHardware@0", "D0Entry@0", "ReleaseHardware@0"}));
    EXPECT_EQ(FakeHooks().registers, 0);
    EXPECT_EQ(FakeHooks().deregisters, 1);
    EXPECT_EQ(host.State(index), kwmi::host::DeviceState::StartFailed);
    Events().clear();
    ASSERT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"DeviceCleanup@0"}));
}

TEST_F(WdfPnpOrder, WmiRegisterFailureFailsTheStart) {
    FakeHooks().registerStatus = STATUS_INSUFFICIENT_RESOURCES;
    EXPECT_EQ(host.StartDevice(index), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(Events(), (std::vector<std::string>{"PrepareHardware@0", "D0Entry@0", "SelfManagedIoInit@0",
                                                  "SelfManagedIoSuspend@0", "D0Exit@0", "ReleaseHardware@0"}));
    EXPECT_EQ(FakeHooks().deregisters, 1);
}

TEST_F(WdfPnpOrder, QueryRemoveFailureVetoesTheRemove) {
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    FailStep() = "QueryRemove";
    FailIn() = STATUS_UNSUCCESSFUL;
    EXPECT_EQ(host.RemoveDevice(index), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(host.State(index), kwmi::host::DeviceState::Started);
    EXPECT_EQ(FakeHooks().deregisters, 0);
    FailStep().clear();
}

TEST_F(WdfPnp, DeviceWithoutCallbacksStartsAndRegisters) {
    std::size_t index = AddDevice();
    EXPECT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(FakeHooks().registers, 1);
    EXPECT_EQ(host.StartDevice(index), STATUS_INVALID_DEVICE_STATE);  // already started
    EXPECT_EQ(host.RemoveDevice(index), STATUS_SUCCESS);
}

TEST_F(WdfPnp, SystemControlIrpReachesTheHooksAndIsForwarded) {
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    PDEVICE_OBJECT deviceObject = host.DeviceObject(index);
    PIRP irp = IoAllocateIrp(static_cast<CCHAR>(deviceObject->StackSize), FALSE);
    ASSERT_NE(irp, nullptr);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    next->MinorFunction = 0x00;  // IRP_MN_QUERY_ALL_DATA
    IoSetCompletionRoutine(irp, KeepIrp, nullptr, TRUE, TRUE, TRUE);
    const NTSTATUS status = IoCallDriver(deviceObject, irp);
    EXPECT_EQ(status, STATUS_NOT_SUPPORTED);  // the PDO completes it unchanged
    EXPECT_EQ(FakeHooks().systemControlIrps, 1);
    IoFreeIrp(irp);
}

}  // namespace
