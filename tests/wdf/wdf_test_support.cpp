#include "wdf_test_support.hpp"

#include "wdf/device.hpp"

namespace wdftest {
namespace {

NTSTATUS EvtDeviceAdd(WDFDRIVER driver, PWDFDEVICE_INIT init) {
    if (OnDeviceAdd()) return OnDeviceAdd()(driver, init);
    WDFDEVICE device;
    return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

class FakeDeviceHooks final : public kwmi::wdf::DeviceWmiHooks {
public:
    explicit FakeDeviceHooks(kwmi::wdf::Device &device) : device_(device) {}
    NTSTATUS DispatchSystemControl(PIRP irp) override {
        FakeHooks().systemControlIrps++;
        return device_.ForwardOrCompleteUnhandledIrp(irp);
    }
    NTSTATUS Register() override {
        FakeHooks().registers++;
        return FakeHooks().registerStatus;
    }
    void Deregister() override { FakeHooks().deregisters++; }
    void Cleanup() override { FakeHooks().cleanups++; }
    void OnDeviceDispose() override { FakeHooks().disposes++; }
    NTSTATUS OnPowerPolicyUserControl(kwmi::wdf::PowerPolicyWmiBlock, bool) override {
        return FakeHooks().powerPolicyStatus;
    }

private:
    kwmi::wdf::Device &device_;
};

}  // namespace

std::unique_ptr<kwmi::wdf::DeviceWmiHooks> MakeFakeHooks(kwmi::wdf::Device &device) {
    return std::make_unique<FakeDeviceHooks>(device);
}

NTSTATUS TestDriverEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

WdfTest::WdfTest() {
    Events().clear();
    OnDeviceAdd() = nullptr;
    FakeHooks() = FakeHooksConfig{};
    savedFactory = kwmi::wdf::GetDeviceWmiHooksFactory();
    kwmi::wdf::SetDeviceWmiHooksFactory(&MakeFakeHooks);
    driver = host.AddLinkedDriver("wdftest", reinterpret_cast<kwmi::host::DriverEntryFn>(&TestDriverEntry));
}

WdfTest::~WdfTest() {
    OnDeviceAdd() = nullptr;
    (void)host.UnloadDriver(driver);
    kwmi::wdf::SetDeviceWmiHooksFactory(savedFactory);
}

std::size_t WdfTest::AddDevice(NTSTATUS *status) {
    std::int32_t result = 0;
    std::size_t index = host.AddDevice(driver, &result);
    if (status != nullptr) *status = result;
    return index;
}

void WdfTest::ExpectCleanUnload() {
    const auto report = host.UnloadDriver(driver);
    EXPECT_TRUE(report.Empty()) << report.Text();
}

WDFDEVICE WdfTest::AddPlainDevice() {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    std::size_t index = AddDevice(&status);
    EXPECT_EQ(status, STATUS_SUCCESS);
    return Device(index);
}

}  // namespace wdftest
