// `kwmi host --devices 2`: device 0's WMI callback bug-checks; the report is printed once,
// device 1 still answers, and the session ends with exit code 5 (docs/cli.md).
#include "cli_run.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kwmi::cli::test {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr int kBugCheck = 5;

TEST(CliVerifier, BugCheckInDevice0LeavesDevice1Answering) {
    RunResult r = RunKwmi({"host", KWMITEST_FAULT_PATH, "--mof", KWMITEST_FAULT_MOF, "--devices", "2",
                           "--manual-clock", "-c",
                           "set KwmiFault_Data ROOT\\KWMI\\0000_0 Mode=1; query KwmiFault_Data ROOT\\KWMI\\0000_0; "
                           "query KwmiFault_Data ROOT\\KWMI\\0001_0; pnp remove 0; query KwmiFault_Data; verifier"});
    EXPECT_EQ(r.exitCode, kBugCheck) << r.out << r.err;
    // Printed once, with the rule; the failed request is an error line.
    EXPECT_THAT(MatchingLines(r.err, R"(\*\*\* STOP: 0x0000010D \(0x0000000000000005,)"), SizeIs(1)) << r.err;
    EXPECT_THAT(MatchingLines(r.err, R"(^Rule: WDF_VIOLATION/INVALID_HANDLE$)"), SizeIs(1)) << r.err;
    EXPECT_THAT(r.err, HasSubstr("error: query KwmiFault_Data ROOT\\KWMI\\0000_0 failed"));
    // Device 1 answered after device 0 failed, and again after device 0 was removed.
    EXPECT_THAT(MatchingLines(r.out, R"(^device 0: removed \(status 0x00000000\)$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^instance ROOT\\KWMI\\0001_0$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^instance ROOT\\KWMI\\0000_0$)"), SizeIs(0)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  Device +1$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(r.err, HasSubstr("leak report: clean"));
    // `verifier` lists the bug check.
    EXPECT_THAT(MatchingLines(r.out, R"(^bug check 0x0000010D WDF_VIOLATION: )"), SizeIs(1)) << r.out;
}

// A rule Windows reports without a bug check shows up in `verifier` as a diagnostic line.
TEST(CliVerifier, VerifierCommandListsAFireEventBeforeEnableDiagnostic) {
    RunResult r = RunKwmi({"host", KWMITEST_FAULT_PATH, "--mof", KWMITEST_FAULT_MOF, "--manual-clock", "-c",
                           "verifier; set KwmiFault_Data ROOT\\KWMI\\0000_0 Mode=7; "
                           "query KwmiFault_Data ROOT\\KWMI\\0000_0; verifier"});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    // Before the driver misbehaves: nothing to report.
    EXPECT_THAT(MatchingLines(r.out, R"(^verifier: no violations$)"), SizeIs(1)) << r.out;
    // After: one FireEventNotEnabled diagnostic naming the driver's call site, no bug check.
    EXPECT_THAT(MatchingLines(r.out, R"(^diagnostic FireEventNotEnabled: WdfWmiInstanceFireEvent was called before any consumer enabled the event.*\(at libkwmitest_fault\.so(!\w+)?\+0x[0-9A-Fa-f]+\)$)"),
                SizeIs(1))
        << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^verifier: 1 violation\(s\)$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^bug check )"), SizeIs(0)) << r.out;
}

}  // namespace
}  // namespace kwmi::cli::test
