// wnode_layout_tests.cpp - spec wmi-service-and-wnode.md §8 vectors 1-21 and 23-28: wire
// layouts, constants, counted names, the request WNODEs the service builds and the checks it
// applies to provider answers.
#include <wdm.h>
#include <wmium.h>

#include <cstring>

#include <gtest/gtest.h>

#include <kwmi/consumer.hpp>
#include <kwmi/wmi_service.hpp>

#include "test_provider.hpp"
#include "wmi_fixture.hpp"
#include "wnode_replies.hpp"
#include "wnode_requests.hpp"

namespace kwmi::test {
namespace {

using wmi::wire::Bytes;
// One suite for all §8 vectors; layout checks simply do not use the fixture's kernel.
using WnodeVectors = WmiTest;

TEST_F(WnodeVectors, Item01_HeaderIs48WithFieldOffsets) {
    EXPECT_EQ(sizeof(WNODE_HEADER), 48u);
    EXPECT_EQ(offsetof(WNODE_HEADER, BufferSize), 0u);
    EXPECT_EQ(offsetof(WNODE_HEADER, ProviderId), 4u);
    EXPECT_EQ(offsetof(WNODE_HEADER, HistoricalContext), 8u);
    EXPECT_EQ(offsetof(WNODE_HEADER, Version), 8u);
    EXPECT_EQ(offsetof(WNODE_HEADER, Linkage), 12u);
    EXPECT_EQ(offsetof(WNODE_HEADER, CountLost), 16u);
    EXPECT_EQ(offsetof(WNODE_HEADER, KernelHandle), 16u);
    EXPECT_EQ(offsetof(WNODE_HEADER, TimeStamp), 16u);
    EXPECT_EQ(offsetof(WNODE_HEADER, Guid), 24u);
    EXPECT_EQ(offsetof(WNODE_HEADER, ClientContext), 40u);
    EXPECT_EQ(offsetof(WNODE_HEADER, Flags), 44u);
}

TEST_F(WnodeVectors, Item02_AllDataIs64Not72) {
    EXPECT_EQ(sizeof(WNODE_ALL_DATA), 64u);
    EXPECT_EQ(offsetof(WNODE_ALL_DATA, DataBlockOffset), 48u);
    EXPECT_EQ(offsetof(WNODE_ALL_DATA, InstanceCount), 52u);
    EXPECT_EQ(offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), 56u);
    EXPECT_EQ(offsetof(WNODE_ALL_DATA, FixedInstanceSize), 60u);
    EXPECT_EQ(offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength), 60u);
    EXPECT_EQ(sizeof(OFFSETINSTANCEDATAANDLENGTH), 8u);
}

TEST_F(WnodeVectors, Item03_SingleInstanceLayout) {
    EXPECT_EQ(sizeof(WNODE_SINGLE_INSTANCE), 64u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_INSTANCE, OffsetInstanceName), 48u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex), 52u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), 56u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), 60u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_INSTANCE, VariableData), 64u);
}

TEST_F(WnodeVectors, Item04_SingleItemLayout) {
    EXPECT_EQ(sizeof(WNODE_SINGLE_ITEM), 72u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_ITEM, ItemId), 56u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_ITEM, DataBlockOffset), 60u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_ITEM, SizeDataItem), 64u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_ITEM, VariableData), 68u);
}

TEST_F(WnodeVectors, Item05_MethodItemLayout) {
    EXPECT_EQ(sizeof(WNODE_METHOD_ITEM), 72u);
    EXPECT_EQ(offsetof(WNODE_METHOD_ITEM, MethodId), 56u);
    EXPECT_EQ(offsetof(WNODE_METHOD_ITEM, DataBlockOffset), 60u);
    EXPECT_EQ(offsetof(WNODE_METHOD_ITEM, SizeDataBlock), 64u);
    EXPECT_EQ(offsetof(WNODE_METHOD_ITEM, VariableData), 68u);
}

TEST_F(WnodeVectors, Item06_EventItemAndEventReferenceLayouts) {
    EXPECT_EQ(sizeof(WNODE_EVENT_ITEM), 48u);
    EXPECT_EQ(sizeof(WNODE_EVENT_REFERENCE), 72u);
    EXPECT_EQ(offsetof(WNODE_EVENT_REFERENCE, TargetGuid), 48u);
    EXPECT_EQ(offsetof(WNODE_EVENT_REFERENCE, TargetDataBlockSize), 64u);
    EXPECT_EQ(offsetof(WNODE_EVENT_REFERENCE, TargetInstanceIndex), 68u);
    EXPECT_EQ(offsetof(WNODE_EVENT_REFERENCE, TargetInstanceName), 68u);
}

TEST_F(WnodeVectors, Item07_TooSmallIs56) {
    EXPECT_EQ(sizeof(WNODE_TOO_SMALL), 56u);
    EXPECT_EQ(offsetof(WNODE_TOO_SMALL, SizeNeeded), 48u);
}

// x86 has 4-byte pointers but the same WNODE numbers: the only pointer-sized member
// (KernelHandle) shares an 8-byte union with TimeStamp. Re-declared with fixed-width types
// only, the layouts must coincide with ours.
struct alignas(8) X86Header {
    std::uint32_t bufferSize, providerId;
    std::uint64_t historicalContext;
    std::uint64_t timeStamp;
    std::uint8_t guid[16];
    std::uint32_t clientContext, flags;
};
struct X86SingleItem {
    X86Header header;
    std::uint32_t offsetInstanceName, instanceIndex, itemId, dataBlockOffset, sizeDataItem;
};
TEST_F(WnodeVectors, Item08_WnodeLayoutsHaveNoPointerSizedOffsets) {
    EXPECT_EQ(sizeof(X86Header), sizeof(WNODE_HEADER));
    EXPECT_EQ(offsetof(X86Header, guid), offsetof(WNODE_HEADER, Guid));
    EXPECT_EQ(sizeof(X86SingleItem), sizeof(WNODE_SINGLE_ITEM));
    EXPECT_EQ(offsetof(X86SingleItem, sizeDataItem), offsetof(WNODE_SINGLE_ITEM, SizeDataItem));
    WNODE_HEADER header{};
    EXPECT_EQ(sizeof header.KernelHandle, sizeof header.TimeStamp);
}

TEST_F(WnodeVectors, Item09_RegGuidIs32OnX64) {
    EXPECT_EQ(sizeof(WMIREGGUIDW), 32u);
    EXPECT_EQ(offsetof(WMIREGGUIDW, Flags), 16u);
    EXPECT_EQ(offsetof(WMIREGGUIDW, InstanceCount), 20u);
    EXPECT_EQ(offsetof(WMIREGGUIDW, InstanceNameList), 24u);
    EXPECT_EQ(offsetof(WMIREGGUIDW, BaseNameOffset), 24u);
    EXPECT_EQ(offsetof(WMIREGGUIDW, Pdo), 24u);
    EXPECT_EQ(sizeof(WMIREGGUIDW::Pdo), 8u);
}

TEST_F(WnodeVectors, Item10_RegInfoHeaderIs24) {
    EXPECT_EQ(sizeof(WMIREGINFOW), 24u);
    EXPECT_EQ(offsetof(WMIREGINFOW, WmiRegGuid), 24u);
    alignas(8) unsigned char storage[24 + 3 * 32] = {};
    auto* info = reinterpret_cast<WMIREGINFOW*>(storage);
    EXPECT_EQ(reinterpret_cast<unsigned char*>(&info->WmiRegGuid[2]) - storage, 24 + 2 * 32);
}

TEST_F(WnodeVectors, Item11_ParametersWmiOffsets) {
    EXPECT_EQ(offsetof(IO_STACK_LOCATION, Parameters.WMI.ProviderId), 8u);
    EXPECT_EQ(offsetof(IO_STACK_LOCATION, Parameters.WMI.DataPath), 16u);
    EXPECT_EQ(offsetof(IO_STACK_LOCATION, Parameters.WMI.BufferSize), 24u);
    EXPECT_EQ(offsetof(IO_STACK_LOCATION, Parameters.WMI.Buffer), 32u);
    EXPECT_EQ(sizeof(IO_STACK_LOCATION::Parameters.WMI.ProviderId), 8u);
}

TEST_F(WnodeVectors, Item13_InstanceIndexAt52InAllAddressedWnodes) {
    EXPECT_EQ(offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex), 52u);
    EXPECT_EQ(offsetof(WNODE_SINGLE_ITEM, InstanceIndex), 52u);
    EXPECT_EQ(offsetof(WNODE_METHOD_ITEM, InstanceIndex), 52u);
    // and the requests the service builds put the index there
    wmi::InstanceRef ref;
    ref.index = 7;
    GUID g = MakeGuid(1);
    EXPECT_EQ(ReadU32(wmi::BuildSingleInstanceRequest(g, ref, {}, 0), 52), 7u);
    EXPECT_EQ(ReadU32(wmi::BuildSingleItemRequest(g, ref, 1, {}, 0), 52), 7u);
    EXPECT_EQ(ReadU32(wmi::BuildMethodRequest(g, ref, 1, {}, 0), 52), 7u);
}

TEST_F(WnodeVectors, Item14_SystemControlMinorCodes) {
    EXPECT_EQ(IRP_MJ_SYSTEM_CONTROL, 0x17);
    EXPECT_EQ(IRP_MN_QUERY_ALL_DATA, 0x00);
    EXPECT_EQ(IRP_MN_QUERY_SINGLE_INSTANCE, 0x01);
    EXPECT_EQ(IRP_MN_CHANGE_SINGLE_INSTANCE, 0x02);
    EXPECT_EQ(IRP_MN_CHANGE_SINGLE_ITEM, 0x03);
    EXPECT_EQ(IRP_MN_ENABLE_EVENTS, 0x04);
    EXPECT_EQ(IRP_MN_DISABLE_EVENTS, 0x05);
    EXPECT_EQ(IRP_MN_ENABLE_COLLECTION, 0x06);
    EXPECT_EQ(IRP_MN_DISABLE_COLLECTION, 0x07);
    EXPECT_EQ(IRP_MN_REGINFO, 0x08);
    EXPECT_EQ(IRP_MN_EXECUTE_METHOD, 0x09);
    EXPECT_EQ(IRP_MN_REGINFO_EX, 0x0B);
    EXPECT_EQ(WMI_CAPTURE_STATE, 10);
    EXPECT_EQ(WMI_EXECUTE_METHOD, IRP_MN_EXECUTE_METHOD);
}

TEST_F(WnodeVectors, Item15_RegistrationActionsAndDataPaths) {
    EXPECT_EQ(WMIREG_ACTION_REGISTER, 1);
    EXPECT_EQ(WMIREG_ACTION_DEREGISTER, 2);
    EXPECT_EQ(WMIREG_ACTION_REREGISTER, 3);
    EXPECT_EQ(WMIREG_ACTION_UPDATE_GUIDS, 4);
    EXPECT_EQ(WMIREG_ACTION_BLOCK_IRPS, 5);
    EXPECT_EQ(WMIREGISTER, 0);
    EXPECT_EQ(WMIUPDATE, 1);
}

TEST_F(WnodeVectors, Item16_EventFlagCombinations) {
    EXPECT_EQ(WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES,
              0x8Au);
    EXPECT_EQ(WNODE_FLAG_ALL_DATA | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_FIXED_INSTANCE_SIZE |
                  WNODE_FLAG_STATIC_INSTANCE_NAMES,
              0x99u);
    EXPECT_EQ(WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_EVENT_ITEM, 0x0Cu);
}

TEST_F(WnodeVectors, Item17_AllAccessValues) {
    EXPECT_EQ(WMIGUID_ALL_ACCESS_WINXP, 0x00120FFFu);
    EXPECT_EQ(WMIGUID_ALL_ACCESS_RS1, 0x00121FFFu);
    EXPECT_EQ(WMIGUID_ALL_ACCESS_WIN2K, 0x000207FFu);
    EXPECT_EQ(WMIGUID_QUERY | WMIGUID_SET | WMIGUID_NOTIFICATION | WMIGUID_READ_DESCRIPTION |
                  WMIGUID_EXECUTE,
              0x1Fu);
}

TEST_F(WnodeVectors, Item18_StatusValuesAndWin32Mapping) {
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_GUID_NOT_FOUND), 0xC0000295u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_INSTANCE_NOT_FOUND), 0xC0000296u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_ITEMID_NOT_FOUND), 0xC0000297u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_TRY_AGAIN), 0xC0000298u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_READ_ONLY), 0xC00002C6u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_SET_FAILURE), 0xC00002C7u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_NOT_SUPPORTED), 0xC00002DDu);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_GUID_DISCONNECTED), 0xC0000301u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_ALREADY_DISABLED), 0xC0000302u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_ALREADY_ENABLED), 0xC0000303u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_GUID_NOT_FOUND), 4200u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_INSTANCE_NOT_FOUND), 4201u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_ITEMID_NOT_FOUND), 4202u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_TRY_AGAIN), 4203u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_READ_ONLY), 4213u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_SET_FAILURE), 4214u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_NOT_SUPPORTED), 50u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_GUID_DISCONNECTED), 4207u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_ALREADY_DISABLED), 4212u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_WMI_ALREADY_ENABLED), 4206u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_BUFFER_TOO_SMALL), 122u);
    EXPECT_EQ(wmi::NtStatusToWin32(static_cast<NTSTATUS>(0x80000005u)), 234u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_INVALID_DEVICE_REQUEST), 1u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_INVALID_PARAMETER), 87u);
    EXPECT_EQ(wmi::NtStatusToWin32(STATUS_UNSUCCESSFUL), 31u);
}

TEST_F(WnodeVectors, Item20_KmdfRegistrationFlagCombinations) {
    EXPECT_EQ(WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_TRACE_CONTROL_GUID, 0x00081000u);
    EXPECT_EQ(WMIREG_FLAG_INSTANCE_PDO, 0x20u);
    EXPECT_EQ(WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EXPENSIVE, 0x21u);
    EXPECT_EQ(WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EVENT_ONLY_GUID, 0x60u);
    EXPECT_EQ(WMIREG_FLAG_REMOVE_GUID, 0x00010000u);
}

TEST_F(WnodeVectors, Item21_CountedNameDev0) {
    Bytes buffer(12, 0xEE);
    wmi::wire::WriteCountedString(buffer, 2, u"Dev0");
    const Bytes expected{0x08, 0x00, 0x44, 0x00, 0x65, 0x00, 0x76, 0x00, 0x30, 0x00};
    EXPECT_EQ(Bytes(buffer.begin() + 2, buffer.end()), expected);
    EXPECT_EQ(wmi::wire::CountedStringSize(u"Dev0"), 10u);
    EXPECT_EQ(wmi::wire::ReadCountedString(buffer, 2), std::u16string(u"Dev0"));
    EXPECT_FALSE(wmi::wire::ReadCountedString(buffer, 3).has_value());  // odd offset
}

TEST_F(WnodeVectors, Item23_DynamicNameSingleInstanceRequest) {
    wmi::InstanceRef ref;
    ref.byIndex = false;
    ref.name = u"ABC";
    Bytes request = wmi::BuildSingleInstanceRequest(MakeGuid(1), ref, {}, 0);
    EXPECT_EQ(ReadU32(request, 48), 64u);  // OffsetInstanceName
    EXPECT_EQ(request[64], 0x06);
    EXPECT_EQ(request[65], 0x00);
    EXPECT_EQ(std::memcmp(&request[66], u"ABC", 6), 0);
    EXPECT_EQ(ReadU32(request, 56), 72u);  // DataBlockOffset
    EXPECT_EQ(ReadU32(request, 44) & WNODE_FLAG_STATIC_INSTANCE_NAMES, 0u);
    ref.name = u"0123456789";
    EXPECT_EQ(ReadU32(wmi::BuildSingleInstanceRequest(MakeGuid(1), ref, {}, 0), 56), 88u);
    // static names: index addressing, data at 64 / 72 / 72
    wmi::InstanceRef byIndex;
    EXPECT_EQ(wmi::RequestDataOffset(sizeof(WNODE_SINGLE_INSTANCE), byIndex), 64u);
    EXPECT_EQ(wmi::RequestDataOffset(offsetof(WNODE_SINGLE_ITEM, VariableData), byIndex), 72u);
}

// Hand-built answers in the documentation convention (8-byte alignment).
Bytes AllData(ULONG flags, ULONG count, ULONG dataOffset, ULONG size) {
    Bytes w(size, 0);
    wmi::wire::WriteU32(w, 0, size);
    wmi::wire::WriteU32(w, 44, WNODE_FLAG_ALL_DATA | flags);
    wmi::wire::WriteU32(w, 48, dataOffset);
    wmi::wire::WriteU32(w, 52, count);
    return w;
}

TEST_F(WnodeVectors, Item24_FixedSizeThreeInstancesOf12) {
    Bytes w = AllData(WNODE_FLAG_FIXED_INSTANCE_SIZE | WNODE_FLAG_STATIC_INSTANCE_NAMES, 3, 64, 108);
    wmi::wire::WriteU32(w, 60, 12);
    for (ULONG i = 0; i < 3; ++i) wmi::wire::WriteU32(w, 64 + 16 * i, 0xA0 + i);
    auto layout = wmi::CheckAllData(w, false);
    ASSERT_TRUE(std::holds_alternative<wmi::AllDataLayout>(layout));
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(w, views));
    ASSERT_EQ(views.size(), 3u);
    for (ULONG i = 0; i < 3; ++i) {
        EXPECT_EQ(views[i].data.data() - w.data(), 64 + 16 * i);
        EXPECT_EQ(views[i].data.size(), 12u);
    }
    w.resize(107);  // one byte short of the last instance
    wmi::wire::WriteU32(w, 0, 107);
    EXPECT_TRUE(std::holds_alternative<std::string>(wmi::CheckAllData(w, false)));
}

TEST_F(WnodeVectors, Item25_FixedSize6PaddedStride) {
    Bytes w = AllData(WNODE_FLAG_FIXED_INSTANCE_SIZE, 3, 64, 86);
    wmi::wire::WriteU32(w, 60, 6);
    std::vector<InstanceView> views;
    ASSERT_TRUE(std::holds_alternative<wmi::AllDataLayout>(wmi::CheckAllData(w, false)));
    ASSERT_TRUE(ParseAllDataChain(w, views));
    ASSERT_EQ(views.size(), 3u);
    EXPECT_EQ(views[0].data.data() - w.data(), 64);
    EXPECT_EQ(views[1].data.data() - w.data(), 72);
    EXPECT_EQ(views[2].data.data() - w.data(), 80);
}

TEST_F(WnodeVectors, Item26_VariableSizes12_5_20) {
    Bytes w = AllData(0, 3, 88, 132);
    const ULONG pairs[3][2] = {{88, 12}, {104, 5}, {112, 20}};
    for (ULONG i = 0; i < 3; ++i) {
        wmi::wire::WriteU32(w, 60 + 8 * i, pairs[i][0]);
        wmi::wire::WriteU32(w, 64 + 8 * i, pairs[i][1]);
    }
    auto layout = wmi::CheckAllData(w, false);
    ASSERT_TRUE(std::holds_alternative<wmi::AllDataLayout>(layout));
    EXPECT_EQ(std::get<wmi::AllDataLayout>(layout).bufferSize, 132u);
    // an instance one byte past BufferSize is rejected
    wmi::wire::WriteU32(w, 64 + 16, 21);
    EXPECT_TRUE(std::holds_alternative<std::string>(wmi::CheckAllData(w, false)));
}

TEST_F(WnodeVectors, Item27_StaticNamesAppendedAligned) {
    Bytes w = AllData(0, 3, 88, 132);
    const ULONG pairs[3][2] = {{88, 12}, {104, 5}, {112, 20}};
    for (ULONG i = 0; i < 3; ++i) {
        wmi::wire::WriteU32(w, 60 + 8 * i, pairs[i][0]);
        wmi::wire::WriteU32(w, 64 + 8 * i, pairs[i][1]);
    }
    auto layout = std::get<wmi::AllDataLayout>(wmi::CheckAllData(w, false));
    Bytes named = wmi::WithStaticNames(w, layout, {u"ROOT\\X_0", u"ROOT\\X_1", u"A"}, 8);
    ULONG size = ReadU32(named, 0);
    ULONG table = ReadU32(named, 56);
    EXPECT_EQ(size, named.size());
    EXPECT_EQ(table % 4, 0u);
    EXPECT_EQ(table % 8, 0u);
    for (ULONG i = 0; i < 3; ++i) {
        EXPECT_EQ(ReadU32(named, 60 + 8 * i) % 8, 0u);
        EXPECT_LE(ReadU32(named, 60 + 8 * i) + ReadU32(named, 64 + 8 * i), size);
        EXPECT_EQ(ReadU32(named, table + 4 * i) % 2, 0u);
    }
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(named, views));
    EXPECT_EQ(views[0].name, u"ROOT\\X_0");
    EXPECT_EQ(views[2].name, u"A");
}

TEST_F(WnodeVectors, Item28_DynamicNameLayoutValid) {
    Bytes w = AllData(WNODE_FLAG_FIXED_INSTANCE_SIZE, 2, 64, 94);
    wmi::wire::WriteU32(w, 60, 4);
    wmi::wire::WriteU32(w, 56, 76);
    wmi::wire::WriteU32(w, 76, 84);
    wmi::wire::WriteU32(w, 80, 88);
    wmi::wire::WriteCountedString(w, 84, u"A");
    wmi::wire::WriteCountedString(w, 88, u"BB");
    EXPECT_EQ((Bytes{w.begin() + 84, w.begin() + 88}), (Bytes{0x02, 0x00, 0x41, 0x00}));
    auto layout = wmi::CheckAllData(w, true);
    ASSERT_TRUE(std::holds_alternative<wmi::AllDataLayout>(layout));
    EXPECT_EQ(std::get<wmi::AllDataLayout>(layout).dynamicNames,
              (std::vector<std::u16string>{u"A", u"BB"}));
    wmi::wire::WriteU32(w, 80, 92);  // name "BB" would end past BufferSize 94
    EXPECT_TRUE(std::holds_alternative<std::string>(wmi::CheckAllData(w, true)));
}

// Static names written in place (prefix + decimal index, counted up digit by digit) are the
// same bytes as the names built one by one, across the 1 -> 2 -> 3 -> 4 digit boundaries.
TEST(WnodeLayout, StaticNamesInPlaceMatchMaterialisedNamesAcrossDigitCounts) {
    const std::u16string prefix = u"ROOT\\KWMI\\0000_";
    for (ULONG count : {1u, 10u, 11u, 100u, 101u, 1001u}) {
        std::vector<std::u16string> names;
        for (ULONG i = 0; i < count; ++i) {
            std::u16string name = prefix;
            for (char c : std::to_string(i)) name.push_back(static_cast<char16_t>(c));
            names.push_back(std::move(name));
        }
        wmi::AllDataLayout layout;
        layout.bufferSize = 72;
        layout.instanceCount = count;
        std::vector<std::uint8_t> wnode(layout.bufferSize, 0xAB);
        const auto inPlace = wmi::WithStaticNames(wnode, layout, wmi::StaticNameSource{nullptr, prefix}, 8);
        const auto listed = wmi::WithStaticNames(wnode, layout, wmi::StaticNameSource{&names, {}}, 8);
        EXPECT_EQ(inPlace, listed) << "count " << count;
        EXPECT_EQ(inPlace.size(), listed.size());
    }
}

}  // namespace
}  // namespace kwmi::test
