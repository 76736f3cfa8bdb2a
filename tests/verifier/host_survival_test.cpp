// The host survives a driver's bug check inside a WMI callback: only that device is Failed,
// the report is raised once, the other device keeps answering, and the failed device can be
// removed without leaks.
#include "verifier_fixture.hpp"

#include "verifier/device_failures.hpp"

namespace verifiertest {
namespace {

using kwmi::host::DeviceState;

using HostSurvival = VerifierTest;

TEST_F(HostSurvival, BugCheckInOneDevicesCallbackFailsOnlyThatDevice) {
    LoadFaultDriver(2);
    FaultData before0, before1;
    ASSERT_EQ(Query(0, &before0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(Query(1, &before1), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(before0.device, before1.device);

    ASSERT_EQ(SetMode(0, kModeBugCheck), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(capture.Count(), 1u);
    EXPECT_EQ(capture.Last().code, 0x10Du);
    EXPECT_EQ(capture.Last().parameters[0], 0x5u);  // WdfObjectDelete(NULL)
    EXPECT_EQ(host.State(devices[0]), DeviceState::Failed);
    EXPECT_NE(host.Failure(devices[0]).find("*** STOP: 0x0000010D"), std::string::npos) << host.Failure(devices[0]);
    EXPECT_EQ(host.State(devices[1]), DeviceState::Started);

    // The other device keeps answering; the failed one fails fast without calling the driver.
    FaultData after1;
    ASSERT_EQ(Query(1, &after1), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(after1.device, before1.device);
    EXPECT_EQ(after1.queries, before1.queries + 1);
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(SetMode(0, kModeNone), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(capture.Count(), 1u);  // reported once

    // The failed device can be removed; the survivor still works; nothing leaks.
    const void *failedHandle = host.WdfDevice(devices[0]);
    EXPECT_EQ(host.RemoveDevice(devices[0]), STATUS_SUCCESS);
    EXPECT_EQ(host.State(devices[0]), DeviceState::Removed);
    EXPECT_FALSE(kwmi::verifier::IsDeviceFailed(failedHandle));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Query(1), static_cast<ULONG>(ERROR_SUCCESS));
    const auto leaks = host.UnloadDriver(driver);
    unloaded = true;
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
    EXPECT_EQ(capture.Count(), 1u);
}

TEST_F(HostSurvival, UnloadRemovesAFailedDeviceToo) {
    LoadFaultDriver(2);
    ASSERT_EQ(SetMode(1, kModeOverrun), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(1), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(host.State(devices[1]), DeviceState::Failed);
    EXPECT_EQ(host.State(devices[0]), DeviceState::Started);
    const auto leaks = host.UnloadDriver(driver);
    unloaded = true;
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
    EXPECT_EQ(host.State(devices[1]), DeviceState::Removed);
    EXPECT_EQ(capture.Count(), 1u);
}

}  // namespace
}  // namespace verifiertest

#include "verifier/device_failures.hpp"

namespace verifiertest {
namespace {

TEST(DeviceFailures, FirstReportWinsUntilTheDeviceIsForgotten) {
    int device = 0;  // any unique address stands for a WDFDEVICE here
    kwmi::nt::BugCheckReport first;
    first.code = 0x10D;
    kwmi::nt::BugCheckReport second;
    second.code = 0xC4;
    EXPECT_FALSE(kwmi::verifier::IsDeviceFailed(&device));
    kwmi::verifier::MarkDeviceFailed(&device, first);
    kwmi::verifier::MarkDeviceFailed(&device, second);
    ASSERT_TRUE(kwmi::verifier::DeviceFailure(&device).has_value());
    EXPECT_EQ(kwmi::verifier::DeviceFailure(&device)->code, 0x10Du);
    kwmi::verifier::ForgetDevice(&device);
    EXPECT_FALSE(kwmi::verifier::IsDeviceFailed(&device));
    kwmi::verifier::MarkDeviceFailed(nullptr, first);  // callbacks without a device mark nothing
    EXPECT_FALSE(kwmi::verifier::IsDeviceFailed(nullptr));
}

}  // namespace
}  // namespace verifiertest
