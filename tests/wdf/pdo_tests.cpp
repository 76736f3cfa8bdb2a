// Bus drivers: static child PDOs, their identity, retention after a remove that does not
// report them missing (restart re-registers) and removal with the bus.
#include "wdf_test_support.hpp"

#include "wdf/device.hpp"

using namespace wdftest;
using kwmi::host::DeviceState;

namespace {

WDFDEVICE &ChildHandle() {
    static WDFDEVICE child;
    return child;
}

NTSTATUS AddBusWithOneChild(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDFDEVICE bus;
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &bus);
    if (!NT_SUCCESS(status)) return status;
    PWDFDEVICE_INIT childInit = WdfPdoInitAllocate(bus);
    if (childInit == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    DECLARE_CONST_UNICODE_STRING(deviceId, L"KWMIBUS\\Child");
    DECLARE_CONST_UNICODE_STRING(instanceId, L"01");
    DECLARE_CONST_UNICODE_STRING(hardwareId, L"KWMIBUS\\Child");
    DECLARE_CONST_UNICODE_STRING(description, L"Child device");
    DECLARE_CONST_UNICODE_STRING(location, L"Slot 1");
    if (!NT_SUCCESS(status = WdfPdoInitAssignDeviceID(childInit, &deviceId)) ||
        !NT_SUCCESS(status = WdfPdoInitAssignInstanceID(childInit, &instanceId)) ||
        !NT_SUCCESS(status = WdfPdoInitAddHardwareID(childInit, &hardwareId)) ||
        !NT_SUCCESS(status = WdfPdoInitAddDeviceText(childInit, &description, &location, 0x409))) {
        WdfDeviceInitFree(childInit);
        return status;
    }
    WdfPdoInitSetDefaultLocale(childInit, 0x409);
    status = WdfDeviceCreate(&childInit, WDF_NO_OBJECT_ATTRIBUTES, &ChildHandle());
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(childInit);
        return status;
    }
    return WdfFdoAddStaticChild(bus, ChildHandle());
}

class WdfBus : public WdfTest {
protected:
    void SetUp() override {
        OnDeviceAdd() = AddBusWithOneChild;
        NTSTATUS status = STATUS_UNSUCCESSFUL;
        bus = AddDevice(&status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_EQ(host.StartDevice(bus), STATUS_SUCCESS);
        auto children = host.EnumerateChildren(bus);
        ASSERT_EQ(children.size(), 1u);
        child = children[0];
    }
    std::size_t bus = 0;
    std::size_t child = 0;
};

TEST_F(WdfBus, ChildPdoHasItsIdentityAndParent) {
    EXPECT_EQ(host.WdfDevice(child), ChildHandle());
    EXPECT_EQ(WdfPdoGetParent(ChildHandle()), Device(bus));
    PDEVICE_OBJECT pdo = WdfDeviceWdmGetDeviceObject(ChildHandle());
    EXPECT_EQ(WdfDeviceWdmGetPhysicalDevice(ChildHandle()), pdo);
    EXPECT_EQ(WdfDeviceWdmGetAttachedDevice(ChildHandle()), nullptr);
    auto *internal = kwmi::wdf::Device::FromDeviceObject(pdo);
    ASSERT_NE(internal, nullptr);
    EXPECT_TRUE(internal->IsPdo());
    EXPECT_FALSE(internal->IsPowerPolicyOwner());
    EXPECT_EQ(internal->ParentDevice(), Framework(Device(bus)));
    char16_t text[64] = {};
    ULONG length = 0;
    ASSERT_EQ(WdfDeviceQueryProperty(ChildHandle(), DevicePropertyDeviceDescription, sizeof text, text, &length),
              STATUS_SUCCESS);
    EXPECT_EQ(std::u16string(text), u"Child device");
    ASSERT_EQ(WdfDeviceQueryProperty(ChildHandle(), DevicePropertyEnumeratorName, sizeof text, text, &length),
              STATUS_SUCCESS);
    EXPECT_EQ(std::u16string(text), u"KWMIBUS");
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());  // already reported
}

TEST_F(WdfBus, RemovedButNotMissingPdoIsKeptAndRestartReregisters) {
    ASSERT_EQ(host.StartDevice(child), STATUS_SUCCESS);
    EXPECT_EQ(FakeHooks().registers, 2);  // bus and child
    ASSERT_EQ(host.RemoveDevice(child), STATUS_SUCCESS);
    EXPECT_EQ(host.State(child), DeviceState::Added);
    EXPECT_EQ(FakeHooks().deregisters, 1);
    EXPECT_EQ(FakeHooks().cleanups, 0);  // providers and instances survive
    EXPECT_EQ(host.WdfDevice(child), ChildHandle());
    ASSERT_EQ(host.StartDevice(child), STATUS_SUCCESS);
    EXPECT_EQ(FakeHooks().registers, 3);
    const auto log = host.PnpLog(child);
    EXPECT_EQ(log, (std::vector<std::string>{"WmiRegister", "WmiDeregister", "Retained", "WmiResetForRestart",
                                             "WmiRegister"}));
}

TEST_F(WdfBus, MissingPdoIsRemovedAtTheNextEnumeration) {
    ASSERT_EQ(host.StartDevice(child), STATUS_SUCCESS);
    EXPECT_EQ(WdfPdoMarkMissing(ChildHandle()), STATUS_SUCCESS);
    EXPECT_EQ(WdfPdoMarkMissing(ChildHandle()), STATUS_NO_SUCH_DEVICE);
    EXPECT_EQ(WdfPdoMarkMissing(Device(bus)), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(host.State(child), DeviceState::Removed);
    EXPECT_EQ(FakeHooks().cleanups, 1);
    auto report = ExpectBugCheck([] { (void)WdfPdoGetParent(ChildHandle()); });
    EXPECT_EQ(report.parameters[0], 0x5u);
}

TEST_F(WdfBus, RemovingTheBusRemovesItsChildrenFirst) {
    ASSERT_EQ(host.StartDevice(child), STATUS_SUCCESS);
    ASSERT_EQ(host.RemoveDevice(bus), STATUS_SUCCESS);
    EXPECT_EQ(host.State(child), DeviceState::Removed);
    EXPECT_EQ(host.State(bus), DeviceState::Removed);
    EXPECT_EQ(FakeHooks().cleanups, 2);
    ExpectCleanUnload();
}

}  // namespace
