// DDI rules: KmdfIrql (call site), KmdfIrql2 (a DDI above its maximum while holding a
// WDFSPINLOCK), DriverCreate (WdfDriverCreate outside DriverEntry, or twice).
#include "verifier_fixture.hpp"

#include "verifier/diagnostics.hpp"
#include "verifier/verifier.hpp"

#include <dlfcn.h>

#include <functional>

namespace verifiertest {
namespace {

using kwmi::verifier::CountDiagnostics;
using kwmi::verifier::Diagnostics;
using kwmi::verifier::FindRule;

std::string ModuleOf(const void *address) {
    Dl_info info{};
    if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr) return {};
    return info.dli_fname;
}

// A driver linked into the test: DriverEntry and EvtDriverDeviceAdd run what the test sets.
std::function<NTSTATUS(PDRIVER_OBJECT, PUNICODE_STRING)> &OnEntry() {
    static std::function<NTSTATUS(PDRIVER_OBJECT, PUNICODE_STRING)> f;
    return f;
}
std::function<NTSTATUS(WDFDRIVER, PWDFDEVICE_INIT)> &OnDeviceAdd() {
    static std::function<NTSTATUS(WDFDRIVER, PWDFDEVICE_INIT)> f;
    return f;
}
NTSTATUS LinkedDeviceAdd(WDFDRIVER driver, PWDFDEVICE_INIT init) { return OnDeviceAdd()(driver, init); }
NTSTATUS LinkedEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    return OnEntry()(driverObject, registryPath);
}
NTSTATUS CreateDriver(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, &LinkedDeviceAdd);
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

using DdiRules = VerifierTest;

TEST_F(DdiRules, KmdfIrqlReportNamesTheDriversCallSiteNotTheFramework) {
    OnEntry() = &CreateDriver;
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        WDFDEVICE device;
        return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);  // never returns
    };
    driver = host.AddLinkedDriver("irql", reinterpret_cast<kwmi::host::DriverEntryFn>(&LinkedEntry));
    const std::size_t device = host.AddDevice(driver);
    EXPECT_EQ(host.State(device), kwmi::host::DeviceState::Failed);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91001u);
    EXPECT_STREQ(reinterpret_cast<const char *>(report.parameters[1]),
                 "KmdfIrql: a KMDF method was called at an IRQL above its maximum IRQL");
    EXPECT_EQ(report.parameters[2], reinterpret_cast<std::uint64_t>(FindRule("WdfDeviceCreate")));
    EXPECT_EQ(report.parameters[3], 0u);
    EXPECT_EQ(report.rule, "KmdfIrql");
    EXPECT_NE(report.explanation.find("WdfDeviceCreate was called at DISPATCH_LEVEL"), std::string::npos)
        << report.explanation;
    ASSERT_NE(report.callSite, nullptr);
    EXPECT_NE(ModuleOf(report.callSite), ModuleOf(reinterpret_cast<const void *>(&WdfDeviceCreate)));
    EXPECT_EQ(ModuleOf(report.callSite), ModuleOf(reinterpret_cast<const void *>(&CreateDriver)));
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);  // the boundary restored the IRQL
    (void)host.UnloadDriver(driver);
    unloaded = true;
}

TEST_F(DdiRules, KmdfIrql2NamesTheHeldSpinLockAndItsAcquisitionSite) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeIrql2), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91002u);
    EXPECT_STREQ(reinterpret_cast<const char *>(report.parameters[1]),
                 "KmdfIrql2: a KMDF method was called above its maximum IRQL while a spin lock was held");
    EXPECT_EQ(report.parameters[2], reinterpret_cast<std::uint64_t>(FindRule("WdfDeviceAllocAndQueryProperty")));
    // P4: where the driver acquired the lock - inside the driver, not the framework.
    ASSERT_NE(report.parameters[3], 0u);
    EXPECT_NE(ModuleOf(reinterpret_cast<const void *>(report.parameters[3])).find("kwmitest_fault"),
              std::string::npos);
    EXPECT_EQ(report.rule, "KmdfIrql2");
    EXPECT_NE(report.explanation.find("WdfDeviceAllocAndQueryProperty was called at DISPATCH_LEVEL"),
              std::string::npos)
        << report.explanation;
    EXPECT_NE(report.explanation.find("WDFSPINLOCK acquired by WdfSpinLockAcquire at libkwmitest_fault"),
              std::string::npos)
        << report.explanation;
    EXPECT_NE(report.callSiteSymbol.find("libkwmitest_fault"), std::string::npos) << report.callSiteSymbol;
}

TEST_F(DdiRules, KmdfIrqlWithoutAHeldLockIsNotKmdfIrql2) {
    // A record left by an acquire that never completed is dropped once a DDI runs at PASSIVE.
    LoadFaultDriver(1);
    FaultData data;
    ASSERT_EQ(Query(0, &data), static_cast<ULONG>(ERROR_SUCCESS));
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    auto report = kwmi::testing::CaptureBugCheck(
        [] { (void)kwmi::verifier::CheckDdiEntry(kwmi::verifier::Ddi::WdfDeviceCreate); });
    KeLowerIrql(old);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->rule, "KmdfIrql");
    EXPECT_EQ(report->parameters[0], 0x91001u);
}

TEST_F(DdiRules, DriverCreateFromAWmiCallbackBugChecks) {
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeDriverCreate), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91003u);
    EXPECT_STREQ(reinterpret_cast<const char *>(report.parameters[1]),
                 "DriverCreate: a KMDF driver must call WdfDriverCreate from its DriverEntry routine");
    EXPECT_EQ(report.parameters[2], reinterpret_cast<std::uint64_t>(host.Driver(driver).driverObject));
    EXPECT_EQ(report.parameters[3], 0u);
    EXPECT_EQ(report.rule, "DriverCreate");
    EXPECT_NE(report.explanation.find("WdfDriverCreate was called from EvtWmiInstanceQueryInstance"),
              std::string::npos)
        << report.explanation;
    EXPECT_NE(report.callSiteSymbol.find("libkwmitest_fault"), std::string::npos) << report.callSiteSymbol;
    EXPECT_EQ(host.State(devices[0]), kwmi::host::DeviceState::Failed);
}

TEST_F(DdiRules, DriverCreateFromEvtDriverDeviceAddBugChecksAndFailsTheDevice) {
    static PDRIVER_OBJECT entryObject;
    static UNICODE_STRING entryPath;
    OnEntry() = [](PDRIVER_OBJECT object, PUNICODE_STRING path) {
        entryObject = object;
        entryPath = *path;
        return CreateDriver(object, path);
    };
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT) { return CreateDriver(entryObject, &entryPath); };
    driver = host.AddLinkedDriver("late", reinterpret_cast<kwmi::host::DriverEntryFn>(&LinkedEntry));
    ASSERT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS);  // from DriverEntry: allowed
    EXPECT_FALSE(capture.Fired());
    std::int32_t status = 0;
    const std::size_t device = host.AddDevice(driver, &status);
    EXPECT_EQ(status, STATUS_DRIVER_INTERNAL_ERROR);
    EXPECT_EQ(host.State(device), kwmi::host::DeviceState::Failed);
    ASSERT_EQ(capture.Count(), 1u);
    const auto report = capture.Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91003u);
    EXPECT_EQ(report.parameters[2], reinterpret_cast<std::uint64_t>(entryObject));
    EXPECT_EQ(report.rule, "DriverCreate");
    EXPECT_NE(report.explanation.find("from EvtDriverDeviceAdd"), std::string::npos) << report.explanation;
    EXPECT_NE(host.Failure(device).find("DriverCreate"), std::string::npos);
    (void)host.UnloadDriver(driver);
    unloaded = true;
}

TEST_F(DdiRules, DriverCreateTwiceReturnsTheDocumentedStatusAndIsReported) {
    static NTSTATUS second;
    OnEntry() = [](PDRIVER_OBJECT object, PUNICODE_STRING path) {
        const NTSTATUS first = CreateDriver(object, path);
        second = CreateDriver(object, path);
        return first;
    };
    driver = host.AddLinkedDriver("twice", reinterpret_cast<kwmi::host::DriverEntryFn>(&LinkedEntry));
    EXPECT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS);
    EXPECT_EQ(second, STATUS_DRIVER_INTERNAL_ERROR);
    EXPECT_FALSE(capture.Fired());
    ASSERT_EQ(CountDiagnostics("DriverCreate"), 1u);
    const auto diagnostic = Diagnostics().back();
    EXPECT_NE(diagnostic.text.find("called again"), std::string::npos) << diagnostic.text;
    EXPECT_FALSE(diagnostic.callSite.empty());
    EXPECT_TRUE(host.UnloadDriver(driver).Empty());
    unloaded = true;
}

TEST_F(DdiRules, DriverCreateCheckCanBeTurnedOff) {
    kwmi::verifier::GetSettings().driverCreateChecks = false;
    LoadFaultDriver(1);
    ASSERT_EQ(SetMode(0, kModeDriverCreate), static_cast<ULONG>(ERROR_SUCCESS));
    FaultData data;
    EXPECT_EQ(Query(0, &data), static_cast<ULONG>(ERROR_SUCCESS));  // the DDI fails with its status
    EXPECT_FALSE(capture.Fired());
    EXPECT_EQ(CountDiagnostics("DriverCreate"), 1u);  // ... the "twice" diagnostic
}

}  // namespace
}  // namespace verifiertest
