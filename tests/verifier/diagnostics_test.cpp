// Rules that Windows reports without a bug check: FireEvent before the event was enabled, and
// leaks at unload (a diagnostic by default, bug check 0xC4 / 0x62 on request).
#include "verifier_fixture.hpp"

#include "verifier/diagnostics.hpp"
#include "verifier/verifier.hpp"
#include "wdf/wmi/wmi_diagnostics.hpp"

namespace verifiertest {
namespace {

using kwmi::verifier::CountDiagnostics;
using kwmi::verifier::Diagnostics;
using kwmi::verifier::LeakAction;
using kwmi::wdf::wmi::WmiDiagnosticKind;
using kwmi::wdf::wmi::WmiDiagnostics;

using VerifierDiagnostics = VerifierTest;

TEST_F(VerifierDiagnostics, FireEventBeforeEventsWereEnabledIsADiagnosticNotABugCheck) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeFireEvent), static_cast<ULONG>(ERROR_SUCCESS));
    FaultData data;
    EXPECT_EQ(Query(0, &data), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_FALSE(capture.Fired());
    EXPECT_EQ(WmiDiagnostics::Instance().Count(WmiDiagnosticKind::FireEventNotEnabled), 1u);
    ASSERT_EQ(CountDiagnostics("FireEventNotEnabled"), 1u);
    const auto diagnostic = Diagnostics().back();
    EXPECT_EQ(diagnostic.rule, "FireEventNotEnabled");
    EXPECT_NE(diagnostic.text.find("before any consumer enabled the event"), std::string::npos) << diagnostic.text;
    EXPECT_NE(diagnostic.callSite.find("libkwmitest_fault"), std::string::npos) << diagnostic.callSite;
    EXPECT_NE(kwmi::verifier::FormatDiagnostic(diagnostic).find("FireEventNotEnabled: "), std::string::npos);
}

TEST_F(VerifierDiagnostics, FireEventAfterAConsumerEnabledTheEventIsClean) {
    LoadFaultDriver(1);
    int received = 0;
    auto subscription = consumer.Subscribe(kFaultEventGuid, [&](std::span<const std::uint8_t>) { ++received; });
    ASSERT_EQ(subscription.Error(), static_cast<ULONG>(ERROR_SUCCESS));
    kernel.RunUntilIdle();
    ASSERT_EQ(SetMode(0, kModeFireEvent), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    kernel.RunUntilIdle();
    service.FlushDeferredWork();
    EXPECT_EQ(received, 1);
    EXPECT_EQ(CountDiagnostics("FireEventNotEnabled"), 0u);
}

TEST_F(VerifierDiagnostics, UnloadLeaksAreADiagnosticByDefault) {
    auto loaded = host.LoadDriver(KWMITEST_LEAKY_PATH);
    ASSERT_TRUE(loaded.has_value()) << host.LastError();
    driver = *loaded;
    devices.push_back(host.AddDevice(driver));
    ASSERT_EQ(host.StartDevice(devices[0]), STATUS_SUCCESS);
    const auto report = host.UnloadDriver(driver);
    unloaded = true;
    ASSERT_FALSE(report.Empty());
    EXPECT_FALSE(capture.Fired());
    ASSERT_EQ(CountDiagnostics("UnloadLeaks"), 1u);
    const auto diagnostic = Diagnostics().back();
    EXPECT_NE(diagnostic.text.find("driver 'kwmitest_leaky' unloaded with " + std::to_string(report.objects.size()) +
                                   " WDF object(s) and " + std::to_string(report.pool.size()) +
                                   " pool allocation(s) not freed"),
              std::string::npos)
        << diagnostic.text;
    // The tags and allocation sites of what was left.
    EXPECT_NE(diagnostic.text.find("tag 'Leak'  size 32"), std::string::npos) << diagnostic.text;
    EXPECT_NE(diagnostic.text.find("libkwmitest_leaky.so!TestDrvEvtDeviceAdd"), std::string::npos) << diagnostic.text;
    EXPECT_NE(diagnostic.text.find("WDFOBJECT (user)"), std::string::npos) << diagnostic.text;
}

TEST_F(VerifierDiagnostics, UnloadLeaksAsBugCheckC4With62) {
    kwmi::verifier::GetSettings().unloadLeaks = LeakAction::BugCheck;
    auto loaded = host.LoadDriver(KWMITEST_LEAKY_PATH);
    ASSERT_TRUE(loaded.has_value()) << host.LastError();
    driver = *loaded;
    devices.push_back(host.AddDevice(driver));
    ASSERT_EQ(host.StartDevice(devices[0]), STATUS_SUCCESS);
    const auto leaks = host.UnloadDriver(driver);
    unloaded = true;
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x62u);
    EXPECT_STREQ(reinterpret_cast<const char *>(report.parameters[1]), "kwmitest_leaky");
    EXPECT_NE(std::string(reinterpret_cast<const char *>(report.parameters[2])).find("tag 'Leak'"), std::string::npos);
    EXPECT_EQ(report.parameters[3], leaks.objects.size() + leaks.pool.size());
    EXPECT_EQ(report.rule, "UnloadLeaks");
    EXPECT_NE(report.explanation.find("without first freeing its pool allocations"), std::string::npos);
    EXPECT_NE(host.Driver(driver).failure.find("0x000000C4"), std::string::npos) << host.Driver(driver).failure;
    EXPECT_FALSE(leaks.Empty());  // the host still returns the report
}

TEST_F(VerifierDiagnostics, CleanUnloadReportsNothing) {
    LoadFaultDriver(2);
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
    unloaded = true;
    EXPECT_EQ(CountDiagnostics("UnloadLeaks"), 0u);
    EXPECT_FALSE(capture.Fired());
}

}  // namespace
}  // namespace verifiertest

namespace verifiertest {
namespace {

TEST(VerifierDiagnosticLog, KeepsTheNewest1024Entries) {
    kwmi::verifier::ClearDiagnostics();
    for (int i = 0; i < 1100; ++i) kwmi::verifier::RecordDiagnostic("Flood", "entry " + std::to_string(i));
    const auto entries = kwmi::verifier::Diagnostics();
    ASSERT_EQ(entries.size(), 1024u);
    EXPECT_EQ(entries.front().text, "entry 76");
    EXPECT_EQ(entries.back().text, "entry 1099");
    EXPECT_EQ(kwmi::verifier::CountDiagnostics("Flood"), 1024u);
    kwmi::verifier::ClearDiagnostics();
    EXPECT_TRUE(kwmi::verifier::Diagnostics().empty());
}

}  // namespace
}  // namespace verifiertest
