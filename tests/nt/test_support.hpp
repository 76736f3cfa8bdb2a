// Shared fixture: a manual kernel per test with a capturing bug-check handler.
#pragma once

#include <gtest/gtest.h>

#include <kwmi/kernel.hpp>
#include <kwmi/testing.hpp>
#include <wdm.h>

namespace kwmi_nt_tests {

class ManualKernel : public ::testing::Test {
protected:
    kwmi::nt::IrqlBoundary irql_{PASSIVE_LEVEL};  // restores the thread's IRQL after the test
    kwmi::nt::Kernel kernel_{kwmi::nt::SchedulerKind::Manual};
    kwmi::testing::BugCheckCapture capture_{kernel_};
};

// Milliseconds in KeSetTimer/KeWait units: negative = relative, 100 ns each.
inline LARGE_INTEGER RelativeMs(long long ms) {
    LARGE_INTEGER t;
    t.QuadPart = -ms * 10000;
    return t;
}

}  // namespace kwmi_nt_tests
