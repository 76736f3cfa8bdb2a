// handler_core_test.cpp - the WMI handler's state machine, deferred updates and buffer logic
// against a scripted site (no kernel): the arithmetic of spec §4.5, §5.4 and §5.10.
#include "fake_site.hpp"

#include "wdf/wmi/wmi_diagnostics.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace kwmi::wdf::wmi::testing {
namespace {

GUID MakeGuid(ULONG n)
{
    GUID g{};
    g.Data1 = n;
    g.Data2 = 0x1111;
    return g;
}

class HandlerCore : public ::testing::Test {
protected:
    void SetUp() override
    {
        WmiDiagnostics::Instance().Clear();
        WmiDiagnostics::Instance().SetSettings(WmiSettings{});
        auto site = std::make_unique<FakeSite>(log);
        siteView = site.get();
        handler = std::make_shared<WmiHandler>(std::move(site));
    }
    void TearDown() override { WmiDiagnostics::Instance().SetSettings(WmiSettings{}); }

    std::shared_ptr<WmiProvider> AddProvider(ULONG n, ULONG flags = 0, ULONG minSize = 0)
    {
        WDF_WMI_PROVIDER_CONFIG config;
        GUID g = MakeGuid(n);
        WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
        config.Flags = flags;
        config.MinInstanceBufferSize = minSize;
        auto provider = std::make_shared<WmiProvider>(*handler, config);
        WmiUpdateTicket ticket;
        EXPECT_EQ(handler->AddProvider(provider, ticket), 0);
        handler->FinishUpdate(ticket);
        return provider;
    }
    std::shared_ptr<ScriptedInstance> AddInstance(const std::shared_ptr<WmiProvider> &p, ULONG size)
    {
        auto instance = std::make_shared<ScriptedInstance>(p);
        instance->size = size;
        EXPECT_EQ(handler->AddInstance(instance), 0);
        return instance;
    }
    WmiRequestResult QueryAll(const std::shared_ptr<WmiProvider> &p, std::vector<UCHAR> &buffer)
    {
        std::memset(buffer.data(), 0, buffer.size());
        WriteU32(buffer.data(), 0, static_cast<ULONG>(buffer.size()));
        WriteU32(buffer.data(), wnode::kFlags, 0x1 | kWnodeFlagStaticInstanceNames | kWnodeFlagFixedInstanceSize);
        GUID g = p->Guid();
        return handler->HandleRequest(kMnQueryAllData, 0x1000, &g, static_cast<ULONG>(buffer.size()), buffer.data());
    }

    FakeSiteLog log;
    FakeSite *siteView = nullptr;
    std::shared_ptr<WmiHandler> handler;
};

TEST_F(HandlerCore, QueryAllDataWorkedExampleAt112Bytes)
{
    auto p = AddProvider(1);
    AddInstance(p, 5);
    AddInstance(p, 3);
    std::vector<UCHAR> buffer(112);
    auto r = QueryAll(p, buffer);
    ASSERT_TRUE(r.handled);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 99u);
    EXPECT_EQ(ReadU32(buffer.data(), 0), 99u);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kAllDataBlockOffset), 80u);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kAllInstanceCount), 2u);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kFlags) & kWnodeFlagFixedInstanceSize, 0u);
    EXPECT_EQ(ReadU32(buffer.data(), 60), 80u);
    EXPECT_EQ(ReadU32(buffer.data(), 64), 5u);
    EXPECT_EQ(ReadU32(buffer.data(), 68), 96u);
    EXPECT_EQ(ReadU32(buffer.data(), 72), 3u);
    EXPECT_EQ(buffer[80], 0xAB);
    EXPECT_EQ(buffer[96], 0xAB);
}

// kwmi_fuzz_wmi_requests (session 4): a raw QUERY_ALL_DATA whose request header already
// carried WNODE_FLAG_TOO_SMALL came back as a data answer with that bit still set, and the
// fuzzer's invariant took it for a too-small answer. The handler is right: it clears only
// FIXED_INSTANCE_SIZE (spec §5.4 step 3) and replaces the flags only when it answers too small.
TEST_F(HandlerCore, QueryAllDataKeepsTheRequestsOtherFlagsOnADataAnswer)
{
    auto p = AddProvider(1);
    AddInstance(p, 5);
    std::vector<UCHAR> buffer(112);
    std::memset(buffer.data(), 0, buffer.size());
    WriteU32(buffer.data(), 0, static_cast<ULONG>(buffer.size()));
    const ULONG requestFlags = 0x1 | 0x20 /* TOO_SMALL */ | 0x2000 | kWnodeFlagFixedInstanceSize;
    WriteU32(buffer.data(), wnode::kFlags, requestFlags);
    GUID g = p->Guid();
    auto r = handler->HandleRequest(kMnQueryAllData, 0x1000, &g, static_cast<ULONG>(buffer.size()), buffer.data());
    ASSERT_TRUE(r.handled);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 80u + 5u);  // a data answer: BufferSize = Information
    EXPECT_EQ(ReadU32(buffer.data(), 0), 85u);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kFlags), requestFlags & ~kWnodeFlagFixedInstanceSize);
}

TEST_F(HandlerCore, QueryAllDataTooSmallReportsSizeNeeded)
{
    auto p = AddProvider(1);
    auto a = AddInstance(p, 5);
    auto b = AddInstance(p, 3);
    std::vector<UCHAR> buffer(64);
    auto r = QueryAll(p, buffer);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 56u);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kFlags), kWnodeFlagTooSmall);
    EXPECT_EQ(ReadU32(buffer.data(), 0), 56u);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kTooSmallSizeNeeded), 99u);
    EXPECT_EQ(a->offered, std::vector<ULONG>{0}); // the adapter turns 0 into the scratch byte
}

TEST_F(HandlerCore, QueryAllDataExactSizeRetryUnderReportsWithDiagnostic)
{
    auto p = AddProvider(1);
    AddInstance(p, 5);
    AddInstance(p, 3);
    std::vector<UCHAR> buffer(99);
    auto r = QueryAll(p, buffer);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 86u);
    EXPECT_EQ(ReadU32(buffer.data(), 0), 86u);
    EXPECT_EQ(ReadU32(buffer.data(), 68), 96u); // entry 1 still points past the reported size
    EXPECT_EQ(WmiDiagnostics::Instance().Count(WmiDiagnosticKind::QueryAllDataUnderReport), 1u);
}

TEST_F(HandlerCore, QueryAllDataUnderReportWrapsForOneInstance)
{
    auto p = AddProvider(1);
    AddInstance(p, 5);
    std::vector<UCHAR> buffer(85);
    auto r = QueryAll(p, buffer);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 74u);
}

TEST_F(HandlerCore, QueryAllDataUnderReportSettingOffReportsFullSize)
{
    WmiSettings settings;
    settings.reproduceQueryAllDataUnderReport = false;
    WmiDiagnostics::Instance().SetSettings(settings);
    auto p = AddProvider(1);
    AddInstance(p, 5);
    AddInstance(p, 3);
    std::vector<UCHAR> buffer(99);
    auto r = QueryAll(p, buffer);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 99u);
}

TEST_F(HandlerCore, QueryAllDataMinInstanceQuickCheckSkipsCallbacks)
{
    auto p = AddProvider(1, 0, 6);
    auto a = AddInstance(p, 6);
    auto b = AddInstance(p, 6);
    auto c = AddInstance(p, 6);
    std::vector<UCHAR> buffer(100);
    auto r = QueryAll(p, buffer);
    // DataBlockOffset = align16(60 + 24) = 96; required = 16*2 + 6 = 38.
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(ReadU32(buffer.data(), wnode::kTooSmallSizeNeeded), 96u + 38u);
    EXPECT_TRUE(a->offered.empty());
    EXPECT_TRUE(c->offered.empty());
}

TEST_F(HandlerCore, RegInfoTinyBufferReportsRequiredSize)
{
    AddProvider(1);
    AddProvider(2);
    std::vector<UCHAR> buffer(8);
    auto r = handler->BuildRegInfo(true, 8, buffer.data());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.information, 4u);
    const ULONG need = 24 + 2 * 32 + 2 + 22 + 2 + static_cast<ULONG>(siteView->registryPath.size() * 2);
    EXPECT_EQ(ReadU32(buffer.data(), 0), need);
    EXPECT_EQ(log.pdoReferences, 0u);
}

TEST_F(HandlerCore, DeferredUpdatesCoalesceAbovePassive)
{
    auto p = AddProvider(1);
    ASSERT_EQ(handler->Register(), 0);
    log.irql = DISPATCH_LEVEL;
    AddInstance(p, 4);
    AddInstance(p, 4);
    AddInstance(p, 4);
    EXPECT_EQ(log.actions, std::vector<ULONG>{1});
    EXPECT_EQ(log.workItems.size(), 1u);
    log.irql = PASSIVE_LEVEL;
    EXPECT_EQ(RunWorkItems(log), 1u);
    EXPECT_EQ(log.actions, (std::vector<ULONG>{1, 4}));
}

TEST_F(HandlerCore, DeregisterDrainsQueuedUpdateBeforeDeregistering)
{
    auto p = AddProvider(1);
    ASSERT_EQ(handler->Register(), 0);
    log.irql = DISPATCH_LEVEL;
    AddInstance(p, 4);
    log.irql = PASSIVE_LEVEL;
    handler->Deregister();
    EXPECT_EQ(log.actions, (std::vector<ULONG>{1, 4, 2}));
    EXPECT_EQ(handler->State(), WmiRegistrationState::Deregistered);
}

TEST_F(HandlerCore, SecondDeregisterAfterPendingUpdateRecordsKmdfHangDiagnostic)
{
    auto p = AddProvider(1);
    ASSERT_EQ(handler->Register(), 0);
    log.irql = DISPATCH_LEVEL;
    AddInstance(p, 4);
    log.irql = PASSIVE_LEVEL;
    handler->Deregister();
    handler->ResetForRestart();
    ASSERT_EQ(handler->Register(), 0);
    handler->Deregister(); // KMDF: waits on a never-signalled event (§7 item 2)
    EXPECT_EQ(log.actions, (std::vector<ULONG>{1, 4, 2, 1, 2}));
    EXPECT_EQ(WmiDiagnostics::Instance().Count(WmiDiagnosticKind::StaleWorkItemDoneEvent), 1u);
}

TEST_F(HandlerCore, ChangeMadeWhileWorkItemRunsIsNotLost)
{
    auto p = AddProvider(1);
    ASSERT_EQ(handler->Register(), 0);
    log.irql = DISPATCH_LEVEL;
    AddInstance(p, 4);
    ASSERT_EQ(log.workItems.size(), 1u);
    // A change lands while the work item's UPDATE_GUIDS runs: KMDF loses it (§7 item 3).
    log.onAction = [&](ULONG) {
        const KIRQL saved = log.irql;
        log.irql = DISPATCH_LEVEL;
        AddInstance(p, 4);
        log.irql = saved;
    };
    EXPECT_EQ(RunWorkItems(log), 2u);
    EXPECT_EQ(log.actions, (std::vector<ULONG>{1, 4, 4}));
}

} // namespace
} // namespace kwmi::wdf::wmi::testing
