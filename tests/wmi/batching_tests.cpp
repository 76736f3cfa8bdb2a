// batching_tests.cpp - the service's speed changes (merged UPDATE_GUIDS, generated instance
// names looked up by prefix + index instead of a materialised table) and its hardening
// (EXECUTE checked before any IRP, capped method output, event buffers checked against their
// pool block). Each test asserts what a consumer or driver observes.
#include <cstring>
#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/testing.hpp>

#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

class Batching : public WmiTest {};
class GeneratedNames : public WmiTest {
protected:
    // A provider with one WMIREG_FLAG_INSTANCE_BASENAME block; instance i holds fill + i.
    TestProvider& AddBaseName(const GUID& guid, std::u16string base, ULONG count, std::uint8_t fill) {
        TestProvider& provider = AddProvider(guid, count);
        provider.blocks[0].regFlags = WMIREG_FLAG_INSTANCE_BASENAME;
        provider.blocks[0].baseName = std::move(base);
        for (ULONG i = 0; i < count; ++i) provider.blocks[0].instances[i] = Bytes(4, std::uint8_t(fill + i));
        return provider;
    }
};
class Hardening : public WmiTest {};

constexpr ULONG kInstanceNotFound = ERROR_WMI_INSTANCE_NOT_FOUND;

std::size_t RegInfoCalls(const TestProvider& provider) {
    return provider.Calls(IRP_MN_REGINFO_EX).size() + provider.Calls(IRP_MN_REGINFO).size();
}

void SetInstanceCount(TestProvider& provider, std::size_t count) {
    auto lock = provider.Lock();
    provider.blocks[0].instances.resize(count, Bytes(4, 0x77));
}

std::size_t InstancesSeen(Consumer& consumer, const GUID& guid) {
    Reply reply = consumer.QueryAllData(guid);
    EXPECT_EQ(reply.error, ERROR_SUCCESS);
    std::vector<InstanceView> views;
    EXPECT_TRUE(ParseAllDataChain(reply.bytes, views));
    return views.size();
}

// ---- merged UPDATE_GUIDS ----

TEST_F(Batching, UpdateQueuedBehindUpdateOfSameDeviceIsMerged) {
    GUID guid = MakeGuid(0xB001);
    TestProvider& provider = AddProvider(guid, 1);
    RegisterNow(provider);
    provider.ClearCalls();
    SetInstanceCount(provider, 2);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    SetInstanceCount(provider, 3);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    SetInstanceCount(provider, 5);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(RegInfoCalls(provider), 1u);  // one REGINFO round trip for three updates
    // ... and it saw the final state
    EXPECT_EQ(InstancesSeen(admin_, guid), 5u);
}

TEST_F(Batching, UpdatesOfOtherDevicesInBetweenStillMerge) {
    GUID guidA = MakeGuid(0xB002), guidB = MakeGuid(0xB003);
    TestProvider& a = AddProvider(guidA, 1);
    TestProvider& b = AddProvider(guidB, 1);
    RegisterNow(a);
    RegisterNow(b);
    a.ClearCalls();
    b.ClearCalls();
    SetInstanceCount(a, 2);
    ASSERT_EQ(a.Update(), STATUS_SUCCESS);
    SetInstanceCount(b, 4);
    ASSERT_EQ(b.Update(), STATUS_SUCCESS);
    SetInstanceCount(a, 3);
    ASSERT_EQ(a.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(RegInfoCalls(a), 1u);
    EXPECT_EQ(RegInfoCalls(b), 1u);
    EXPECT_EQ(InstancesSeen(admin_, guidA), 3u);
    EXPECT_EQ(InstancesSeen(admin_, guidB), 4u);
}

TEST_F(Batching, UpdateBehindRegisterIsNotMerged) {
    // Only UPDATE behind UPDATE merges: a REGISTER (or DEREGISTER) keeps its own round trip.
    GUID guid = MakeGuid(0xB004);
    TestProvider& provider = AddProvider(guid, 1);
    ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
    SetInstanceCount(provider, 2);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(RegInfoCalls(provider), 2u);
    EXPECT_EQ(InstancesSeen(admin_, guid), 2u);
}

TEST_F(Batching, UpdateAfterDeregisterDoesNotResurrect) {
    GUID guid = MakeGuid(0xB005);
    TestProvider& provider = AddProvider(guid, 1);
    RegisterNow(provider);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    ASSERT_EQ(provider.Deregister(), STATUS_SUCCESS);
    provider.Update();  // whatever it returns, it must not bring the provider back
    Settle();
    EXPECT_FALSE(service_.IsRegistered(provider.Fdo()));
    EXPECT_NE(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
}

// ---- generated names: prefix + decimal index, exact match ----

std::u16string Decimal(ULONG value) {
    std::string digits = std::to_string(value);
    return std::u16string(digits.begin(), digits.end());
}

TEST_F(GeneratedNames, BaseNamesAreBasePlusDecimalIndex) {
    GUID guid = MakeGuid(0xB010);
    TestProvider& provider = AddBaseName(guid, u"Name", 12, 0x40);
    RegisterNow(provider);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(admin_.QueryAllData(guid).bytes, views));
    ASSERT_EQ(views.size(), 12u);
    for (ULONG i = 0; i < 12; ++i) EXPECT_EQ(views[i].name, u"Name" + Decimal(i));
    // each generated name finds its own instance
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name0").bytes.at(64), 0x40);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name1").bytes.at(64), 0x41);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name10").bytes.at(64), 0x4A);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name11").bytes.at(64), 0x4B);
}

TEST_F(GeneratedNames, LeadingZerosAndNonDigitsDoNotMatch) {
    GUID guid = MakeGuid(0xB011);
    TestProvider& provider = AddBaseName(guid, u"Name", 3, 0x40);
    RegisterNow(provider);
    provider.ClearCalls();
    for (std::u16string name : {u"Name01", u"Name00", u"Name001", u"Name", u"Name+1", u"Name-1", u"Name 1",
                                u"Name1 ", u"Nam1", u"name1", u"XName1", u"Name1a", u"Name4294967297",
                                u"Name99999999999"}) {
        EXPECT_EQ(admin_.QuerySingleInstance(guid, name).error, kInstanceNotFound)
            << std::string(name.begin(), name.end());
    }
    // An unknown static name is answered by WMI itself: the driver never sees it.
    EXPECT_TRUE(provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).empty());
}

TEST_F(GeneratedNames, IndexAtOrBeyondCountIsInstanceNotFound) {
    GUID guid = MakeGuid(0xB012);
    TestProvider& provider = AddBaseName(guid, u"Name", 3, 0x40);
    RegisterNow(provider);
    provider.ClearCalls();
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name2").error, ERROR_SUCCESS);
    const std::size_t hits = provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size();
    EXPECT_GE(hits, 1u);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name3").error, kInstanceNotFound);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name4294967295").error, kInstanceNotFound);
    EXPECT_EQ(provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size(), hits);  // misses never reach it
    // the count follows UPDATE_GUIDS
    SetInstanceCount(provider, 4);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name3").error, ERROR_SUCCESS);
    SetInstanceCount(provider, 1);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Name1").error, kInstanceNotFound);
}

TEST_F(GeneratedNames, PdoNamesAreInstancePathUnderscoreIndex) {
    GUID guid = MakeGuid(0xB013);
    TestProvider& provider = AddProvider(guid, 11);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\KWMI\\0001");
    RegisterNow(provider);
    provider.ClearCalls();
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"ROOT\\KWMI\\0001_0").bytes.at(64), 1);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"ROOT\\KWMI\\0001_10").bytes.at(64), 11);
    const std::size_t hits = provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size();
    EXPECT_GE(hits, 2u);
    for (std::u16string name : {u"ROOT\\KWMI\\0001_01", u"ROOT\\KWMI\\0001_11", u"ROOT\\KWMI\\0001_",
                                u"ROOT\\KWMI\\0001", u"ROOT\\KWMI\\00011", u"ROOT\\KWMI\\0001_1_"}) {
        EXPECT_EQ(admin_.QuerySingleInstance(guid, name).error, kInstanceNotFound)
            << std::string(name.begin(), name.end());
    }
    EXPECT_EQ(provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size(), hits);
}

TEST_F(GeneratedNames, SameBaseNameTwiceFirstProviderWins) {
    GUID guid = MakeGuid(0xB014);
    TestProvider& first = AddBaseName(guid, u"Dup", 2, 0x10);
    TestProvider& second = AddBaseName(guid, u"Dup", 3, 0x20);
    RegisterNow(first);
    RegisterNow(second);
    first.ClearCalls();
    second.ClearCalls();
    // names both providers generate belong to the one registered first
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Dup0").bytes.at(64), 0x10);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Dup1").bytes.at(64), 0x11);
    EXPECT_FALSE(first.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).empty());
    EXPECT_TRUE(second.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).empty());
    // a name only the second generates is the second's
    const std::size_t firstCalls = first.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size();
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Dup2").bytes.at(64), 0x22);
    EXPECT_FALSE(second.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).empty());
    EXPECT_EQ(first.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size(), firstCalls);
    // the collision is reported
    bool noted = false;
    for (const auto& line : service_.Diagnostics())
        noted = noted || line.find("collision") != std::string::npos;
    EXPECT_TRUE(noted);
    // once the first is gone, its names are the second's
    ASSERT_EQ(first.Deregister(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Dup0").bytes.at(64), 0x20);
}

TEST_F(GeneratedNames, ListedNameRegisteredFirstWinsOverGeneratedOne) {
    GUID guid = MakeGuid(0xB015);
    TestProvider& listed = AddProvider(guid, 1);
    listed.blocks[0].regFlags = WMIREG_FLAG_INSTANCE_LIST;
    listed.blocks[0].names = {u"Gen1"};
    listed.blocks[0].instances = {Bytes(4, 0x55)};
    TestProvider& generated = AddBaseName(guid, u"Gen", 2, 0x60);
    RegisterNow(listed);
    RegisterNow(generated);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Gen1").bytes.at(64), 0x55);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Gen0").bytes.at(64), 0x60);
}

TEST_F(GeneratedNames, GeneratedNameRegisteredFirstWinsOverListedOne) {
    GUID guid = MakeGuid(0xB016);
    TestProvider& generated = AddBaseName(guid, u"Gen", 2, 0x60);
    TestProvider& listed = AddProvider(guid, 1);
    listed.blocks[0].regFlags = WMIREG_FLAG_INSTANCE_LIST;
    listed.blocks[0].names = {u"Gen1"};
    listed.blocks[0].instances = {Bytes(4, 0x55)};
    RegisterNow(generated);
    RegisterNow(listed);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Gen1").bytes.at(64), 0x61);
}

// ---- hardening ----

TEST_F(Hardening, ExecuteWithoutExecuteRightSendsNoIrpAtAll) {
    GUID guid = MakeGuid(0xB020);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].method = [](ULONG, std::span<const std::uint8_t>, Bytes& out) {
        out = {1};
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\M");
    RegisterNow(provider);
    // users may query (WMIGUID_QUERY = 1) but not execute
    ASSERT_EQ(service_.SetGuidSecurity(guid, "O:BAG:SYD:(A;;0x1;;;BU)(A;;GA;;;BA)"), STATUS_SUCCESS);
    provider.ClearCalls();
    Consumer user(wmi::Identity::User());
    EXPECT_EQ(user.ExecuteMethod(guid, u"ROOT\\M_0", 1, {}).error, ERROR_ACCESS_DENIED);
    // The open itself is refused; the same at the service, with a handle opened for QUERY.
    wmi::BlockHandle* handle = nullptr;
    ASSERT_EQ(service_.Open(guid, WMIGUID_QUERY, wmi::Identity::User(), &handle), STATUS_SUCCESS);
    wmi::Bytes out;
    EXPECT_EQ(service_.ExecuteMethod(handle, u"ROOT\\M_0", 1, {}, 64, out, nullptr), STATUS_ACCESS_DENIED);
    EXPECT_EQ(service_.Close(handle), STATUS_SUCCESS);
    EXPECT_TRUE(provider.Calls().empty());  // not even the existence query
    // the administrator's call still queries, then executes
    EXPECT_EQ(admin_.ExecuteMethod(guid, u"ROOT\\M_0", 1, {}).error, ERROR_SUCCESS);
    EXPECT_EQ(provider.Calls(IRP_MN_EXECUTE_METHOD).size(), 1u);
}

TEST_F(Hardening, MethodOutputCapacityAboveReplyLimitIsRefusedBeforeAllocating) {
    GUID guid = MakeGuid(0xB021);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].method = [](ULONG, std::span<const std::uint8_t>, Bytes& out) {
        out = {7};
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\M");
    RegisterNow(provider);
    provider.ClearCalls();
    ULONG needed = 12345;
    Reply huge = admin_.ExecuteMethod(guid, u"ROOT\\M_0", 1, {}, 0xFFFFFFFFu, &needed);
    EXPECT_EQ(huge.error, ERROR_INVALID_PARAMETER);
    EXPECT_TRUE(huge.bytes.empty());
    EXPECT_EQ(needed, 0u);
    const ULONG limit = service_.Config().maxReplyBufferSize;
    EXPECT_EQ(admin_.ExecuteMethod(guid, u"ROOT\\M_0", 1, {}, limit + 1).error, ERROR_INVALID_PARAMETER);
    EXPECT_TRUE(provider.Calls(IRP_MN_EXECUTE_METHOD).empty());
    // a smaller limit is honoured the same way
    service_.Config().maxReplyBufferSize = 4096;
    EXPECT_EQ(admin_.ExecuteMethod(guid, u"ROOT\\M_0", 1, {}, 4097).error, ERROR_INVALID_PARAMETER);
    Reply fits = admin_.ExecuteMethod(guid, u"ROOT\\M_0", 1, {}, 4096);
    EXPECT_EQ(fits.error, ERROR_SUCCESS);
    EXPECT_EQ(fits.bytes, Bytes{7});
}

// A KMDF-style event WNODE in a pool block of `allocation` bytes claiming `claimed` bytes.
void* EventInPool(const GUID& guid, ULONG allocation, ULONG claimed) {
    auto* wnode = static_cast<std::uint8_t*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, allocation, 'tseT'));
    if (allocation >= sizeof(WNODE_SINGLE_INSTANCE)) {
        auto* header = reinterpret_cast<PWNODE_SINGLE_INSTANCE>(wnode);
        header->WnodeHeader.BufferSize = claimed;
        header->WnodeHeader.Guid = guid;
        header->WnodeHeader.Flags =
            WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;
        header->DataBlockOffset = sizeof(WNODE_SINGLE_INSTANCE);
        header->SizeDataBlock = claimed - sizeof(WNODE_SINGLE_INSTANCE);
    }
    return wnode;
}

TEST_F(Hardening, EventBufferSizeBeyondPoolBlockBugChecksLikeSpecialPool) {
    GUID guid = MakeGuid(0xB022);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    std::size_t delivered = 0;
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t>) { ++delivered; });
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    testing::BugCheckCapture capture(kernel_);
    void* wnode = EventInPool(guid, 68, 68 + 100);  // claims 100 bytes it does not have
    auto report = testing::CaptureBugCheck([&] { IoWMIWriteEvent(wnode); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0xD6u);  // DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION
    EXPECT_EQ(nt::BugCheckName(report->code), "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION");
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uint64_t>(wnode) + 68);  // first byte past
    EXPECT_EQ(report->parameters[1], 0u);                                            // a read
    EXPECT_EQ(report->parameters[3], 0u);
    EXPECT_NE(report->explanation.find("DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION"), std::string::npos);
    EXPECT_NE(report->explanation.find("IoWMIWriteEvent"), std::string::npos);
    Settle();
    EXPECT_EQ(delivered, 0u);
    ExFreePoolWithTag(wnode, 'tseT');  // the service neither took nor freed it
}

TEST_F(Hardening, EventBlockSmallerThanItsHeaderBugChecks) {
    GUID guid = MakeGuid(0xB023);
    testing::BugCheckCapture capture(kernel_);
    void* wnode = EventInPool(guid, 16, 0);
    auto report = testing::CaptureBugCheck([&] { IoWMIWriteEvent(wnode); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0xD6u);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uint64_t>(wnode) + 16);
    ExFreePoolWithTag(wnode, 'tseT');
}

TEST_F(Hardening, EventInsideAPoolBlockIsCheckedAgainstTheBlockEnd) {
    // A WNODE built 32 bytes into a 128-byte block has 96 bytes; claiming 100 reads past it.
    GUID guid = MakeGuid(0xB025);
    testing::BugCheckCapture capture(kernel_);
    auto* block = static_cast<std::uint8_t*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 128, 'tseT'));
    auto* header = reinterpret_cast<PWNODE_HEADER>(block + 32);
    header->BufferSize = 100;
    header->Guid = guid;
    header->Flags = WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM;
    auto report = testing::CaptureBugCheck([&] { IoWMIWriteEvent(header); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0xD6u);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uint64_t>(block) + 128);
    ExFreePoolWithTag(block, 'tseT');
}

TEST_F(Hardening, EventFillingItsPoolBlockExactlyIsDelivered) {
    GUID guid = MakeGuid(0xB024);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    std::vector<Bytes> delivered;
    auto subscription = admin_.Subscribe(
        guid, [&](std::span<const std::uint8_t> e) { delivered.emplace_back(e.begin(), e.end()); });
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    void* wnode = EventInPool(guid, 72, 72);
    std::memset(static_cast<std::uint8_t*>(wnode) + 64, 0x3C, 8);
    EXPECT_EQ(IoWMIWriteEvent(wnode), STATUS_SUCCESS);  // WMI now owns (and freed) the block
    Settle();
    ASSERT_EQ(delivered.size(), 1u);
    ASSERT_EQ(delivered[0].size(), 72u);
    EXPECT_EQ(delivered[0][71], 0x3C);
    // the kernel-style FireEvent of the test provider keeps working
    EXPECT_EQ(provider.FireEvent(0, 0, Bytes{1, 2, 3}), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(delivered.size(), 2u);
}

}  // namespace
}  // namespace kwmi::test
