// Shared fixture of the WDF core tests: a manual kernel, a host and one driver linked into the
// test executable whose EvtDriverDeviceAdd the test chooses.
#pragma once

#include <gtest/gtest.h>

#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/testing.hpp>

#include <wdf.h>

#include "wdf/device.hpp"
#include "wdf/wmi_hooks.hpp"

#include <functional>
#include <string>
#include <vector>

namespace wdftest {

// What the test driver's EvtDriverDeviceAdd does (default: create a plain device).
inline std::function<NTSTATUS(WDFDRIVER, PWDFDEVICE_INIT)> &OnDeviceAdd() {
    static std::function<NTSTATUS(WDFDRIVER, PWDFDEVICE_INIT)> callback;
    return callback;
}

// Events recorded by test callbacks, in order ("name@irql").
inline std::vector<std::string> &Events() {
    static std::vector<std::string> events;
    return events;
}

inline void Record(const std::string &name) {
    Events().push_back(name + "@" + std::to_string(static_cast<int>(KeGetCurrentIrql())));
}

// The fixture replaces the WMI hooks factory with this fake so the core is tested alone.
struct FakeHooksConfig {
    NTSTATUS registerStatus = STATUS_SUCCESS;
    NTSTATUS powerPolicyStatus = STATUS_SUCCESS;
    int registers = 0;
    int deregisters = 0;
    int cleanups = 0;
    int disposes = 0;
    int systemControlIrps = 0;
};
inline FakeHooksConfig &FakeHooks() {
    static FakeHooksConfig config;
    return config;
}
std::unique_ptr<kwmi::wdf::DeviceWmiHooks> MakeFakeHooks(kwmi::wdf::Device &device);

NTSTATUS TestDriverEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath);

class WdfTest : public ::testing::Test {
protected:
    WdfTest();
    ~WdfTest() override;

    WDFDRIVER Driver() const { return static_cast<WDFDRIVER>(host.Driver(driver).wdfDriver); }
    // Adds a device through the host (runs OnDeviceAdd()); returns its host index.
    std::size_t AddDevice(NTSTATUS *status = nullptr);
    WDFDEVICE Device(std::size_t index) const { return static_cast<WDFDEVICE>(host.WdfDevice(index)); }
    // A WDFDEVICE created in EvtDriverDeviceAdd with default settings.
    WDFDEVICE AddPlainDevice();
    // Unloads the test driver and expects nothing left behind.
    void ExpectCleanUnload();

    kwmi::nt::Kernel kernel{kwmi::nt::SchedulerKind::Manual};
    kwmi::host::Host host{kernel};
    kwmi::testing::BugCheckCapture capture{kernel};
    std::size_t driver = 0;
    kwmi::wdf::DeviceWmiHooksFactory savedFactory = nullptr;
};

// The framework's device object behind a WDFDEVICE (its internal state for assertions).
inline kwmi::wdf::Device *Framework(WDFDEVICE device) {
    return kwmi::wdf::Device::FromDeviceObject(WdfDeviceWdmGetDeviceObject(device));
}

// Runs f and returns the bug-check report it raised (fails the test if none).
template <class F>
kwmi::nt::BugCheckReport ExpectBugCheck(F &&f) {
    auto report = kwmi::testing::CaptureBugCheck(std::forward<F>(f));
    EXPECT_TRUE(report.has_value()) << "expected a bug check";
    return report.value_or(kwmi::nt::BugCheckReport{});
}

}  // namespace wdftest
