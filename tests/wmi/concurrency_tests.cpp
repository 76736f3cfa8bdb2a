// concurrency_tests.cpp - the WMI service on the threaded scheduler: concurrent consumers,
// edge-triggered enable/disable under races, ordered event delivery, and DEREGISTER waiting
// for an in-flight (pended) IRP (spec §8 item 44). CTest label: concurrency.
#include <wdm.h>
#include <wmium.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

class WmiConcurrency : public WmiTest {
protected:
    WmiConcurrency() : WmiTest(nt::SchedulerKind::Threaded) {}
};

TEST_F(WmiConcurrency, ConcurrentConsumersAllGetConsistentData) {
    GUID guid = MakeGuid(300);
    TestProvider& provider = AddProvider(guid, 4, 24);
    RegisterNow(provider);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            Consumer consumer(t % 2 ? wmi::Identity::Administrator() : wmi::Identity::System());
            for (int i = 0; i < 40; ++i) {
                Reply reply = consumer.QueryAllData(guid);
                std::vector<InstanceView> views;
                if (reply.error != ERROR_SUCCESS || !ParseAllDataChain(reply.bytes, views) ||
                    views.size() != 4 || views[3].data[0] != 4)
                    ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
}

TEST_F(WmiConcurrency, RacingSubscriptionsKeepEnableDisableAlternating) {
    GUID guid = MakeGuid(301);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&] {
            Consumer consumer;
            for (int i = 0; i < 30; ++i) {
                auto subscription = consumer.Subscribe(guid, nullptr);
                EXPECT_EQ(subscription.Error(), ERROR_SUCCESS);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    int enabled = 0;
    for (const auto& call : provider.Calls()) {
        if (call.minor == IRP_MN_ENABLE_EVENTS) {
            EXPECT_EQ(enabled, 0) << "two ENABLE_EVENTS without a DISABLE";
            enabled = 1;
        } else if (call.minor == IRP_MN_DISABLE_EVENTS) {
            EXPECT_EQ(enabled, 1) << "DISABLE_EVENTS without an ENABLE";
            enabled = 0;
        }
    }
    EXPECT_EQ(enabled, 0);
    EXPECT_GE(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
}

TEST_F(WmiConcurrency, EventsFromSeveralThreadsKeepPerProducerOrder) {
    GUID guid = MakeGuid(302);
    TestProvider& provider = AddProvider(guid, 4);
    RegisterNow(provider);
    std::mutex mutex;
    std::vector<std::pair<int, int>> seen;
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t> w) {
        std::lock_guard guard(mutex);
        seen.emplace_back(w[64], w[65]);
    });
    std::vector<std::thread> producers;
    for (int t = 0; t < 4; ++t) {
        producers.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i)
                EXPECT_EQ(provider.FireEvent(0, t, Bytes{std::uint8_t(t), std::uint8_t(i)}),
                          STATUS_SUCCESS);
        });
    }
    for (auto& thread : producers) thread.join();
    kernel_.WaitIdle();
    service_.FlushDeferredWork();
    std::lock_guard guard(mutex);
    ASSERT_EQ(seen.size(), 200u);
    int last[4] = {-1, -1, -1, -1};
    for (auto [producer, sequence] : seen) {
        EXPECT_GT(sequence, last[producer]);
        last[producer] = sequence;
    }
    EXPECT_EQ(subscription.Stats().dropped, 0u);
}

using WnodeVectors = WmiConcurrency;

TEST_F(WnodeVectors, Item44_DeregisterWaitsForInFlightIrp) {
    GUID guid = MakeGuid(303);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    std::promise<PIRP> pended;
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_QUERY_ALL_DATA) return false;
        IoMarkIrpPending(irp);
        TestProvider::ReturnFromIntercept(STATUS_PENDING);
        pended.set_value(irp);
        return true;
    };
    std::thread querying([&] {
        Reply reply = admin_.QueryAllData(guid);
        EXPECT_EQ(reply.error, ERROR_WMI_INSTANCE_NOT_FOUND);
    });
    PIRP irp = pended.get_future().get();
    std::atomic<bool> deregistered{false};
    std::atomic<bool> completed{false};
    std::thread deregistering([&] {
        EXPECT_EQ(provider.Deregister(), STATUS_SUCCESS);
        EXPECT_TRUE(completed.load()) << "DEREGISTER returned before the IRP completed";
        deregistered = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(deregistered.load());
    provider.ClearCalls();
    completed = true;
    irp->IoStatus.Status = STATUS_WMI_INSTANCE_NOT_FOUND;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    querying.join();
    deregistering.join();
    EXPECT_TRUE(deregistered.load());
    kernel_.WaitIdle();
    EXPECT_TRUE(provider.Calls(IRP_MN_REGINFO_EX).empty());  // nothing follows a DEREGISTER
    EXPECT_FALSE(service_.IsRegistered(provider.Fdo()));
    provider.intercept = nullptr;
}

}  // namespace
}  // namespace kwmi::test
