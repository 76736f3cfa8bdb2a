// wmi_fixture.hpp - a manual-scheduler kernel with a fresh WMI service and test providers.
#pragma once

#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include <kwmi/consumer.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/wmi_service.hpp>

#include "test_provider.hpp"

namespace kwmi::test {

class WmiTest : public ::testing::Test {
protected:
    explicit WmiTest(nt::SchedulerKind kind = nt::SchedulerKind::Manual)
        : kernel_(kind), service_(wmi::Service::Install(kernel_, wmi::Settings{})) {}
    ~WmiTest() override { providers_.clear(); }

    // A provider with one PDO-named block of `instances` (each `size` bytes, byte i+1).
    TestProvider& AddProvider(const GUID& guid, ULONG instances = 1, std::size_t size = 4,
                              bool withFilter = false) {
        auto provider = std::make_unique<TestProvider>(kernel_, withFilter);
        TestBlock block;
        block.guid = guid;
        for (ULONG i = 0; i < instances; ++i) block.instances.push_back(Bytes(size, std::uint8_t(i + 1)));
        provider->blocks.push_back(block);
        providers_.push_back(std::move(provider));
        return *providers_.back();
    }
    // Register and run the deferred REGINFO.
    void RegisterNow(TestProvider& provider) {
        ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
        kernel_.RunUntilIdle();
        ASSERT_TRUE(service_.IsRegistered(provider.Fdo()));
    }
    void Settle() { kernel_.RunUntilIdle(); }

    nt::Kernel kernel_;
    wmi::Service& service_;
    std::vector<std::unique_ptr<TestProvider>> providers_;
    Consumer admin_{wmi::Identity::Administrator()};
};

}  // namespace kwmi::test
