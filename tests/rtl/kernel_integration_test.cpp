// kernel_integration_test.cpp - the RTL inside kwmi_nt: its bug checks arrive as the
// kernel's structured reports (rule, parameters) and its string buffers come from the
// kernel pool.
#include <gtest/gtest.h>

#include <kwmi/kernel.hpp>
#include <kwmi/testing.hpp>
#include <wdm.h>

#include "c_driver_like.h"

namespace {

TEST(RtlWithKernel, PagedCodeAtDispatchIsAStructuredBugCheck) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    KIRQL previous = 0;
    KeRaiseIrql(DISPATCH_LEVEL, &previous);
    auto report = kwmi::testing::CaptureBugCheck([] { DlPagedFunction_O0(); });
    KeLowerIrql(previous);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x1Eu);
    EXPECT_EQ(report->parameters[0], 0xC0000420u);
    EXPECT_EQ(report->rule, "PAGED_CODE");
    EXPECT_NE(report->explanation.find("DlPagedFunction_O0"), std::string::npos) << report->explanation;
    EXPECT_EQ(capture.Count(), 1u);
}

TEST(RtlWithKernel, PagedCodeAtPassiveIsQuiet) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    auto report = kwmi::testing::CaptureBugCheck([] { DlPagedFunction_O2(); });
    EXPECT_FALSE(report.has_value());
    EXPECT_FALSE(capture.Fired());
}

TEST(RtlWithKernel, FailedAssertIsAStructuredBugCheck) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    auto report = kwmi::testing::CaptureBugCheck([] { DlAssert_O0(0); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x1Eu);
    EXPECT_EQ(report->parameters[0], 0x80000003u);
    EXPECT_EQ(report->rule, "ASSERT");
}

TEST(RtlWithKernel, GuidStringsUseTheKernelPool) {
    kwmi::nt::Kernel kernel;
    kwmi::testing::BugCheckCapture capture(kernel);
    const GUID guid = {0x01020304, 0x0506, 0x0708, {1, 2, 3, 4, 5, 6, 7, 8}};
    UNICODE_STRING text{};
    ASSERT_EQ(RtlStringFromGUID(guid, &text), STATUS_SUCCESS);
    GUID parsed{};
    EXPECT_EQ(RtlGUIDFromString(&text, &parsed), STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(parsed, guid));
    RtlFreeUnicodeString(&text);  // freed with the tag it was allocated with: no bug check
    EXPECT_FALSE(capture.Fired());
}

}  // namespace
