// IRPs through a two-device stack (C driver in test_driver.c), completion order, pending,
// STATUS_MORE_PROCESSING_REQUIRED, stack-location layout and remove locks.
#include <cstring>
#include <string>

#include "test_driver.h"
#include "test_support.hpp"

using kwmi::testing::CaptureBugCheck;
namespace bugcode = kwmi::nt::bugcode;

namespace kwmi_nt_tests {

namespace {

std::string Log() {
    std::string s;
    for (int i = 0; i < TestLogCount(); ++i) s += TestLogAt(i);
    return s;
}

class Irp : public ManualKernel {
protected:
    void SetUp() override {
        TestLogReset();
        lowerDriver_ = kernel_.CreateDriverObject(u"lowerdrv");
        upperDriver_ = kernel_.CreateDriverObject(u"upperdrv");
        for (auto& dispatch : lowerDriver_->MajorFunction) dispatch = TestLowerDispatch;
        for (auto& dispatch : upperDriver_->MajorFunction) dispatch = TestUpperDispatch;
        ASSERT_EQ(IoCreateDevice(lowerDriver_, sizeof(TEST_STACK_EXTENSION), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                 &lower_),
                  STATUS_SUCCESS);
        ASSERT_EQ(IoCreateDevice(upperDriver_, sizeof(TEST_STACK_EXTENSION), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                 &upper_),
                  STATUS_SUCCESS);
        lowerExt_ = static_cast<PTEST_STACK_EXTENSION>(lower_->DeviceExtension);
        upperExt_ = static_cast<PTEST_STACK_EXTENSION>(upper_->DeviceExtension);
        upperExt_->LowerDevice = IoAttachDeviceToDeviceStack(upper_, lower_);
        upperExt_->UpperCompletionResult = STATUS_SUCCESS;
        lowerExt_->CompleteWith = STATUS_SUCCESS;
    }

    void TearDown() override {
        IoDetachDevice(lower_);
        IoDeleteDevice(upper_);
        IoDeleteDevice(lower_);
        kernel_.DeleteDriverObject(upperDriver_);
        kernel_.DeleteDriverObject(lowerDriver_);
    }

    // A WMI IRP from an originator with its own completion routine on the first location.
    PIRP NewWmiIrp(PDEVICE_OBJECT* originatorSaw) {
        PIRP irp = IoAllocateIrp(static_cast<CCHAR>(upper_->StackSize + 1), FALSE);
        IoSetNextIrpStackLocation(irp);  // the originator's own location
        PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
        next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
        next->MinorFunction = IRP_MN_QUERY_ALL_DATA;
        next->Parameters.WMI.ProviderId = reinterpret_cast<ULONG_PTR>(lower_);
        next->Parameters.WMI.BufferSize = 4096;
        IoSetCompletionRoutine(irp, TestOriginatorCompletion, originatorSaw, TRUE, TRUE, TRUE);
        irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
        return irp;
    }

    PDRIVER_OBJECT lowerDriver_ = nullptr;
    PDRIVER_OBJECT upperDriver_ = nullptr;
    PDEVICE_OBJECT lower_ = nullptr;
    PDEVICE_OBJECT upper_ = nullptr;
    PTEST_STACK_EXTENSION lowerExt_ = nullptr;
    PTEST_STACK_EXTENSION upperExt_ = nullptr;
};

}  // namespace

TEST_F(Irp, AttachBuildsTheStackAndStackSize) {
    EXPECT_EQ(upperExt_->LowerDevice, lower_);
    EXPECT_EQ(lower_->AttachedDevice, upper_);
    EXPECT_EQ(lower_->StackSize, 1);
    EXPECT_EQ(upper_->StackSize, 2);
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(lower_);
    EXPECT_EQ(top, upper_);
    ObDereferenceObject(top);
    PDEVICE_OBJECT below = IoGetLowerDeviceObject(upper_);
    EXPECT_EQ(below, lower_);
    ObDereferenceObject(below);
    EXPECT_EQ(upper_->Flags & DO_DEVICE_INITIALIZING, static_cast<ULONG>(DO_DEVICE_INITIALIZING));
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Irp, CompletionRoutinesRunBottomUpAfterDispatchTopDown) {
    PDEVICE_OBJECT originatorSaw = upper_;
    PIRP irp = NewWmiIrp(&originatorSaw);
    EXPECT_EQ(IoCallDriver(upper_, irp), STATUS_SUCCESS);
    EXPECT_EQ(Log(), "ULCO");
    EXPECT_EQ(upperExt_->SeenCompletionDevice, upper_);  // the routine's own device
    EXPECT_EQ(originatorSaw, nullptr);                   // the originator's location has none
    EXPECT_EQ(irp->IoStatus.Status, STATUS_SUCCESS);
    EXPECT_EQ(irp->IoStatus.Information, 4096u);  // lower driver saw Parameters.WMI.BufferSize
    EXPECT_EQ(upperExt_->SeenDispatchIrql, PASSIVE_LEVEL);
    IoFreeIrp(irp);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Irp, MoreProcessingRequiredStopsCompletionUntilCompletedAgain) {
    upperExt_->UpperCompletionResult = STATUS_MORE_PROCESSING_REQUIRED;
    PDEVICE_OBJECT originatorSaw = upper_;
    PIRP irp = NewWmiIrp(&originatorSaw);
    IoCallDriver(upper_, irp);
    EXPECT_EQ(Log(), "ULC");  // the originator's routine has not run
    EXPECT_EQ(IoGetCurrentIrpStackLocation(irp)->DeviceObject, upper_);  // back at the upper location
    IoCompleteRequest(irp, IO_NO_INCREMENT);  // the upper driver finishes it
    EXPECT_EQ(Log(), "ULCO");
    IoFreeIrp(irp);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Irp, PendingIrpPropagatesPendingReturnedAndCompletesLater) {
    lowerExt_->PendAndCompleteLater = TRUE;
    lowerExt_->CompleteWith = STATUS_DEVICE_BUSY;
    PDEVICE_OBJECT originatorSaw = upper_;
    PIRP irp = NewWmiIrp(&originatorSaw);
    EXPECT_EQ(IoCallDriver(upper_, irp), STATUS_PENDING);
    EXPECT_EQ(Log(), "UL");
    kernel_.RunUntilIdle();  // the lower driver's work item completes it
    EXPECT_EQ(Log(), "ULCO");
    EXPECT_TRUE(upperExt_->SeenPendingReturned);
    EXPECT_EQ(irp->IoStatus.Status, STATUS_DEVICE_BUSY);
    EXPECT_TRUE(irp->PendingReturned);
    IoFreeIrp(irp);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Irp, ErrorStatusInvokesOnErrorRoutines) {
    lowerExt_->CompleteWith = STATUS_INVALID_DEVICE_REQUEST;
    PDEVICE_OBJECT originatorSaw = upper_;
    PIRP irp = NewWmiIrp(&originatorSaw);
    EXPECT_EQ(IoCallDriver(upper_, irp), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(Log(), "ULCO");
    IoFreeIrp(irp);
}

TEST_F(Irp, TooFewStackLocationsIsNoMoreIrpStackLocations) {
    PIRP irp = IoAllocateIrp(1, FALSE);  // the stack needs 2
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    const auto report = CaptureBugCheck([&] { IoCallDriver(upper_, irp); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kNoMoreIrpStackLocations);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uintptr_t>(irp));
    IoFreeIrp(irp);
}

TEST_F(Irp, CompletingTwiceIsMultipleIrpCompleteRequests) {
    PIRP irp = IoAllocateIrp(1, FALSE);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    IoCallDriver(lower_, irp);  // lower completes it
    const auto report = CaptureBugCheck([&] { IoCompleteRequest(irp, IO_NO_INCREMENT); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kMultipleIrpCompleteRequests);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uintptr_t>(irp));
    IoFreeIrp(irp);
}

// The WmiLib-driver bug: WmiCompleteRequest, then IoCompleteRequest again. The sender's
// routine (the WMI service's, on the first location: the IRP has no location of its own) kept
// the IRP with STATUS_MORE_PROCESSING_REQUIRED, so no location is left for anybody to complete.
TEST_F(Irp, CompletingAgainAfterTheSenderKeptItIsMultipleIrpCompleteRequests) {
    PDEVICE_OBJECT senderSaw = upper_;
    PIRP irp = IoAllocateIrp(static_cast<CCHAR>(upper_->StackSize), FALSE);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    IoSetCompletionRoutine(irp, TestOriginatorCompletion, &senderSaw, TRUE, TRUE, TRUE);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    EXPECT_EQ(IoCallDriver(upper_, irp), STATUS_SUCCESS);
    EXPECT_EQ(Log(), "ULCO");
    const auto report = CaptureBugCheck([&] { IoCompleteRequest(irp, IO_NO_INCREMENT); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kMultipleIrpCompleteRequests);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uintptr_t>(irp));
    IoFreeIrp(irp);
}

TEST(IrpDefaults, UnhandledMajorFunctionFailsWithInvalidDeviceRequest) {
    kwmi::nt::Kernel kernel;
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"plain");
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IO_STATUS_BLOCK iosb{};
    PIRP irp = IoBuildSynchronousFsdRequest(IRP_MJ_FLUSH_BUFFERS, device, nullptr, 0, nullptr, &event, &iosb);
    ASSERT_NE(irp, nullptr);
    EXPECT_EQ(IoCallDriver(device, irp), STATUS_INVALID_DEVICE_REQUEST);  // irp freed on completion
    EXPECT_EQ(iosb.Status, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(KeReadStateEvent(&event), 1);
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
}

namespace {
NTSTATUS EchoIoctl(PDEVICE_OBJECT, PIRP irp) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    auto* buffer = static_cast<unsigned char*>(irp->AssociatedIrp.SystemBuffer);
    const ULONG in = stack->Parameters.DeviceIoControl.InputBufferLength;
    for (ULONG i = 0; i < in; ++i) buffer[i] = static_cast<unsigned char>(buffer[i] + 1);
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = in;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
}  // namespace

TEST(IrpBuild, BufferedIoctlRoundTripsThroughTheSystemBuffer) {
    kwmi::nt::Kernel kernel;
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"ioctl");
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EchoIoctl;
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    unsigned char in[3] = {1, 2, 3};
    unsigned char out[3] = {};
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IO_STATUS_BLOCK iosb{};
    const ULONG code = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS);
    PIRP irp = IoBuildDeviceIoControlRequest(code, device, in, 3, out, 3, FALSE, &event, &iosb);
    ASSERT_NE(irp, nullptr);
    EXPECT_EQ(IoCallDriver(device, irp), STATUS_SUCCESS);
    EXPECT_EQ(iosb.Information, 3u);
    EXPECT_EQ(out[0], 2);
    EXPECT_EQ(out[2], 4);
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
}

TEST(IrpLayout, StackLocationCarriesParametersWmiAsDocumented) {
    static_assert(sizeof(IO_STACK_LOCATION) == 0x48);
    static_assert(offsetof(IO_STACK_LOCATION, Parameters.WMI.ProviderId) == 8);
    static_assert(offsetof(IO_STACK_LOCATION, Parameters.WMI.DataPath) == 16);
    static_assert(offsetof(IO_STACK_LOCATION, Parameters.WMI.BufferSize) == 24);
    static_assert(offsetof(IO_STACK_LOCATION, Parameters.WMI.Buffer) == 32);
    static_assert(sizeof(IRP) == 0xD0);
    static_assert(sizeof(DEVICE_OBJECT) == 0x150);
    static_assert(sizeof(DRIVER_OBJECT) == 0x150);
    EXPECT_EQ(IRP_MJ_SYSTEM_CONTROL, 0x17);
    EXPECT_EQ(IRP_MN_REGINFO_EX, 0x0b);
    EXPECT_EQ(IRP_MN_EXECUTE_METHOD, 0x09);
    EXPECT_EQ(IRP_MJ_MAXIMUM_FUNCTION, 0x1b);
    kwmi::nt::Kernel kernel;
    PIRP irp = IoAllocateIrp(3, FALSE);
    EXPECT_EQ(irp->StackCount, 3);
    EXPECT_EQ(irp->CurrentLocation, 4);
    EXPECT_EQ(IoGetNextIrpStackLocation(irp) + 1, IoGetCurrentIrpStackLocation(irp));
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_PNP;
    IoReuseIrp(irp, STATUS_NOT_SUPPORTED);
    EXPECT_EQ(irp->CurrentLocation, 4);
    EXPECT_EQ(irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
    EXPECT_EQ(IoGetNextIrpStackLocation(irp)->MajorFunction, 0);  // reinitialised like a new IRP
    EXPECT_EQ(irp->Size, IoSizeOfIrp(3));
    IoFreeIrp(irp);
}

using RemoveLock = ManualKernel;

namespace {
struct RemoveLockWork {
    PIO_REMOVE_LOCK lock;
    int released = 0;
};
void ReleaseLater(PVOID context) {
    auto* work = static_cast<RemoveLockWork*>(context);
    IoReleaseRemoveLock(work->lock, work);
    work->released++;
}
}  // namespace

TEST_F(RemoveLock, AcquireAfterRemovalFailsWithDeletePending) {
    IO_REMOVE_LOCK lock;
    IoInitializeRemoveLock(&lock, 'kcoL', 0, 0);
    ASSERT_EQ(IoAcquireRemoveLock(&lock, nullptr), STATUS_SUCCESS);
    IoReleaseRemoveLockAndWait(&lock, nullptr);
    EXPECT_EQ(IoAcquireRemoveLock(&lock, nullptr), STATUS_DELETE_PENDING);
}

TEST_F(RemoveLock, ReleaseAndWaitWaitsForOutstandingAcquires) {
    IO_REMOVE_LOCK lock;
    IoInitializeRemoveLock(&lock, 'kcoL', 0, 0);
    RemoveLockWork work{&lock};
    ASSERT_EQ(IoAcquireRemoveLock(&lock, &work), STATUS_SUCCESS);  // held by the queued I/O
    WORK_QUEUE_ITEM item;
    ExInitializeWorkItem(&item, ReleaseLater, &work);
    ExQueueWorkItem(&item, DelayedWorkQueue);
    ASSERT_EQ(IoAcquireRemoveLock(&lock, nullptr), STATUS_SUCCESS);  // the remove path's own
    IoReleaseRemoveLockAndWait(&lock, nullptr);  // runs the pending release before returning
    EXPECT_EQ(work.released, 1);
    EXPECT_EQ(lock.Common.IoCount, 0);
    EXPECT_FALSE(capture_.Fired());
}

}  // namespace kwmi_nt_tests

namespace kwmi_nt_tests {

namespace {
struct CancelState {
    int calls = 0;
    KIRQL irqlInRoutine = 0xFF;
};
CancelState* g_cancelState = nullptr;

void CancelRoutine(PDEVICE_OBJECT, PIRP irp) {
    g_cancelState->calls++;
    g_cancelState->irqlInRoutine = KeGetCurrentIrql();
    IoReleaseCancelSpinLock(irp->CancelIrql);
    irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

NTSTATUS PendForever(PDEVICE_OBJECT, PIRP irp) {
    IoMarkIrpPending(irp);
    IoSetCancelRoutine(irp, CancelRoutine);
    return STATUS_PENDING;
}

NTSTATUS CompleteWithCancelRoutineSet(PDEVICE_OBJECT, PIRP irp) {
    IoSetCancelRoutine(irp, CancelRoutine);
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
}  // namespace

TEST(IrpCancel, CancelIrpCallsTheCancelRoutineWithTheCancelLockHeld) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"cancel");
    driver->MajorFunction[IRP_MJ_READ] = PendForever;
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    CancelState state;
    g_cancelState = &state;
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IO_STATUS_BLOCK iosb{};
    PIRP irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, device, nullptr, 0, nullptr, &event, &iosb);
    EXPECT_EQ(IoCallDriver(device, irp), STATUS_PENDING);
    EXPECT_TRUE(IoCancelIrp(irp));  // the IRP is completed and freed by the routine
    EXPECT_EQ(state.calls, 1);
    EXPECT_EQ(state.irqlInRoutine, DISPATCH_LEVEL);
    EXPECT_EQ(iosb.Status, STATUS_CANCELLED);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_FALSE(capture.Fired());
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
}

TEST(IrpCancel, CompletingWithACancelRoutineSetIsAnIoManagerViolation) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"cancel2");
    driver->MajorFunction[IRP_MJ_READ] = CompleteWithCancelRoutineSet;
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    PIRP irp = IoAllocateIrp(1, FALSE);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_READ;
    const auto report = kwmi::testing::CaptureBugCheck([&] { IoCallDriver(device, irp); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, kwmi::nt::bugcode::kDriverVerifierIomanagerViolation);
    EXPECT_EQ(report->parameters[0], 0x07u);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<std::uintptr_t>(&CancelRoutine));
    EXPECT_EQ(report->parameters[2], reinterpret_cast<std::uintptr_t>(irp));
    IoFreeIrp(irp);
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
}

TEST_F(Irp, ForwardIrpSynchronouslyReturnsWithTheIrpBackAtTheCaller) {
    lowerExt_->PendAndCompleteLater = TRUE;  // the lower driver pends; the forward waits for it
    lowerExt_->CompleteWith = STATUS_SUCCESS;
    PIRP irp = IoAllocateIrp(2, FALSE);
    IoSetNextIrpStackLocation(irp);  // act as the upper driver holding location 2
    PIO_STACK_LOCATION own = IoGetCurrentIrpStackLocation(irp);
    own->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    own->DeviceObject = upper_;
    EXPECT_TRUE(IoForwardIrpSynchronously(lower_, irp));
    EXPECT_EQ(Log(), "L");
    EXPECT_EQ(irp->IoStatus.Status, STATUS_SUCCESS);
    EXPECT_EQ(IoGetCurrentIrpStackLocation(irp), own);  // the caller still owns the IRP
    IoFreeIrp(irp);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(RemoveLock, ReleasingMoreThanAcquiredIsReported) {
    IO_REMOVE_LOCK lock;
    IoInitializeRemoveLock(&lock, 'kcoL', 0, 0);
    ASSERT_EQ(IoAcquireRemoveLock(&lock, nullptr), STATUS_SUCCESS);
    IoReleaseRemoveLock(&lock, nullptr);
    IoReleaseRemoveLock(&lock, nullptr);  // drops the initial bias: not detectable, as on Windows
    EXPECT_FALSE(capture_.Fired());
    int tag = 0;  // any address serves as a tag
    const auto report = CaptureBugCheck([&] { IoReleaseRemoveLock(&lock, &tag); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kDriverVerifierDetectedViolation);
    EXPECT_EQ(report->parameters[0], 0xD5u);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<std::uintptr_t>(&lock));
    EXPECT_EQ(report->parameters[2], reinterpret_cast<std::uintptr_t>(&tag));
    EXPECT_EQ(report->rule, "RemoveLockOverRelease");
}

}  // namespace kwmi_nt_tests
