// The Kernel object: current slot, components, statistics, drain on destruction, objects.
#include "test_support.hpp"

using kwmi::testing::CaptureBugCheck;

namespace kwmi_nt_tests {

namespace {
class RecordingComponent : public kwmi::nt::KernelComponent {
public:
    explicit RecordingComponent(int* shutdowns) : shutdowns_(shutdowns) {}
    void OnKernelShutdown() override { ++*shutdowns_; }

private:
    int* shutdowns_;
};

void CountRun(PVOID context) { ++*static_cast<int*>(context); }
}  // namespace

TEST(Kernel, CurrentIsSetWhileAliveAndRestoredAfter) {
    EXPECT_EQ(kwmi::nt::Kernel::Current(), nullptr);
    {
        kwmi::nt::Kernel outer;
        EXPECT_EQ(kwmi::nt::Kernel::Current(), &outer);
        EXPECT_EQ(outer.Kind(), kwmi::nt::SchedulerKind::Manual);
        {
            kwmi::nt::Kernel inner;
            EXPECT_EQ(kwmi::nt::Kernel::Current(), &inner);
        }
        EXPECT_EQ(kwmi::nt::Kernel::Current(), &outer);
    }
    EXPECT_EQ(kwmi::nt::Kernel::Current(), nullptr);
}

TEST(Kernel, ComponentSlotAttachFindDetachAndShutdownHook) {
    int shutdowns = 0;
    {
        kwmi::nt::Kernel kernel;
        auto component = std::make_shared<RecordingComponent>(&shutdowns);
        kernel.AttachComponent("wmi", component);
        EXPECT_EQ(kernel.FindComponent("wmi"), component);
        EXPECT_EQ(kernel.Find<RecordingComponent>("wmi"), component);
        EXPECT_EQ(kernel.FindComponent("other"), nullptr);
        kernel.AttachComponent("temp", std::make_shared<RecordingComponent>(&shutdowns));
        kernel.DetachComponent("temp");
        EXPECT_EQ(kernel.FindComponent("temp"), nullptr);
    }
    EXPECT_EQ(shutdowns, 1);  // only the attached one, once
}

TEST(Kernel, DestructionDrainsQueuedWork) {
    int runs = 0;
    WORK_QUEUE_ITEM item;
    {
        kwmi::nt::Kernel kernel;
        ExInitializeWorkItem(&item, CountRun, &runs);
        ExQueueWorkItem(&item, DelayedWorkQueue);
        EXPECT_EQ(runs, 0);
    }
    EXPECT_EQ(runs, 1);
}

TEST(Kernel, StatsCountWorkItemsAndDpcs) {
    kwmi::nt::Kernel kernel;
    int runs = 0;
    WORK_QUEUE_ITEM a, b;
    ExInitializeWorkItem(&a, CountRun, &runs);
    ExInitializeWorkItem(&b, CountRun, &runs);
    ExQueueWorkItem(&a, DelayedWorkQueue);
    ExQueueWorkItem(&b, CriticalWorkQueue);
    EXPECT_EQ(kernel.RunUntilIdle(), 2u);
    EXPECT_EQ(kernel.Stats().workItemsRun, 2u);
    EXPECT_EQ(kernel.Stats().dpcsRun, 0u);
}

TEST(Kernel, DeviceRegistryAndNamedDeviceCollision) {
    kwmi::nt::Kernel kernel;
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"registry");
    ASSERT_NE(driver, nullptr);
    EXPECT_EQ(driver->Type, IO_TYPE_DRIVER);
    EXPECT_EQ(driver->DriverExtension->DriverObject, driver);
    EXPECT_EQ(driver->DriverName.Length, sizeof(u"\\Driver\\registry") - 2);
    UNICODE_STRING name;
    static const WCHAR text[] = L"\\Device\\Kwmi0";
    name.Buffer = const_cast<PWCH>(text);
    name.Length = sizeof(text) - sizeof(WCHAR);
    name.MaximumLength = sizeof(text);
    PDEVICE_OBJECT first = nullptr, second = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 24, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &first), STATUS_SUCCESS);
    EXPECT_EQ(IoCreateDevice(driver, 24, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &second), STATUS_OBJECT_NAME_COLLISION);
    EXPECT_EQ(second, nullptr);
    EXPECT_EQ(driver->DeviceObject, first);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(first->DeviceExtension) % 16, 0u);
    EXPECT_EQ(kernel.Devices().size(), 1u);
    EXPECT_EQ(first->DeviceObjectExtension->DeviceObject, first);
    IoDeleteDevice(first);
    EXPECT_EQ(driver->DeviceObject, nullptr);
    EXPECT_TRUE(kernel.Devices().empty());
    kernel.DeleteDriverObject(driver);
    EXPECT_TRUE(kernel.Drivers().empty());
}

TEST(Kernel, OverDereferencingADeviceIsReferenceByPointer) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"refs");
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    ObReferenceObject(device);
    ObDereferenceObject(device);
    EXPECT_FALSE(capture.Fired());
    const auto report = CaptureBugCheck([&] { ObDereferenceObject(device); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, kwmi::nt::bugcode::kReferenceByPointer);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<std::uintptr_t>(device));
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
}

TEST(Kernel, WdmVersion) {
    EXPECT_TRUE(IoIsWdmVersionAvailable(1, 0x30));
    EXPECT_TRUE(IoIsWdmVersionAvailable(6, 0x00));
    EXPECT_FALSE(IoIsWdmVersionAvailable(7, 0x00));
}

}  // namespace kwmi_nt_tests

namespace kwmi_nt_tests {

TEST(KernelPower, PoSetPowerStateReturnsThePreviousState) {
    kwmi::nt::Kernel kernel;
    PDRIVER_OBJECT driver = kernel.CreateDriverObject(u"power");
    PDEVICE_OBJECT device = nullptr;
    ASSERT_EQ(IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
    POWER_STATE d3;
    d3.DeviceState = PowerDeviceD3;
    EXPECT_EQ(PoSetPowerState(device, DevicePowerState, d3).DeviceState, PowerDeviceD0);
    POWER_STATE d0;
    d0.DeviceState = PowerDeviceD0;
    EXPECT_EQ(PoSetPowerState(device, DevicePowerState, d0).DeviceState, PowerDeviceD3);
    IoDeleteDevice(device);
    kernel.DeleteDriverObject(driver);
}

}  // namespace kwmi_nt_tests
