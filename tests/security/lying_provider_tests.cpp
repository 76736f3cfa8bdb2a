// lying_provider_tests.cpp - a WDM provider that lies in its answers cannot make the WMI
// service read or write outside the buffers the service owns: lying WNODE sizes, offsets past
// the end, Information larger than the buffer, REGINFO with out-of-range offsets, malformed
// event references. The service answers each with a status (and a diagnostic note); the ASan
// build of this suite checks that no byte outside a buffer was touched.
//
// Cases already covered in tests/wmi/registration_tests.cpp (MaliciousProvider.*) are not
// repeated here: ALL_DATA size/count/offset lies, REGINFO names/GuidCount/BufferSize/registry
// path/base name/NextWmiRegInfo-into-itself, REGINFO Information > buffer, endless "too small".
#include <wdm.h>
#include <wmium.h>

#include <cstring>
#include <functional>

#include <gmock/gmock.h>

#include "wire_bytes.hpp"
#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

using LyingProvider = WmiTest;
using wmi::wire::WriteU16;
using wmi::wire::WriteU32;
using wmi::wire::WriteU64;

constexpr ULONG_PTR kHugeInformation = 1ull << 40;  // far beyond any buffer

using Patch = std::function<void(std::span<std::uint8_t> w)>;

// Answers `minor` itself: `answer` writes a sane reply into the service's buffer (returns the
// reply size), `patch` then corrupts it; Information is the reply size unless given.
void Answer(TestProvider& provider, UCHAR minor,
            std::function<ULONG(std::span<std::uint8_t> w)> answer, Patch patch,
            ULONG_PTR information = 0) {
    provider.intercept = [=](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != minor) return false;
        std::span<std::uint8_t> w(static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer),
                                  stack->Parameters.WMI.BufferSize);
        ULONG size = answer(w);
        if (patch) patch(w);
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = information ? information : size;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
}

// A sane WNODE_SINGLE_INSTANCE answer: 4 data bytes AB at the request's DataBlockOffset.
ULONG SingleInstanceAnswer(std::span<std::uint8_t> w) {
    ULONG offset = *wmi::wire::ReadU32(w, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset));
    std::memset(w.data() + offset, 0xAB, 4);
    WriteU32(w, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), 4);
    WriteU32(w, 0, offset + 4);
    return offset + 4;
}

// A sane WNODE_METHOD_ITEM answer: 2 output bytes at the request's DataBlockOffset.
ULONG MethodAnswer(std::span<std::uint8_t> w) {
    ULONG offset = *wmi::wire::ReadU32(w, offsetof(WNODE_METHOD_ITEM, DataBlockOffset));
    w[offset] = 0x11;
    w[offset + 1] = 0x22;
    WriteU32(w, offsetof(WNODE_METHOD_ITEM, SizeDataBlock), 2);
    WriteU32(w, 0, offset + 2);
    return offset + 2;
}

// OffsetInstanceDataAndLength[0] of a WNODE_ALL_DATA (the array overlays FixedInstanceSize).
constexpr std::size_t kFirstPair = offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength);

// A sane dynamic-name WNODE_ALL_DATA: one 4-byte instance at 72, name table at 76 -> "A" at 80.
ULONG DynamicAllDataAnswer(std::span<std::uint8_t> w) {
    WriteU32(w, 0, 84);
    WriteU32(w, offsetof(WNODE_ALL_DATA, InstanceCount), 1);
    WriteU32(w, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), 76);
    WriteU32(w, kFirstPair, 72);
    WriteU32(w, kFirstPair + 4, 4);
    std::memset(w.data() + 72, 0xCD, 4);
    WriteU32(w, 76, 80);
    wmi::wire::WriteCountedString(w, 80, u"A");
    return 84;
}

// A sane static-name WNODE_ALL_DATA with one 4-byte instance at 80.
ULONG StaticAllDataAnswer(std::span<std::uint8_t> w) {
    WriteU32(w, 0, 84);
    WriteU32(w, offsetof(WNODE_ALL_DATA, InstanceCount), 1);
    WriteU32(w, kFirstPair, 80);
    WriteU32(w, kFirstPair + 4, 4);
    std::memset(w.data() + 80, 0xEF, 4);
    return 84;
}

Patch At(std::size_t offset, ULONG value) {
    return [=](std::span<std::uint8_t> w) { WriteU32(w, offset, value); };
}
Patch BufferSizeBeyondCapacity() {
    return [](std::span<std::uint8_t> w) { WriteU32(w, 0, static_cast<ULONG>(w.size()) + 8); };
}

TEST_F(LyingProvider, SingleInstanceSizeAndOffsetLiesGiveDpFailed) {
    GUID guid = MakeGuid(720);
    TestProvider& provider = AddProvider(guid);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\LIE");
    RegisterNow(provider);
    const std::vector<std::pair<const char*, Patch>> lies = {
        {"BufferSize beyond the buffer", BufferSizeBeyondCapacity()},
        {"BufferSize below the WNODE", At(0, 40)},
        {"SizeDataBlock past BufferSize", At(offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), 0xFFFFFFF0)},
        {"DataBlockOffset past the end", At(offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), 0xFFFFFFF0)},
        {"type flag cleared", At(offsetof(WNODE_HEADER, Flags), WNODE_FLAG_ALL_DATA)},
    };
    for (const auto& [what, patch] : lies) {
        Answer(provider, IRP_MN_QUERY_SINGLE_INSTANCE, SingleInstanceAnswer, patch);
        auto notes = service_.Diagnostics().size();
        Reply reply = admin_.QuerySingleInstance(guid, u"ROOT\\LIE_0");
        EXPECT_EQ(reply.error, ERROR_WMI_DP_FAILED) << what;
        EXPECT_TRUE(reply.bytes.empty()) << what;
        EXPECT_GT(service_.Diagnostics().size(), notes) << what;
    }
    // the same provider telling the truth is served
    Answer(provider, IRP_MN_QUERY_SINGLE_INSTANCE, SingleInstanceAnswer, nullptr);
    Reply honest = admin_.QuerySingleInstance(guid, u"ROOT\\LIE_0");
    ASSERT_EQ(honest.error, ERROR_SUCCESS);
    EXPECT_EQ(honest.bytes.back(), 0xAB);
}

TEST_F(LyingProvider, InformationLargerThanTheBufferIsNeverUsedAsALength) {
    GUID guid = MakeGuid(721);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].method = [](ULONG, std::span<const std::uint8_t>, Bytes& out) {
        out = {1};
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\INF");
    RegisterNow(provider);

    Answer(provider, IRP_MN_QUERY_ALL_DATA, StaticAllDataAnswer, nullptr, kHugeInformation);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(all.bytes, views));
    ASSERT_EQ(views.size(), 1u);
    EXPECT_EQ(views[0].name, u"ROOT\\INF_0");
    EXPECT_THAT(std::vector<std::uint8_t>(views[0].data.begin(), views[0].data.end()),
                ::testing::ElementsAre(0xEF, 0xEF, 0xEF, 0xEF));

    Answer(provider, IRP_MN_QUERY_SINGLE_INSTANCE, SingleInstanceAnswer, nullptr, kHugeInformation);
    Reply single = admin_.QuerySingleInstance(guid, u"ROOT\\INF_0");
    ASSERT_EQ(single.error, ERROR_SUCCESS);
    EXPECT_EQ(single.bytes.size(), ReadU32(single.bytes, 0));  // BufferSize, not Information

    Answer(provider, IRP_MN_EXECUTE_METHOD, MethodAnswer, nullptr, kHugeInformation);
    Reply method = admin_.ExecuteMethod(guid, u"ROOT\\INF_0", 1, Bytes{7});
    ASSERT_EQ(method.error, ERROR_SUCCESS);
    EXPECT_THAT(method.bytes, ::testing::ElementsAre(0x11, 0x22));
}

TEST_F(LyingProvider, MethodOutputLiesGiveDpFailed) {
    GUID guid = MakeGuid(722);
    TestProvider& provider = AddProvider(guid);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\MTH");
    RegisterNow(provider);
    const std::vector<std::pair<const char*, Patch>> lies = {
        {"BufferSize beyond the buffer", BufferSizeBeyondCapacity()},
        {"SizeDataBlock past BufferSize", At(offsetof(WNODE_METHOD_ITEM, SizeDataBlock), 0x7FFFFFFF)},
        {"DataBlockOffset moved into the header", At(offsetof(WNODE_METHOD_ITEM, DataBlockOffset), 8)},
        {"DataBlockOffset past the end", At(offsetof(WNODE_METHOD_ITEM, DataBlockOffset), 0xFFFFFFFF)},
        {"BufferSize below the WNODE", At(0, 16)},
    };
    for (const auto& [what, patch] : lies) {
        Answer(provider, IRP_MN_EXECUTE_METHOD, MethodAnswer, patch);
        Reply reply = admin_.ExecuteMethod(guid, u"ROOT\\MTH_0", 1, Bytes{1, 2, 3});
        EXPECT_EQ(reply.error, ERROR_WMI_DP_FAILED) << what;
        EXPECT_TRUE(reply.bytes.empty()) << what;
    }
}

TEST_F(LyingProvider, MethodTooSmallWithAHugeSizeNeededIsRefusedNotAllocated) {
    GUID guid = MakeGuid(723);
    TestProvider& provider = AddProvider(guid);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\BIG");
    RegisterNow(provider);
    Answer(provider, IRP_MN_EXECUTE_METHOD,
           [](std::span<std::uint8_t> w) {
               WriteU32(w, 0, sizeof(WNODE_TOO_SMALL));
               WriteU32(w, offsetof(WNODE_HEADER, Flags), WNODE_FLAG_TOO_SMALL);
               WriteU32(w, offsetof(WNODE_TOO_SMALL, SizeNeeded), 0xFFFFFFFF);
               return static_cast<ULONG>(sizeof(WNODE_TOO_SMALL));
           },
           nullptr);
    ULONG needed = 0;
    Reply reply = admin_.ExecuteMethod(guid, u"ROOT\\BIG_0", 1, {}, 64, &needed);
    EXPECT_EQ(reply.error, ERROR_INSUFFICIENT_BUFFER);
    EXPECT_TRUE(reply.bytes.empty());
    EXPECT_GT(needed, 64u);  // the provider's claim is passed on, nothing was allocated for it
    // a caller that believes it is refused before anything is allocated or sent
    provider.ClearCalls();
    Bytes out;
    EXPECT_EQ(service_.ExecuteMethod(nullptr, u"ROOT\\BIG_0", 1, {}, 0xFFFFFFF0u, out, nullptr),
              STATUS_INVALID_PARAMETER);
    EXPECT_TRUE(provider.Calls(IRP_MN_EXECUTE_METHOD).empty());
}

TEST_F(LyingProvider, DynamicNameLiesInAllDataGiveDpFailed) {
    GUID guid = MakeGuid(724);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].regFlags = 0;  // dynamic instance names
    provider.blocks[0].names = {u"A"};
    RegisterNow(provider);
    const std::vector<std::pair<const char*, Patch>> lies = {
        {"name table past BufferSize", At(offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), 0xFFFFFFFC)},
        {"name offset past BufferSize", At(76, 0x7FFFFFF0)},
        {"name offset at the last byte", At(76, 83)},
        {"name length past BufferSize", [](std::span<std::uint8_t> w) { WriteU16(w, 80, 0xFFFE); }},
        {"name table wraps around", At(offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), 0xFFFFFFFF)},
        {"instance data past BufferSize", At(kFirstPair, 82)},
    };
    for (const auto& [what, patch] : lies) {
        Answer(provider, IRP_MN_QUERY_ALL_DATA, DynamicAllDataAnswer, patch);
        Reply reply = admin_.QueryAllData(guid);
        EXPECT_EQ(reply.error, ERROR_WMI_DP_FAILED) << what;
        EXPECT_TRUE(reply.bytes.empty()) << what;
    }
    Answer(provider, IRP_MN_QUERY_ALL_DATA, DynamicAllDataAnswer, nullptr);
    Reply honest = admin_.QueryAllData(guid);
    ASSERT_EQ(honest.error, ERROR_SUCCESS);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(honest.bytes, views));
    ASSERT_EQ(views.size(), 1u);
    EXPECT_EQ(views[0].name, u"A");
}

TEST_F(LyingProvider, StaticListBlockCannotAnswerMoreInstancesThanItNamed) {
    GUID guid = MakeGuid(725);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].regFlags = WMIREG_FLAG_INSTANCE_LIST;  // one name registered: "only"
    provider.blocks[0].names = {u"only"};
    RegisterNow(provider);
    Answer(provider, IRP_MN_QUERY_ALL_DATA, StaticAllDataAnswer, [](std::span<std::uint8_t> w) {
        WriteU32(w, offsetof(WNODE_ALL_DATA, InstanceCount), 2);  // both pairs name the one instance
        WriteU32(w, kFirstPair + 8, 80);
        WriteU32(w, kFirstPair + 12, 4);
    });
    auto notes = service_.Diagnostics().size();
    Reply reply = admin_.QueryAllData(guid);
    EXPECT_EQ(reply.error, ERROR_WMI_DP_FAILED);
    EXPECT_TRUE(reply.bytes.empty());
    EXPECT_GT(service_.Diagnostics().size(), notes);
}

TEST_F(LyingProvider, ProviderLinkageAndNameTableFieldsAreNotTrusted) {
    GUID guid = MakeGuid(726);
    TestProvider& provider = AddProvider(guid);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\LNK");
    RegisterNow(provider);
    Answer(provider, IRP_MN_QUERY_ALL_DATA, StaticAllDataAnswer, [](std::span<std::uint8_t> w) {
        WriteU32(w, offsetof(WNODE_HEADER, Linkage), 8);  // "next WNODE" inside this one
        WriteU32(w, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), 0xFFFFFFF0);
    });
    Reply reply = admin_.QueryAllData(guid);
    ASSERT_EQ(reply.error, ERROR_SUCCESS);
    EXPECT_EQ(ReadU32(reply.bytes, offsetof(WNODE_HEADER, Linkage)), 0u);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(reply.bytes, views));
    ASSERT_EQ(views.size(), 1u);
    EXPECT_EQ(views[0].name, u"ROOT\\LNK_0");
}

// Zero-size instances cost a provider nothing to claim, but the service names each one.
TEST_F(LyingProvider, ZeroSizeInstancesCannotMakeTheServiceBuildUnboundedNames) {
    GUID guid = MakeGuid(728);
    TestProvider& provider = AddProvider(guid);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\ZERO");
    RegisterNow(provider);
    auto zeroSizeInstances = [](ULONG count) {
        return [count](std::span<std::uint8_t> w) {
            WriteU32(w, offsetof(WNODE_HEADER, Flags),
                     *wmi::wire::ReadU32(w, offsetof(WNODE_HEADER, Flags)) | WNODE_FLAG_FIXED_INSTANCE_SIZE);
            WriteU32(w, offsetof(WNODE_ALL_DATA, FixedInstanceSize), 0);
            WriteU32(w, offsetof(WNODE_ALL_DATA, InstanceCount), count);
        };
    };
    for (ULONG count : {0x01000000u, 0xFFFFFFFFu}) {
        Answer(provider, IRP_MN_QUERY_ALL_DATA, StaticAllDataAnswer, zeroSizeInstances(count));
        auto notes = service_.Diagnostics().size();
        Reply reply = admin_.QueryAllData(guid);
        EXPECT_EQ(reply.error, ERROR_WMI_DP_FAILED) << count;
        EXPECT_TRUE(reply.bytes.empty()) << count;
        EXPECT_GT(service_.Diagnostics().size(), notes) << count;
    }
    // The same answer with a count whose names fit is a valid reply of empty instances.
    Answer(provider, IRP_MN_QUERY_ALL_DATA, StaticAllDataAnswer, zeroSizeInstances(3));
    Reply reply = admin_.QueryAllData(guid);
    ASSERT_EQ(reply.error, ERROR_SUCCESS);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(reply.bytes, views));
    ASSERT_EQ(views.size(), 3u);
    EXPECT_EQ(views[2].name, u"ROOT\\ZERO_2");
    EXPECT_TRUE(views[2].data.empty());
}

// ---- REGINFO with out-of-range offsets ----

// One WMIREGINFOW with one WMIREGGUIDW, cut to `size` bytes (BufferSize says `size`).
Bytes RegInfo(const GUID& guid, ULONG flags, ULONG count, ULONG_PTR unionValue, std::size_t size = 64) {
    Bytes b(64, 0);
    WriteU32(b, offsetof(WMIREGINFOW, GuidCount), 1);
    std::memcpy(b.data() + 24, &guid, sizeof guid);
    WriteU32(b, 24 + offsetof(WMIREGGUIDW, Flags), flags);
    WriteU32(b, 24 + offsetof(WMIREGGUIDW, InstanceCount), count);
    WriteU64(b, 24 + offsetof(WMIREGGUIDW, Pdo), unionValue);
    b.resize(size);
    WriteU32(b, 0, static_cast<ULONG>(size));
    return b;
}

void AnswerRegInfo(TestProvider& provider, Bytes bytes) {
    provider.intercept = [bytes](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_REGINFO_EX) return false;
        std::size_t n = std::min<std::size_t>(bytes.size(), stack->Parameters.WMI.BufferSize);
        std::memcpy(stack->Parameters.WMI.Buffer, bytes.data(), n);
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = n;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
}

TEST_F(LyingProvider, RegInfoWithOutOfRangeOffsetsRegistersNothing) {
    GUID guid = MakeGuid(727);
    std::vector<std::pair<const char*, Bytes>> lies;
    Bytes b = RegInfo(guid, 0, 1, 0);
    WriteU32(b, offsetof(WMIREGINFOW, MofResourceName), 0xFFFFFFF0);
    lies.emplace_back("MofResourceName offset past the end", b);
    b = RegInfo(guid, 0, 1, 0);
    WriteU32(b, offsetof(WMIREGINFOW, MofResourceName), 62);
    WriteU16(b, 62, 40);  // counted string running off the end
    lies.emplace_back("MofResourceName length past the end", b);
    b = RegInfo(guid, WMIREG_FLAG_INSTANCE_LIST, 2, 56);
    wmi::wire::WriteCountedString(b, 56, u"ab");  // first name fits, the second starts at 62
    WriteU16(b, 62, 0x100);
    lies.emplace_back("second static list name past the end", b);
    b = RegInfo(guid, WMIREG_FLAG_INSTANCE_LIST, 0xFFFFFFFF, 56);
    lies.emplace_back("static list with four billion names", b);
    b = RegInfo(guid, 0, 1, 0);
    WriteU32(b, offsetof(WMIREGINFOW, NextWmiRegInfo), 0x10000);
    lies.emplace_back("NextWmiRegInfo past the buffer", b);
    b = RegInfo(guid, 0, 1, 0);
    WriteU32(b, offsetof(WMIREGINFOW, NextWmiRegInfo), 60);
    lies.emplace_back("NextWmiRegInfo misaligned, overlapping the end", b);
    b = RegInfo(guid, 0, 1, 0, 24);
    lies.emplace_back("GuidCount 1 in a header-only buffer", b);
    b = RegInfo(guid, 0, 1, 0, 16);
    lies.emplace_back("shorter than the 24-byte header", b);
    for (const auto& [what, bytes] : lies) {
        TestProvider& provider = AddProvider(guid);
        AnswerRegInfo(provider, bytes);
        auto notes = service_.Diagnostics().size();
        ASSERT_EQ(provider.Register(), STATUS_SUCCESS) << what;
        Settle();
        EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_WMI_GUID_NOT_FOUND) << what;
        EXPECT_GT(service_.Diagnostics().size(), notes) << what;
        std::vector<wmi::MofResource> mofs;
        ASSERT_EQ(admin_.MofResources(mofs), ERROR_SUCCESS);
        EXPECT_TRUE(mofs.empty()) << what;
        ASSERT_EQ(provider.Deregister(), STATUS_SUCCESS) << what;
    }
}

// ---- events ----

PWNODE_HEADER PoolWnode(std::size_t size) {
    auto* w = static_cast<std::uint8_t*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, size, 'yliL'));
    std::memset(w, 0, size);
    return reinterpret_cast<PWNODE_HEADER>(w);
}

TEST_F(LyingProvider, EventShorterThanItsHeaderIsRefusedAndStaysTheDrivers) {
    PWNODE_HEADER w = PoolWnode(sizeof(WNODE_HEADER));
    w->BufferSize = 8;
    w->Flags = WNODE_FLAG_EVENT_ITEM;
    EXPECT_EQ(IoWMIWriteEvent(w), STATUS_INVALID_PARAMETER);
    ExFreePoolWithTag(w, 'yliL');  // still ours: the service did not free it
}

TEST_F(LyingProvider, MalformedEventReferencesAreDroppedWithANote) {
    GUID guid = MakeGuid(728);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].regFlags = 0;  // dynamic names: references name their target instance
    provider.blocks[0].names = {u"A"};
    RegisterNow(provider);
    int received = 0;
    auto subscription =
        admin_.Subscribe(guid, [&](std::span<const std::uint8_t>) { ++received; });
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    Settle();
    ULONG providerId = IoWMIDeviceObjectToProviderId(provider.Fdo());

    auto reference = [&](ULONG bufferSize, std::function<void(std::span<std::uint8_t>)> patch) {
        PWNODE_HEADER w = PoolWnode(sizeof(WNODE_EVENT_REFERENCE) + 8);
        std::span<std::uint8_t> bytes(reinterpret_cast<std::uint8_t*>(w), sizeof(WNODE_EVENT_REFERENCE) + 8);
        w->BufferSize = bufferSize;
        w->ProviderId = providerId;
        w->Guid = guid;
        w->Flags = WNODE_FLAG_EVENT_REFERENCE;
        auto* r = reinterpret_cast<PWNODE_EVENT_REFERENCE>(w);
        r->TargetGuid = guid;
        r->TargetDataBlockSize = 4;
        wmi::wire::WriteCountedString(bytes, offsetof(WNODE_EVENT_REFERENCE, TargetInstanceName), u"A");
        if (patch) patch(bytes);
        return w;
    };
    const std::vector<std::pair<const char*, PWNODE_HEADER>> lies = {
        {"reference shorter than 72 bytes", reference(sizeof(WNODE_HEADER), nullptr)},
        {"target name length past the WNODE",
         reference(sizeof(WNODE_EVENT_REFERENCE) + 8, [](std::span<std::uint8_t> b) {
             WriteU16(b, offsetof(WNODE_EVENT_REFERENCE, TargetInstanceName), 0xFFF0);
         })},
        {"target GUID nobody registered",
         reference(sizeof(WNODE_EVENT_REFERENCE) + 8, [](std::span<std::uint8_t> b) {
             GUID other = MakeGuid(729);
             std::memcpy(b.data() + offsetof(WNODE_EVENT_REFERENCE, TargetGuid), &other, sizeof other);
         })},
        {"ProviderId of nobody",
         reference(sizeof(WNODE_EVENT_REFERENCE) + 8, [](std::span<std::uint8_t> b) {
             WriteU32(b, offsetof(WNODE_HEADER, ProviderId), 0xDEAD);
         })},
    };
    for (const auto& [what, w] : lies) {
        auto notes = service_.Diagnostics().size();
        ASSERT_EQ(IoWMIWriteEvent(w), STATUS_SUCCESS) << what;  // accepted, then resolved later
        Settle();
        EXPECT_GT(service_.Diagnostics().size(), notes) << what;
    }
    EXPECT_EQ(received, 0);
    // a well-formed reference to the same instance is resolved and delivered
    ASSERT_EQ(IoWMIWriteEvent(reference(sizeof(WNODE_EVENT_REFERENCE) + 8, nullptr)), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(received, 1);
}

TEST_F(LyingProvider, EventReferenceWithAHugeTargetSizeIsBounded) {
    GUID guid = MakeGuid(730);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    service_.Config().maxReplyBufferSize = 1u << 16;
    int received = 0;
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t>) { ++received; });
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    std::vector<ULONG> capacities;
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE) return false;
        capacities.push_back(stack->Parameters.WMI.BufferSize);
        std::span<std::uint8_t> w(static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer),
                                  stack->Parameters.WMI.BufferSize);
        WriteU32(w, 0, sizeof(WNODE_TOO_SMALL));
        WriteU32(w, offsetof(WNODE_HEADER, Flags), WNODE_FLAG_TOO_SMALL);
        WriteU32(w, offsetof(WNODE_TOO_SMALL, SizeNeeded), 0xFFFFFF00);
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = sizeof(WNODE_TOO_SMALL);
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    PWNODE_HEADER w = PoolWnode(sizeof(WNODE_EVENT_REFERENCE));
    w->BufferSize = sizeof(WNODE_EVENT_REFERENCE);
    w->ProviderId = IoWMIDeviceObjectToProviderId(provider.Fdo());
    w->Guid = guid;
    w->Flags = WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    auto* r = reinterpret_cast<PWNODE_EVENT_REFERENCE>(w);
    r->TargetGuid = guid;
    r->TargetDataBlockSize = 0xFFFFFFFF;
    r->TargetInstanceIndex = 0;
    ASSERT_EQ(IoWMIWriteEvent(w), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(received, 0);
    ASSERT_FALSE(capacities.empty());
    // the data limit plus the request WNODE in front of the data
    for (ULONG capacity : capacities) EXPECT_LE(capacity, (1u << 16) + 1024u);
}

}  // namespace
}  // namespace kwmi::test
