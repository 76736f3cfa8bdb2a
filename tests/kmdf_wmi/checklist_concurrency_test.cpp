// checklist_concurrency_test.cpp - kmdf-wmi-semantics.md §8 item 86 (uses threads; CTest label
// `concurrency`).
#include "kmdf_wmi_fixture.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

using KmdfWmiChecklist = KmdfWmiFixture;

TEST_F(KmdfWmiChecklist, Item086_ConcurrentIrpsRunCallbacksConcurrently)
{
    WDFWMIPROVIDER provider = StartWithInstances({4});
    InstanceOptions loose;
    loose.registerNow = false;
    WDFWMIINSTANCE other = CreateInstance(provider, loose);
    std::mutex m;
    std::condition_variable cv;
    int inside = 0;
    bool overlapped = true;
    std::atomic<int> badIrql{0};
    onQuery = [&](WDFWMIINSTANCE, ULONG size, PVOID out, PULONG used) {
        if (KeGetCurrentIrql() != PASSIVE_LEVEL) {
            ++badIrql;
        }
        // A DDI that takes the device's WMI lock: would deadlock if the framework held it.
        if (WdfWmiInstanceRegister(other) != STATUS_SUCCESS) {
            WdfWmiInstanceDeregister(other);
        }
        std::unique_lock<std::mutex> lock(m);
        ++inside;
        cv.notify_all();
        if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return inside >= 2; })) {
            overlapped = false;
        }
        *used = 4;
        if (size < 4) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        std::memset(out, 0x42, 4);
        return STATUS_SUCCESS;
    };
    std::vector<IrpResult> results(2);
    std::vector<Bytes> buffers(2, SingleInstanceWnode(TestGuid(1), 0, 128));
    std::thread t1([&] { results[0] = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), buffers[0]); });
    std::thread t2([&] { results[1] = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), buffers[1]); });
    t1.join();
    t2.join();
    EXPECT_TRUE(overlapped);
    EXPECT_EQ(badIrql.load(), 0);
    EXPECT_EQ(results[0].status, STATUS_SUCCESS);
    EXPECT_EQ(results[1].status, STATUS_SUCCESS);
}

} // namespace
} // namespace kwmi::kmdfwmitest
