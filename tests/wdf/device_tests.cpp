// Driver and device: WdfDriverCreate/WdfDeviceCreate, the WDM views, the MOF resource name
// rules (kmdf-wmi-semantics.md §2.7), control devices and power-policy settings.
#include "wdf_test_support.hpp"

#include "wdf/device.hpp"
#include "wdf/handles.hpp"

#include <cstring>

using namespace wdftest;

namespace {

using WdfDriverTests = WdfTest;
using WdfDeviceTests = WdfTest;
using WdfMofName = WdfTest;
using WdfControlDevice = WdfTest;
using WdfPowerPolicy = WdfTest;

UNICODE_STRING Counted(const wchar_t *text) {
    UNICODE_STRING s;
    s.Buffer = const_cast<PWCH>(text);
    s.Length = 0;
    while (text[s.Length / 2] != 0) s.Length += 2;
    s.MaximumLength = static_cast<USHORT>(s.Length + 2);
    return s;
}

TEST_F(WdfDriverTests, DriverHandleViewsAndRegistryPath) {
    WDFDRIVER driverHandle = Driver();
    ASSERT_NE(driverHandle, nullptr);
    EXPECT_EQ(WdfDriverWdmGetDriverObject(driverHandle), host.Driver(driver).driverObject);
    EXPECT_EQ(WdfWdmDriverGetWdfDriverHandle(host.Driver(driver).driverObject), driverHandle);
    EXPECT_EQ(WdfGetDriver(), driverHandle);
    const std::u16string path(reinterpret_cast<const char16_t *>(WdfDriverGetRegistryPath(driverHandle)));
    EXPECT_EQ(path, u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\wdftest");
}

TEST_F(WdfDriverTests, ConfigSizeMismatchFails) {
    PDRIVER_OBJECT other = kernel.CreateDriverObject(u"\\Driver\\other");
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, nullptr);
    config.Size = sizeof(config) - 4;
    UNICODE_STRING path = Counted(L"\\Registry\\Machine\\x");
    EXPECT_EQ(WdfDriverCreate(other, &path, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE),
              STATUS_INFO_LENGTH_MISMATCH);
    kernel.DeleteDriverObject(other);
}

TEST_F(WdfDeviceTests, DeviceObjectIsAttachedOverThePdo) {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    std::size_t index = AddDevice(&status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    WDFDEVICE device = Device(index);
    PDEVICE_OBJECT deviceObject = WdfDeviceWdmGetDeviceObject(device);
    ASSERT_NE(deviceObject, nullptr);
    EXPECT_EQ(WdfDeviceWdmGetPhysicalDevice(device), host.Pdo(index));
    EXPECT_EQ(WdfDeviceWdmGetAttachedDevice(device), host.Pdo(index));
    EXPECT_EQ(host.Pdo(index)->AttachedDevice, deviceObject);
    EXPECT_EQ(WdfDeviceGetDriver(device), Driver());
    EXPECT_EQ(deviceObject->Flags & DO_DEVICE_INITIALIZING, 0u);
    auto *internal = kwmi::wdf::Device::FromDeviceObject(deviceObject);
    ASSERT_NE(internal, nullptr);
    EXPECT_TRUE(internal->IsPowerPolicyOwner());
    EXPECT_FALSE(internal->IsControlDevice());
    EXPECT_NE(internal->WmiHooks(), nullptr);
}

TEST_F(WdfDeviceTests, DeviceContextAndCreateSetsInitToNull) {
    struct DEV_CTX {
        ULONG Value;
    };
    static WDF_OBJECT_CONTEXT_TYPE_INFO info = {sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO), "DEV_CTX", sizeof(DEV_CTX),
                                                &info, nullptr};
    static PWDFDEVICE_INIT seenAfterCreate;
    seenAfterCreate = reinterpret_cast<PWDFDEVICE_INIT>(1);
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        WDF_OBJECT_ATTRIBUTES attributes;
        WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
        attributes.ContextTypeInfo = &info;
        WDFDEVICE device;
        NTSTATUS status = WdfDeviceCreate(&init, &attributes, &device);
        seenAfterCreate = init;
        static_cast<DEV_CTX *>(WdfObjectGetTypedContextWorker(device, &info))->Value = 5;
        return status;
    };
    WDFDEVICE device = AddPlainDevice();
    EXPECT_EQ(seenAfterCreate, nullptr);
    EXPECT_EQ(static_cast<DEV_CTX *>(WdfObjectGetTypedContextWorker(device, &info))->Value, 5u);
}

TEST_F(WdfDeviceTests, ParentObjectInDeviceAttributesIsRejected) {
    static NTSTATUS seen;
    OnDeviceAdd() = [](WDFDRIVER driverHandle, PWDFDEVICE_INIT init) {
        WDF_OBJECT_ATTRIBUTES attributes;
        WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
        attributes.ParentObject = driverHandle;
        WDFDEVICE device;
        seen = WdfDeviceCreate(&init, &attributes, &device);
        return seen;
    };
    NTSTATUS status = STATUS_SUCCESS;
    (void)AddDevice(&status);
    EXPECT_EQ(seen, STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);
    EXPECT_EQ(status, STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);
}

TEST_F(WdfDeviceTests, DeletingAPnpDeviceIsIgnored) {
    WDFDEVICE device = AddPlainDevice();
    WdfObjectDelete(device);  // only PnP removal deletes a PnP device
    EXPECT_NE(WdfDeviceWdmGetDeviceObject(device), nullptr);
}

TEST_F(WdfMofName, AssignedOnceWithValidation) {
    WDFDEVICE device = AddPlainDevice();
    auto *internal = kwmi::wdf::Device::FromDeviceObject(WdfDeviceWdmGetDeviceObject(device));
    EXPECT_EQ(internal->MofResourceName(), nullptr);

    UNICODE_STRING odd = Counted(L"Abc");
    odd.Length = 3;
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &odd), STATUS_INVALID_PARAMETER);
    UNICODE_STRING oddMax = Counted(L"Abc");
    oddMax.MaximumLength = 7;
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &oddMax), STATUS_INVALID_PARAMETER);
    UNICODE_STRING noBuffer = {0, 4, nullptr};
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &noBuffer), STATUS_INVALID_PARAMETER);
    UNICODE_STRING tooLong = Counted(L"Abc");
    tooLong.Length = 8;
    tooLong.MaximumLength = 6;
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &tooLong), STATUS_INVALID_PARAMETER);

    UNICODE_STRING name = Counted(L"MofResource");
    ASSERT_EQ(WdfDeviceAssignMofResourceName(device, &name), STATUS_SUCCESS);
    const UNICODE_STRING *stored = internal->MofResourceName();
    ASSERT_NE(stored, nullptr);
    EXPECT_NE(stored->Buffer, name.Buffer);  // a deep copy
    EXPECT_EQ(stored->Length, name.Length);
    EXPECT_EQ(std::memcmp(stored->Buffer, name.Buffer, name.Length), 0);
    EXPECT_EQ(stored->Buffer[stored->Length / 2], 0);  // NUL-terminated

    UNICODE_STRING second = Counted(L"Other");
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &second), STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(WdfMofName, EmptyNameCountsAsAssigned) {
    WDFDEVICE device = AddPlainDevice();
    UNICODE_STRING empty = {0, 0, nullptr};
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &empty), STATUS_SUCCESS);
    UNICODE_STRING name = Counted(L"Late");
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &name), STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(WdfMofName, NullNameBugChecksAndDispatchLevelFailsWithVerifier) {
    WDFDEVICE device = AddPlainDevice();
    auto report = ExpectBugCheck([&] { (void)WdfDeviceAssignMofResourceName(device, nullptr); });
    EXPECT_EQ(report.parameters[0], 0x4u);
    UNICODE_STRING name = Counted(L"Mof");
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    const NTSTATUS status = WdfDeviceAssignMofResourceName(device, &name);
    KeLowerIrql(old);
    EXPECT_EQ(status, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &name), STATUS_SUCCESS);  // nothing was stored
}

TEST_F(WdfControlDevice, FinishInitializingRegistersAndDeleteDeregisters) {
    UNICODE_STRING sddl = Counted(L"D:P(A;;GA;;;SY)");
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver(), &sddl);
    ASSERT_NE(init, nullptr);
    UNICODE_STRING name = Counted(L"\\Device\\KwmiControlTest");
    ASSERT_EQ(WdfDeviceInitAssignName(init, &name), STATUS_SUCCESS);
    WDFDEVICE device = nullptr;
    ASSERT_EQ(WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device), STATUS_SUCCESS);
    EXPECT_EQ(init, nullptr);
    PDEVICE_OBJECT deviceObject = WdfDeviceWdmGetDeviceObject(device);
    auto *internal = kwmi::wdf::Device::FromDeviceObject(deviceObject);
    ASSERT_NE(internal, nullptr);
    EXPECT_TRUE(internal->IsControlDevice());
    EXPECT_FALSE(internal->IsPowerPolicyOwner());
    EXPECT_NE(deviceObject->Flags & DO_DEVICE_INITIALIZING, 0u);
    EXPECT_EQ(FakeHooks().registers, 0);
    WdfControlFinishInitializing(device);
    EXPECT_EQ(deviceObject->Flags & DO_DEVICE_INITIALIZING, 0u);
    EXPECT_EQ(FakeHooks().registers, 1);
    WdfObjectDelete(device);
    EXPECT_EQ(FakeHooks().deregisters, 1);
    EXPECT_EQ(FakeHooks().disposes, 1);
    EXPECT_EQ(kwmi::wdf::Device::FromDeviceObject(deviceObject), nullptr);
}

TEST_F(WdfControlDevice, UnusedInitIsFreedByTheDriver) {
    UNICODE_STRING sddl = Counted(L"D:P");
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver(), &sddl);
    ASSERT_NE(init, nullptr);
    WdfDeviceInitFree(init);  // no leak, no crash (ASan checks)
}

TEST_F(WdfPowerPolicy, IdleSettingsReachTheWmiHooksOnAPowerPolicyOwner) {
    WDFDEVICE device = AddPlainDevice();
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
    EXPECT_EQ(idle.UserControlOfIdleSettings, IdleAllowUserControl);
    EXPECT_EQ(idle.DxState, PowerDeviceD3);
    FakeHooks().powerPolicyStatus = STATUS_WMI_GUID_DISCONNECTED;
    EXPECT_EQ(WdfDeviceAssignS0IdleSettings(device, &idle), STATUS_WMI_GUID_DISCONNECTED);
    idle.Size = 4;
    EXPECT_EQ(WdfDeviceAssignS0IdleSettings(device, &idle), STATUS_INFO_LENGTH_MISMATCH);
    WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS wake;
    WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS_INIT(&wake);
    FakeHooks().powerPolicyStatus = STATUS_SUCCESS;
    EXPECT_EQ(WdfDeviceAssignSxWakeSettings(device, &wake), STATUS_SUCCESS);
}

TEST_F(WdfPowerPolicy, FilterIsNotPowerPolicyOwner) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        WdfFdoInitSetFilter(init);
        WDFDEVICE device;
        return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    };
    WDFDEVICE device = AddPlainDevice();
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCanWakeFromS0);
    EXPECT_EQ(WdfDeviceAssignS0IdleSettings(device, &idle), STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(WdfDeviceTests, InitStructuresHaveTheirDocumentedDefaults) {
    WDF_DEVICE_PNP_CAPABILITIES caps;
    WDF_DEVICE_PNP_CAPABILITIES_INIT(&caps);
    EXPECT_EQ(caps.Size, 48u);
    EXPECT_EQ(caps.Removable, WdfUseDefault);
    EXPECT_EQ(caps.Address, 0xFFFFFFFFu);
    WDF_TIMER_CONFIG timer;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timer, nullptr, 250);
    EXPECT_EQ(timer.Period, 250u);
    EXPECT_TRUE(timer.AutomaticSerialization);
    EXPECT_EQ(timer.TolerableDelay, 0u);
    EXPECT_EQ(WDF_REL_TIMEOUT_IN_MS(3), -30000);
    EXPECT_EQ(WDF_REL_TIMEOUT_IN_SEC(1), -10000000);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    EXPECT_EQ(attributes.ExecutionLevel, WdfExecutionLevelInheritFromParent);
    EXPECT_EQ(attributes.SynchronizationScope, WdfSynchronizationScopeInheritFromParent);
    WDF_IO_QUEUE_CONFIG queue;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queue, WdfIoQueueDispatchParallel);
    EXPECT_TRUE(queue.DefaultQueue);
    EXPECT_EQ(queue.Settings.Parallel.NumberOfPresentedRequests, 0xFFFFFFFFu);
}

}  // namespace
