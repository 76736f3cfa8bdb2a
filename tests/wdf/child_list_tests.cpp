// Bus drivers with a default child list (wdfchildlist.h): descriptions reported present or
// missing, PDOs created when PnP enumerates the bus, iteration, retrieval and ejection, and
// drivers misbehaving in the list's callbacks.
#include "wdf_test_support.hpp"

#include "wdf/device.hpp"

#include <cstring>

using namespace wdftest;
using kwmi::host::DeviceState;

namespace {

struct TestId {
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER Header;
    ULONG Serial;
    ULONG Flavor;  // ignored by the compare callback when one is installed
};

struct TestAddress {
    WDF_CHILD_ADDRESS_DESCRIPTION_HEADER Header;
    ULONG Slot;
};

TestId MakeId(ULONG serial, ULONG flavor = 0) {
    TestId id;
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof id);
    id.Serial = serial;
    id.Flavor = flavor;
    return id;
}

TestAddress MakeAddress(ULONG slot) {
    TestAddress address;
    WDF_CHILD_ADDRESS_DESCRIPTION_HEADER_INIT(&address.Header, sizeof address);
    address.Slot = slot;
    return address;
}

struct BusState {
    WDFDEVICE bus = nullptr;
    WDFCHILDLIST list = nullptr;
    NTSTATUS createStatus = STATUS_SUCCESS;  // what EvtChildListCreateDevice returns
    bool bugCheckAfterCreate = false;        // WdfDeviceCreate, then a bug check
    bool missingDuringCreate = false;        // reports its own child missing before WdfDeviceCreate
    bool replugInCleanup = false;            // the cleanup callback reports serial + 100 present
    bool withStaticChild = false;            // the bus also has one static child
    bool withCallbacks = false;              // duplicate/compare/cleanup installed
    bool withAddress = false;               // AddressDescriptionSize configured
    bool withScanCallback = false;          // EvtChildListScanForChildren reports serial 9
    int scans = 0;
    std::vector<ULONG> created;              // serials EvtChildListCreateDevice made PDOs for
    std::vector<ULONG> cleanedUp;            // serials whose description was cleaned up
    int duplicates = 0;
    int compares = 0;
    KIRQL createIrql = HIGH_LEVEL;
};

BusState &Bus() {
    static BusState state;
    return state;
}

NTSTATUS CreateChild(WDFCHILDLIST list, PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER description, PWDFDEVICE_INIT init) {
    EXPECT_EQ(WdfChildListGetDevice(list), Bus().bus);
    Bus().createIrql = KeGetCurrentIrql();
    const auto *id = reinterpret_cast<const TestId *>(description);
    if (!NT_SUCCESS(Bus().createStatus)) return Bus().createStatus;
    DECLARE_CONST_UNICODE_STRING(deviceId, L"KWMIBUS\\Dynamic");
    WCHAR instance[8] = {static_cast<WCHAR>(L'0' + id->Serial % 10), 0};
    UNICODE_STRING instanceId;
    RtlInitUnicodeString(&instanceId, instance);
    NTSTATUS status = WdfPdoInitAssignDeviceID(init, &deviceId);
    if (NT_SUCCESS(status)) status = WdfPdoInitAssignInstanceID(init, &instanceId);
    if (Bus().missingDuringCreate) {
        TestId same = *id;
        EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(list, &same.Header), STATUS_SUCCESS);
    }
    WDFDEVICE child = nullptr;
    if (NT_SUCCESS(status)) status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &child);
    if (NT_SUCCESS(status)) Bus().created.push_back(id->Serial);
    if (Bus().bugCheckAfterCreate) WdfObjectDelete(nullptr);  // 0x10D
    return status;
}

NTSTATUS DuplicateId(WDFCHILDLIST, PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER source,
                     PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER destination) {
    ++Bus().duplicates;
    std::memcpy(destination, source, sizeof(TestId));
    return STATUS_SUCCESS;
}

BOOLEAN CompareIds(WDFCHILDLIST, PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER first,
                   PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER second) {
    ++Bus().compares;
    return reinterpret_cast<TestId *>(first)->Serial == reinterpret_cast<TestId *>(second)->Serial;
}

void CleanupId(WDFCHILDLIST list, PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER description) {
    const ULONG serial = reinterpret_cast<TestId *>(description)->Serial;
    Bus().cleanedUp.push_back(serial);
    if (Bus().replugInCleanup && serial < 100) {
        TestId next = MakeId(serial + 100);
        EXPECT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(list, &next.Header, nullptr), STATUS_SUCCESS);
    }
}

void ScanForChildren(WDFCHILDLIST list) {
    ++Bus().scans;
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    WdfChildListBeginScan(list);
    TestId id = MakeId(9);
    EXPECT_TRUE(NT_SUCCESS(WdfChildListAddOrUpdateChildDescriptionAsPresent(list, &id.Header, nullptr)));
    WdfChildListEndScan(list);
}

NTSTATUS AddBusWithChildList(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDF_CHILD_LIST_CONFIG config;
    WDF_CHILD_LIST_CONFIG_INIT(&config, sizeof(TestId), CreateChild);
    if (Bus().withAddress) config.AddressDescriptionSize = sizeof(TestAddress);
    if (Bus().withScanCallback) config.EvtChildListScanForChildren = ScanForChildren;
    if (Bus().withCallbacks) {
        config.EvtChildListIdentificationDescriptionDuplicate = DuplicateId;
        config.EvtChildListIdentificationDescriptionCompare = CompareIds;
        config.EvtChildListIdentificationDescriptionCleanup = CleanupId;
    }
    WdfFdoInitSetDefaultChildListConfig(init, &config, WDF_NO_OBJECT_ATTRIBUTES);
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &Bus().bus);
    if (!NT_SUCCESS(status)) return status;
    Bus().list = WdfFdoGetDefaultChildList(Bus().bus);
    if (Bus().withStaticChild) {
        PWDFDEVICE_INIT childInit = WdfPdoInitAllocate(Bus().bus);
        DECLARE_CONST_UNICODE_STRING(deviceId, L"KWMIBUS\\Static");
        WDFDEVICE child = nullptr;
        status = WdfPdoInitAssignDeviceID(childInit, &deviceId);
        if (NT_SUCCESS(status)) status = WdfDeviceCreate(&childInit, WDF_NO_OBJECT_ATTRIBUTES, &child);
        if (NT_SUCCESS(status)) status = WdfFdoAddStaticChild(Bus().bus, child);
    }
    return status;
}

class WdfChildList : public WdfTest {
protected:
    void SetUp() override { Bus() = BusState{}; }

    void AddBus() {
        OnDeviceAdd() = AddBusWithChildList;
        NTSTATUS status = STATUS_UNSUCCESSFUL;
        bus = AddDevice(&status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_NE(Bus().list, nullptr);
        ASSERT_EQ(host.StartDevice(bus), STATUS_SUCCESS);
    }

    NTSTATUS Report(ULONG serial, ULONG flavor = 0) {
        TestId id = MakeId(serial, flavor);
        return WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, nullptr);
    }

    // The children an iteration with `flags` visits: (serial, device) pairs.
    std::vector<std::pair<ULONG, WDFDEVICE>> Iterate(ULONG flags) {
        std::vector<std::pair<ULONG, WDFDEVICE>> seen;
        WDF_CHILD_LIST_ITERATOR iterator;
        WDF_CHILD_LIST_ITERATOR_INIT(&iterator, flags);
        WdfChildListBeginIteration(Bus().list, &iterator);
        for (;;) {
            TestId id = MakeId(0);
            WDF_CHILD_RETRIEVE_INFO info;
            WDF_CHILD_RETRIEVE_INFO_INIT(&info, &id.Header);
            WDFDEVICE device = nullptr;
            NTSTATUS status = WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, &info);
            if (status == STATUS_NO_MORE_ENTRIES) break;
            EXPECT_EQ(status, STATUS_SUCCESS);
            if (!NT_SUCCESS(status)) break;
            EXPECT_EQ(info.Status, device != nullptr ? WdfChildListRetrieveDeviceSuccess
                                                     : WdfChildListRetrieveDeviceNotYetCreated);
            seen.emplace_back(id.Serial, device);
        }
        WdfChildListEndIteration(Bus().list, &iterator);
        return seen;
    }

    std::size_t bus = 0;
};

TEST_F(WdfChildList, ReportedChildGetsItsPdoWhenPnpEnumeratesTheBus) {
    AddBus();
    auto *framework = Framework(Bus().bus);
    ASSERT_EQ(Report(7), STATUS_SUCCESS);
    EXPECT_TRUE(framework->BusRelationsStale());  // PnP is told the children changed
    EXPECT_TRUE(Bus().created.empty());           // the PDO waits for PnP's query
    auto pending = Iterate(WdfRetrievePendingChildren);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0], std::make_pair(ULONG{7}, WDFDEVICE{nullptr}));

    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 1u);
    EXPECT_FALSE(framework->BusRelationsStale());
    EXPECT_EQ(Bus().created, std::vector<ULONG>{7});
    EXPECT_EQ(Bus().createIrql, PASSIVE_LEVEL);
    WDFDEVICE child = Device(children[0]);
    EXPECT_EQ(WdfPdoGetParent(child), Bus().bus);
    auto *pdo = Framework(child);
    EXPECT_EQ(pdo->PdoDeviceId(), u"KWMIBUS\\Dynamic");
    EXPECT_EQ(pdo->PdoInstanceId(), u"7");
    EXPECT_EQ(Iterate(WdfRetrievePresentChildren), (std::vector<std::pair<ULONG, WDFDEVICE>>{{7, child}}));
    EXPECT_TRUE(Iterate(WdfRetrievePendingChildren).empty());

    TestId id = MakeId(7);
    WDF_CHILD_RETRIEVE_INFO info;
    WDF_CHILD_RETRIEVE_INFO_INIT(&info, &id.Header);
    EXPECT_EQ(WdfChildListRetrievePdo(Bus().list, &info), child);
    EXPECT_EQ(info.Status, WdfChildListRetrieveDeviceSuccess);
    TestId unknown = MakeId(8);
    WDF_CHILD_RETRIEVE_INFO_INIT(&info, &unknown.Header);
    EXPECT_EQ(WdfChildListRetrievePdo(Bus().list, &info), nullptr);
    EXPECT_EQ(info.Status, WdfChildListRetrieveDeviceNoSuchDevice);

    EXPECT_TRUE(host.EnumerateChildren(bus).empty());  // already reported: no second PDO
    EXPECT_EQ(Bus().created.size(), 1u);
    EXPECT_EQ(host.StartDevice(children[0]), STATUS_SUCCESS);
}

TEST_F(WdfChildList, ReportingAKnownChildAgainUpdatesItsAddress) {
    Bus().withAddress = true;
    AddBus();
    TestId id = MakeId(3);
    TestAddress first = MakeAddress(1);
    TestAddress second = MakeAddress(2);
    ASSERT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, &first.Header), STATUS_SUCCESS);
    EXPECT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, &second.Header),
              STATUS_OBJECT_NAME_EXISTS);
    TestAddress read = MakeAddress(0);
    ASSERT_EQ(WdfChildListRetrieveAddressDescription(Bus().list, &id.Header, &read.Header), STATUS_SUCCESS);
    EXPECT_EQ(read.Slot, 2u);
    TestId unknown = MakeId(4);
    EXPECT_EQ(WdfChildListRetrieveAddressDescription(Bus().list, &unknown.Header, &read.Header), STATUS_NO_SUCH_DEVICE);
    // A list with address descriptions wants one with every report.
    EXPECT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, nullptr),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(host.EnumerateChildren(bus).size(), 1u);
}

TEST_F(WdfChildList, DescriptionsOfTheWrongSizeAreRefused) {
    AddBus();
    TestId id = MakeId(1);
    id.Header.IdentificationDescriptionSize = sizeof(TestId) - 4;
    EXPECT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, nullptr),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_INVALID_DEVICE_REQUEST);
    id = MakeId(1);
    TestAddress address = MakeAddress(1);
    address.Header.AddressDescriptionSize = 2;
    EXPECT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, &address.Header),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_TRUE(Iterate(WdfRetrieveAllChildren).empty());
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
}

TEST_F(WdfChildList, AddressWithoutAnAddressSizeIsRefused) {
    Bus().withAddress = false;
    AddBus();
    TestId id = MakeId(1);
    TestAddress address = MakeAddress(1);
    EXPECT_EQ(WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, &id.Header, &address.Header),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(Report(1), STATUS_SUCCESS);
}

TEST_F(WdfChildList, ScanReportsChildrenNotSeenAsMissingAndPnpRemovesThem) {
    Bus().withCallbacks = true;
    AddBus();
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    ASSERT_EQ(Report(2), STATUS_SUCCESS);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 2u);
    for (std::size_t child : children) ASSERT_EQ(host.StartDevice(child), STATUS_SUCCESS);
    auto *framework = Framework(Bus().bus);

    WdfChildListBeginScan(Bus().list);
    EXPECT_EQ(Report(2, /*flavor*/ 9), STATUS_OBJECT_NAME_EXISTS);  // the compare callback matches serials
    EXPECT_FALSE(framework->BusRelationsStale());                  // a scan reports at its end
    WdfChildListEndScan(Bus().list);
    EXPECT_TRUE(framework->BusRelationsStale());
    auto missing = Iterate(WdfRetrieveMissingChildren);
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].first, 1u);

    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
    EXPECT_EQ(host.State(children[1]), DeviceState::Started);
    EXPECT_EQ(Bus().cleanedUp, std::vector<ULONG>{1});
    EXPECT_EQ(Bus().duplicates, 2);
    EXPECT_GT(Bus().compares, 0);
    auto all = Iterate(WdfRetrieveAllChildren);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].first, 2u);
}

TEST_F(WdfChildList, ChildReportedMissingIsRemovedAndUnknownOnesAreNoSuchDevice) {
    AddBus();
    ASSERT_EQ(Report(5), STATUS_SUCCESS);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 1u);
    TestId id = MakeId(5);
    EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);
    EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);  // already
    TestId unknown = MakeId(6);
    EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &unknown.Header), STATUS_NO_SUCH_DEVICE);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
    EXPECT_TRUE(Iterate(WdfRetrieveAllChildren).empty());
}

TEST_F(WdfChildList, EjectRequestRemovesACreatedChildOnly) {
    AddBus();
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    TestId id = MakeId(1);
    EXPECT_FALSE(WdfChildListRequestChildEject(Bus().list, &id.Header));  // no PDO yet
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 1u);
    EXPECT_TRUE(WdfChildListRequestChildEject(Bus().list, &id.Header));
    (void)host.EnumerateChildren(bus);
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
}

TEST_F(WdfChildList, FailedCreateDeviceDropsTheChild) {
    AddBus();
    Bus().createStatus = STATUS_INSUFFICIENT_RESOURCES;
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_TRUE(Iterate(WdfRetrievePresentChildren | WdfRetrievePendingChildren).empty());
    Bus().createStatus = STATUS_SUCCESS;
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());  // dropped, not retried
    EXPECT_EQ(Report(1), STATUS_SUCCESS);              // reported again: a new child
    EXPECT_EQ(host.EnumerateChildren(bus).size(), 1u);
}

TEST_F(WdfChildList, ChildrenCanBeReportedAtDispatchLevel) {
    AddBus();
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    const NTSTATUS first = Report(1);
    WdfChildListBeginScan(Bus().list);
    const NTSTATUS second = Report(2);
    WdfChildListEndScan(Bus().list);
    KeLowerIrql(old);
    EXPECT_EQ(first, STATUS_SUCCESS);
    EXPECT_EQ(second, STATUS_SUCCESS);
    EXPECT_EQ(host.EnumerateChildren(bus).size(), 1u);  // 1 was not seen by the scan
    EXPECT_EQ(Bus().created, std::vector<ULONG>{2});
}

TEST_F(WdfChildList, NullDescriptionIsAWdfViolation) {
    AddBus();
    auto report = ExpectBugCheck([] {
        (void)WdfChildListAddOrUpdateChildDescriptionAsPresent(Bus().list, nullptr, nullptr);
    });
    EXPECT_EQ(report.code, 0x10Du);
    EXPECT_EQ(report.parameters[0], 0x4u);
}

TEST_F(WdfChildList, RemovingTheBusRemovesItsListChildrenWithoutLeaks) {
    Bus().withCallbacks = true;
    AddBus();
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    ASSERT_EQ(Report(2), STATUS_SUCCESS);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 2u);
    ASSERT_EQ(host.StartDevice(children[0]), STATUS_SUCCESS);
    ASSERT_EQ(host.RemoveDevice(bus), STATUS_SUCCESS);
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
    EXPECT_EQ(host.State(children[1]), DeviceState::Removed);
    EXPECT_EQ(Bus().cleanedUp.size(), 2u);
    ExpectCleanUnload();
}

TEST_F(WdfChildList, CreateDeviceAskingForARetryKeepsTheChildPending) {
    AddBus();
    Bus().createStatus = STATUS_RETRY;
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    auto *framework = Framework(Bus().bus);
    EXPECT_TRUE(framework->BusRelationsStale());  // PnP is asked to come back
    EXPECT_EQ(Iterate(WdfRetrievePendingChildren).size(), 1u);
    Bus().createStatus = STATUS_SUCCESS;
    EXPECT_EQ(host.EnumerateChildren(bus).size(), 1u);
}

TEST_F(WdfChildList, PendingChildReportedMissingIsDroppedAtOnce) {
    AddBus();
    ASSERT_EQ(Report(3), STATUS_SUCCESS);
    TestId id = MakeId(3);
    EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);
    EXPECT_TRUE(Iterate(WdfRetrieveAllChildren).empty());  // PnP never heard of it
    EXPECT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_NO_SUCH_DEVICE);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_TRUE(Bus().created.empty());
}

TEST_F(WdfChildList, ChildReportedAgainAfterItWentMissingIsANewChild) {
    AddBus();
    ASSERT_EQ(Report(2), STATUS_SUCCESS);
    auto first = host.EnumerateChildren(bus);
    ASSERT_EQ(first.size(), 1u);
    TestId id = MakeId(2);
    ASSERT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);
    EXPECT_EQ(Report(2), STATUS_SUCCESS);  // not OBJECT_NAME_EXISTS: the missing one is on its way out
    auto second = host.EnumerateChildren(bus);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(host.State(first[0]), DeviceState::Removed);
    EXPECT_NE(Device(second[0]), nullptr);
    EXPECT_EQ(Bus().created, (std::vector<ULONG>{2, 2}));
}

TEST_F(WdfChildList, IterationNeedsItsBeginAndAWellFormedIterator) {
    AddBus();
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    WDF_CHILD_LIST_ITERATOR iterator;
    WDF_CHILD_LIST_ITERATOR_INIT(&iterator, WdfRetrieveAllChildren);
    WDFDEVICE device = reinterpret_cast<WDFDEVICE>(1);
    EXPECT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, nullptr), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(device, nullptr);
    WdfChildListBeginIteration(Bus().list, &iterator);
    iterator.Size = 8;
    EXPECT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, nullptr), STATUS_INFO_LENGTH_MISMATCH);
    iterator.Size = sizeof iterator;
    iterator.Flags = 0;
    EXPECT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, nullptr), STATUS_INVALID_PARAMETER);
    iterator.Flags = WdfRetrieveAllChildren;
    EXPECT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(device, nullptr);  // pending: no PDO yet
    EXPECT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, nullptr), STATUS_NO_MORE_ENTRIES);
    // PnP's query while the driver iterates reports only what exists: no PDO is created.
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    WdfChildListEndIteration(Bus().list, &iterator);
    EXPECT_EQ(host.EnumerateChildren(bus).size(), 1u);
}

TEST_F(WdfChildList, ScanForChildrenRunsWhenTheBusEntersD0) {
    Bus().withScanCallback = true;
    AddBus();  // starts the bus
    EXPECT_EQ(Bus().scans, 1);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 1u);
    EXPECT_EQ(Bus().created, std::vector<ULONG>{9});
}

TEST_F(WdfChildList, PnpEnumeratesAndStartsChildrenWhenTheBusSaysTheyChanged) {
    AddBus();
    EXPECT_TRUE(host.ProcessInvalidatedBusRelations().empty());  // nothing changed
    ASSERT_EQ(Report(4), STATUS_SUCCESS);
    auto started = host.ProcessInvalidatedBusRelations();
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(host.State(started[0]), DeviceState::Started);
    EXPECT_EQ(host.ParentOf(started[0]), std::optional<std::size_t>(bus));
    EXPECT_EQ(host.ParentOf(bus), std::nullopt);
    TestId id = MakeId(4);
    ASSERT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);
    EXPECT_TRUE(host.ProcessInvalidatedBusRelations().empty());
    EXPECT_EQ(host.State(started[0]), DeviceState::Removed);
}

TEST_F(WdfChildList, TheDriverCannotDeleteTheList) {
    AddBus();
    WdfObjectDelete(Bus().list);  // ignored (KMDF: a verifier break)
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    EXPECT_EQ(host.EnumerateChildren(bus).size(), 1u);
    ASSERT_EQ(host.RemoveDevice(bus), STATUS_SUCCESS);
    ExpectCleanUnload();
}

TEST_F(WdfChildList, BugCheckInCreateDeviceFailsTheBusAndLeavesNoPdoBehind) {
    Bus().withStaticChild = true;  // the relations query took references on it before the bug check
    AddBus();
    Bus().bugCheckAfterCreate = true;
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(host.State(bus), DeviceState::Failed);
    EXPECT_EQ(capture.Reports().size(), 1u);
    EXPECT_EQ(Iterate(WdfRetrievePendingChildren).size(), 1u);  // still pending, not half-created
    ExpectCleanUnload();
}

TEST_F(WdfChildList, ChildReportedMissingWhileItsPdoIsCreatedIsNeverReported) {
    AddBus();
    Bus().missingDuringCreate = true;
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(Bus().created, std::vector<ULONG>{1});  // made, then removed again
    EXPECT_TRUE(Iterate(WdfRetrieveAllChildren).empty());
    ExpectCleanUnload();
}

TEST_F(WdfChildList, RetrievalAfterARePlugFindsTheNewChild) {
    AddBus();
    ASSERT_EQ(Report(4), STATUS_SUCCESS);
    ASSERT_EQ(host.EnumerateChildren(bus).size(), 1u);
    TestId id = MakeId(4);
    ASSERT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);
    ASSERT_EQ(Report(4), STATUS_SUCCESS);
    WDF_CHILD_RETRIEVE_INFO info;
    WDF_CHILD_RETRIEVE_INFO_INIT(&info, &id.Header);
    EXPECT_EQ(WdfChildListRetrievePdo(Bus().list, &info), nullptr);
    EXPECT_EQ(info.Status, WdfChildListRetrieveDeviceNotYetCreated);  // not the old, missing PDO
    info.Size = 4;
    info.Status = WdfChildListRetrieveDeviceSuccess;
    EXPECT_EQ(WdfChildListRetrievePdo(Bus().list, &info), nullptr);
    EXPECT_EQ(info.Status, WdfChildListRetrieveDeviceSuccess);  // malformed: left alone
}

TEST_F(WdfChildList, ChildDroppedDuringAnIterationDoesNotMoveTheIterator) {
    AddBus();
    for (ULONG serial : {1u, 2u, 3u}) ASSERT_EQ(Report(serial), STATUS_SUCCESS);
    WDF_CHILD_LIST_ITERATOR iterator;
    WDF_CHILD_LIST_ITERATOR_INIT(&iterator, WdfRetrieveAllChildren);
    WdfChildListBeginIteration(Bus().list, &iterator);
    TestId id = MakeId(0);
    WDF_CHILD_RETRIEVE_INFO info;
    WDF_CHILD_RETRIEVE_INFO_INIT(&info, &id.Header);
    WDFDEVICE device = nullptr;
    ASSERT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, &info), STATUS_SUCCESS);
    EXPECT_EQ(id.Serial, 1u);
    TestId first = MakeId(1);
    ASSERT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &first.Header), STATUS_SUCCESS);  // dropped
    ASSERT_EQ(WdfChildListRetrieveNextDevice(Bus().list, &iterator, &device, &info), STATUS_SUCCESS);
    EXPECT_EQ(id.Serial, 2u);  // not 3: the dropped child is erased only when the iteration ends
    WdfChildListEndIteration(Bus().list, &iterator);
    EXPECT_EQ(Iterate(WdfRetrieveAllChildren).size(), 2u);
}

TEST_F(WdfChildList, ChildReportedMissingInsideAScanGoesWhenTheScanEnds) {
    AddBus();
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 1u);
    auto *pdo = Framework(Device(children[0]));
    WdfChildListBeginScan(Bus().list);
    EXPECT_EQ(Report(1), STATUS_OBJECT_NAME_EXISTS);
    TestId id = MakeId(1);
    ASSERT_EQ(WdfChildListUpdateChildDescriptionAsMissing(Bus().list, &id.Header), STATUS_SUCCESS);
    EXPECT_FALSE(pdo->IsMissing());  // queued
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(host.State(children[0]), DeviceState::Added);  // PnP still sees it
    WdfChildListEndScan(Bus().list);
    EXPECT_TRUE(pdo->IsMissing());
    EXPECT_TRUE(host.EnumerateChildren(bus).empty());
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
}

TEST_F(WdfChildList, PdoMarkedMissingByItsDriverIsMissingInTheList) {
    AddBus();
    ASSERT_EQ(Report(1), STATUS_SUCCESS);
    ASSERT_EQ(Report(2), STATUS_SUCCESS);
    auto children = host.EnumerateChildren(bus);
    ASSERT_EQ(children.size(), 2u);
    ASSERT_EQ(WdfPdoMarkMissing(Device(children[0])), STATUS_SUCCESS);
    auto missing = Iterate(WdfRetrieveMissingChildren);
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].first, 1u);
    WdfPdoRequestEject(Device(children[1]));
    EXPECT_EQ(Iterate(WdfRetrieveMissingChildren).size(), 2u);
    EXPECT_TRUE(host.ProcessInvalidatedBusRelations().empty());
    EXPECT_EQ(host.State(children[0]), DeviceState::Removed);
    EXPECT_EQ(host.State(children[1]), DeviceState::Removed);
    EXPECT_TRUE(Iterate(WdfRetrieveAllChildren).empty());
}

TEST_F(WdfChildList, CleanupCallbackMayReportChildrenWhileTheListDropsOthers) {
    Bus().withCallbacks = true;
    Bus().replugInCleanup = true;
    AddBus();
    for (ULONG serial : {1u, 2u, 3u}) ASSERT_EQ(Report(serial), STATUS_SUCCESS);
    WdfChildListBeginScan(Bus().list);
    WdfChildListEndScan(Bus().list);  // none seen: all three dropped, each cleanup adds one
    EXPECT_EQ(Bus().cleanedUp, (std::vector<ULONG>{1, 2, 3}));
    std::vector<ULONG> serials;
    for (const auto &[serial, device] : Iterate(WdfRetrieveAllChildren)) serials.push_back(serial);
    EXPECT_EQ(serials, (std::vector<ULONG>{101, 102, 103}));
}

TEST_F(WdfChildList, DeviceWithoutAConfigurationHasNoDefaultList) {
    WDFDEVICE device = AddPlainDevice();
    EXPECT_EQ(WdfFdoGetDefaultChildList(device), nullptr);
}

}  // namespace
