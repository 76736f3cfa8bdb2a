// seed_behaviour_test.cpp - the seed behaviour of WdfWmiInstanceDeregister (callable up to
// DISPATCH_LEVEL; synchronous at PASSIVE, one folded work item above; safe against an in-flight
// query), observed through the WMI service the way a consumer sees it.
#include "kmdf_wmi_fixture.hpp"

#include <kwmi/wmi_service.hpp>

#include <chrono>

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

using KmdfWmiSeed = KmdfWmiFixture;

// Instance count a consumer sees for TestGuid(1) (0 when the GUID is gone or has no instances).
ULONG ConsumerInstanceCount()
{
    auto *service = wmi::Service::Current();
    if (service == nullptr) {
        return 0;
    }
    service->FlushDeferredWork();
    wmi::BlockHandle *block = nullptr;
    GUID g = TestGuid(1);
    if (!NT_SUCCESS(service->Open(g, WMIGUID_QUERY, wmi::Identity::Administrator(), &block))) {
        return 0;
    }
    wmi::Bytes out;
    ULONG count = 0;
    if (NT_SUCCESS(service->QueryAllData(block, out)) && out.size() >= 56) {
        std::memcpy(&count, out.data() + 52, sizeof count);
    }
    service->Close(block);
    return count;
}

WDFWMIINSTANCE gTimerInstance = nullptr;
KIRQL gTimerIrql = 0xFF;

VOID DeregisterFromTimer(WDFTIMER timer)
{
    gTimerIrql = KeGetCurrentIrql();
    if (gTimerInstance != nullptr) {
        WdfWmiInstanceDeregister(gTimerInstance);
        WdfObjectDelete(gTimerInstance);
        gTimerInstance = nullptr;
        WdfTimerStop(timer, FALSE);
    }
}

TEST_F(KmdfWmiSeed, DeregisterAtDispatchFromPeriodicTimerDisappearsAfterWorkItem)
{
    StartWithInstances({4, 4});
    ASSERT_EQ(ConsumerInstanceCount(), 2u);
    WDF_TIMER_CONFIG config;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&config, &DeregisterFromTimer, 10);
    config.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    WDFTIMER timer = nullptr;
    ASSERT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_SUCCESS);
    gTimerInstance = instances[1];
    ClearCalls();
    WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(10));
    kernel->AdvanceTime(std::chrono::milliseconds(50));
    EXPECT_EQ(gTimerIrql, DISPATCH_LEVEL);
    EXPECT_EQ(gTimerInstance, nullptr);
    RunUntilIdle();
    auto calls = Calls();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].action, static_cast<ULONG>(WMIREG_ACTION_UPDATE_GUIDS));
    EXPECT_TRUE(calls[0].fromWorkItem);
    EXPECT_EQ(ConsumerInstanceCount(), 1u);
    EXPECT_FALSE(bugChecks->Fired());
}

TEST_F(KmdfWmiSeed, DeregisterAtPassiveIsVisibleWhenItReturns)
{
    StartWithInstances({4, 4});
    ASSERT_EQ(ConsumerInstanceCount(), 2u);
    WdfWmiInstanceDeregister(instances[0]);
    EXPECT_EQ(Actions().back(), static_cast<ULONG>(WMIREG_ACTION_UPDATE_GUIDS));
    EXPECT_EQ(ConsumerInstanceCount(), 1u);
}

TEST_F(KmdfWmiSeed, DispatchChangesFoldIntoOneUpdate)
{
    StartWithInstances({4, 4, 4});
    ClearCalls();
    {
        IrqlScope dispatch(DISPATCH_LEVEL);
        WdfWmiInstanceDeregister(instances[0]);
        WdfWmiInstanceDeregister(instances[1]);
        EXPECT_EQ(WdfWmiInstanceRegister(instances[0]), STATUS_SUCCESS);
    }
    EXPECT_TRUE(Calls().empty());
    RunUntilIdle();
    EXPECT_EQ(Actions(), std::vector<ULONG>{WMIREG_ACTION_UPDATE_GUIDS});
    EXPECT_EQ(ConsumerInstanceCount(), 2u);
}

TEST_F(KmdfWmiSeed, InvalidHandleBugChecks)
{
    StartWithInstances({4});
    auto report = kwmi::testing::CaptureBugCheck([] { WdfWmiInstanceDeregister(nullptr); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[0], 0x5u);
    EXPECT_EQ(report->parameters[2], 0x1034u);
    WDFWMIINSTANCE stale = instances[0];
    WdfObjectDelete(stale);
    report = kwmi::testing::CaptureBugCheck([&] { WdfWmiInstanceDeregister(stale); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<ULONG_PTR>(stale));
}

int gDestroyed = 0;

TEST_F(KmdfWmiSeed, DeleteDuringInFlightQueryKeepsInstanceAlive)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtDestroyCallback = [](WDFOBJECT) { ++gDestroyed; };
    InstanceOptions options;
    options.attributes = &attributes;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    gDestroyed = 0;
    int destroyedInside = -1;
    WDFDEVICE seenDevice = nullptr;
    onQuery = [&](WDFWMIINSTANCE self, ULONG size, PVOID out, PULONG used) {
        WdfWmiInstanceDeregister(self);
        WdfObjectDelete(self);
        destroyedInside = gDestroyed;
        seenDevice = WdfWmiInstanceGetDevice(self); // still referenced by the request
        *used = 2;
        if (size < 2) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        std::memset(out, 0x61, 2);
        return STATUS_SUCCESS;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_SUCCESS);
    EXPECT_EQ(destroyedInside, 0);
    EXPECT_EQ(seenDevice, device);
    EXPECT_EQ(gDestroyed, 1); // the last reference dropped when the IRP finished
    (void)instance;
}

} // namespace
} // namespace kwmi::kmdfwmitest
