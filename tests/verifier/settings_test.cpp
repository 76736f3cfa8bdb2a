// The verifier's settings: every default is pinned (the [unconfirmed] rule IDs included).
#include <gtest/gtest.h>

#include "verifier/verifier.hpp"

namespace {

using kwmi::verifier::LeakAction;

TEST(VerifierSettings, DefaultsArePinned) {
    kwmi::verifier::ResetSettings();
    const auto &s = kwmi::verifier::GetSettings();
    EXPECT_TRUE(s.ddiIrqlChecks);
    EXPECT_TRUE(s.kmdfVerifier);
    EXPECT_EQ(s.irqlBugCheckCode, 0xC4u);          // DRIVER_VERIFIER_DETECTED_VIOLATION
    EXPECT_EQ(s.kmdfIrqlRuleId, 0x91001u);         // KmdfIrql [unconfirmed]
    EXPECT_EQ(s.kmdfIrql2RuleId, 0x91002u);        // KmdfIrql2 [unconfirmed]
    EXPECT_TRUE(s.driverCreateChecks);
    EXPECT_EQ(s.driverCreateRuleId, 0x91003u);     // DriverCreate [unconfirmed]
    EXPECT_TRUE(s.callbackIrqlChecks);             // 0x10D / 0xE (documented)
    EXPECT_TRUE(s.guardOutputBuffers);
    EXPECT_EQ(s.guardBytes, 16u);
    EXPECT_EQ(s.bufferOverrunRuleId, 0x4B570101u); // kwmi rule ("KW" prefix)
    EXPECT_EQ(s.spinLockHeldRuleId, 0x4B570102u);  // kwmi rule
    EXPECT_EQ(s.unloadLeaks, LeakAction::Diagnostic);
    EXPECT_EQ(s.unloadLeakCode, 0x62u);            // Driver Verifier: unloading without freeing pool
}

TEST(VerifierSettings, ResetRestoresEveryDefault) {
    auto &s = kwmi::verifier::GetSettings();
    s.kmdfIrql2RuleId = 1;
    s.guardBytes = 3;
    s.unloadLeaks = LeakAction::BugCheck;
    kwmi::verifier::ResetSettings();
    EXPECT_EQ(kwmi::verifier::GetSettings().kmdfIrql2RuleId, 0x91002u);
    EXPECT_EQ(kwmi::verifier::GetSettings().guardBytes, 16u);
    EXPECT_EQ(kwmi::verifier::GetSettings().unloadLeaks, LeakAction::Diagnostic);
}

}  // namespace
