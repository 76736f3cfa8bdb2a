// checklist_events_test.cpp - kmdf-wmi-semantics.md §8 items 76-88 (events, the UseContextForQuery
// adapter, power-policy instances, concurrency).
#include "kmdf_wmi_fixture.hpp"

#include "verifier/verifier.hpp"
#include "wdf/device.hpp"
#include "wdf/handles.hpp"

#include <kwmi/wmi_service.hpp>

#include <algorithm>
#include <chrono>


#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

struct Counters {
    ULONG a;
    ULONG b;
    UCHAR c;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(Counters, GetCounters)

using KmdfWmiChecklist = KmdfWmiFixture;

// Subscribes to a GUID at the WMI service and collects the delivered event WNODEs.
class EventSink {
public:
    EventSink(const GUID &guid)
    {
        auto *service = wmi::Service::Current();
        EXPECT_NE(service, nullptr);
        status = service->Subscribe(
            guid, wmi::Identity::Administrator(),
            [this](const WNODE_HEADER *wnode, std::uint32_t size) {
                const auto *bytes = reinterpret_cast<const UCHAR *>(wnode);
                events.emplace_back(bytes, bytes + size);
            },
            &subscription);
    }
    ~EventSink()
    {
        if (auto *service = wmi::Service::Current()) {
            service->Unsubscribe(subscription);
        }
    }
    std::vector<Bytes> Drain()
    {
        if (auto *service = wmi::Service::Current()) {
            service->FlushDeferredWork();
        }
        return events;
    }
    NTSTATUS status = 0;
    std::uint64_t subscription = 0;
    std::vector<Bytes> events;
};

TEST_F(KmdfWmiChecklist, Item076_FireEventWnodeLayout)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    InstanceOptions options;
    options.query = false;
    CreateInstance(provider, options);
    WDFWMIINSTANCE second = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    EventSink sink(TestGuid(1));
    ASSERT_EQ(sink.status, STATUS_SUCCESS);
    UCHAR payload[5] = {1, 2, 3, 4, 5};
    ASSERT_EQ(WdfWmiInstanceFireEvent(second, sizeof payload, payload), STATUS_SUCCESS);
    RunUntilIdle();
    auto events = sink.Drain();
    ASSERT_EQ(events.size(), 1u);
    const Bytes &e = events[0];
    ASSERT_GE(e.size(), 69u);
    EXPECT_EQ(Read32(e, 0), 69u);
    EXPECT_EQ(Read32(e, 4), IoWMIDeviceObjectToProviderId(fdo));
    GUID g;
    std::memcpy(&g, e.data() + 24, sizeof g);
    GUID want = TestGuid(1);
    EXPECT_EQ(std::memcmp(&g, &want, sizeof g), 0);
    EXPECT_EQ(Read32(e, 44) & 0xFFu, 0x8Au);
    EXPECT_EQ(Read32(e, 52), 1u);
    EXPECT_EQ(Read32(e, 56), 64u);
    EXPECT_EQ(Read32(e, 60), 5u);
    EXPECT_EQ(std::memcmp(e.data() + 64, payload, 5), 0);
}

TEST_F(KmdfWmiChecklist, Item077_NullEventDataSendsEmptyBlock)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    InstanceOptions options;
    options.query = false;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    EventSink sink(TestGuid(1));
    ASSERT_EQ(WdfWmiInstanceFireEvent(instance, 32, nullptr), STATUS_SUCCESS);
    auto events = sink.Drain();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(Read32(events[0], 0), 64u);
    EXPECT_EQ(Read32(events[0], 60), 0u);
}

TEST_F(KmdfWmiChecklist, Item078_FireEventAtDispatchNeedsVerifierOff)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    InstanceOptions options;
    options.query = false;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    EventSink sink(TestGuid(1));
    UCHAR payload = 7;
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        EXPECT_EQ(WdfWmiInstanceFireEvent(instance, 1, &payload), STATUS_INVALID_DEVICE_REQUEST);
    }
    EXPECT_TRUE(sink.Drain().empty());
    kwmi::verifier::GetSettings().kmdfVerifier = false;
    NTSTATUS status;
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        status = WdfWmiInstanceFireEvent(instance, 1, &payload);
    }
    kwmi::verifier::ResetSettings();
    EXPECT_EQ(status, STATUS_SUCCESS);
    RunUntilIdle();
    EXPECT_EQ(sink.Drain().size(), 1u);
}

TEST_F(KmdfWmiChecklist, Item079_UnregisteredInstanceEventUsesCount)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    InstanceOptions registered;
    registered.query = false;
    CreateInstance(provider, registered);
    CreateInstance(provider, registered);
    InstanceOptions loose = registered;
    loose.registerNow = false;
    WDFWMIINSTANCE unregistered = CreateInstance(provider, loose);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    EventSink sink(TestGuid(1));
    ASSERT_EQ(WdfWmiInstanceFireEvent(unregistered, 0, nullptr), STATUS_SUCCESS);
    auto events = sink.Drain();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(Read32(events[0], 52), 2u);
}

TEST_F(KmdfWmiChecklist, Item080_FireEventIgnoresEnableFlag)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    InstanceOptions options;
    options.query = false;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    EventSink sink(TestGuid(1));
    Bytes h = HeaderWnode(TestGuid(1), 48);
    ASSERT_EQ(Send(IRP_MN_DISABLE_EVENTS, TestGuid(1), h).status, STATUS_SUCCESS);
    ASSERT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiEventControl), FALSE);
    EXPECT_EQ(WdfWmiInstanceFireEvent(instance, 0, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(sink.Drain().size(), 1u);
}

TEST_F(KmdfWmiChecklist, Item081_UseContextForQueryCopiesContext)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, Counters);
    InstanceOptions options;
    options.useContextForQuery = true;
    options.attributes = &attributes;
    int queries = 0;
    onQuery = [&](WDFWMIINSTANCE, ULONG, PVOID, PULONG) {
        ++queries;
        return STATUS_SUCCESS;
    };
    WDFWMIINSTANCE instance = CreateInstance(provider, options); // query callback set but ignored
    Counters *counters = GetCounters(instance);
    counters->a = 0x11223344;
    counters->b = 0x55667788;
    counters->c = 0x99;
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 60), sizeof(Counters));
    EXPECT_EQ(std::memcmp(q.data() + 64, counters, sizeof(Counters)), 0);
    Bytes small = SingleInstanceWnode(TestGuid(1), 0, 64 + 4);
    r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), small);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(small, 44), static_cast<ULONG>(WNODE_FLAG_TOO_SMALL));
    EXPECT_EQ(Read32(small, 48), 64u + sizeof(Counters));
    EXPECT_EQ(queries, 0);
}

TEST_F(KmdfWmiChecklist, Item081_ContextSizeOverrideIsZeroFilledWithDiagnostic)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, Counters);
    attributes.ContextSizeOverride = sizeof(Counters) + 4;
    InstanceOptions options;
    options.query = false;
    options.useContextForQuery = true;
    options.attributes = &attributes;
    CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 256);
    std::fill(q.begin() + 64, q.end(), 0xEE);
    ASSERT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_SUCCESS);
    const ULONG reported = Read32(q, 60);
    EXPECT_EQ(reported, 2 * sizeof(Counters) + 4); // KMDF adds the override to the type size
    EXPECT_EQ(q[64 + reported - 1], 0); // beyond the real context: zeros, not host memory
    EXPECT_EQ(wdf::wmi::WmiDiagnostics::Instance().Count(wdf::wmi::WmiDiagnosticKind::ContextSizeOverrideRead), 1u);
}

TEST_F(KmdfWmiChecklist, Item082_ScratchBufferResults)
{
    StartWithInstances({4});
    onQuery = [](WDFWMIINSTANCE, ULONG size, PVOID, PULONG used) {
        EXPECT_EQ(size, 1u);
        *used = 4;
        return STATUS_SUCCESS;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 64);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_UNSUCCESSFUL);
    onQuery = [](WDFWMIINSTANCE, ULONG, PVOID, PULONG used) {
        *used = 4;
        return STATUS_BUFFER_TOO_SMALL;
    };
    q = SingleInstanceWnode(TestGuid(1), 0, 64);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 44), static_cast<ULONG>(WNODE_FLAG_TOO_SMALL));
    EXPECT_EQ(Read32(q, 48), 68u);
}

TEST_F(KmdfWmiChecklist, Item083_TooSmallWithMinimumPassesThrough)
{
    StartWithInstances({4}, 4);
    onQuery = [](WDFWMIINSTANCE, ULONG, PVOID, PULONG used) {
        *used = 20;
        return STATUS_BUFFER_TOO_SMALL;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 72);
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 48), 84u);
    EXPECT_EQ(wdf::wmi::WmiDiagnostics::Instance().Count(wdf::wmi::WmiDiagnosticKind::VerifierBreak), 1u);
}

void AllowIdleUserControl(WDFDEVICE device, bool allow)
{
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
    idle.UserControlOfIdleSettings = allow ? IdleAllowUserControl : IdleDoNotAllowUserControl;
    ASSERT_EQ(WdfDeviceAssignS0IdleSettings(device, &idle), STATUS_SUCCESS);
}

TEST_F(KmdfWmiChecklist, Item084_FrameworkPowerInstanceRequests)
{
    AllowIdleUserControl(device, true);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Bytes q = SingleInstanceWnode(kPowerDeviceEnable, 0, 128);
    IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, kPowerDeviceEnable, q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 60), 1u);
    EXPECT_EQ(r.information, 65u);
    Bytes item = ItemWnode(kPowerDeviceEnable, 0, 1, 1, 128);
    EXPECT_EQ(Send(IRP_MN_CHANGE_SINGLE_ITEM, kPowerDeviceEnable, item).status, STATUS_INVALID_DEVICE_REQUEST);
    Bytes set = SingleInstanceWnode(kPowerDeviceEnable, 0, 128, 0);
    EXPECT_EQ(Send(IRP_MN_CHANGE_SINGLE_INSTANCE, kPowerDeviceEnable, set).status, STATUS_WMI_SET_FAILURE);
    Bytes m = MethodWnode(kPowerDeviceEnable, 0, 1, 0, 128);
    EXPECT_EQ(Send(IRP_MN_EXECUTE_METHOD, kPowerDeviceEnable, m).status, STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(KmdfWmiChecklist, Item085_DisallowingUserControlRemovesInstance)
{
    AllowIdleUserControl(device, true);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    ClearCalls();
    AllowIdleUserControl(device, false);
    EXPECT_EQ(Actions(), std::vector<ULONG>{WMIREG_ACTION_UPDATE_GUIDS});
    Bytes reg = RegInfo(true, 512);
    ASSERT_EQ(Read32(reg, 16), 1u);
    EXPECT_EQ(Read32(reg, 24 + 16), static_cast<ULONG>(WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_REMOVE_GUID));
    EXPECT_EQ(Read32(reg, 24 + 20), 0u);
}

TEST_F(KmdfWmiChecklist, Item087_IsEnabledWithInvalidControl)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, WdfWmiControlInvalid), FALSE);
    EXPECT_EQ(WdfWmiProviderIsEnabled(provider, static_cast<WDF_WMI_PROVIDER_CONTROL>(7)), FALSE);
    EXPECT_FALSE(bugChecks->Fired());
}

TEST_F(KmdfWmiChecklist, Item088_IrpDoesNotPowerUpDevice)
{
    // S0 idle: the device leaves D0 after 50 ms without a power reference.
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
    idle.IdleTimeout = 50;
    idle.UserControlOfIdleSettings = IdleDoNotAllowUserControl;
    ASSERT_EQ(WdfDeviceAssignS0IdleSettings(device, &idle), STATUS_SUCCESS);
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    InstanceOptions options;
    options.setInstance = true;
    options.execute = true;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    data[instance] = Bytes(4, 0x5A);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    auto *framework = wdf::Resolve<wdf::Device>(device);
    ASSERT_EQ(framework->PowerState(), WdfPowerDeviceD0);
    kernel->AdvanceTime(std::chrono::milliseconds(50));
    ASSERT_EQ(framework->PowerState(), WdfPowerDeviceD3);
    std::vector<std::string> pnp = framework->PnpLog();
    ASSERT_GE(pnp.size(), 2u);
    EXPECT_EQ(pnp[pnp.size() - 2], "IdleD0ToD3"); // the idle power-down ran ...
    EXPECT_EQ(pnp.back(), "EvtDeviceD0Exit");     // ... ending in the driver's D0Exit
    // The driver saw it: its D0Exit ran once on idle, after the one D0Entry of the start.
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.back(), "D0Exit");
    EXPECT_EQ(std::count(log.begin(), log.end(), "D0Exit"), 1);
    EXPECT_EQ(std::count(log.begin(), log.end(), "D0Entry"), 1);
    log.clear();

    std::vector<std::string> calls;
    onSetInstance = [&](WDFWMIINSTANCE, ULONG size, PVOID in) {
        calls.push_back("set");
        EXPECT_EQ(size, 4u);
        EXPECT_EQ(static_cast<UCHAR *>(in)[0], 0xA1);
        return STATUS_SUCCESS;
    };
    onExecute = [&](WDFWMIINSTANCE, ULONG method, ULONG, ULONG, PVOID buffer, PULONG used) {
        calls.push_back("execute");
        EXPECT_EQ(method, 2u);
        static_cast<UCHAR *>(buffer)[0] = 0x77;
        *used = 1;
        return STATUS_SUCCESS;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 60), 4u);
    EXPECT_EQ(q[Read32(q, 56)], 0x5A);
    Bytes all = AllDataWnode(TestGuid(1), 256);
    EXPECT_EQ(Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), all).status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(all, 52), 1u); // InstanceCount
    Bytes set = SingleInstanceWnode(TestGuid(1), 0, 128, 4);
    set[64] = 0xA1;
    EXPECT_EQ(Send(IRP_MN_CHANGE_SINGLE_INSTANCE, TestGuid(1), set).status, STATUS_SUCCESS);
    Bytes m = MethodWnode(TestGuid(1), 0, 2, 0, 128);
    const IrpResult r = Send(IRP_MN_EXECUTE_METHOD, TestGuid(1), m);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(m, 64), 1u); // SizeDataBlock
    EXPECT_EQ(m[72], 0x77);
    EXPECT_EQ(calls, (std::vector<std::string>{"set", "execute"}));

    // Still idle in Dx: no D0Entry (nor D0Exit), no power transition around the requests.
    EXPECT_EQ(framework->PowerState(), WdfPowerDeviceD3);
    EXPECT_EQ(std::count(log.begin(), log.end(), "D0Entry"), 0);
    EXPECT_TRUE(log.empty());
    EXPECT_EQ(framework->PnpLog(), pnp);
}

} // namespace
} // namespace kwmi::kmdfwmitest
