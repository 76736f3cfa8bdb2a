// debug_output_concurrency_test.cpp - debug prints from several threads (CTest label
// `concurrency`, also run under TSan).
#include <gtest/gtest.h>

#include <kwmi/debug_output.hpp>
#include <kwmi_rtl.h>

#include <string>
#include <thread>
#include <vector>

namespace {

using kwmi::debug::ScopedDebugCapture;

TEST(DebugOutputConcurrency, ConcurrentPrintsAreEachDeliveredWhole) {
    ScopedDebugCapture capture;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 100; ++i) DbgPrint("thread %d message %d\n", t, i);
        });
    }
    for (auto &thread : threads) thread.join();
    auto messages = capture.Messages();
    ASSERT_EQ(messages.size(), 400u);
    for (const auto &message : messages) {
        EXPECT_EQ(message.text.rfind("thread ", 0), 0u);
        EXPECT_EQ(message.text.back(), '\n');
    }
}

}  // namespace
