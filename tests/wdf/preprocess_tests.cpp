// WdfDeviceInitAssignWdmIrpPreprocessCallback: which IRPs the driver's WDM preprocess callback
// sees (its major function, and only the listed minor functions when it lists any), and
// WdfDeviceWdmDispatchPreprocessedIrp handing an IRP back to the framework.
#include "wdf_test_support.hpp"

using namespace wdftest;

namespace {


std::vector<std::pair<UCHAR, UCHAR>> &Seen() {  // (major, minor) the callback saw
    static std::vector<std::pair<UCHAR, UCHAR>> seen;
    return seen;
}

// Records the IRP and hands it back to the framework, as drivers do.
NTSTATUS PassOn(WDFDEVICE device, PIRP irp) {
    const PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    Seen().emplace_back(stack->MajorFunction, stack->MinorFunction);
    IoSkipCurrentIrpStackLocation(irp);
    return WdfDeviceWdmDispatchPreprocessedIrp(device, irp);
}

// Completes the IRP itself: the framework never sees it.
NTSTATUS Deny(WDFDEVICE, PIRP irp) {
    const PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    Seen().emplace_back(stack->MajorFunction, stack->MinorFunction);
    irp->IoStatus.Status = STATUS_ACCESS_DENIED;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_ACCESS_DENIED;
}

NTSTATUS KeepIrp(PDEVICE_OBJECT, PIRP, PVOID) { return STATUS_MORE_PROCESSING_REQUIRED; }

NTSTATUS SendSystemControl(PDEVICE_OBJECT deviceObject, UCHAR minor) {
    PIRP irp = IoAllocateIrp(static_cast<CCHAR>(deviceObject->StackSize), FALSE);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    next->MinorFunction = minor;
    IoSetCompletionRoutine(irp, KeepIrp, nullptr, TRUE, TRUE, TRUE);
    const NTSTATUS status = IoCallDriver(deviceObject, irp);
    IoFreeIrp(irp);
    return status;
}

NTSTATUS CreateDevice(PWDFDEVICE_INIT init) {
    WDFDEVICE device;
    return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

class WdfPreprocess : public WdfTest {
protected:
    WdfPreprocess() { Seen().clear(); }
};

TEST_F(WdfPreprocess, OnlyTheListedMinorFunctionsGoThroughTheCallback) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        UCHAR minors[] = {IRP_MN_QUERY_ALL_DATA, IRP_MN_EXECUTE_METHOD};
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, PassOn, IRP_MJ_SYSTEM_CONTROL, minors, 2),
                  STATUS_SUCCESS);
        return CreateDevice(init);
    };
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    PDEVICE_OBJECT deviceObject = host.DeviceObject(index);
    const int before = FakeHooks().systemControlIrps;
    SendSystemControl(deviceObject, IRP_MN_QUERY_ALL_DATA);
    SendSystemControl(deviceObject, IRP_MN_REGINFO_EX);
    SendSystemControl(deviceObject, IRP_MN_EXECUTE_METHOD);
    using Irp = std::pair<UCHAR, UCHAR>;
    EXPECT_EQ(Seen(), (std::vector<Irp>{{IRP_MJ_SYSTEM_CONTROL, IRP_MN_QUERY_ALL_DATA},
                                        {IRP_MJ_SYSTEM_CONTROL, IRP_MN_EXECUTE_METHOD}}));
    EXPECT_EQ(FakeHooks().systemControlIrps - before, 3);  // every IRP reached the framework
}

TEST_F(WdfPreprocess, NoMinorFunctionListMeansEveryMinorFunction) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, Deny, IRP_MJ_SYSTEM_CONTROL, nullptr, 0),
                  STATUS_SUCCESS);
        return CreateDevice(init);
    };
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    const int before = FakeHooks().systemControlIrps;
    EXPECT_EQ(SendSystemControl(host.DeviceObject(index), IRP_MN_REGINFO_EX), STATUS_ACCESS_DENIED);
    EXPECT_EQ(SendSystemControl(host.DeviceObject(index), IRP_MN_QUERY_SINGLE_INSTANCE), STATUS_ACCESS_DENIED);
    EXPECT_EQ(Seen().size(), 2u);
    EXPECT_EQ(FakeHooks().systemControlIrps, before);  // the callback kept them
}

TEST_F(WdfPreprocess, AMajorsMinorFunctionListIsGivenOnce) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        UCHAR first[] = {IRP_MN_QUERY_ALL_DATA};
        UCHAR second[] = {IRP_MN_REGINFO_EX};
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, PassOn, IRP_MJ_SYSTEM_CONTROL, first, 1),
                  STATUS_SUCCESS);
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, PassOn, IRP_MJ_SYSTEM_CONTROL, second, 1),
                  STATUS_INVALID_DEVICE_REQUEST);
        // Without a list the call only replaces the callback; the first list still applies.
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, Deny, IRP_MJ_SYSTEM_CONTROL, nullptr, 0),
                  STATUS_SUCCESS);
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, Deny, IRP_MJ_MAXIMUM_FUNCTION + 1, nullptr, 0),
                  STATUS_INVALID_PARAMETER);
        // A major the simulator never sends the framework: refused, not silently never called.
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, Deny, IRP_MJ_POWER, nullptr, 0),
                  STATUS_NOT_SUPPORTED);
        return CreateDevice(init);
    };
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(SendSystemControl(host.DeviceObject(index), IRP_MN_QUERY_ALL_DATA), STATUS_ACCESS_DENIED);
    EXPECT_NE(SendSystemControl(host.DeviceObject(index), IRP_MN_REGINFO_EX), STATUS_ACCESS_DENIED);
    EXPECT_EQ(Seen().size(), 1u);
}

TEST_F(WdfPreprocess, DeviceControlIrpsCanBePreprocessedToo) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        EXPECT_EQ(WdfDeviceInitAssignWdmIrpPreprocessCallback(init, PassOn, IRP_MJ_DEVICE_CONTROL, nullptr, 0),
                  STATUS_SUCCESS);
        return CreateDevice(init);
    };
    NTSTATUS added = STATUS_UNSUCCESSFUL;
    std::size_t index = AddDevice(&added);
    ASSERT_EQ(added, STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    // Handed back, the IRP takes the framework's path: no default queue, so it fails.
    EXPECT_EQ(host.DeviceIoControl(index, 0x222000, nullptr, 0, nullptr, 0), STATUS_INVALID_DEVICE_REQUEST);
    using Irp = std::pair<UCHAR, UCHAR>;
    EXPECT_EQ(Seen(), (std::vector<Irp>{{IRP_MJ_DEVICE_CONTROL, 0}}));
}

TEST_F(WdfPreprocess, MinorFunctionCountWithoutAListIsABugCheck) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        auto report = ExpectBugCheck([&] {
            (void)WdfDeviceInitAssignWdmIrpPreprocessCallback(init, PassOn, IRP_MJ_SYSTEM_CONTROL, nullptr, 1);
        });
        EXPECT_EQ(report.code, 0x10Du);
        EXPECT_EQ(report.parameters[0], 0x4u);  // required parameter is NULL
        return CreateDevice(init);
    };
    AddDevice();
}

}  // namespace
