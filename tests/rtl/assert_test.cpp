// assert_test.cpp - ASSERT, NT_ASSERT, PAGED_CODE and DbgBreakPoint: the text printed and
// the bug check raised (code, parameters, rule), and the assertion-action setting.
#include <gtest/gtest.h>

#include <kwmi/debug_output.hpp>
#include <kwmi/rtl_settings.hpp>
#include <kwmi_rtl.h>

#include "c_driver_like.h"
#include "kernel_stubs.hpp"
#include "rtl_test_util.hpp"

namespace {

using kwmi::debug::ScopedDebugCapture;
using kwmi::rtl_test::RaisedBugCheck;
using kwmi::rtl_test::ScopedBugCheckRaiser;

class Assertions : public ::testing::Test {
protected:
    void TearDown() override {
        kwmi::rtl_test::SetStubIrql(PASSIVE_LEVEL);
        kwmi::rtl::SetAssertionAction(kwmi::rtl::AssertionAction::BugCheck);
    }
};

TEST_F(Assertions, DefaultActionIsBugCheck) {
    EXPECT_EQ(kwmi::rtl::GetAssertionAction(), kwmi::rtl::AssertionAction::BugCheck);
    EXPECT_EQ(DBG, 1);  // the simulation is a checked environment unless -DDBG=0
}

TEST_F(Assertions, PassingAssertionsDoNothing) {
    ScopedDebugCapture capture;
    EXPECT_EQ(DlAssert_O0(1), 1);
    EXPECT_EQ(DlNtAssert_O2(1), 1);
    EXPECT_EQ(capture.Text(), "");
}

TEST_F(Assertions, FailedAssertPrintsAndRaisesBreakpointException) {
    ScopedBugCheckRaiser raiser;
    ScopedDebugCapture capture;
    try {
        DlAssert_O0(0);
        FAIL() << "expected a bug check";
    } catch (const RaisedBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x1Eu);  // KMODE_EXCEPTION_NOT_HANDLED
        EXPECT_EQ(bugCheck.parameters[0], 0x80000003u);  // STATUS_BREAKPOINT
        EXPECT_NE(bugCheck.parameters[1], 0u);  // the address of the failing code
        EXPECT_EQ(bugCheck.rule, "ASSERT");
    }
    std::string text = capture.Text();
    EXPECT_NE(text.find("*** Assertion failed: condition\n"), std::string::npos) << text;
    EXPECT_NE(text.find("***   Source File: "), std::string::npos);
    EXPECT_NE(text.find("c_driver_like.c, line "), std::string::npos);
}

TEST_F(Assertions, FailedNtAssertRaisesAssertionFailure) {
    ScopedBugCheckRaiser raiser;
    try {
        DlNtAssert_O2(0);
        FAIL() << "expected a bug check";
    } catch (const RaisedBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x1Eu);
        EXPECT_EQ(bugCheck.parameters[0], 0xC0000420u);  // STATUS_ASSERTION_FAILURE
        EXPECT_EQ(bugCheck.rule, "NT_ASSERT");
    }
}

TEST_F(Assertions, WithoutRaiserTheBugCheckGoesToKeBugCheckEx) {
    try {
        DlAssert_O2(0);
        FAIL() << "expected a bug check";
    } catch (const kwmi::rtl_test::StubBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x1Eu);
        EXPECT_EQ(bugCheck.parameters[0], 0x80000003u);
    }
}

TEST_F(Assertions, PrintAndContinueReturns) {
    kwmi::rtl::SetAssertionAction(kwmi::rtl::AssertionAction::PrintAndContinue);
    ScopedDebugCapture capture;
    EXPECT_EQ(DlAssert_O0(0), 1);
    EXPECT_EQ(DlNtAssert_O0(0), 1);
    EXPECT_NE(capture.Text().find("Assertion failed"), std::string::npos);
}

TEST_F(Assertions, AssertMsgAndNtAssertMsgCarryTheMessage) {
    kwmi::rtl::SetAssertionAction(kwmi::rtl::AssertionAction::PrintAndContinue);
    ScopedDebugCapture capture;
    int value = 3;
    ASSERTMSG("value must be even", (value % 2) == 0);
    NT_ASSERTMSG("still odd", value == 4);
    NT_ASSERTMSGW(L"wide message", value == 5);
    std::string text = capture.Text();
    EXPECT_NE(text.find("value must be even"), std::string::npos);
    EXPECT_NE(text.find("(value % 2) == 0"), std::string::npos);
    EXPECT_NE(text.find("still odd"), std::string::npos);
    EXPECT_NE(text.find("wide message"), std::string::npos);
}

TEST_F(Assertions, NtVerifyEvaluatesItsExpression) {
    int evaluations = 0;
    EXPECT_TRUE(NT_VERIFY(++evaluations == 1));
    EXPECT_EQ(evaluations, 1);
}

TEST_F(Assertions, PagedCodeAtPassiveAndApcIsFine) {
    ScopedBugCheckRaiser raiser;
    kwmi::rtl_test::SetStubIrql(PASSIVE_LEVEL);
    DlPagedFunction_O0();
    kwmi::rtl_test::SetStubIrql(APC_LEVEL);
    DlPagedFunction_O2();
    SUCCEED();
}

TEST_F(Assertions, PagedCodeAtDispatchIsABugCheckWithRule) {
    ScopedBugCheckRaiser raiser;
    ScopedDebugCapture capture;
    kwmi::rtl_test::SetStubIrql(DISPATCH_LEVEL);
    try {
        DlPagedFunction_O0();
        FAIL() << "expected a bug check";
    } catch (const RaisedBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x1Eu);
        EXPECT_EQ(bugCheck.parameters[0], 0xC0000420u);
        EXPECT_EQ(bugCheck.rule, "PAGED_CODE");
        EXPECT_EQ(bugCheck.function, "DlPagedFunction_O0");
        EXPECT_NE(bugCheck.explanation.find("IRQL 2"), std::string::npos) << bugCheck.explanation;
    }
    EXPECT_NE(capture.Text().find("PAGED_CODE() in DlPagedFunction_O0 ran at IRQL 2"), std::string::npos);
}

TEST_F(Assertions, DbgBreakPointWithoutDebuggerIsUnhandledBreakpoint) {
    ScopedBugCheckRaiser raiser;
    try {
        DbgBreakPointWithStatus(7);
        FAIL() << "expected a bug check";
    } catch (const RaisedBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x1Eu);
        EXPECT_EQ(bugCheck.parameters[0], 0x80000003u);
        EXPECT_EQ(bugCheck.parameters[2], 7u);
        EXPECT_EQ(bugCheck.rule, "DbgBreakPoint");
    }
}

}  // namespace

#include "c_free_build.h"

namespace {

TEST_F(Assertions, FreeBuildCompilesChecksAway) {
    kwmi::rtl_test::ScopedBugCheckRaiser raiser;
    ScopedDebugCapture capture;
    kwmi::rtl_test::SetStubIrql(DISPATCH_LEVEL);
    EXPECT_EQ(FreeBuildChecks(0), 13);
    EXPECT_EQ(capture.Text(), "");
}

TEST_F(Assertions, KdPrintExGoesThroughTheFilter) {
    ScopedDebugCapture capture;
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "kd %s\n", "ex"));
    auto messages = capture.Messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].component, static_cast<std::uint32_t>(DPFLTR_IHVDRIVER_ID));
    EXPECT_EQ(messages[0].level, static_cast<std::uint32_t>(DPFLTR_WARNING_LEVEL));
    EXPECT_EQ(messages[0].text, "kd ex\n");
}

}  // namespace
