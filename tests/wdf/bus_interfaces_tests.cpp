// What a bus driver offers besides its children: static child iteration, bus information,
// driver-defined interfaces (IRP_MN_QUERY_INTERFACE, WdfFdoQueryForInterface) and device
// interfaces; and WdfFileObjectGetDevice on a handle that is no file object.
#include "wdf_test_support.hpp"

#include "wdf/device.hpp"

#include <cstring>

using namespace wdftest;
using kwmi::host::DeviceState;

namespace {

// {0d5b8a3e-3f4c-4b8e-9a1d-7c2e5f6a8b01}
const GUID kTestInterface = {0x0d5b8a3e, 0x3f4c, 0x4b8e, {0x9a, 0x1d, 0x7c, 0x2e, 0x5f, 0x6a, 0x8b, 0x01}};
const GUID kOtherInterface = {0x0d5b8a3e, 0x3f4c, 0x4b8e, {0x9a, 0x1d, 0x7c, 0x2e, 0x5f, 0x6a, 0x8b, 0x02}};
const GUID kRefusedInterface = {0x0d5b8a3e, 0x3f4c, 0x4b8e, {0x9a, 0x1d, 0x7c, 0x2e, 0x5f, 0x6a, 0x8b, 0x03}};
const GUID kUnansweredInterface = {0x0d5b8a3e, 0x3f4c, 0x4b8e, {0x9a, 0x1d, 0x7c, 0x2e, 0x5f, 0x6a, 0x8b, 0x04}};

struct TestInterface {
    INTERFACE Header;
    ULONG (*GetValue)(PVOID Context);
};

ULONG GetValue(PVOID context) { return static_cast<ULONG>(reinterpret_cast<ULONG_PTR>(context)); }

TestInterface MakeInterface(ULONG value) {
    TestInterface exposed{};
    exposed.Header.Size = sizeof exposed;
    exposed.Header.Version = 1;
    exposed.Header.Context = reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(value));
    exposed.GetValue = GetValue;
    return exposed;
}

NTSTATUS RefuseRequest(WDFDEVICE, LPGUID, PINTERFACE, PVOID) { return STATUS_ACCESS_DENIED; }

int &References() {
    static int count;
    return count;
}
VOID CountReference(PVOID) { ++References(); }

struct BusState {
    WDFDEVICE bus = nullptr;
    std::vector<WDFDEVICE> children;
    bool exposeInterface = true;
};

BusState &State() {
    static BusState state;
    return state;
}

NTSTATUS AddChild(WDFDEVICE bus, ULONG number) {
    PWDFDEVICE_INIT init = WdfPdoInitAllocate(bus);
    if (init == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    DECLARE_CONST_UNICODE_STRING(deviceId, L"KWMIBUS\\Static");
    WCHAR instance[4] = {static_cast<WCHAR>(L'0' + number), 0};
    UNICODE_STRING instanceId;
    RtlInitUnicodeString(&instanceId, instance);
    WDFDEVICE child = nullptr;
    NTSTATUS status = WdfPdoInitAssignDeviceID(init, &deviceId);
    if (NT_SUCCESS(status)) status = WdfPdoInitAssignInstanceID(init, &instanceId);
    if (NT_SUCCESS(status)) status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &child);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    if (State().exposeInterface) {
        TestInterface exposed = MakeInterface(40 + number);
        exposed.Header.InterfaceReference = CountReference;
        exposed.Header.InterfaceDereference = WdfDeviceInterfaceDereferenceNoOp;
        WDF_QUERY_INTERFACE_CONFIG config;
        WDF_QUERY_INTERFACE_CONFIG_INIT(&config, &exposed.Header, &kTestInterface, nullptr);
        status = WdfDeviceAddQueryInterface(child, &config);
        if (!NT_SUCCESS(status)) return status;
        // No duplicate check: a second registration is kept, the first one answers.
        exposed.Header.Context = nullptr;
        EXPECT_EQ(WdfDeviceAddQueryInterface(child, &config), STATUS_SUCCESS);
        if (number == 2) {
            // The second child hands two kinds of query to its bus's stack.
            for (const GUID *type : {&kOtherInterface, &kUnansweredInterface}) {
                WDF_QUERY_INTERFACE_CONFIG forward;
                WDF_QUERY_INTERFACE_CONFIG_INIT(&forward, nullptr, type, nullptr);
                forward.SendQueryToParentStack = TRUE;
                status = WdfDeviceAddQueryInterface(child, &forward);
                if (!NT_SUCCESS(status)) return status;
            }
        }
    }
    State().children.push_back(child);
    return WdfFdoAddStaticChild(bus, child);
}

NTSTATUS AddBusWithTwoChildren(WDFDRIVER, PWDFDEVICE_INIT init) {
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &State().bus);
    if (!NT_SUCCESS(status)) return status;
    PNP_BUS_INFORMATION info{};
    info.BusTypeGuid = kOtherInterface;
    info.LegacyBusType = PNPBus;
    info.BusNumber = 3;
    WdfDeviceSetBusInformationForChildren(State().bus, &info);
    // The bus FDO's own interfaces: one it hands out, one its callback refuses.
    TestInterface own = MakeInterface(7);
    WDF_QUERY_INTERFACE_CONFIG config;
    WDF_QUERY_INTERFACE_CONFIG_INIT(&config, &own.Header, &kOtherInterface, nullptr);
    if (!NT_SUCCESS(status = WdfDeviceAddQueryInterface(State().bus, &config))) return status;
    WDF_QUERY_INTERFACE_CONFIG_INIT(&config, &own.Header, &kRefusedInterface, RefuseRequest);
    if (!NT_SUCCESS(status = WdfDeviceAddQueryInterface(State().bus, &config))) return status;
    if (!NT_SUCCESS(status = AddChild(State().bus, 1))) return status;
    return AddChild(State().bus, 2);
}

// IRP_MN_QUERY_INTERFACE sent to `target` and waited for, as PnP would (the framework's own
// sender, the one WdfFdoQueryForInterface uses): the status it completed with.
NTSTATUS SendQueryInterface(PDEVICE_OBJECT target, const GUID &type, INTERFACE *out, USHORT size,
                            USHORT version = 1) {
    return kwmi::wdf::Device::SendQueryInterface(target, type, out, size, version, nullptr);
}

class WdfBusServices : public WdfTest {
protected:
    void SetUp() override {
        State() = BusState{};
        References() = 0;
        OnDeviceAdd() = AddBusWithTwoChildren;
        NTSTATUS status = STATUS_UNSUCCESSFUL;
        bus = AddDevice(&status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_EQ(host.StartDevice(bus), STATUS_SUCCESS);
    }
    std::size_t bus = 0;
};

TEST_F(WdfBusServices, StaticChildIterationSeesPendingThenPresentThenMissing) {
    WDFDEVICE first = State().children[0];
    WDFDEVICE second = State().children[1];
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrieveAllChildren), nullptr);  // not locked
    WdfFdoLockStaticChildListForIteration(State().bus);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrievePendingChildren), first);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, first, WdfRetrievePendingChildren), second);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, second, WdfRetrievePendingChildren), nullptr);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrievePresentChildren), nullptr);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, 0x80), nullptr);  // not a flag
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());  // locked: PnP sees nothing new
    WdfFdoUnlockStaticChildListFromIteration(State().bus);

    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 2u);
    WdfFdoLockStaticChildListForIteration(State().bus);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrievePresentChildren), first);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrievePendingChildren), nullptr);
    ASSERT_EQ(WdfPdoMarkMissing(first), STATUS_SUCCESS);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrieveMissingChildren), first);
    EXPECT_EQ(WdfFdoRetrieveNextStaticChild(State().bus, nullptr, WdfRetrieveAllChildren), first);
    WdfFdoUnlockStaticChildListFromIteration(State().bus);
}

TEST_F(WdfBusServices, ChildMarkedMissingIsRemovedWhenPnpReactsToTheBus) {
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 2u);
    auto *framework = Framework(State().bus);
    EXPECT_FALSE(framework->BusRelationsStale());
    ASSERT_EQ(WdfPdoMarkMissing(State().children[0]), STATUS_SUCCESS);
    EXPECT_TRUE(framework->BusRelationsStale());  // IoInvalidateDeviceRelations
    EXPECT_TRUE(host.ProcessInvalidatedBusRelations().empty());
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
    EXPECT_EQ(host.State(children[1]), DeviceState::Added);
}

TEST_F(WdfBusServices, ChildrenReportTheBusInformation) {
    WDFDEVICE child = State().children[0];
    ULONG number = 0;
    ULONG length = 0;
    ASSERT_EQ(WdfDeviceQueryProperty(child, DevicePropertyBusNumber, sizeof number, &number, &length), STATUS_SUCCESS);
    EXPECT_EQ(length, sizeof(ULONG));
    EXPECT_EQ(number, 3u);
    INTERFACE_TYPE type = Internal;
    ASSERT_EQ(WdfDeviceQueryProperty(child, DevicePropertyLegacyBusType, sizeof type, &type, &length), STATUS_SUCCESS);
    EXPECT_EQ(type, PNPBus);
    GUID guid{};
    ASSERT_EQ(WdfDeviceQueryProperty(child, DevicePropertyBusTypeGuid, sizeof guid, &guid, &length), STATUS_SUCCESS);
    EXPECT_EQ(std::memcmp(&guid, &kOtherInterface, sizeof guid), 0);
    // The bus itself sits on the host's root bus, which reports no bus information here.
    EXPECT_EQ(WdfDeviceQueryProperty(State().bus, DevicePropertyBusNumber, sizeof number, &number, &length),
              STATUS_OBJECT_NAME_NOT_FOUND);
    // A bus type GUID whose first field is zero counts as never set (KMDF's check).
    PNP_BUS_INFORMATION unset{};
    unset.BusNumber = 5;
    WdfDeviceSetBusInformationForChildren(State().bus, &unset);
    EXPECT_EQ(WdfDeviceQueryProperty(child, DevicePropertyBusNumber, sizeof number, &number, &length),
              STATUS_OBJECT_NAME_NOT_FOUND);
}

TEST_F(WdfBusServices, ChildPdoAnswersQueryInterfaceWithAReferencedCopy) {
    PDEVICE_OBJECT pdo = WdfDeviceWdmGetDeviceObject(State().children[1]);
    TestInterface got{};
    ASSERT_EQ(SendQueryInterface(pdo, kTestInterface, &got.Header, sizeof got), STATUS_SUCCESS);
    ASSERT_NE(got.GetValue, nullptr);
    EXPECT_EQ(got.GetValue(got.Header.Context), 42u);
    EXPECT_EQ(got.Header.Size, sizeof got);
    EXPECT_EQ(References(), 1);  // referenced for the requester
    got.Header.InterfaceDereference(got.Header.Context);
}

TEST_F(WdfBusServices, QueryInterfaceStatusesReachTheRequester) {
    PDEVICE_OBJECT pdo = WdfDeviceWdmGetDeviceObject(State().children[0]);
    TestInterface got{};
    EXPECT_EQ(SendQueryInterface(pdo, kTestInterface, &got.Header, sizeof(INTERFACE)),
              STATUS_INVALID_BUFFER_SIZE);  // too small for the exposed interface
    EXPECT_EQ(SendQueryInterface(pdo, kTestInterface, &got.Header, sizeof got, /*version*/ 0),
              STATUS_INVALID_BUFFER_SIZE);  // older than the exposed version 1
    EXPECT_EQ(References(), 0);
    EXPECT_EQ(SendQueryInterface(pdo, kOtherInterface, &got.Header, sizeof got),
              STATUS_NOT_SUPPORTED);  // not exposed: a PDO completes it unchanged
    EXPECT_EQ(got.GetValue, nullptr);
}

TEST_F(WdfBusServices, FdoQueryForInterfaceAsksItsOwnStackFromTheTop) {
    TestInterface got{};
    // The FDO's own interface answers first.
    ASSERT_EQ(WdfFdoQueryForInterface(State().bus, &kOtherInterface, &got.Header, sizeof got, 1, nullptr),
              STATUS_SUCCESS);
    ASSERT_NE(got.GetValue, nullptr);
    EXPECT_EQ(got.GetValue(got.Header.Context), 7u);
    EXPECT_NE(got.Header.InterfaceReference, nullptr);  // a NULL one is replaced by a no-op
    // Its callback's failure is the query's status.
    EXPECT_EQ(WdfFdoQueryForInterface(State().bus, &kRefusedInterface, &got.Header, sizeof got, 1, nullptr),
              STATUS_ACCESS_DENIED);
    // Below it is the host's root-bus PDO, which exposes nothing: the IRP's initial status.
    EXPECT_EQ(WdfFdoQueryForInterface(State().bus, &kTestInterface, &got.Header, sizeof got, 1, nullptr),
              STATUS_NOT_SUPPORTED);
    EXPECT_EQ(WdfFdoQueryForInterface(State().children[0], &kTestInterface, &got.Header, sizeof got, 1, nullptr),
              STATUS_INVALID_PARAMETER);  // not an FDO
}

TEST_F(WdfBusServices, PdoCanPassAQueryToItsBusStack) {
    TestInterface got{};
    PDEVICE_OBJECT second = WdfDeviceWdmGetDeviceObject(State().children[1]);
    ASSERT_EQ(SendQueryInterface(second, kOtherInterface, &got.Header, sizeof got), STATUS_SUCCESS);
    ASSERT_NE(got.GetValue, nullptr);
    EXPECT_EQ(got.GetValue(got.Header.Context), 7u);  // the bus FDO's interface
    // Forwarded but unanswered there: the IRP keeps its initial status.
    EXPECT_EQ(SendQueryInterface(second, kUnansweredInterface, &got.Header, sizeof got), STATUS_NOT_SUPPORTED);
}

TEST_F(WdfBusServices, DeviceInterfacesAreEnabledWhileStarted) {
    auto *framework = Framework(State().children[0]);
    DECLARE_CONST_UNICODE_STRING(reference, L"ref1");
    ASSERT_EQ(WdfDeviceCreateDeviceInterface(State().children[0], &kTestInterface, &reference), STATUS_SUCCESS);
    ASSERT_EQ(WdfDeviceCreateDeviceInterface(State().children[0], &kTestInterface, &reference), STATUS_SUCCESS);
    DECLARE_CONST_UNICODE_STRING(nested, L"a\\b");
    EXPECT_EQ(WdfDeviceCreateDeviceInterface(State().children[0], &kTestInterface, &nested),
              STATUS_INVALID_PARAMETER);  // one path element
    auto interfaces = framework->DeviceInterfaces();
    ASSERT_EQ(interfaces.size(), 1u);
    EXPECT_EQ(interfaces[0].reference, u"ref1");
    EXPECT_FALSE(interfaces[0].enabled);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 2u);
    ASSERT_EQ(host.StartDevice(children[0]), STATUS_SUCCESS);
    EXPECT_TRUE(framework->DeviceInterfaces()[0].enabled);
    // Created after the start: disabled until the driver enables it.
    DECLARE_CONST_UNICODE_STRING(late, L"late");
    ASSERT_EQ(WdfDeviceCreateDeviceInterface(State().children[0], &kOtherInterface, &late), STATUS_SUCCESS);
    EXPECT_FALSE(framework->DeviceInterfaces()[1].enabled);
    WdfDeviceSetDeviceInterfaceState(State().children[0], &kOtherInterface, &late, TRUE);
    EXPECT_TRUE(framework->DeviceInterfaces()[1].enabled);
    ASSERT_EQ(host.RemoveDevice(children[0]), STATUS_SUCCESS);  // not missing: the PDO stays
    EXPECT_FALSE(framework->DeviceInterfaces()[0].enabled);
    EXPECT_FALSE(framework->DeviceInterfaces()[1].enabled);
}

TEST_F(WdfBusServices, FileObjectGetDeviceOnAnotherHandleIsAWdfViolation) {
    auto report = ExpectBugCheck([] { (void)WdfFileObjectGetDevice(reinterpret_cast<WDFFILEOBJECT>(State().bus)); });
    EXPECT_EQ(report.code, 0x10Du);
}

}  // namespace
