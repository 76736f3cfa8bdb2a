// The host: loads C drivers built with kwmi_add_driver, drives PnP, sends IOCTLs, reports
// leaks at unload and survives a driver's bug check.
#include <gtest/gtest.h>

#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/wmi_service.hpp>

#include <wdf.h>

#include <chrono>

using namespace std::chrono_literals;
using kwmi::host::DeviceState;
using kwmi::host::Host;

namespace {

// Must match tests/drivers/testdrv.h.
constexpr std::uint32_t kIoctlIncrement = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS);
constexpr std::uint32_t kIoctlTicks = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS);
constexpr std::uint32_t kIoctlInfo = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS);

class HostTest : public ::testing::Test {
protected:
    HostTest() { kwmi::wmi::Service::Install(kernel, {}); }
    kwmi::nt::Kernel kernel{kwmi::nt::SchedulerKind::Manual};
    Host host{kernel};
};

std::size_t LoadOrFail(Host &host, const char *path) {
    auto driver = host.LoadDriver(path);
    EXPECT_TRUE(driver.has_value()) << host.LastError();
    return driver.value_or(0);
}

TEST_F(HostTest, CleanDriverRunsAddStartIoctlRemoveAndUnloadsWithoutLeaks) {
    std::size_t driver = LoadOrFail(host, KWMITEST_CLEAN_PATH);
    EXPECT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS);
    EXPECT_EQ(host.Driver(driver).name, "kwmitest_clean");
    EXPECT_NE(host.Driver(driver).wdfDriver, nullptr);
    std::int32_t status = -1;
    std::size_t device = host.AddDevice(driver, &status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.State(device), DeviceState::Started);
    ULONG in = 41, out = 0;
    std::size_t returned = 0;
    EXPECT_EQ(host.DeviceIoControl(device, kIoctlIncrement, &in, sizeof in, &out, sizeof out, &returned),
              STATUS_SUCCESS);
    EXPECT_EQ(out, 42u);
    EXPECT_EQ(returned, sizeof(ULONG));
    EXPECT_EQ(host.DeviceIoControl(device, kIoctlIncrement, nullptr, 0, &out, sizeof out, &returned),
              STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(host.DeviceIoControl(device, 0x12345, nullptr, 0, nullptr, 0, &returned),
              STATUS_INVALID_DEVICE_REQUEST);
    ULONG info[2] = {0, 0};
    ASSERT_EQ(host.DeviceIoControl(device, kIoctlInfo, nullptr, 0, info, sizeof info, &returned), STATUS_SUCCESS);
    EXPECT_EQ(info[0], sizeof(u"kwmi simulated device"));  // description read, with its NUL
    EXPECT_EQ(info[1], 7u);  // the registry value is absent: the driver's default
    ASSERT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.State(device), DeviceState::Removed);
    auto report = host.UnloadDriver(driver);
    EXPECT_TRUE(report.Empty()) << report.Text();
}

TEST_F(HostTest, DriverTimerTicksOnTheVirtualClock) {
    std::size_t driver = LoadOrFail(host, KWMITEST_CLEAN_PATH);
    std::size_t device = host.AddDevice(driver);
    ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
    kernel.AdvanceTime(3500ms);
    ULONG ticks = 0;
    ASSERT_EQ(host.DeviceIoControl(device, kIoctlTicks, nullptr, 0, &ticks, sizeof ticks), STATUS_SUCCESS);
    EXPECT_EQ(ticks, 3u);
    auto report = host.UnloadDriver(driver);  // removes the started device first
    EXPECT_EQ(host.State(device), DeviceState::Removed);
    EXPECT_TRUE(report.Empty()) << report.Text();
}

TEST_F(HostTest, LeakyDriverIsReportedAtUnload) {
    std::size_t driver = LoadOrFail(host, KWMITEST_LEAKY_PATH);
    std::size_t device = host.AddDevice(driver);
    ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
    auto report = host.UnloadDriver(driver);
    ASSERT_FALSE(report.Empty());
    // The extra reference keeps the object, and through it its parent WDFDRIVER, alive.
    ASSERT_EQ(report.objects.size(), 2u) << report.Text();
    bool sawObject = false, sawDriver = false;
    for (const auto &object : report.objects) {
        if (object.rfind("WDFOBJECT (user)", 0) == 0) sawObject = true;
        if (object.rfind("WDFDRIVER", 0) == 0) sawDriver = true;
    }
    EXPECT_TRUE(sawObject) << report.Text();
    EXPECT_TRUE(sawDriver) << report.Text();
    bool sawLeakTag = false, sawScratch = false;
    for (const auto &allocation : report.pool) {
        if (allocation.tag == 'kaeL' && allocation.size == 32) sawLeakTag = true;
        if (allocation.tag == 'vdTK' && allocation.size == 64) sawScratch = true;
    }
    EXPECT_TRUE(sawLeakTag) << report.Text();
    EXPECT_TRUE(sawScratch) << report.Text();
    EXPECT_NE(report.Text().find("never freed"), std::string::npos);
}

TEST_F(HostTest, BugCheckMarksTheDeviceFailedAndOtherDriversKeepWorking) {
    std::size_t bad = LoadOrFail(host, KWMITEST_BUGCHECK_PATH);
    std::size_t good = LoadOrFail(host, KWMITEST_CLEAN_PATH);
    std::size_t badDevice = host.AddDevice(bad);
    std::size_t goodDevice = host.AddDevice(good);
    EXPECT_EQ(host.StartDevice(badDevice), STATUS_DRIVER_INTERNAL_ERROR);
    EXPECT_EQ(host.State(badDevice), DeviceState::Failed);
    EXPECT_NE(host.Failure(badDevice).find("0x0000010D"), std::string::npos) << host.Failure(badDevice);
    ASSERT_EQ(host.StartDevice(goodDevice), STATUS_SUCCESS);
    ULONG in = 1, out = 0;
    EXPECT_EQ(host.DeviceIoControl(goodDevice, kIoctlIncrement, &in, sizeof in, &out, sizeof out), STATUS_SUCCESS);
    EXPECT_EQ(out, 2u);
    EXPECT_TRUE(host.UnloadDriver(good).Empty());
    (void)host.UnloadDriver(bad);
}

TEST_F(HostTest, TwoDevicesOfOneDriverAreIndependent) {
    std::size_t driver = LoadOrFail(host, KWMITEST_CLEAN_PATH);
    std::size_t first = host.AddDevice(driver);
    std::size_t second = host.AddDevice(driver);
    ASSERT_EQ(host.StartDevice(first), STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(second), STATUS_SUCCESS);
    EXPECT_NE(host.WdfDevice(first), host.WdfDevice(second));
    host.SurpriseRemoveDevice(first);
    EXPECT_EQ(host.State(first), DeviceState::SurpriseRemoved);
    ASSERT_EQ(host.RemoveDevice(first), STATUS_SUCCESS);
    ULONG in = 9, out = 0;
    EXPECT_EQ(host.DeviceIoControl(second, kIoctlIncrement, &in, sizeof in, &out, sizeof out), STATUS_SUCCESS);
    EXPECT_EQ(out, 10u);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
}

TEST_F(HostTest, MissingModuleIsReported) {
    EXPECT_FALSE(host.LoadDriver("/nonexistent/libnothing.so").has_value());
    EXPECT_FALSE(host.LastError().empty());
}

NTSTATUS LinkedDriverEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, [](WDFDRIVER, PWDFDEVICE_INIT init) -> NTSTATUS {
        WDFDEVICE device;
        return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    });
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

TEST_F(HostTest, LinkedDriverEntryRunsLikeALoadedOne) {
    std::size_t driver =
        host.AddLinkedDriver("linked", reinterpret_cast<kwmi::host::DriverEntryFn>(&LinkedDriverEntry));
    EXPECT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS);
    std::size_t device = host.AddDevice(driver);
    EXPECT_EQ(host.StartDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
}

}  // namespace
