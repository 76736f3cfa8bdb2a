// checklist_registration_test.cpp - kmdf-wmi-semantics.md §8 items 25-44 (registration, state
// machine, deferred updates, removal).
#include "kmdf_wmi_fixture.hpp"

#include "wdf/device.hpp"
#include "wdf/handles.hpp"
#include "wdf/wmi/wmi_device_hooks.hpp"

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {


std::vector<std::string> *gCleanupLog = nullptr;

using KmdfWmiChecklist = KmdfWmiFixture;

TEST_F(KmdfWmiChecklist, Item025_RegisterTwiceFails)
{
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1)));
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(KmdfWmiChecklist, Item026_TracingInstanceCannotRegister)
{
    InstanceOptions options;
    options.registerNow = false;
    options.query = false;
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1), WdfWmiProviderTracing), options);
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(KmdfWmiChecklist, Item027_NoOsCallsBeforeStart)
{
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    WdfWmiInstanceDeregister(instance);
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    EXPECT_TRUE(Actions().empty());
}

TEST_F(KmdfWmiChecklist, Item028_StartRegistersOnceAfterSelfManagedIoInit)
{
    std::optional<wdf::wmi::WmiRegistrationState> stateAtCall;
    std::vector<std::string> logAtCall;
    onRegistrationCall = [&](const RegCall &call) -> std::optional<NTSTATUS> {
        if (call.action == kRegister) {
            stateAtCall = wdf::wmi::KmdfWmiHooks::From(*wdf::Resolve<wdf::Device>(device))->Handler().State();
            logAtCall = log;
        }
        return std::nullopt;
    };
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    EXPECT_EQ(Actions(), std::vector<ULONG>{kRegister});
    ASSERT_TRUE(stateAtCall.has_value());
    EXPECT_EQ(*stateAtCall, wdf::wmi::WmiRegistrationState::Registered);
    EXPECT_EQ(logAtCall, (std::vector<std::string>{"D0Entry", "SelfManagedIoInit"}));
}

TEST_F(KmdfWmiChecklist, Item029_FailedRegisterFailsStartAndSkipsDeregister)
{
    onRegistrationCall = [](const RegCall &call) -> std::optional<NTSTATUS> {
        if (call.action == kRegister) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        return std::nullopt;
    };
    EXPECT_EQ(Start(), STATUS_INSUFFICIENT_RESOURCES);
    Remove();
    RunUntilIdle();
    EXPECT_EQ(Actions(), std::vector<ULONG>{kRegister});
}

TEST_F(KmdfWmiChecklist, Item030_RegisterAtPassiveUpdatesSynchronously)
{
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    ClearCalls();
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    auto calls = Calls();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].action, kUpdate);
    EXPECT_EQ(calls[0].irql, PASSIVE_LEVEL);
    EXPECT_FALSE(calls[0].fromWorkItem);
}

TEST_F(KmdfWmiChecklist, Item031_RegisterAtDispatchDefersUpdate)
{
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    ClearCalls();
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    }
    EXPECT_TRUE(Calls().empty());
    RunUntilIdle();
    auto calls = Calls();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].action, kUpdate);
    EXPECT_EQ(calls[0].irql, PASSIVE_LEVEL);
    EXPECT_TRUE(calls[0].fromWorkItem);
}

TEST_F(KmdfWmiChecklist, Item032_DispatchRegistrationsCoalesce)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    InstanceOptions options;
    options.registerNow = false;
    std::vector<WDFWMIINSTANCE> instances;
    for (int i = 0; i < 3; ++i) {
        instances.push_back(CreateInstance(provider, options));
    }
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    ClearCalls();
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        for (WDFWMIINSTANCE instance : instances) {
            EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
        }
    }
    RunUntilIdle();
    EXPECT_EQ(Actions(), std::vector<ULONG>{kUpdate});
    Bytes reg = RegInfo(false, 512);
    EXPECT_EQ(EntryCount(reg, 0), 3u);
}

TEST_F(KmdfWmiChecklist, Item033_DeregisterAtPassiveUpdatesBeforeReturning)
{
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    ClearCalls();
    WdfWmiInstanceDeregister(instance);
    EXPECT_EQ(Actions(), std::vector<ULONG>{kUpdate});
}

TEST_F(KmdfWmiChecklist, Item034_DeregisterUnregisteredIsNoOp)
{
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    ClearCalls();
    WdfWmiInstanceDeregister(instance);
    WdfWmiInstanceDeregister(instance);
    EXPECT_TRUE(Actions().empty());
}

TEST_F(KmdfWmiChecklist, Item035_LastInstanceGoneReportsRemoveGuidOnce)
{
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    WdfWmiInstanceDeregister(instance);
    Bytes first = RegInfo(true, 512);
    EXPECT_EQ(EntryFlags(first, 0), WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_REMOVE_GUID);
    EXPECT_EQ(EntryCount(first, 0), 0u);
    Bytes second = RegInfo(true, 512);
    EXPECT_EQ(EntryFlags(second, 0), WMIREG_FLAG_INSTANCE_PDO);
}

TEST_F(KmdfWmiChecklist, Item036_ExpensiveProviderNeverReportsRemoveGuid)
{
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1), WdfWmiProviderExpensive));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    WdfWmiInstanceDeregister(instance);
    Bytes reg = RegInfo(true, 512);
    EXPECT_EQ(EntryFlags(reg, 0), WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EXPENSIVE);
}

TEST_F(KmdfWmiChecklist, Item037_ReregisterClearsPendingRemoveGuid)
{
    WDFWMIINSTANCE instance = CreateInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    WdfWmiInstanceDeregister(instance);
    ASSERT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    Bytes reg = RegInfo(true, 512);
    EXPECT_EQ(EntryFlags(reg, 0), WMIREG_FLAG_INSTANCE_PDO);
    EXPECT_EQ(EntryCount(reg, 0), 1u);
}

TEST_F(KmdfWmiChecklist, Item038_OnlyTracingProviderCreationUpdates)
{
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    ClearCalls();
    CreateProvider(TestGuid(1));
    EXPECT_TRUE(Actions().empty());
    CreateProvider(TestGuid(2), WdfWmiProviderTracing);
    EXPECT_EQ(Actions(), std::vector<ULONG>{kUpdate});
    Bytes reg = RegInfo(false, 512);
    ASSERT_EQ(GuidCount(reg), 2u);
    EXPECT_EQ(EntryFlags(reg, 1), WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_TRACE_CONTROL_GUID);
}

TEST_F(KmdfWmiChecklist, Item039_RemoveDeregistersOnceAfterPendingUpdates)
{
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    }
    Remove(); // the queued update runs before DEREGISTER
    RunUntilIdle();
    EXPECT_EQ(Actions(), (std::vector<ULONG>{kRegister, kUpdate, kDeregister}));
}

TEST_F(KmdfWmiChecklist, Item040_LateRulesDuringSelfManagedIoFlushAndCleanup)
{
    InstanceOptions options;
    options.registerNow = false;
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDFWMIINSTANCE a = CreateInstance(provider, options);
    WDFWMIINSTANCE b = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    std::vector<NTSTATUS> results;
    size_t callsAtFlush = 0;
    onSelfManagedIoFlush = [&] {
        callsAtFlush = Calls().size();
        WDF_WMI_PROVIDER_CONFIG config;
        GUID g = TestGuid(2);
        WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
        WDFWMIPROVIDER p = nullptr;
        results.push_back(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &p));
        results.push_back(WdfWmiInstanceRegister(a));
    };
    onSelfManagedIoCleanup = [&] {
        WDF_WMI_PROVIDER_CONFIG config;
        GUID g = TestGuid(3);
        WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
        WDFWMIPROVIDER p = nullptr;
        results.push_back(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &p));
        results.push_back(WdfWmiInstanceRegister(b));
    };
    Remove();
    EXPECT_EQ(results, (std::vector<NTSTATUS>{STATUS_INVALID_DEVICE_STATE, STATUS_SUCCESS,
                                              STATUS_INVALID_DEVICE_STATE, STATUS_SUCCESS}));
    EXPECT_EQ(Calls().size(), callsAtFlush); // no OS call for the late registrations
}

TEST_F(KmdfWmiChecklist, Item041_RegisterDuringRemovalDisposeFails)
{
    static NTSTATUS lateStatus;
    static WDFWMIINSTANCE late;
    lateStatus = STATUS_PENDING;
    WDFWMIPROVIDER first = CreateProvider(TestGuid(1));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = [](WDFOBJECT) { lateStatus = WdfWmiInstanceRegister(late); };
    InstanceOptions withCleanup;
    withCleanup.attributes = &attributes;
    CreateInstance(first, withCleanup);
    InstanceOptions unregistered;
    unregistered.registerNow = false;
    late = CreateInstance(CreateProvider(TestGuid(2)), unregistered); // disposed after `first`
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    Remove();
    EXPECT_EQ(lateStatus, STATUS_INVALID_DEVICE_STATE);
}

TEST_F(KmdfWmiChecklist, Item042_HookSequenceOfPdoRestart)
{
    // The PnP side of a PDO restart is driven through the device's WMI hooks (§4.7).
    WDFWMIINSTANCE instance = CreateUnregisteredInstance(CreateProvider(TestGuid(1)));
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    auto *hooks = wdf::wmi::KmdfWmiHooks::From(*wdf::Resolve<wdf::Device>(device));
    hooks->Deregister();                                 // removed, kept (not missing)
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS); // listed, no OS call
    hooks->ResetForRestart();
    EXPECT_EQ(hooks->Register(), STATUS_SUCCESS);
    EXPECT_EQ(Actions(), (std::vector<ULONG>{kRegister, kDeregister, kRegister}));
    Bytes reg = RegInfo(true, 512);
    EXPECT_EQ(EntryCount(reg, 0), 1u);
}

TEST_F(KmdfWmiChecklist, Item042_RestartedPdoReregistersWithLateInstances)
{
    WDFDEVICE child = CreateChildPdo();
    PDEVICE_OBJECT childObject = WdfDeviceWdmGetDeviceObject(child);
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    WDFWMIPROVIDER provider = nullptr;
    ASSERT_EQ(WdfWmiProviderCreate(child, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider), STATUS_SUCCESS);
    InstanceOptions options;
    options.registerNow = false;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    auto *pdoDevice = wdf::Resolve<wdf::Device>(child);
    ASSERT_EQ(pdoDevice->Start(), STATUS_SUCCESS);
    ASSERT_EQ(pdoDevice->Remove(), STATUS_SUCCESS); // removed, not missing: kept
    EXPECT_EQ(WdfWmiInstanceRegister(instance), STATUS_SUCCESS);
    WDFWMIPROVIDER late = nullptr;
    GUID g2 = TestGuid(2);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g2);
    EXPECT_EQ(WdfWmiProviderCreate(child, &config, WDF_NO_OBJECT_ATTRIBUTES, &late), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(ActionsOf(childObject), (std::vector<ULONG>{kRegister, kDeregister}));
    ASSERT_EQ(pdoDevice->Start(), STATUS_SUCCESS);
    EXPECT_EQ(ActionsOf(childObject), (std::vector<ULONG>{kRegister, kDeregister, kRegister}));
    Bytes reg(512, 0);
    const IrpResult r = SendRawTo(childObject, IRP_MN_REGINFO_EX, reinterpret_cast<ULONG_PTR>(childObject),
                                  nullptr, 512, reg.data());
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(GuidCount(reg), 1u);
    EXPECT_EQ(EntryCount(reg, 0), 1u);
    EXPECT_EQ(Read64(reg, 24 + 24), reinterpret_cast<ULONG64>(childObject)); // a PDO names itself
}

TEST_F(KmdfWmiChecklist, Item043_RemovalDisposesInstancesBeforeProviders)
{
    WDF_OBJECT_ATTRIBUTES providerAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&providerAttributes);
    providerAttributes.EvtCleanupCallback = [](WDFOBJECT) { gCleanupLog->push_back("ProviderCleanup"); };
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    WDFWMIPROVIDER provider = nullptr;
    ASSERT_EQ(WdfWmiProviderCreate(device, &config, &providerAttributes, &provider), STATUS_SUCCESS);
    WDF_OBJECT_ATTRIBUTES instanceAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&instanceAttributes);
    instanceAttributes.EvtCleanupCallback = [](WDFOBJECT) { gCleanupLog->push_back("InstanceCleanup"); };
    InstanceOptions options;
    options.attributes = &instanceAttributes;
    CreateInstance(provider, options);
    gCleanupLog = &log;
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    log.clear();
    Remove();
    gCleanupLog = nullptr;
    std::vector<std::string> cleanups;
    for (const std::string &entry : log) {
        if (entry.find("Cleanup") != std::string::npos && entry != "SelfManagedIoCleanup") {
            cleanups.push_back(entry);
        }
    }
    EXPECT_EQ(cleanups, (std::vector<std::string>{"InstanceCleanup", "ProviderCleanup", "DeviceCleanup"}));
}

TEST_F(KmdfWmiChecklist, Item044_DeletingRegisteredInstanceShiftsIndices)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDFWMIINSTANCE a = CreateInstance(provider);
    WDFWMIINSTANCE b = CreateInstance(provider);
    WDFWMIINSTANCE c = CreateInstance(provider);
    data[a] = {0xA};
    data[c] = {0xC, 0xC};
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    ClearCalls();
    WdfObjectDelete(b);
    EXPECT_EQ(Actions(), std::vector<ULONG>{kUpdate});
    Bytes q = SingleInstanceWnode(TestGuid(1), 1, 128);
    ASSERT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 60), 2u);
    EXPECT_EQ(q[64], 0xC);
}

} // namespace
} // namespace kwmi::kmdfwmitest
