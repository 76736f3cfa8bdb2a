// checklist_irp_test.cpp - kmdf-wmi-semantics.md §8 items 45-75 (IRP_MJ_SYSTEM_CONTROL handling),
// each request a real IRP sent to the device object.
#include "kmdf_wmi_fixture.hpp"

namespace kwmi::kmdfwmitest {
namespace {

constexpr ULONG_PTR kUntouched = 0xA5A5;

LONG_PTR PointerCount(PVOID object)
{
    const LONG_PTR count = ObfReferenceObject(object);
    ObfDereferenceObject(object);
    return count;
}

using KmdfWmiChecklist = KmdfWmiFixture;

TEST_F(KmdfWmiChecklist, Item045_OtherProviderIdIsForwardedToLowerDevice)
{
    StartWithInstances({4});
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q, ProviderIdOfDevice() + 0x10);
    EXPECT_EQ(pdoSystemControlIrps, 1);
    EXPECT_EQ(r.status, STATUS_NOT_SUPPORTED); // the PDO completed it unchanged
    EXPECT_EQ(r.information, kUntouched);
}

TEST_F(KmdfWmiChecklist, Item046_ReservedAndUnknownMinorsAreForwarded)
{
    StartWithInstances({4});
    for (UCHAR minor : {UCHAR{0x0A}, UCHAR{0x0C}, UCHAR{0x20}}) {
        Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
        EXPECT_EQ(Send(minor, TestGuid(1), q).status, STATUS_NOT_SUPPORTED);
    }
    EXPECT_EQ(pdoSystemControlIrps, 3);
}

TEST_F(KmdfWmiChecklist, Item047_UnknownGuidIsNotFoundAndNotForwarded)
{
    StartWithInstances({4});
    Bytes q = SingleInstanceWnode(TestGuid(9), 0, 128);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(9), q);
    EXPECT_EQ(r.status, STATUS_WMI_GUID_NOT_FOUND);
    EXPECT_EQ(r.information, kUntouched);
    EXPECT_EQ(pdoSystemControlIrps, 0);
}

TEST_F(KmdfWmiChecklist, Item048_DynamicNameRequestIsInstanceNotFound)
{
    StartWithInstances({4});
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128, 0, false);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_WMI_INSTANCE_NOT_FOUND);
}

TEST_F(KmdfWmiChecklist, Item049_IndexEqualToCountIsInstanceNotFound)
{
    StartWithInstances({4, 4});
    Bytes q = SingleInstanceWnode(TestGuid(1), 2, 128);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_WMI_INSTANCE_NOT_FOUND);
}

TEST_F(KmdfWmiChecklist, Item050_InstanceWithoutQuerySupport)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    InstanceOptions options;
    options.query = false;
    options.setInstance = true;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(r.information, 0u);
}

TEST_F(KmdfWmiChecklist, Item051_SpaceBelowMinimumIsWnodeTooSmall)
{
    StartWithInstances({8}, 8);
    int calls = 0;
    onQuery = [&](WDFWMIINSTANCE, ULONG, PVOID, PULONG) {
        ++calls;
        return STATUS_SUCCESS;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 64 + 7);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 56u);
    EXPECT_EQ(Read32(q, 0), 56u);
    EXPECT_EQ(Read32(q, 44), static_cast<ULONG>(WNODE_FLAG_TOO_SMALL));
    EXPECT_EQ(Read32(q, 48), 64u + 8u);
    EXPECT_EQ(calls, 0);
}

TEST_F(KmdfWmiChecklist, Item052_SingleInstanceSuccessLayout)
{
    StartWithInstances({4, 6});
    Bytes q = SingleInstanceWnode(TestGuid(1), 1, 128);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 70u);
    EXPECT_EQ(Read32(q, 0), 70u);
    EXPECT_EQ(Read32(q, 60), 6u);
    EXPECT_EQ(q[64], 0x11);
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    EXPECT_EQ(static_cast<LONGLONG>(Read64(q, 16)), now.QuadPart);
}

TEST_F(KmdfWmiChecklist, Item053_BufferUsedBeyondOfferedFails)
{
    StartWithInstances({4});
    onQuery = [](WDFWMIINSTANCE, ULONG size, PVOID, PULONG used) {
        *used = size + 1;
        return STATUS_SUCCESS;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_UNSUCCESSFUL);
    EXPECT_EQ(r.information, 0u);
}

TEST_F(KmdfWmiChecklist, Item054_PendingFromQueryFails)
{
    StartWithInstances({4});
    onQuery = [](WDFWMIINSTANCE, ULONG, PVOID, PULONG used) {
        *used = 0;
        return STATUS_PENDING;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_UNSUCCESSFUL);
}

TEST_F(KmdfWmiChecklist, Item055_QueryNeverSeesZeroBytes)
{
    StartWithInstances({4});
    std::vector<ULONG> offered;
    onQuery = [&](WDFWMIINSTANCE, ULONG size, PVOID, PULONG used) {
        offered.push_back(size);
        *used = 4;
        return STATUS_BUFFER_TOO_SMALL;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 64);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(offered, std::vector<ULONG>{1});
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 48), 68u);
}

TEST_F(KmdfWmiChecklist, Item056_AllDataWithoutInstances)
{
    CreateProvider(TestGuid(1));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = AllDataWnode(TestGuid(1), 256);
    const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_WMI_INSTANCE_NOT_FOUND);
    EXPECT_EQ(r.information, 0u);
}

TEST_F(KmdfWmiChecklist, Item057_AllDataBelowHeaderSize)
{
    StartWithInstances({4});
    Bytes q = AllDataWnode(TestGuid(1), 63);
    EXPECT_EQ(Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q).status, STATUS_UNSUCCESSFUL);
}

// §7: QUERY_ALL_DATA arithmetic is overflow-checked, the running total of sizes included.
TEST_F(KmdfWmiChecklist, AllDataSizesSummingPastUlongFailWithIntegerOverflow)
{
    StartWithInstances({4, 4, 4});
    ULONG calls = 0;
    onQuery = [&](WDFWMIINSTANCE, ULONG, PVOID, PULONG used) {
        ++calls;
        *used = 0x80000000u;  // "I need 2 GiB"
        return STATUS_BUFFER_TOO_SMALL;
    };
    Bytes q = AllDataWnode(TestGuid(1), 128);
    const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(r.information, 0u);
    EXPECT_EQ(calls, 2u);  // the loop stops at the instance whose size overflows the total
}

TEST_F(KmdfWmiChecklist, AllDataSizesThatOverflowOnlyWithTheDataBlockOffsetFailToo)
{
    // The sizes' sum fits a ULONG, SizeNeeded = DataBlockOffset (80) + sum does not.
    StartWithInstances({4, 4});
    onQuery = [&](WDFWMIINSTANCE, ULONG, PVOID, PULONG used) {
        *used = 0x7FFFFFF0u;
        return STATUS_BUFFER_TOO_SMALL;
    };
    Bytes q2 = AllDataWnode(TestGuid(1), 128);
    const IrpResult r2 = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q2);
    EXPECT_EQ(r2.status, STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(r2.information, 0u);
}

TEST_F(KmdfWmiChecklist, Item058_AllDataLayout)
{
    StartWithInstances({5, 3});
    Bytes q = AllDataWnode(TestGuid(1), 256);
    Write32(q, 44, Read32(q, 44) | WNODE_FLAG_FIXED_INSTANCE_SIZE);
    const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 99u);
    EXPECT_EQ(Read32(q, 0), 99u);
    EXPECT_EQ(Read32(q, 44) & WNODE_FLAG_FIXED_INSTANCE_SIZE, 0u);
    EXPECT_EQ(Read32(q, 48), 80u); // align16(60 + 2*8)
    EXPECT_EQ(Read32(q, 52), 2u);
    EXPECT_EQ(Read32(q, 60), 80u);
    EXPECT_EQ(Read32(q, 64), 5u);
    EXPECT_EQ(Read32(q, 68), 96u);
    EXPECT_EQ(Read32(q, 72), 3u);
    EXPECT_EQ(q[80], 0x10);
    EXPECT_EQ(q[96], 0x11);
}

TEST_F(KmdfWmiChecklist, Item059_AllDataRetrySizes)
{
    StartWithInstances({5, 3});
    Bytes small = AllDataWnode(TestGuid(1), 64);
    IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), small);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 56u);
    EXPECT_EQ(Read32(small, 48), 99u);
    Bytes exact = AllDataWnode(TestGuid(1), 99);
    r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), exact);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 86u); // KMDF quirk, reproduced by default
    Bytes roomy = AllDataWnode(TestGuid(1), 112);
    r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), roomy);
    EXPECT_EQ(r.information, 99u);
}

TEST_F(KmdfWmiChecklist, Item060_AllDataMinimumQuickCheck)
{
    StartWithInstances({6, 6, 6}, 6);
    int calls = 0;
    onQuery = [&](WDFWMIINSTANCE, ULONG, PVOID, PULONG) {
        ++calls;
        return STATUS_SUCCESS;
    };
    Bytes q = AllDataWnode(TestGuid(1), 100);
    const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 44), static_cast<ULONG>(WNODE_FLAG_TOO_SMALL));
    EXPECT_EQ(Read32(q, 48), 96u + 16u * 2u + 6u);
    EXPECT_EQ(calls, 0);
}

TEST_F(KmdfWmiChecklist, Item061_NonQueryInstanceContributesEmptyEntry)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDFWMIINSTANCE a = CreateInstance(provider);
    InstanceOptions none;
    none.query = false;
    CreateInstance(provider, none);
    WDFWMIINSTANCE c = CreateInstance(provider);
    data[a] = Bytes(5, 1);
    data[c] = Bytes(3, 3);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = AllDataWnode(TestGuid(1), 256);
    const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 48), 96u);
    EXPECT_EQ(Read32(q, 60), 96u);
    EXPECT_EQ(Read32(q, 64), 5u);
    EXPECT_EQ(Read32(q, 68), 112u);
    EXPECT_EQ(Read32(q, 72), 0u);
    EXPECT_EQ(Read32(q, 76), 112u);
    EXPECT_EQ(Read32(q, 80), 3u);
    EXPECT_EQ(r.information, 115u);
}

TEST_F(KmdfWmiChecklist, Item062_ChangeSingleInstanceStatuses)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), 0, 4);
    InstanceOptions readOnly;
    CreateInstance(provider, readOnly);
    InstanceOptions settable;
    settable.setInstance = true;
    CreateInstance(provider, settable);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128, 4);
    IrpResult r = Send(IRP_MN_CHANGE_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_WMI_READ_ONLY);
    EXPECT_EQ(r.information, 0u);
    q = SingleInstanceWnode(TestGuid(1), 1, 128, 3);
    r = Send(IRP_MN_CHANGE_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_WMI_SET_FAILURE);
    EXPECT_EQ(r.information, 0u);
    onSetInstance = [](WDFWMIINSTANCE, ULONG, PVOID) { return STATUS_BUFFER_TOO_SMALL; };
    q = SingleInstanceWnode(TestGuid(1), 1, 128, 4);
    r = Send(IRP_MN_CHANGE_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_WMI_SET_FAILURE);
    onSetInstance = [](WDFWMIINSTANCE, ULONG, PVOID) { return STATUS_SUCCESS; };
    r = Send(IRP_MN_CHANGE_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 0u);
}

TEST_F(KmdfWmiChecklist, Item063_EmptyChangePassesNullBuffer)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    InstanceOptions options;
    options.setInstance = true;
    options.setItem = true;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    std::vector<PVOID> buffers;
    onSetInstance = [&](WDFWMIINSTANCE, ULONG size, PVOID in) {
        EXPECT_EQ(size, 0u);
        buffers.push_back(in);
        return STATUS_SUCCESS;
    };
    onSetItem = [&](WDFWMIINSTANCE, ULONG, ULONG size, PVOID in) {
        EXPECT_EQ(size, 0u);
        buffers.push_back(in);
        return STATUS_SUCCESS;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128, 0);
    EXPECT_EQ(Send(IRP_MN_CHANGE_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_SUCCESS);
    Bytes item = ItemWnode(TestGuid(1), 0, 2, 0, 128);
    EXPECT_EQ(Send(IRP_MN_CHANGE_SINGLE_ITEM, TestGuid(1), item).status, STATUS_SUCCESS);
    EXPECT_EQ(buffers, (std::vector<PVOID>{nullptr, nullptr}));
}

TEST_F(KmdfWmiChecklist, Item064_ChangeItemPassesIdAndSizeIgnoringMinimum)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), 0, 16);
    InstanceOptions options;
    options.setItem = true;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    ULONG seenId = 0, seenSize = 0;
    UCHAR firstByte = 0;
    onSetItem = [&](WDFWMIINSTANCE, ULONG id, ULONG size, PVOID in) {
        seenId = id;
        seenSize = size;
        firstByte = *static_cast<UCHAR *>(in);
        return STATUS_SUCCESS;
    };
    Bytes item = ItemWnode(TestGuid(1), 0, 7, 2, 128);
    item[72] = 0x5A;
    const IrpResult r = Send(IRP_MN_CHANGE_SINGLE_ITEM, TestGuid(1), item);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 0u);
    EXPECT_EQ(seenId, 7u);
    EXPECT_EQ(seenSize, 2u);
    EXPECT_EQ(firstByte, 0x5A);
}

TEST_F(KmdfWmiChecklist, Item065_ExecuteMethodStatusesAndLayout)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    CreateInstance(provider); // no execute callback
    InstanceOptions options;
    options.execute = true;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes m = MethodWnode(TestGuid(1), 0, 1, 0, 128);
    EXPECT_EQ(Send(IRP_MN_EXECUTE_METHOD, TestGuid(1), m).status, STATUS_INVALID_DEVICE_REQUEST);
    onExecute = [](WDFWMIINSTANCE, ULONG method, ULONG in, ULONG out, PVOID buffer, PULONG used) {
        EXPECT_EQ(method, 3u);
        EXPECT_EQ(in, 2u);
        EXPECT_EQ(out, 128u - 72u);
        static_cast<UCHAR *>(buffer)[0] = 0x77;
        *used = 5;
        return STATUS_SUCCESS;
    };
    m = MethodWnode(TestGuid(1), 1, 3, 2, 128);
    IrpResult r = Send(IRP_MN_EXECUTE_METHOD, TestGuid(1), m);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 77u);
    EXPECT_EQ(Read32(m, 0), 77u);
    EXPECT_EQ(Read32(m, 64), 5u);
    EXPECT_EQ(m[72], 0x77);
    onExecute = [](WDFWMIINSTANCE, ULONG, ULONG, ULONG, PVOID, PULONG used) {
        *used = 500;
        return STATUS_BUFFER_TOO_SMALL;
    };
    m = MethodWnode(TestGuid(1), 1, 3, 0, 128);
    r = Send(IRP_MN_EXECUTE_METHOD, TestGuid(1), m);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 56u);
    EXPECT_EQ(Read32(m, 44), static_cast<ULONG>(WNODE_FLAG_TOO_SMALL));
    EXPECT_EQ(Read32(m, 48), 572u);
}

TEST_F(KmdfWmiChecklist, Item066_ExecuteWithoutInOrOutPassesNull)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    InstanceOptions options;
    options.execute = true;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    PVOID seen = reinterpret_cast<PVOID>(1);
    onExecute = [&](WDFWMIINSTANCE, ULONG, ULONG in, ULONG out, PVOID buffer, PULONG used) {
        EXPECT_EQ(in, 0u);
        EXPECT_EQ(out, 0u);
        seen = buffer;
        *used = 0;
        return STATUS_SUCCESS;
    };
    Bytes m = MethodWnode(TestGuid(1), 0, 1, 0, 72);
    EXPECT_EQ(Send(IRP_MN_EXECUTE_METHOD, TestGuid(1), m).status, STATUS_SUCCESS);
    EXPECT_EQ(seen, nullptr);
}

TEST_F(KmdfWmiChecklist, Item067_ExecuteOnlyInstanceAnswersQueryWithNothing)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    InstanceOptions options;
    options.query = false;
    options.execute = true;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 64u);
    EXPECT_EQ(Read32(q, 60), 0u);
}

TEST_F(KmdfWmiChecklist, Item068_EnableEventsNeedsWholeHeader)
{
    CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes h = HeaderWnode(TestGuid(1), 47);
    const IrpResult r = Send(IRP_MN_ENABLE_EVENTS, TestGuid(1), h);
    EXPECT_EQ(r.status, STATUS_INVALID_PARAMETER);
    EXPECT_EQ(r.information, 0u);
}

TEST_F(KmdfWmiChecklist, Item069_EnableAndDisableReachFunctionControl)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderExpensive, 0, true);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    std::vector<std::pair<WDF_WMI_PROVIDER_CONTROL, BOOLEAN>> seen;
    onFunctionControl = [&](WDFWMIPROVIDER p, WDF_WMI_PROVIDER_CONTROL c, BOOLEAN e) {
        EXPECT_EQ(p, provider);
        seen.emplace_back(c, e);
        return STATUS_SUCCESS;
    };
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiEventControl), FALSE);
    Bytes h = HeaderWnode(TestGuid(1), 48);
    EXPECT_EQ(Send(IRP_MN_ENABLE_EVENTS, TestGuid(1), h).status, STATUS_SUCCESS);
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiEventControl), TRUE);
    EXPECT_EQ(Send(IRP_MN_ENABLE_COLLECTION, TestGuid(1), h).status, STATUS_SUCCESS);
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiInstanceControl), TRUE);
    EXPECT_EQ(Send(IRP_MN_DISABLE_COLLECTION, TestGuid(1), h).status, STATUS_SUCCESS);
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiInstanceControl), FALSE);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0], std::make_pair(WdfWmiEventControl, BOOLEAN{TRUE}));
    EXPECT_EQ(seen[2], std::make_pair(WdfWmiInstanceControl, BOOLEAN{FALSE}));
}

TEST_F(KmdfWmiChecklist, Item070_FunctionControlFailureClearsFlag)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderExpensive, 0, true);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes h = HeaderWnode(TestGuid(1), 48);
    ASSERT_EQ(Send(IRP_MN_ENABLE_EVENTS, TestGuid(1), h).status, STATUS_SUCCESS);
    onFunctionControl = [](WDFWMIPROVIDER, WDF_WMI_PROVIDER_CONTROL, BOOLEAN) { return STATUS_DEVICE_NOT_READY; };
    EXPECT_EQ(Send(IRP_MN_ENABLE_EVENTS, TestGuid(1), h).status, STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiEventControl), FALSE);
}

TEST_F(KmdfWmiChecklist, Item071_TracingHandleFromHistoricalContext)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderTracing, 0, true);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    EXPECT_EQ(WdfWmiProviderGetTracingHandle(provider), 0u);
    Bytes h = HeaderWnode(TestGuid(1), 48, 0x1122334455667788ull);
    EXPECT_EQ(Send(IRP_MN_ENABLE_EVENTS, TestGuid(1), h).status, STATUS_SUCCESS);
    EXPECT_EQ(WdfWmiProviderGetTracingHandle(provider), 0x1122334455667788ull);
    onFunctionControl = [](WDFWMIPROVIDER, WDF_WMI_PROVIDER_CONTROL, BOOLEAN) { return STATUS_UNSUCCESSFUL; };
    EXPECT_EQ(Send(IRP_MN_ENABLE_EVENTS, TestGuid(1), h).status, STATUS_UNSUCCESSFUL);
    EXPECT_EQ(WdfWmiProviderGetTracingHandle(provider), 0u);
}

TEST_F(KmdfWmiChecklist, Item072_RegInfoTinyBufferReportsSize)
{
    CreateProvider(TestGuid(1));
    IrpResult r;
    Bytes reg = RegInfo(true, 8, &r);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 4u);
    Bytes full = RegInfo(true, 1024, &r);
    EXPECT_EQ(Read32(reg, 0), r.information);
    EXPECT_EQ(reg[4], 0xCC); // nothing else written
}

TEST_F(KmdfWmiChecklist, Item073_RegInfoLayout)
{
    static WCHAR mofName[] = L"KwmiMof";
    UNICODE_STRING mof;
    mof.Buffer = mofName;
    mof.Length = 14;
    mof.MaximumLength = 16;
    ASSERT_EQ(WdfDeviceAssignMofResourceName(device, &mof), STATUS_SUCCESS);
    CreateInstance(CreateProvider(TestGuid(1)));
    CreateProvider(TestGuid(2), WdfWmiProviderExpensive);
    CreateProvider(TestGuid(3), WdfWmiProviderEventOnly);
    CreateProvider(TestGuid(4), WdfWmiProviderTracing);
    IrpResult r;
    Bytes reg = RegInfo(false, 1024, &r);
    const ULONG mofOffset = 24 + 4 * 32;
    const std::u16string path = u"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\KwmiWmiTest";
    const ULONG regOffset = mofOffset + 2 + 14;
    const ULONG need = regOffset + 2 + static_cast<ULONG>(path.size() * 2);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, need);
    EXPECT_EQ(Read32(reg, 0), need);
    EXPECT_EQ(Read32(reg, 4), 0u);
    EXPECT_EQ(Read32(reg, 8), regOffset);
    EXPECT_EQ(Read32(reg, 12), mofOffset);
    EXPECT_EQ(Read32(reg, 16), 4u);
    const ULONG expectedFlags[] = {0x20, 0x21, 0x60, 0x81000};
    for (ULONG i = 0; i < 4; ++i) {
        GUID g;
        std::memcpy(&g, reg.data() + 24 + 32 * i, sizeof g);
        GUID want = TestGuid(i + 1);
        EXPECT_EQ(std::memcmp(&g, &want, sizeof g), 0) << i;
        EXPECT_EQ(Read32(reg, 24 + 32 * i + 16), expectedFlags[i]) << i;
        EXPECT_EQ(Read64(reg, 24 + 32 * i + 24), reinterpret_cast<ULONG64>(pdo)) << i;
    }
    EXPECT_EQ(Read32(reg, 24 + 20), 1u);
    EXPECT_EQ(reg[mofOffset] | (reg[mofOffset + 1] << 8), 14);
    EXPECT_EQ(std::memcmp(reg.data() + mofOffset + 2, mofName, 14), 0);
    EXPECT_EQ(reg[regOffset] | (reg[regOffset + 1] << 8), static_cast<int>(path.size() * 2));
    EXPECT_EQ(std::memcmp(reg.data() + regOffset + 2, path.data(), path.size() * 2), 0);
}

TEST_F(KmdfWmiChecklist, Item074_RegInfoExReferencesPdoPerGuid)
{
    CreateProvider(TestGuid(1));
    CreateProvider(TestGuid(2));
    const LONG_PTR before = PointerCount(pdo);
    RegInfo(false, 1024);
    EXPECT_EQ(PointerCount(pdo), before);
    RegInfo(true, 1024);
    EXPECT_EQ(PointerCount(pdo), before + 2);
    ObfDereferenceObject(pdo); // what WMI does with the references
    ObfDereferenceObject(pdo);
    RegInfo(true, 8); // too small: no references
    EXPECT_EQ(PointerCount(pdo), before);
}

TEST_F(KmdfWmiChecklist, Item075_PdoReportsParentBusMofName)
{
    static WCHAR name[] = L"BusMof";
    UNICODE_STRING mof;
    mof.Buffer = name;
    mof.Length = 12;
    mof.MaximumLength = 14;
    ASSERT_EQ(WdfDeviceAssignMofResourceName(device, &mof), STATUS_SUCCESS);
    WDFDEVICE child = CreateChildPdo();
    PDEVICE_OBJECT childObject = WdfDeviceWdmGetDeviceObject(child);
    Bytes reg(512, 0);
    const IrpResult r = SendRawTo(childObject, IRP_MN_REGINFO, reinterpret_cast<ULONG_PTR>(childObject), nullptr,
                                  512, reg.data());
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    const ULONG mofOffset = Read32(reg, 12);
    EXPECT_EQ(mofOffset, 24u); // no providers on the child
    EXPECT_EQ(reg[mofOffset], 12);
    EXPECT_EQ(std::memcmp(reg.data() + mofOffset + 2, name, 12), 0);
}

TEST_F(KmdfWmiChecklist, Item075_MofResourceNameRules)
{
    static WCHAR name[] = L"MofA";
    UNICODE_STRING mof;
    mof.Buffer = name;
    mof.Length = 3; // odd
    mof.MaximumLength = 10;
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &mof), STATUS_INVALID_PARAMETER);
    mof.Length = 8;
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &mof), STATUS_SUCCESS);
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &mof), STATUS_INVALID_DEVICE_REQUEST);
}

} // namespace
} // namespace kwmi::kmdfwmitest
