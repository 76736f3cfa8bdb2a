// wnode_protocol_tests.cpp - spec §8 vectors 22 and 29-48: what the service sends to
// providers and what consumers get back, through real IRPs to the WDM test provider.
#include <wdm.h>
#include <wmium.h>

#include <cstring>

#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

using WnodeVectors = WmiTest;
using WnodeProtocol = WmiTest;

std::vector<InstanceView> Instances(const Reply& reply) {
    std::vector<InstanceView> views;
    EXPECT_TRUE(ParseAllDataChain(reply.bytes, views));
    return views;
}

TEST_F(WnodeVectors, Item22_PdoInstanceNamesAreInstancePathUnderscoreIndex) {
    GUID guid = MakeGuid(22);
    TestProvider& provider = AddProvider(guid, 3);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\SYSTEM\\0004");
    RegisterNow(provider);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    auto views = Instances(all);
    ASSERT_EQ(views.size(), 3u);
    EXPECT_EQ(views[0].name, u"ROOT\\SYSTEM\\0004_0");
    EXPECT_EQ(views[2].name, u"ROOT\\SYSTEM\\0004_2");
    provider.ClearCalls();
    Reply one = admin_.QuerySingleInstance(guid, u"ROOT\\SYSTEM\\0004_2");
    ASSERT_EQ(one.error, ERROR_SUCCESS);
    EXPECT_EQ(one.bytes[64], 3);  // instance 2 holds bytes of value 3
    // the consumer probes the size, then fetches: two requests, both by index
    auto calls = provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(ReadU32(calls[0].request, 52), 2u);
    EXPECT_EQ(ReadU32(calls[0].request, 44) & (WNODE_FLAG_STATIC_INSTANCE_NAMES |
                                               WNODE_FLAG_PDO_INSTANCE_NAMES),
              WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
}

TEST_F(WnodeVectors, Item29_KmdfOneInstanceAllDataReachesConsumer) {
    GUID guid = MakeGuid(29);
    TestProvider& provider = AddProvider(guid, 1, 4);
    provider.allDataAlignment = 16;
    RegisterNow(provider);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    EXPECT_EQ(ReadU32(all.bytes, 48), 80u);  // DataBlockOffset
    EXPECT_EQ(ReadU32(all.bytes, 52), 1u);   // InstanceCount
    EXPECT_EQ(ReadU32(all.bytes, 60), 80u);
    EXPECT_EQ(ReadU32(all.bytes, 64), 4u);
    EXPECT_EQ(ReadU32(all.bytes, 44) & WNODE_FLAG_FIXED_INSTANCE_SIZE, 0u);
    EXPECT_EQ(ReadU32(all.bytes, 56), 88u);  // names appended 8-aligned after the 84 bytes
}

TEST_F(WnodeVectors, Item30_KmdfVariableSizes12_5_20) {
    GUID guid = MakeGuid(30);
    TestProvider& provider = AddProvider(guid, 0);
    provider.allDataAlignment = 16;
    provider.blocks[0].instances = {Bytes(12, 1), Bytes(5, 2), Bytes(20, 3)};
    RegisterNow(provider);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    EXPECT_EQ(ReadU32(all.bytes, 48), 96u);
    EXPECT_EQ(U32Bytes({ReadU32(all.bytes, 60), ReadU32(all.bytes, 64), ReadU32(all.bytes, 68),
                        ReadU32(all.bytes, 72), ReadU32(all.bytes, 76), ReadU32(all.bytes, 80)}),
              U32Bytes({96, 12, 112, 5, 128, 20}));
    auto views = Instances(all);
    ASSERT_EQ(views.size(), 3u);
    EXPECT_EQ(views[2].data.size(), 20u);
    EXPECT_EQ(views[2].data[0], 3);
}

TEST_F(WnodeVectors, Item31_DataBlockOffsetForOneToSixInstances) {
    const ULONG kmdf[] = {80, 80, 96, 96, 112, 112};
    const ULONG doc[] = {72, 80, 88, 96, 104, 112};
    for (ULONG alignment : {16u, 8u}) {
        for (ULONG n = 1; n <= 6; ++n) {
            GUID guid = MakeGuid(3100 + n + alignment * 10);
            TestProvider& provider = AddProvider(guid, n, 4);
            provider.allDataAlignment = alignment;
            RegisterNow(provider);
            Reply all = admin_.QueryAllData(guid);
            ASSERT_EQ(all.error, ERROR_SUCCESS);
            EXPECT_EQ(ReadU32(all.bytes, 48), alignment == 16 ? kmdf[n - 1] : doc[n - 1]) << n;
        }
    }
}

TEST_F(WnodeVectors, Item32_TooSmallAnswerIsResentWithSizeNeeded) {
    GUID guid = MakeGuid(32);
    TestProvider& provider = AddProvider(guid, 1, 4);
    provider.allDataAlignment = 16;
    service_.Config().firstQueryBufferSize = 64;
    RegisterNow(provider);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    auto calls = provider.Calls(IRP_MN_QUERY_ALL_DATA);
    ASSERT_EQ(calls.size(), 4u);  // size probe and fetch, each: too small, then resent
    EXPECT_EQ(calls[0].bufferSize, 64u);
    EXPECT_GE(calls[1].bufferSize, 84u);
    EXPECT_EQ(Instances(all).at(0).data[0], 1);
}

TEST_F(WnodeVectors, Item33_AllDataRequestsNeverBelow64Bytes) {
    GUID guid = MakeGuid(33);
    TestProvider& provider = AddProvider(guid, 1, 4);
    service_.Config().firstQueryBufferSize = 10;
    RegisterNow(provider);
    ASSERT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
    for (const auto& call : provider.Calls(IRP_MN_QUERY_ALL_DATA)) EXPECT_GE(call.bufferSize, 64u);
}

TEST_F(WnodeVectors, Item34_SingleInstanceBufferSizeIsOffsetPlusData) {
    GUID guid = MakeGuid(34);
    TestProvider& provider = AddProvider(guid, 1, 8);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\X");
    RegisterNow(provider);
    Reply one = admin_.QuerySingleInstance(guid, u"ROOT\\X_0");
    ASSERT_EQ(one.error, ERROR_SUCCESS);
    EXPECT_EQ(one.bytes.size(), 72u);
    EXPECT_EQ(ReadU32(one.bytes, 0), 72u);
    EXPECT_EQ(ReadU32(one.bytes, 56), 64u);
    EXPECT_EQ(ReadU32(one.bytes, 60), 8u);
}

TEST_F(WnodeVectors, Item35_ExecuteMethodOutputReplacesInput) {
    GUID guid = MakeGuid(35);
    TestProvider& provider = AddProvider(guid, 1, 4);
    provider.blocks[0].method = [](ULONG id, std::span<const std::uint8_t> in, Bytes& out) {
        if (id != 7) return STATUS_WMI_ITEMID_NOT_FOUND;
        out.assign(16, 0);
        for (std::size_t i = 0; i < 16; ++i) out[i] = static_cast<std::uint8_t>(in[i % in.size()] + i);
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\M");
    RegisterNow(provider);
    Bytes input{1, 2, 3, 4, 5, 6, 7, 8};
    Reply out = admin_.ExecuteMethod(guid, u"ROOT\\M_0", 7, input, 4096);
    ASSERT_EQ(out.error, ERROR_SUCCESS);
    ASSERT_EQ(out.bytes.size(), 16u);
    EXPECT_EQ(out.bytes[15], 8 + 15);
    auto calls = provider.Calls(IRP_MN_EXECUTE_METHOD);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(ReadU32(calls[0].request, 60), 72u);  // DataBlockOffset
    EXPECT_EQ(ReadU32(calls[0].request, 64), 8u);   // input size
    EXPECT_EQ(ReadU32(calls[0].request, 56), 7u);   // MethodId
    EXPECT_EQ(calls[0].bufferSize, 72u + 4096u);
    // WMI queried the instance first
    EXPECT_EQ(provider.Calls(IRP_MN_QUERY_SINGLE_INSTANCE).size(), 1u);
}

// Spec §3.5: a provider may fail EXECUTE_METHOD with the error STATUS_BUFFER_TOO_SMALL, which
// names no size: WMI grows the buffer geometrically and sends the method again.
TEST_F(WnodeProtocol, MethodFailedWithBufferTooSmallIsResentWithAGrowingBuffer) {
    GUID guid = MakeGuid(135);
    TestProvider& provider = AddProvider(guid, 1, 4);
    ULONG produce = 16;
    std::vector<ULONG> sizes;
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_EXECUTE_METHOD) return false;
        const ULONG size = stack->Parameters.WMI.BufferSize;
        sizes.push_back(size);
        auto* w = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
        const ULONG offset = ReadU32(Bytes(w, w + 64), offsetof(WNODE_METHOD_ITEM, DataBlockOffset));
        if (size < offset + 256) {  // this provider wants room to work in, and says no more
            irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
            irp->IoStatus.Information = 0;
        } else {
            std::memset(w + offset, 0xA5, produce);
            std::memcpy(w + offsetof(WNODE_METHOD_ITEM, SizeDataBlock), &produce, 4);
            const ULONG total = offset + produce;
            std::memcpy(w, &total, 4);
            irp->IoStatus.Status = STATUS_SUCCESS;
            irp->IoStatus.Information = total;
        }
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\G");
    RegisterNow(provider);
    Reply out = admin_.ExecuteMethod(guid, u"ROOT\\G_0", 1, {}, 16);
    ASSERT_EQ(out.error, ERROR_SUCCESS);
    EXPECT_EQ(out.bytes, Bytes(16, 0xA5));
    ASSERT_EQ(sizes.size(), 3u);  // doubled until the provider accepts
    EXPECT_EQ(sizes[1], 2 * sizes[0]);
    EXPECT_EQ(sizes[2], 2 * sizes[1]);
    // The output that needs more than the caller offered: the size it needs, no data.
    produce = 40;
    sizes.clear();
    ULONG needed = 0;
    Reply small = admin_.ExecuteMethod(guid, u"ROOT\\G_0", 1, {}, 16, &needed);
    EXPECT_EQ(small.error, ERROR_INSUFFICIENT_BUFFER);
    EXPECT_EQ(needed, 40u);
    // A provider that never accepts: given up after maxResizeRetries resends.
    service_.Config().maxResizeRetries = 1;
    produce = 16;
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_EXECUTE_METHOD) return false;
        irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    provider.ClearCalls();
    EXPECT_EQ(admin_.ExecuteMethod(guid, u"ROOT\\G_0", 1, {}, 16).error, ERROR_WMI_TRY_AGAIN);
    EXPECT_EQ(provider.Calls(IRP_MN_EXECUTE_METHOD).size(), 2u);  // the first send and one resend
}

TEST_F(WnodeVectors, Item36_KmdfRegInfoLayoutIsParsed) {
    GUID guid = MakeGuid(36);
    TestProvider& provider = AddProvider(guid, 2, 4);
    RegisterNow(provider);
    std::vector<wmi::MofResource> mofs;
    ASSERT_EQ(admin_.MofResources(mofs), ERROR_SUCCESS);
    ASSERT_EQ(mofs.size(), 1u);
    EXPECT_EQ(mofs[0].resourceName, u"MofResource");
    EXPECT_EQ(mofs[0].imagePath, u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\Foo");
    // no MOF: MofResourceName holds 00 00 and no resource is listed
    provider.mofName.clear();
    ASSERT_EQ(IoWMIRegistrationControl(provider.Fdo(), WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
}

TEST_F(WnodeVectors, Item37_RegInfoTooSmallUlongIsHonoured) {
    service_.Config().firstReginfoBufferSize = 100;
    for (bool documentedForm : {false, true}) {
        GUID guid = MakeGuid(370 + documentedForm);
        TestProvider& provider = AddProvider(guid, 1, 4);
        provider.regInfoTooSmallAsError = documentedForm;
        RegisterNow(provider);
        auto calls = provider.Calls(IRP_MN_REGINFO_EX);
        ASSERT_EQ(calls.size(), 2u);
        EXPECT_EQ(calls[0].bufferSize, 100u);
        EXPECT_GE(calls[1].bufferSize, 192u);
        EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
    }
}

TEST_F(WnodeVectors, Item38_EnableEventsRequestIsAHeader) {
    GUID guid = MakeGuid(38);
    TestProvider& provider = AddProvider(guid, 1, 4);
    RegisterNow(provider);
    auto subscription = admin_.Subscribe(guid, nullptr);
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    auto calls = provider.Calls(IRP_MN_ENABLE_EVENTS);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].bufferSize, 48u);
    EXPECT_EQ(ReadU32(calls[0].request, 0), 48u);
    EXPECT_EQ(std::memcmp(&calls[0].guid, &guid, sizeof guid), 0);
}

TEST_F(WnodeVectors, Item39_SetFailuresReachConsumer) {
    GUID guid = MakeGuid(39);
    TestProvider& provider = AddProvider(guid, 1, 8);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\S");
    RegisterNow(provider);
    EXPECT_EQ(admin_.SetSingleInstance(guid, u"ROOT\\S_0", Bytes(4, 9)), ERROR_WMI_SET_FAILURE);
    EXPECT_EQ(admin_.SetSingleInstance(guid, u"ROOT\\S_0", Bytes(8, 9)), ERROR_SUCCESS);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"ROOT\\S_0").bytes.at(64), 9);
    provider.blocks[0].readOnly = true;
    EXPECT_EQ(admin_.SetSingleInstance(guid, u"ROOT\\S_0", Bytes(8, 7)), ERROR_WMI_READ_ONLY);
    EXPECT_EQ(admin_.SetSingleItem(guid, u"ROOT\\S_0", 1, Bytes(4, 7)), ERROR_WMI_READ_ONLY);
}

TEST_F(WnodeVectors, Item40_IrpGoesToTopOfStackAndIsForwardedToProvider) {
    GUID guid = MakeGuid(40);
    TestProvider& provider = AddProvider(guid, 1, 4, /*withFilter=*/true);
    RegisterNow(provider);
    provider.ClearCalls();
    ASSERT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
    auto calls = provider.Calls(IRP_MN_QUERY_ALL_DATA);
    ASSERT_EQ(calls.size(), 4u);  // size probe and fetch, each seen by filter then FDO
    EXPECT_EQ(calls[0].device, provider.Filter());
    EXPECT_EQ(calls[1].device, provider.Fdo());
    for (const auto& call : calls) {
        EXPECT_EQ(call.providerId, reinterpret_cast<ULONG_PTR>(provider.Fdo()));
        EXPECT_EQ(call.bufferSize, calls[0].bufferSize);
    }
}

TEST_F(WnodeVectors, Item41_KmdfEventBytesDeliveredUnchanged) {
    GUID guid = MakeGuid(41);
    TestProvider& provider = AddProvider(guid, 3, 4);
    RegisterNow(provider);
    std::vector<Bytes> received;
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t> w) {
        received.emplace_back(w.begin(), w.end());
    });
    Bytes data{1, 2, 3, 4, 5, 6, 7, 8};
    ASSERT_EQ(provider.FireEvent(0, 2, data), STATUS_SUCCESS);
    Settle();
    ASSERT_EQ(received.size(), 1u);
    const Bytes& w = received[0];
    ASSERT_EQ(w.size(), 72u);
    EXPECT_EQ(ReadU32(w, 0), 72u);
    EXPECT_EQ(ReadU32(w, 4), IoWMIDeviceObjectToProviderId(provider.Fdo()));
    EXPECT_EQ(ReadU32(w, 8), 0u);   // Version
    EXPECT_EQ(ReadU32(w, 12), 0u);  // Linkage
    EXPECT_EQ(ReadU32(w, 40), 0u);  // ClientContext
    EXPECT_EQ(ReadU32(w, 44), 0x8Au);
    EXPECT_EQ(ReadU32(w, 48), 0u);
    EXPECT_EQ(ReadU32(w, 52), 2u);
    EXPECT_EQ(ReadU32(w, 56), 64u);
    EXPECT_EQ(ReadU32(w, 60), 8u);
    EXPECT_EQ(Bytes(w.begin() + 64, w.end()), data);
    EXPECT_EQ(subscription.Stats().delivered, 1u);
}

TEST_F(WnodeVectors, Item42_ResendCapacityCoversSizeNeeded) {
    GUID guid = MakeGuid(42);
    TestProvider& provider = AddProvider(guid, 0);
    provider.blocks[0].instances = {Bytes(300, 1), Bytes(700, 2)};
    service_.Config().firstQueryBufferSize = 64;
    RegisterNow(provider);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    auto calls = provider.Calls(IRP_MN_QUERY_ALL_DATA);
    ASSERT_EQ(calls.size(), 4u);
    auto views = Instances(all);
    ASSERT_EQ(views.size(), 2u);
    EXPECT_EQ(views[1].data.size(), 700u);
    // the driver's answer (before WMI's names) fits in what the first answer asked for
    EXPECT_LE(ReadU32(all.bytes, 56), calls[1].bufferSize + 8);
}

TEST_F(WnodeVectors, Item43_EnableAndDisableAreEdgeTriggered) {
    GUID guid = MakeGuid(43);
    TestProvider& provider = AddProvider(guid, 1, 4);
    RegisterNow(provider);
    std::vector<Consumer::Subscription> subs;
    for (int i = 0; i < 3; ++i) subs.push_back(admin_.Subscribe(guid, nullptr));
    EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
    subs[0].Cancel();
    subs[1].Cancel();
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_EVENTS).size(), 0u);
    subs[2].Cancel();
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_EVENTS).size(), 1u);
    EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
}

TEST_F(WnodeVectors, Item45_RegisterAndUpdateUseDataPath0And1) {
    GUID guid = MakeGuid(45);
    TestProvider& provider = AddProvider(guid, 1, 4);
    RegisterNow(provider);
    ASSERT_EQ(IoWMIRegistrationControl(provider.Fdo(), WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
    Settle();
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    auto calls = provider.Calls(IRP_MN_REGINFO_EX);
    ASSERT_EQ(calls.size(), 3u);
    EXPECT_EQ(calls[0].dataPath, static_cast<ULONG_PTR>(WMIREGISTER));
    EXPECT_EQ(calls[1].dataPath, static_cast<ULONG_PTR>(WMIREGISTER));
    EXPECT_EQ(calls[2].dataPath, static_cast<ULONG_PTR>(WMIUPDATE));
    for (const auto& call : calls) EXPECT_EQ(call.irql, PASSIVE_LEVEL);
}

TEST_F(WnodeVectors, Item46_WriteEventLimitIs1024AndConfigurable) {
    GUID guid = MakeGuid(46);
    TestProvider& provider = AddProvider(guid, 1, 4);
    RegisterNow(provider);
    auto subscription = admin_.Subscribe(guid, nullptr);
    PVOID leftOver = nullptr;
    EXPECT_EQ(provider.FireEvent(0, 0, Bytes(1024 - 64, 1)), STATUS_SUCCESS);
    EXPECT_EQ(provider.FireEvent(0, 0, Bytes(1025 - 64, 1), &leftOver),
              static_cast<NTSTATUS>(0x80000005u));
    ASSERT_NE(leftOver, nullptr);  // still the caller's: it can read and free it
    EXPECT_EQ(static_cast<PWNODE_HEADER>(leftOver)->BufferSize, 1025u);
    ExFreePoolWithTag(leftOver, 'tseT');
    service_.Config().maxEventSize = 2048;
    EXPECT_EQ(provider.FireEvent(0, 0, Bytes(1025 - 64, 1)), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(subscription.Stats().delivered, 2u);
    EXPECT_EQ(subscription.Stats().overLimit, 1u);
}

TEST_F(WnodeVectors, Item47_MultiProviderChainFollowsLinkage) {
    GUID guid = MakeGuid(47);
    TestProvider& first = AddProvider(guid, 2, 4);
    TestProvider& second = AddProvider(guid, 3, 6);
    TestProvider& silent = AddProvider(guid, 0);  // answers INSTANCE_NOT_FOUND
    RegisterNow(first);
    RegisterNow(second);
    RegisterNow(silent);
    Reply all = admin_.QueryAllData(guid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    std::size_t at = 0, visited = 0;
    for (;;) {
        ++visited;
        ULONG size = ReadU32(all.bytes, at), linkage = ReadU32(all.bytes, at + 12);
        if (!linkage) break;
        EXPECT_GE(linkage, size);
        at += linkage;
    }
    EXPECT_EQ(visited, 2u);
    auto views = Instances(all);
    ASSERT_EQ(views.size(), 5u);
    EXPECT_EQ(views[4].wnodeIndex, 1u);
    EXPECT_EQ(views[4].data.size(), 6u);
}

TEST_F(WnodeVectors, Item48_QueryAllDataSizeProbe) {
    GUID guid = MakeGuid(48);
    TestProvider& provider = AddProvider(guid, 1, 4);
    RegisterNow(provider);
    WMIHANDLE handle = nullptr;
    ASSERT_EQ(WmiOpenBlock(&guid, WMIGUID_QUERY, &handle), ERROR_SUCCESS);
    ULONG size = 0;
    EXPECT_EQ(WmiQueryAllDataW(handle, &size, nullptr), ERROR_INSUFFICIENT_BUFFER);
    EXPECT_GE(size, 64u);
    Bytes buffer(size);
    ULONG probe = size;
    EXPECT_EQ(WmiQueryAllDataW(handle, &size, buffer.data()), ERROR_SUCCESS);
    EXPECT_EQ(size, probe);
    EXPECT_EQ(ReadU32(buffer, 0) <= size, true);
    EXPECT_EQ(WmiCloseBlock(handle), ERROR_SUCCESS);
}

}  // namespace
}  // namespace kwmi::test
