// Host survival on the threaded scheduler: while one thread keeps querying device 1, device 0's
// callback bug-checks on another; only device 0 fails and the report is raised once.
#include "verifier_fixture.hpp"

#include <atomic>
#include <thread>

namespace verifiertest {
namespace {

using kwmi::host::DeviceState;

class HostSurvivalThreaded : public VerifierTest {
protected:
    HostSurvivalThreaded() : VerifierTest(kwmi::nt::SchedulerKind::Threaded) {}
};

TEST_F(HostSurvivalThreaded, OtherDeviceAnswersWhileOneBugChecks) {
    LoadFaultDriver(2);
    std::atomic<bool> stop{false};
    std::atomic<int> answered{0}, failedAnswers{0};
    std::thread reader([&] {
        kwmi::Consumer own;
        while (!stop.load()) {
            kwmi::Reply reply = own.QuerySingleInstance(kFaultDataGuid, InstanceOf(1));
            (reply ? answered : failedAnswers).fetch_add(1);
        }
    });
    while (answered.load() < 5 && failedAnswers.load() == 0) std::this_thread::yield();
    ASSERT_EQ(SetMode(0, kModeBugCheck), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_NE(Query(0), static_cast<ULONG>(ERROR_SUCCESS));
    const int before = answered.load();
    while (answered.load() < before + 5 && failedAnswers.load() == 0) std::this_thread::yield();
    stop.store(true);
    reader.join();
    EXPECT_EQ(failedAnswers.load(), 0);
    EXPECT_EQ(capture.Count(), 1u);
    EXPECT_EQ(host.State(devices[0]), DeviceState::Failed);
    EXPECT_EQ(host.State(devices[1]), DeviceState::Started);
    EXPECT_EQ(host.RemoveDevice(devices[0]), STATUS_SUCCESS);
    const auto leaks = host.UnloadDriver(driver);
    unloaded = true;
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
}

}  // namespace
}  // namespace verifiertest
