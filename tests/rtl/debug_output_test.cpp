// debug_output_test.cpp - the debug-print sink, the component/level filter, the 512-byte
// per-call limit and the default stderr format.
#include <gtest/gtest.h>

#include <kwmi/debug_output.hpp>
#include <kwmi_rtl.h>

#include <string>
#include <vector>

namespace {

using kwmi::debug::ScopedDebugCapture;

class DebugOutput : public ::testing::Test {
protected:
    void TearDown() override {
        kwmi::debug::ResetDebugFilter();
        kwmi::debug::SetMaxMessageBytes(kwmi::debug::kDefaultMaxMessageBytes);
    }
};

TEST_F(DebugOutput, DbgPrintReportsDefaultComponentAtInfoLevel) {
    ScopedDebugCapture capture;
    EXPECT_EQ(DbgPrint("hello %d\n", 1), static_cast<ULONG>(STATUS_SUCCESS));
    auto messages = capture.Messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].component, static_cast<std::uint32_t>(DPFLTR_DEFAULT_ID));
    EXPECT_EQ(messages[0].level, static_cast<std::uint32_t>(DPFLTR_INFO_LEVEL));
    EXPECT_EQ(messages[0].text, "hello 1\n");
}

TEST_F(DebugOutput, DefaultFilterPassesEveryLevel) {
    EXPECT_EQ(kwmi::debug::ComponentFilterMask(DPFLTR_IHVDRIVER_ID), 0xFFFFFFFFu);
    ScopedDebugCapture capture;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "e");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "i");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, 20, "x");
    EXPECT_EQ(capture.Text(), "eix");
}

TEST_F(DebugOutput, FilterStateFollowsDbgSetDebugFilterState) {
    kwmi::debug::SetComponentFilterMask(DPFLTR_IHVDRIVER_ID, 0x1);  // Windows' default: errors only
    ScopedDebugCapture capture;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "error;");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "trace;");
    EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL), FALSE);
    EXPECT_EQ(DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL), TRUE);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "trace2;");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x8, "mask8;");  // level given as a mask
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x2, "mask2;");
    EXPECT_EQ(capture.Text(), "error;trace2;");
    EXPECT_EQ(kwmi::debug::ComponentFilterMask(DPFLTR_IHVDRIVER_ID), 0x5u);
}

TEST_F(DebugOutput, MessagesAreCutAt512BytesByDefault) {
    EXPECT_EQ(kwmi::debug::MaxMessageBytes(), 512u);
    std::string longText(600, 'a');
    ScopedDebugCapture capture;
    DbgPrint("%s", longText.c_str());
    EXPECT_EQ(capture.Text().size(), 512u);
    kwmi::debug::SetMaxMessageBytes(0);
    capture.Clear();
    DbgPrint("%s", longText.c_str());
    EXPECT_EQ(capture.Text().size(), 600u);
}

TEST_F(DebugOutput, VDbgPrintExWithPrefix) {
    ScopedDebugCapture capture;
    auto call = [](const char *format, ...) {
        va_list arguments;
        va_start(arguments, format);
        vDbgPrintExWithPrefix("[acme] ", DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, format, arguments);
        va_end(arguments);
    };
    call("%ws=%u\n", L"count", 3u);
    EXPECT_EQ(capture.Text(), "[acme] count=3\n");
}

TEST_F(DebugOutput, DefaultSinkPrefixesEachLineOnStderr) {
    ::testing::internal::CaptureStderr();
    DbgPrint("first line\nsecond ");
    DbgPrint("part\n");
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "[kd] first line\n[kd] second part\n");
}

TEST_F(DebugOutput, CaptureRestoresThePreviousSink) {
    std::vector<std::string> outer;
    auto previous = kwmi::debug::SetDebugSink(
        [&outer](const kwmi::debug::DebugMessage &message) { outer.emplace_back(message.text); });
    {
        ScopedDebugCapture capture;
        DbgPrint("inner");
        EXPECT_EQ(capture.Text(), "inner");
    }
    DbgPrint("outer");
    kwmi::debug::SetDebugSink(std::move(previous));
    EXPECT_EQ(outer, (std::vector<std::string>{"outer"}));
}

}  // namespace
