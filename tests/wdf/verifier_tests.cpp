// The DDI rule table and the KmdfIrql entry check.
#include "wdf_test_support.hpp"

#include "verifier/verifier.hpp"

#include <cstring>

using namespace wdftest;
using kwmi::verifier::Ddi;
using kwmi::verifier::FindRule;
using kwmi::verifier::OnViolation;

namespace {

using KmdfIrqlRule = WdfTest;

// The settings' defaults are pinned in tests/verifier/settings_test.cpp.

TEST(VerifierTable, WmiRowsFollowTheImplementationNotTheHeader) {
    // kmdf-wmi-semantics.md §1.6 / Appendix A: register/deregister run up to DISPATCH_LEVEL.
    for (const char *name : {"WdfWmiProviderCreate", "WdfWmiProviderGetDevice", "WdfWmiProviderIsEnabled",
                             "WdfWmiProviderGetTracingHandle", "WdfWmiInstanceCreate", "WdfWmiInstanceRegister",
                             "WdfWmiInstanceDeregister", "WdfWmiInstanceGetDevice", "WdfWmiInstanceGetProvider"}) {
        const auto *rule = FindRule(name);
        ASSERT_NE(rule, nullptr) << name;
        EXPECT_EQ(rule->maxIrql, DISPATCH_LEVEL) << name;
        EXPECT_EQ(rule->onViolation, OnViolation::BugCheck) << name;
    }
    const auto *fire = FindRule("WdfWmiInstanceFireEvent");
    ASSERT_NE(fire, nullptr);
    EXPECT_EQ(fire->maxIrql, APC_LEVEL);
    EXPECT_EQ(fire->onViolation, OnViolation::Status);
    const auto *mof = FindRule("WdfDeviceAssignMofResourceName");
    ASSERT_NE(mof, nullptr);
    EXPECT_EQ(mof->maxIrql, PASSIVE_LEVEL);
    EXPECT_EQ(mof->onViolation, OnViolation::Status);
}

TEST(VerifierTable, HeaderLevelsOfCoreDdis) {
    EXPECT_EQ(FindRule("WdfDeviceCreate")->maxIrql, PASSIVE_LEVEL);
    EXPECT_EQ(FindRule("WdfDriverCreate")->maxIrql, PASSIVE_LEVEL);
    EXPECT_EQ(FindRule("WdfTimerStart")->maxIrql, DISPATCH_LEVEL);
    EXPECT_EQ(FindRule("WdfWaitLockAcquire")->maxIrql, PASSIVE_LEVEL);
    EXPECT_EQ(FindRule("WdfObjectDelete")->maxIrql, DISPATCH_LEVEL);
    EXPECT_EQ(FindRule("NotADdi"), nullptr);
    EXPECT_STREQ(kwmi::verifier::RuleFor(Ddi::WdfSpinLockAcquire).name, "WdfSpinLockAcquire");
}

TEST_F(KmdfIrqlRule, PassiveOnlyDdiAtDispatchBugChecksC4) {
    static kwmi::nt::BugCheckReport report;
    static bool raised;
    raised = false;
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        WDFDEVICE device;
        try {
            (void)WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
        } catch (const kwmi::nt::BugCheckException &e) {
            report = e.Report();
            raised = true;
        }
        KeLowerIrql(old);
        return STATUS_UNSUCCESSFUL;
    };
    (void)AddDevice();
    ASSERT_TRUE(raised);
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.parameters[0], 0x91001u);
    EXPECT_NE(report.parameters[1], 0u);
    EXPECT_STREQ(reinterpret_cast<const char *>(report.parameters[1]),
                 "KmdfIrql: a KMDF method was called at an IRQL above its maximum IRQL");
    EXPECT_EQ(report.rule, "KmdfIrql");
    EXPECT_NE(report.explanation.find("WdfDeviceCreate"), std::string::npos);
}

TEST_F(KmdfIrqlRule, DispatchDdiAtDispatchIsAllowed) {
    WDFSPINLOCK lock = nullptr;
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    const NTSTATUS status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &lock);
    KeLowerIrql(old);
    EXPECT_EQ(status, STATUS_SUCCESS);
    EXPECT_FALSE(capture.Fired());
}

TEST_F(KmdfIrqlRule, ChecksCanBeTurnedOff) {
    kwmi::verifier::GetSettings().ddiIrqlChecks = false;
    WDFWAITLOCK lock = nullptr;
    ASSERT_EQ(WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &lock), STATUS_SUCCESS);
    KIRQL old;
    KeRaiseIrql(APC_LEVEL, &old);
    EXPECT_TRUE(kwmi::verifier::CheckDdiEntry(Ddi::WdfWaitLockAcquire));
    KeLowerIrql(old);
    kwmi::verifier::ResetSettings();
    EXPECT_FALSE(capture.Fired());
}

}  // namespace

#include <dlfcn.h>

namespace {

TEST(VerifierTable, EveryRowNamesAnExportedDdi) {
    for (std::uint16_t i = 0; i < static_cast<std::uint16_t>(Ddi::Count); ++i) {
        const auto &rule = kwmi::verifier::RuleFor(static_cast<Ddi>(i));
        EXPECT_NE(dlsym(RTLD_DEFAULT, rule.name), nullptr) << rule.name;
        EXPECT_TRUE(rule.maxIrql == PASSIVE_LEVEL || rule.maxIrql == APC_LEVEL || rule.maxIrql == DISPATCH_LEVEL)
            << rule.name;
        EXPECT_EQ(FindRule(rule.name), &rule) << "duplicate row " << rule.name;
    }
}

}  // namespace
