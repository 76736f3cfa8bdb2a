// corner_cases_test.cpp - kmdf-wmi-semantics.md corner cases that the numbered checklist (§8)
// does not reach: power-policy GUIDs owned by the driver first (§3.6), provider creation during
// removal dispose (§3.5, §4.8), tracing providers created above PASSIVE (§4.4/§4.5), REMOVE_GUID
// surviving a too-small REGINFO (§5.10) and the empty MOF resource name (§2.7).
#include "kmdf_wmi_fixture.hpp"

#include <cstring>

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

bool EntryGuidIs(const Bytes &r, ULONG i, const GUID &g)
{
    const GUID entry = EntryGuid(r, i);
    return IsEqualGUID(entry, g);
}
ULONG MofLength(const Bytes &r) { return r[MofOffset(r)] | (r[MofOffset(r) + 1] << 8); }

enum class PowerBlock { Idle, Wake };

const GUID &GuidOf(PowerBlock block) { return block == PowerBlock::Idle ? kPowerDeviceEnable : kPowerDeviceWakeEnable; }

// WdfDeviceAssignS0IdleSettings / WdfDeviceAssignSxWakeSettings with only the user-control choice.
NTSTATUS AssignUserControl(WDFDEVICE device, PowerBlock block, bool allow)
{
    if (block == PowerBlock::Idle) {
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
        idle.UserControlOfIdleSettings = allow ? IdleAllowUserControl : IdleDoNotAllowUserControl;
        return WdfDeviceAssignS0IdleSettings(device, &idle);
    }
    WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS wake;
    WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS_INIT(&wake);
    wake.UserControlOfWakeSettings = allow ? WakeAllowUserControl : WakeDoNotAllowUserControl;
    return WdfDeviceAssignSxWakeSettings(device, &wake);
}

class KmdfWmiCornerCases : public KmdfWmiFixture {
protected:
    // §3.6: a driver provider for the power GUID that already lists an instance refuses the
    // framework's instance; nothing is added, so no update and REGINFO is unchanged.
    void ExpectOccupiedDriverProviderRefusesFrameworkInstance(PowerBlock block)
    {
        WDFWMIPROVIDER provider = CreateProvider(GuidOf(block));
        ASSERT_NE(provider, nullptr); // the §2.2 guard does not apply yet
        CreateInstance(provider);
        ASSERT_EQ(Start(), STATUS_SUCCESS);
        RunUntilIdle();
        ClearCalls();
        EXPECT_EQ(AssignUserControl(device, block, true), STATUS_WMI_GUID_DISCONNECTED);
        RunUntilIdle();
        EXPECT_TRUE(Actions().empty());
        Bytes reg = RegInfo(true, 512);
        ASSERT_EQ(GuidCount(reg), 1u);
        EXPECT_EQ(EntryCount(reg, 0), 1u);
        EXPECT_EQ(EntryFlags(reg, 0), static_cast<ULONG>(WMIREG_FLAG_INSTANCE_PDO));
    }

    // §3.6: an empty driver provider (0 instances) takes the framework's instance at index 0;
    // the Expensive flag in REGINFO proves it is the driver's provider, not a framework one.
    void ExpectEmptyDriverProviderAdoptsFrameworkInstance(PowerBlock block)
    {
        const GUID &guid = GuidOf(block);
        WDFWMIPROVIDER provider = CreateProvider(guid, WdfWmiProviderExpensive);
        ASSERT_NE(provider, nullptr);
        ASSERT_EQ(Start(), STATUS_SUCCESS);
        RunUntilIdle();
        ClearCalls();
        EXPECT_EQ(AssignUserControl(device, block, true), STATUS_SUCCESS);
        EXPECT_EQ(Actions(), std::vector<ULONG>{kUpdate}); // §4.5: PASSIVE, before returning

        Bytes reg = RegInfo(true, 512);
        ASSERT_EQ(GuidCount(reg), 1u);
        EXPECT_TRUE(EntryGuidIs(reg, 0, guid));
        EXPECT_EQ(EntryFlags(reg, 0), static_cast<ULONG>(WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EXPENSIVE));
        EXPECT_EQ(EntryCount(reg, 0), 1u);

        // Index 0 is the framework's BOOLEAN instance, not a driver callback.
        std::vector<WDFWMIINSTANCE> queried;
        onQuery = [&](WDFWMIINSTANCE i, ULONG s, PVOID o, PULONG u) {
            queried.push_back(i);
            return AnswerWithData(i, s, o, u);
        };
        Bytes q = SingleInstanceWnode(guid, 0, 128);
        IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, guid, q);
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(Read32(q, 60), 1u);
        EXPECT_EQ(r.information, 65u);
        EXPECT_TRUE(queried.empty());

        // A driver instance registered afterwards goes to the tail (index 1).
        WDFWMIINSTANCE mine = CreateInstance(provider);
        Bytes q1 = SingleInstanceWnode(guid, 1, 128);
        EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, guid, q1).status, STATUS_SUCCESS);
        EXPECT_EQ(queried, std::vector<WDFWMIINSTANCE>{mine});
    }
};

// ---- §3.6 / §2.2 step 3: power-policy GUIDs ----

TEST_F(KmdfWmiCornerCases, IdleUserControlFailsWhenDriverProviderAlreadyHasAnInstance)
{
    ExpectOccupiedDriverProviderRefusesFrameworkInstance(PowerBlock::Idle);
}

TEST_F(KmdfWmiCornerCases, IdleUserControlJoinsEmptyDriverProviderAtIndexZero)
{
    ExpectEmptyDriverProviderAdoptsFrameworkInstance(PowerBlock::Idle);
}

TEST_F(KmdfWmiCornerCases, WakeUserControlFailsWhenDriverProviderAlreadyHasAnInstance)
{
    ExpectOccupiedDriverProviderRefusesFrameworkInstance(PowerBlock::Wake);
}

TEST_F(KmdfWmiCornerCases, WakeUserControlJoinsEmptyDriverProviderAtIndexZero)
{
    ExpectEmptyDriverProviderAdoptsFrameworkInstance(PowerBlock::Wake);
}

// §2.2 step 3: the wake guard, which also survives WakeDoNotAllowUserControl because the
// framework's instance pointer stays set.
TEST_F(KmdfWmiCornerCases, WakeEnableGuidBlockedForDriverAfterFrameworkWakeInstance)
{
    ASSERT_EQ(AssignUserControl(device, PowerBlock::Wake, true), STATUS_SUCCESS);
    WDF_WMI_PROVIDER_CONFIG config;
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &kPowerDeviceWakeEnable);
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &config);
    WDFWMIPROVIDER const kSentinel = reinterpret_cast<WDFWMIPROVIDER>(0x77);
    WDFWMIINSTANCE const kInstanceSentinel = reinterpret_cast<WDFWMIINSTANCE>(0x78);

    for (bool allowed : {true, false}) {
        SCOPED_TRACE(allowed ? "user control allowed" : "user control withdrawn");
        WDFWMIPROVIDER provider = kSentinel;
        EXPECT_EQ(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider),
                  STATUS_WMI_GUID_DISCONNECTED);
        EXPECT_EQ(provider, kSentinel); // not written
        WDFWMIINSTANCE instance = kInstanceSentinel;
        EXPECT_EQ(WdfWmiInstanceCreate(device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, &instance),
                  STATUS_WMI_GUID_DISCONNECTED);
        EXPECT_EQ(instance, kInstanceSentinel);
        ASSERT_EQ(AssignUserControl(device, PowerBlock::Wake, false), STATUS_SUCCESS);
    }
    // The idle GUID is unaffected by the wake instance.
    EXPECT_NE(CreateProvider(kPowerDeviceEnable), nullptr);
}

// ---- §3.5 / §4.8 CleanedUp column / §4.5 unwinding: creation during removal dispose ----

struct LateCreation {
    KmdfWmiFixture *fixture = nullptr;
    WDFDEVICE device = nullptr;
    bool ran = false;
    NTSTATUS plainStatus = STATUS_PENDING;
    NTSTATUS tracingStatus = STATUS_PENDING;
    NTSTATUS viaInstanceStatus = STATUS_PENDING;
    WDFWMIPROVIDER plainOut = nullptr;
    WDFWMIPROVIDER tracingOut = nullptr;
    WDFWMIINSTANCE instanceOut = nullptr;
    int failedProviderCleanups = 0;
    size_t callsSeenInCleanup = 0;
};
LateCreation *gLate = nullptr;

WDFWMIPROVIDER const kUnsetProvider = reinterpret_cast<WDFWMIPROVIDER>(0x55);
WDFWMIINSTANCE const kUnsetInstance = reinterpret_cast<WDFWMIINSTANCE>(0x66);

// EvtCleanupCallback of a registered instance: runs in the removal dispose, state CleanedUp.
VOID CreateProvidersDuringDispose(WDFOBJECT)
{
    LateCreation &late = *gLate;
    late.ran = true;
    late.callsSeenInCleanup = late.fixture->Calls().size();
    WDF_OBJECT_ATTRIBUTES attributes; // must never run: failed creates suppress driver cleanup
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = [](WDFOBJECT) { ++gLate->failedProviderCleanups; };

    GUID plainGuid = TestGuid(7);
    WDF_WMI_PROVIDER_CONFIG plain;
    WDF_WMI_PROVIDER_CONFIG_INIT(&plain, &plainGuid);
    late.plainOut = kUnsetProvider;
    late.plainStatus = WdfWmiProviderCreate(late.device, &plain, &attributes, &late.plainOut);

    GUID tracingGuid = TestGuid(8);
    WDF_WMI_PROVIDER_CONFIG tracing;
    WDF_WMI_PROVIDER_CONFIG_INIT(&tracing, &tracingGuid);
    tracing.Flags = WdfWmiProviderTracing;
    late.tracingOut = kUnsetProvider;
    late.tracingStatus = WdfWmiProviderCreate(late.device, &tracing, &attributes, &late.tracingOut);

    GUID implicitGuid = TestGuid(9);
    WDF_WMI_PROVIDER_CONFIG implicit;
    WDF_WMI_PROVIDER_CONFIG_INIT(&implicit, &implicitGuid);
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &implicit);
    late.instanceOut = kUnsetInstance;
    late.viaInstanceStatus = WdfWmiInstanceCreate(late.device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES,
                                                  &late.instanceOut);
}

TEST_F(KmdfWmiCornerCases, ProviderCreateInCleanupCallbackDuringRemovalFailsWithDeletePending)
{
    LateCreation late;
    late.fixture = this;
    late.device = device;
    gLate = &late;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = &CreateProvidersDuringDispose;
    InstanceOptions options;
    options.attributes = &attributes;
    CreateInstance(CreateProvider(TestGuid(1)), options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Remove();
    RunUntilIdle();
    gLate = nullptr;

    ASSERT_TRUE(late.ran);
    // §2.2 step 13: the list add is accepted in CleanedUp, the commit to the disposing device fails.
    EXPECT_EQ(late.plainStatus, STATUS_DELETE_PENDING);
    EXPECT_EQ(late.plainOut, nullptr); // §2.2 step 4: NULL from the internal create on
    EXPECT_EQ(late.tracingStatus, STATUS_DELETE_PENDING);
    EXPECT_EQ(late.tracingOut, nullptr);
    // §2.3 step 5/8: the implicit provider's failure is returned as-is, *Instance untouched.
    EXPECT_EQ(late.viaInstanceStatus, STATUS_DELETE_PENDING);
    EXPECT_EQ(late.instanceOut, kUnsetInstance);
    EXPECT_EQ(late.failedProviderCleanups, 0);
    // §4.3/§4.8: no update outside Registered, so nothing after DEREGISTER, not even for Tracing.
    EXPECT_EQ(Actions(), (std::vector<ULONG>{kRegister, kDeregister}));
    EXPECT_EQ(Calls().size(), late.callsSeenInCleanup);
}

// ---- §4.4 / §4.5: Tracing provider created above PASSIVE while registered ----

TEST_F(KmdfWmiCornerCases, TracingProviderCreatedAtDispatchDefersUpdateToWorkItem)
{
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    ClearCalls();
    WDFWMIPROVIDER plain = nullptr;
    WDFWMIPROVIDER tracing = nullptr;
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        plain = CreateProvider(TestGuid(1)); // non-tracing: never an update (§4.4)
        tracing = CreateProvider(TestGuid(2), WdfWmiProviderTracing);
    }
    ASSERT_NE(plain, nullptr);
    ASSERT_NE(tracing, nullptr);
    EXPECT_TRUE(Calls().empty()); // the DDI returned before any OS call
    RunUntilIdle();
    auto calls = Calls();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].action, kUpdate);
    EXPECT_EQ(calls[0].irql, PASSIVE_LEVEL);
    EXPECT_TRUE(calls[0].fromWorkItem);
    Bytes reg = RegInfo(false, 512);
    ASSERT_EQ(GuidCount(reg), 2u);
    EXPECT_EQ(EntryFlags(reg, 1), static_cast<ULONG>(WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_TRACE_CONTROL_GUID));
}

// §4.5: the tracing-provider update and a DISPATCH registration coalesce into one work item.
TEST_F(KmdfWmiCornerCases, TracingProviderAndRegistrationAtDispatchShareOneUpdate)
{
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    ClearCalls();
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        EXPECT_NE(CreateProvider(TestGuid(2), WdfWmiProviderTracing), nullptr);
        EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    }
    EXPECT_TRUE(Calls().empty());
    RunUntilIdle();
    EXPECT_EQ(Actions(), std::vector<ULONG>{kUpdate});
}

// ---- §5.10: REMOVE_GUID is reported only by a REGINFO that fit ----

TEST_F(KmdfWmiCornerCases, TooSmallRegInfoDoesNotConsumePendingRemoveGuid)
{
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    WdfWmiInstanceDeregister(instance); // last instance of a non-expensive provider

    IrpResult r;
    Bytes tiny = RegInfo(true, 8, &r);
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    ASSERT_EQ(r.information, 4u);
    const ULONG need = Read32(tiny, 0);
    ASSERT_GT(need, 8u);
    // One byte short, both minors: still only the size is reported.
    for (bool ex : {true, false}) {
        RegInfo(ex, need - 1, &r);
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(r.information, 4u);
    }

    Bytes full = RegInfo(true, need, &r);
    ASSERT_EQ(r.information, need);
    EXPECT_EQ(EntryFlags(full, 0), static_cast<ULONG>(WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_REMOVE_GUID));
    EXPECT_EQ(EntryCount(full, 0), 0u);
    Bytes next = RegInfo(true, need);
    EXPECT_EQ(EntryFlags(next, 0), static_cast<ULONG>(WMIREG_FLAG_INSTANCE_PDO));
}

// ---- §2.7: an empty MOF resource name is "assigned" ----

TEST_F(KmdfWmiCornerCases, EmptyMofResourceNameCountsAsAssigned)
{
    UNICODE_STRING empty{0, 0, nullptr};
    ASSERT_EQ(WdfDeviceAssignMofResourceName(device, &empty), STATUS_SUCCESS);
    static WCHAR name[] = L"LateMof";
    UNICODE_STRING mof{14, 16, name};
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &mof), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(WdfDeviceAssignMofResourceName(device, &empty), STATUS_INVALID_DEVICE_REQUEST);

    Bytes reg = RegInfo(false, 512);
    EXPECT_EQ(MofOffset(reg), 24u); // no providers
    EXPECT_EQ(MofLength(reg), 0u);
    EXPECT_EQ(RegOffset(reg), MofOffset(reg) + 2);
}

// §2.7 + §5.10: the MOF walk uses the first *assigned* name, so a PDO's own empty name wins over
// its bus FDO's name.
TEST_F(KmdfWmiCornerCases, EmptyMofNameOnPdoHidesParentBusName)
{
    static WCHAR busName[] = L"BusMof";
    UNICODE_STRING bus{12, 14, busName};
    ASSERT_EQ(WdfDeviceAssignMofResourceName(device, &bus), STATUS_SUCCESS);
    WDFDEVICE child = CreateChildPdo();
    UNICODE_STRING empty{0, 0, nullptr};
    ASSERT_EQ(WdfDeviceAssignMofResourceName(child, &empty), STATUS_SUCCESS);

    PDEVICE_OBJECT childObject = WdfDeviceWdmGetDeviceObject(child);
    Bytes reg(512, 0xCC);
    const IrpResult r = SendRawTo(childObject, IRP_MN_REGINFO, reinterpret_cast<ULONG_PTR>(childObject), nullptr,
                                  512, reg.data());
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(MofOffset(reg), 24u);
    EXPECT_EQ(MofLength(reg), 0u);
    EXPECT_EQ(RegOffset(reg), MofOffset(reg) + 2);
}

} // namespace
} // namespace kwmi::kmdfwmitest
