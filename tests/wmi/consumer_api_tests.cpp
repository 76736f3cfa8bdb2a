// consumer_api_tests.cpp - the wmium.h API: bad input, buffer sizing, access control, dynamic
// names, collection control, events and notifications (incl. event references and limits).
#include <wdm.h>
#include <wmium.h>

#include <cstring>

#include "wire_bytes.hpp"
#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

using ConsumerApi = WmiTest;
using AccessControl = WmiTest;
using Events = WmiTest;

const WCHAR* W(const char16_t* text) { return reinterpret_cast<const WCHAR*>(text); }

class Opened {
public:
    Opened(GUID guid, ULONG access) : guid_(guid) { error = WmiOpenBlock(&guid_, access, &handle); }
    ~Opened() {
        if (handle) WmiCloseBlock(handle);
    }
    GUID guid_;
    WMIHANDLE handle = nullptr;
    ULONG error;
};

TEST_F(ConsumerApi, UnknownGuidIsGuidNotFound) {
    GUID guid = MakeGuid(200);
    WMIHANDLE handle = reinterpret_cast<WMIHANDLE>(1);
    EXPECT_EQ(WmiOpenBlock(&guid, WMIGUID_QUERY, &handle), ERROR_WMI_GUID_NOT_FOUND);
    EXPECT_EQ(handle, nullptr);
    EXPECT_EQ(WmiOpenBlock(nullptr, WMIGUID_QUERY, &handle), ERROR_INVALID_PARAMETER);
    EXPECT_EQ(WmiOpenBlock(&guid, WMIGUID_QUERY, nullptr), ERROR_INVALID_PARAMETER);
}

TEST_F(ConsumerApi, InstanceNamesThatDoNotExist) {
    GUID guid = MakeGuid(201);
    TestProvider& provider = AddProvider(guid, 2);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\N");
    RegisterNow(provider);
    Opened block(guid, WMIGUID_QUERY | WMIGUID_SET);
    ASSERT_EQ(block.error, ERROR_SUCCESS);
    ULONG size = 0;
    EXPECT_EQ(WmiQuerySingleInstanceW(block.handle, W(u"ROOT\\N_2"), &size, nullptr),
              ERROR_WMI_INSTANCE_NOT_FOUND);
    EXPECT_EQ(WmiQuerySingleInstanceW(block.handle, W(u""), &size, nullptr),
              ERROR_WMI_INSTANCE_NOT_FOUND);
    EXPECT_EQ(WmiQuerySingleInstanceW(block.handle, nullptr, &size, nullptr), ERROR_INVALID_PARAMETER);
    EXPECT_EQ(WmiQuerySingleInstanceW(block.handle, W(u"ROOT\\N_1"), nullptr, nullptr),
              ERROR_INVALID_PARAMETER);
    std::u16string longName(40000, u'x');
    EXPECT_EQ(WmiQuerySingleInstanceW(block.handle, W(longName.c_str()), &size, nullptr),
              ERROR_INVALID_PARAMETER);
    EXPECT_EQ(WmiSetSingleInstanceW(block.handle, W(u"nope"), 0, 4, Bytes(4).data()),
              ERROR_WMI_INSTANCE_NOT_FOUND);
}

TEST_F(ConsumerApi, BufferSizesZeroOddAndExact) {
    GUID guid = MakeGuid(202);
    TestProvider& provider = AddProvider(guid, 3, 5);
    RegisterNow(provider);
    Opened block(guid, WMIGUID_QUERY);
    ULONG size = 0;
    ASSERT_EQ(WmiQueryAllDataW(block.handle, &size, nullptr), ERROR_INSUFFICIENT_BUFFER);
    ULONG needed = size;
    Bytes buffer(needed + 64, 0xCC);
    size = needed - 1;  // odd and one short
    EXPECT_EQ(WmiQueryAllDataW(block.handle, &size, buffer.data()), ERROR_INSUFFICIENT_BUFFER);
    EXPECT_EQ(size, needed);
    EXPECT_EQ(buffer[0], 0xCC);  // nothing written when too small
    size = needed + 64;          // larger than needed: size comes back as the bytes returned
    EXPECT_EQ(WmiQueryAllDataW(block.handle, &size, buffer.data()), ERROR_SUCCESS);
    EXPECT_EQ(size, needed);
    EXPECT_EQ(WmiQueryAllDataW(block.handle, nullptr, buffer.data()), ERROR_INVALID_PARAMETER);
}

TEST_F(ConsumerApi, SetParametersAreValidated) {
    GUID guid = MakeGuid(203);
    TestProvider& provider = AddProvider(guid, 1, 4);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\P");
    RegisterNow(provider);
    Opened block(guid, WMIGUID_SET);
    Bytes value(4, 1);
    EXPECT_EQ(WmiSetSingleInstanceW(block.handle, W(u"ROOT\\P_0"), 1, 4, value.data()),
              ERROR_INVALID_PARAMETER);  // Reserved must be 0
    EXPECT_EQ(WmiSetSingleInstanceW(block.handle, W(u"ROOT\\P_0"), 0, 4, nullptr),
              ERROR_INVALID_PARAMETER);
    EXPECT_EQ(WmiSetSingleInstanceW(block.handle, W(u"ROOT\\P_0"), 0, 0x7FFFFFFF, value.data()),
              ERROR_INVALID_PARAMETER);  // huge
    EXPECT_EQ(WmiSetSingleItemW(block.handle, W(u"ROOT\\P_0"), 1, 1, 4, value.data()),
              ERROR_INVALID_PARAMETER);
    EXPECT_EQ(provider.Calls(IRP_MN_CHANGE_SINGLE_INSTANCE).size(), 0u);
}

TEST_F(ConsumerApi, ItemAndMethodIdsOutOfRange) {
    GUID guid = MakeGuid(204);
    TestProvider& provider = AddProvider(guid, 1, 4);
    provider.blocks[0].setItem = [](ULONG id, std::span<const std::uint8_t>) {
        return id == 1 ? STATUS_SUCCESS : STATUS_WMI_ITEMID_NOT_FOUND;
    };
    provider.blocks[0].method = [](ULONG id, std::span<const std::uint8_t>, Bytes& out) {
        if (id != 1) return STATUS_WMI_ITEMID_NOT_FOUND;
        out.assign(32, 7);
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\I");
    RegisterNow(provider);
    EXPECT_EQ(admin_.SetSingleItem(guid, u"ROOT\\I_0", 1, Bytes(4)), ERROR_SUCCESS);
    EXPECT_EQ(admin_.SetSingleItem(guid, u"ROOT\\I_0", 99, Bytes(4)), ERROR_WMI_ITEMID_NOT_FOUND);
    EXPECT_EQ(admin_.ExecuteMethod(guid, u"ROOT\\I_0", 99, {}).error, ERROR_WMI_ITEMID_NOT_FOUND);
    ULONG needed = 0;
    Reply small = admin_.ExecuteMethod(guid, u"ROOT\\I_0", 1, {}, 8, &needed);
    EXPECT_EQ(small.error, ERROR_INSUFFICIENT_BUFFER);
    EXPECT_EQ(needed, 32u);
    EXPECT_TRUE(small.bytes.empty());
    Reply ok = admin_.ExecuteMethod(guid, u"ROOT\\I_0", 1, {}, 32);
    EXPECT_EQ(ok.error, ERROR_SUCCESS);
    EXPECT_EQ(ok.bytes, Bytes(32, 7));
}

TEST_F(ConsumerApi, InvalidAndClosedHandles) {
    GUID guid = MakeGuid(205);
    RegisterNow(AddProvider(guid));
    WMIHANDLE handle = nullptr;
    ASSERT_EQ(WmiOpenBlock(&guid, WMIGUID_QUERY, &handle), ERROR_SUCCESS);
    ASSERT_EQ(WmiCloseBlock(handle), ERROR_SUCCESS);
    ULONG size = 0;
    EXPECT_EQ(WmiQueryAllDataW(handle, &size, nullptr), ERROR_INVALID_HANDLE);
    EXPECT_EQ(WmiCloseBlock(handle), ERROR_INVALID_HANDLE);
    EXPECT_EQ(WmiQueryAllDataW(reinterpret_cast<WMIHANDLE>(0x1234), &size, nullptr),
              ERROR_INVALID_HANDLE);
}

TEST_F(ConsumerApi, DynamicNamesAcrossProviders) {
    GUID guid = MakeGuid(206);
    TestProvider& a = AddProvider(guid, 1, 4);
    TestProvider& b = AddProvider(guid, 2, 4);
    a.blocks[0].regFlags = 0;
    a.blocks[0].names = {u"Alpha"};
    b.blocks[0].regFlags = 0;
    b.blocks[0].names = {u"Beta", u"Gamma"};
    b.blocks[0].instances[1] = Bytes(4, 0x77);
    RegisterNow(a);
    RegisterNow(b);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(admin_.QueryAllData(guid).bytes, views));
    ASSERT_EQ(views.size(), 3u);
    EXPECT_EQ(views[0].name, u"Alpha");
    EXPECT_EQ(views[2].name, u"Gamma");
    Reply gamma = admin_.QuerySingleInstance(guid, u"Gamma");
    ASSERT_EQ(gamma.error, ERROR_SUCCESS);
    // dynamic-name request: name at 64, data 8-aligned after it
    EXPECT_EQ(ReadU32(gamma.bytes, 48), 64u);
    EXPECT_EQ(ReadU32(gamma.bytes, 56), 80u);
    EXPECT_EQ(gamma.bytes.at(80), 0x77);
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"Delta").error, ERROR_WMI_INSTANCE_NOT_FOUND);
}

TEST_F(ConsumerApi, ExpensiveBlockCollectionFollowsOpenHandles) {
    GUID guid = MakeGuid(207);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].regFlags |= WMIREG_FLAG_EXPENSIVE;
    RegisterNow(provider);
    {
        Opened first(guid, WMIGUID_QUERY);
        Opened second(guid, WMIGUID_QUERY);
        EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_COLLECTION).size(), 1u);
        WMIGUIDINFORMATION info{};
        ASSERT_EQ(WmiQueryGuidInformation(first.handle, &info), ERROR_SUCCESS);
        EXPECT_TRUE(info.IsExpensive);
        EXPECT_FALSE(info.IsEventOnly);
        EXPECT_EQ(info.Size, sizeof(WMIGUIDINFORMATION));
    }
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_COLLECTION).size(), 1u);
}

TEST_F(ConsumerApi, EventOnlyBlockIsNotQueryable) {
    GUID guid = MakeGuid(208);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].regFlags |= WMIREG_FLAG_EVENT_ONLY_GUID;
    RegisterNow(provider);
    WMIGUIDINFORMATION info{};
    EXPECT_EQ(admin_.QueryGuidInformation(guid, &info), ERROR_SUCCESS);
    EXPECT_TRUE(info.IsEventOnly);
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_WMI_GUID_NOT_FOUND);
    EXPECT_TRUE(provider.Calls(IRP_MN_QUERY_ALL_DATA).empty());
}

TEST_F(ConsumerApi, QueryAllDataMultipleChainsEveryGuid) {
    GUID g1 = MakeGuid(209), g2 = MakeGuid(210);
    RegisterNow(AddProvider(g1, 2));
    RegisterNow(AddProvider(g2, 1));
    Opened a(g1, WMIGUID_QUERY), b(g2, WMIGUID_QUERY);
    WMIHANDLE handles[] = {a.handle, b.handle};
    ULONG size = 0;
    ASSERT_EQ(WmiQueryAllDataMultipleW(handles, 2, &size, nullptr), ERROR_INSUFFICIENT_BUFFER);
    Bytes buffer(size);
    ASSERT_EQ(WmiQueryAllDataMultipleW(handles, 2, &size, buffer.data()), ERROR_SUCCESS);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(buffer, views));
    EXPECT_EQ(views.size(), 3u);
}

TEST_F(ConsumerApi, EnumerateGuidsAndDevInstNames) {
    GUID g1 = MakeGuid(211);
    RegisterNow(AddProvider(g1));
    ULONG count = 0;
    EXPECT_EQ(WmiEnumerateGuids(nullptr, &count), ERROR_MORE_DATA);
    ASSERT_EQ(count, 1u);
    GUID listed{};
    EXPECT_EQ(WmiEnumerateGuids(&listed, &count), ERROR_SUCCESS);
    EXPECT_EQ(std::memcmp(&listed, &g1, sizeof g1), 0);
    WCHAR name[32];
    std::u16string devInst = u"ROOT\\SYSTEM\\0004";
    ASSERT_EQ(WmiDevInstToInstanceNameW(name, 32, reinterpret_cast<PWSTR>(devInst.data()), 2),
              ERROR_SUCCESS);
    EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(name)), u"ROOT\\SYSTEM\\0004_2");
    EXPECT_EQ(WmiDevInstToInstanceNameW(name, 5, reinterpret_cast<PWSTR>(devInst.data()), 2),
              ERROR_INSUFFICIENT_BUFFER);
}

TEST_F(ConsumerApi, KernelModeConsumerDdis) {
    GUID guid = MakeGuid(212);
    TestProvider& provider = AddProvider(guid, 2, 4);
    provider.blocks[0].method = [](ULONG, std::span<const std::uint8_t> in, Bytes& out) {
        out.assign(in.begin(), in.end());
        out.push_back(0xEE);
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\K");
    RegisterNow(provider);
    PVOID object = nullptr;
    ASSERT_EQ(IoWMIOpenBlock(&guid, WMIGUID_QUERY | WMIGUID_EXECUTE | WMIGUID_NOTIFICATION, &object),
              STATUS_SUCCESS);
    ULONG size = 0;
    EXPECT_EQ(IoWMIQueryAllData(object, &size, nullptr), STATUS_BUFFER_TOO_SMALL);
    Bytes buffer(size);
    EXPECT_EQ(IoWMIQueryAllData(object, &size, buffer.data()), STATUS_SUCCESS);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(buffer, views));
    EXPECT_EQ(views.size(), 2u);
    std::u16string name = u"ROOT\\K_1";
    UNICODE_STRING instance{static_cast<USHORT>(name.size() * 2), static_cast<USHORT>(name.size() * 2),
                            reinterpret_cast<PWCH>(name.data())};
    UCHAR inOut[8] = {1, 2};
    ULONG out = sizeof inOut;
    EXPECT_EQ(IoWMIExecuteMethod(object, &instance, 1, 2, &out, inOut), STATUS_SUCCESS);
    EXPECT_EQ(out, 3u);
    EXPECT_EQ(inOut[2], 0xEE);
    static std::vector<ULONG> seen;
    seen.clear();
    auto callback = [](PVOID wnode, PVOID context) {
        seen.push_back(static_cast<PWNODE_HEADER>(wnode)->BufferSize + *static_cast<ULONG*>(context));
    };
    ULONG context = 1000;
    ASSERT_EQ(IoWMISetNotificationCallback(object, callback, &context), STATUS_SUCCESS);
    EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
    ASSERT_EQ(provider.FireEvent(0, 0, Bytes(4)), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(seen, std::vector<ULONG>{1068});
    KwmiIoWMICloseBlock(object);
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_EVENTS).size(), 1u);
}

TEST_F(ConsumerApi, UnverifiedDefaultsArePinned) {
    wmi::Settings defaults;
    EXPECT_EQ(defaults.maxEventSize, 1024u);
    EXPECT_TRUE(defaults.deferredRegistration);
    EXPECT_TRUE(defaults.openRequiresRegisteredGuid);
    EXPECT_EQ(defaults.chainAlignment, 8u);
    EXPECT_EQ(defaults.writeEventMaxIrql, DISPATCH_LEVEL);
    EXPECT_EQ(defaults.initialIrpStatus, STATUS_NOT_SUPPORTED);
    // behaviour behind the last one: a PDO completes an IRP it does not own with that status,
    // which makes the service fall back to IRP_MN_REGINFO for a provider that ignores REGINFO_EX
    GUID guid = MakeGuid(213);
    TestProvider& provider = AddProvider(guid);
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_REGINFO_EX) return false;
        EXPECT_EQ(irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
        NTSTATUS status = irp->IoStatus.Status;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        irp = nullptr;
        return status != 0;
    };
    RegisterNow(provider);
    EXPECT_EQ(provider.Calls(IRP_MN_REGINFO).size(), 1u);
    // a registered GUID with the default descriptor: GENERIC_ALL for administrators
    WMIHANDLE handle = nullptr;
    EXPECT_EQ(WmiOpenBlock(&guid, GENERIC_ALL, &handle), ERROR_SUCCESS);
    WmiCloseBlock(handle);
}

// ---- access control ----

TEST_F(AccessControl, DefaultIsAdministratorsOnly) {
    GUID guid = MakeGuid(220);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    Consumer user(wmi::Identity::User());
    Reply denied = user.QueryAllData(guid);
    EXPECT_EQ(denied.error, ERROR_ACCESS_DENIED);
    EXPECT_TRUE(denied.bytes.empty());
    EXPECT_TRUE(provider.Calls(IRP_MN_QUERY_ALL_DATA).empty());
    EXPECT_EQ(Consumer(wmi::Identity::System()).QueryAllData(guid).error, ERROR_SUCCESS);
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
}

TEST_F(AccessControl, PerGuidSddlGrantsExactlyItsRights) {
    GUID guid = MakeGuid(221);
    TestProvider& provider = AddProvider(guid);
    provider.blocks[0].method = [](ULONG, std::span<const std::uint8_t>, Bytes& out) {
        out = {1};
        return STATUS_SUCCESS;
    };
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\A");
    RegisterNow(provider);
    ASSERT_EQ(service_.SetGuidSecurity(guid, "O:BAG:SYD:(A;;0x1;;;BU)(A;;GA;;;BA)"), STATUS_SUCCESS);
    Consumer user(wmi::Identity::User());
    EXPECT_EQ(user.QueryAllData(guid).error, ERROR_SUCCESS);
    EXPECT_EQ(user.SetSingleInstance(guid, u"ROOT\\A_0", Bytes(4)), ERROR_ACCESS_DENIED);
    EXPECT_EQ(user.ExecuteMethod(guid, u"ROOT\\A_0", 1, {}).error, ERROR_ACCESS_DENIED);
    EXPECT_EQ(user.Subscribe(guid, nullptr).Error(), ERROR_ACCESS_DENIED);
    EXPECT_TRUE(provider.Calls(IRP_MN_EXECUTE_METHOD).empty());
    // an open asking for more than granted fails; GENERIC_READ maps to WMIGUID_QUERY
    ScopedConsumerIdentity as(wmi::Identity::User());
    WMIHANDLE handle = nullptr;
    EXPECT_EQ(WmiOpenBlock(&guid, WMIGUID_QUERY | WMIGUID_SET, &handle), ERROR_ACCESS_DENIED);
    EXPECT_EQ(WmiOpenBlock(&guid, GENERIC_READ, &handle), ERROR_SUCCESS);
    WmiCloseBlock(handle);
    EXPECT_EQ(WmiNotificationRegistrationW(&guid, TRUE, nullptr, 0, NOTIFICATION_CHECK_ACCESS),
              ERROR_ACCESS_DENIED);
}

TEST_F(AccessControl, DenyAceWinsAndSpecificSidsMatch) {
    GUID guid = MakeGuid(222);
    RegisterNow(AddProvider(guid));
    ASSERT_EQ(service_.SetGuidSecurity(guid, "D:(D;;0x1;;;S-1-5-21-1000-1001)(A;;GA;;;WD)"),
              STATUS_SUCCESS);
    EXPECT_EQ(Consumer(wmi::Identity::User()).QueryAllData(guid).error, ERROR_ACCESS_DENIED);
    EXPECT_EQ(Consumer(wmi::Identity::FromSid("S-1-5-21-1000-1002")).QueryAllData(guid).error,
              ERROR_SUCCESS);
    EXPECT_EQ(service_.SetGuidSecurity(guid, "D:(X;;0x1;;;BU)"), STATUS_INVALID_PARAMETER);
    // clobber=false keeps the existing descriptor
    EXPECT_EQ(service_.SetGuidSecurity(guid, "D:", false), STATUS_SUCCESS);
    EXPECT_EQ(Consumer(wmi::Identity::FromSid("S-1-5-21-1000-1002")).QueryAllData(guid).error,
              ERROR_SUCCESS);
}

TEST_F(AccessControl, NullGuidDescriptorBecomesTheDefault) {
    GUID guid = MakeGuid(223);
    RegisterNow(AddProvider(guid));
    EXPECT_TRUE(wmi::Settings{}.nullGuidSecurityIsDefault);
    ASSERT_EQ(service_.SetGuidSecurity(GUID{}, "D:(A;;GA;;;WD)"), STATUS_SUCCESS);
    EXPECT_EQ(Consumer(wmi::Identity::User()).QueryAllData(guid).error, ERROR_SUCCESS);
}

TEST_F(AccessControl, MofResourcesNeedReadDescription) {
    GUID guid = MakeGuid(224);
    RegisterNow(AddProvider(guid));
    std::vector<wmi::MofResource> mofs;
    ASSERT_EQ(Consumer(wmi::Identity::User()).MofResources(mofs), ERROR_SUCCESS);
    EXPECT_TRUE(mofs.empty());
    ASSERT_EQ(service_.SetGuidSecurity(guid, "D:(A;;0x8;;;BU)"), STATUS_SUCCESS);
    ASSERT_EQ(Consumer(wmi::Identity::User()).MofResources(mofs), ERROR_SUCCESS);
    EXPECT_EQ(mofs.size(), 1u);
}

// ---- events ----

struct Received {
    std::vector<Bytes> events;
    std::vector<ULONG_PTR> contexts;
};
Received* gReceived = nullptr;
void OnEvent(PWNODE_HEADER wnode, UINT_PTR context) {
    auto* bytes = reinterpret_cast<const std::uint8_t*>(wnode);
    gReceived->events.emplace_back(bytes, bytes + wnode->BufferSize);
    gReceived->contexts.push_back(context);
}

TEST_F(Events, NotificationRegistrationDeliversInOrderWithContext) {
    GUID guid = MakeGuid(230);
    TestProvider& provider = AddProvider(guid, 2);
    RegisterNow(provider);
    Received received;
    gReceived = &received;
    auto callback = reinterpret_cast<PVOID>(&OnEvent);
    ASSERT_EQ(WmiNotificationRegistrationW(&guid, TRUE, callback, 42, NOTIFICATION_CALLBACK_DIRECT),
              ERROR_SUCCESS);
    EXPECT_EQ(WmiNotificationRegistrationW(&guid, TRUE, callback, 42, NOTIFICATION_CALLBACK_DIRECT),
              ERROR_WMI_ALREADY_ENABLED);
    for (std::uint8_t i = 0; i < 5; ++i) ASSERT_EQ(provider.FireEvent(0, i % 2, Bytes{i}), STATUS_SUCCESS);
    EXPECT_TRUE(received.events.empty());  // delivered by a system worker
    Settle();
    ASSERT_EQ(received.events.size(), 5u);
    for (std::uint8_t i = 0; i < 5; ++i) EXPECT_EQ(received.events[i].at(64), i);
    EXPECT_EQ(received.contexts[0], 42u);
    ULONG64 delivered = 0, dropped = 9, overLimit = 9;
    ASSERT_EQ(KwmiWmiQueryNotificationStats(&guid, callback, 42, &delivered, &dropped, &overLimit),
              ERROR_SUCCESS);
    EXPECT_EQ(delivered, 5u);
    EXPECT_EQ(dropped, 0u);
    ASSERT_EQ(WmiNotificationRegistrationW(&guid, FALSE, callback, 42, NOTIFICATION_CALLBACK_DIRECT),
              ERROR_SUCCESS);
    EXPECT_EQ(WmiNotificationRegistrationW(&guid, FALSE, callback, 42, NOTIFICATION_CALLBACK_DIRECT),
              ERROR_WMI_ALREADY_DISABLED);
    provider.FireEvent(0, 0, Bytes{9});
    Settle();
    EXPECT_EQ(received.events.size(), 5u);
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_EVENTS).size(), 1u);
    gReceived = nullptr;
}

// The same (GUID, callback, context) registered again while the first registration is still
// subscribing (here: from the driver's ENABLE_EVENTS, the window in which a second thread can
// race it) is refused, so one unregistration ends the one subscription.
TEST_F(Events, RegistrationRacingAnUnfinishedOneForTheSameCallbackIsRefused) {
    GUID guid = MakeGuid(236);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    Received received;
    gReceived = &received;
    auto callback = reinterpret_cast<PVOID>(&OnEvent);
    std::vector<ULONG> nested;
    provider.intercept = [&](PIRP, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction == IRP_MN_ENABLE_EVENTS) {
            nested.push_back(WmiNotificationRegistrationW(&guid, TRUE, callback, 7, NOTIFICATION_CALLBACK_DIRECT));
            nested.push_back(WmiNotificationRegistrationW(&guid, FALSE, callback, 7, NOTIFICATION_CALLBACK_DIRECT));
        }
        return false;  // the provider's usual handling
    };
    ASSERT_EQ(WmiNotificationRegistrationW(&guid, TRUE, callback, 7, NOTIFICATION_CALLBACK_DIRECT), ERROR_SUCCESS);
    ASSERT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
    EXPECT_EQ(nested, (std::vector<ULONG>{ERROR_WMI_ALREADY_ENABLED, ERROR_WMI_ALREADY_DISABLED}));
    provider.intercept = nullptr;
    ASSERT_EQ(provider.FireEvent(0, 0, Bytes{1}), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(received.events.size(), 1u);  // one subscription, one delivery
    ASSERT_EQ(WmiNotificationRegistrationW(&guid, FALSE, callback, 7, NOTIFICATION_CALLBACK_DIRECT), ERROR_SUCCESS);
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_EVENTS).size(), 1u);
    EXPECT_EQ(WmiNotificationRegistrationW(&guid, FALSE, callback, 7, NOTIFICATION_CALLBACK_DIRECT),
              ERROR_WMI_ALREADY_DISABLED);
    gReceived = nullptr;
}

TEST_F(Events, FullQueueDropsAreCounted) {
    GUID guid = MakeGuid(231);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    service_.Config().eventQueueLimit = 3;
    std::size_t seen = 0;
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t>) { ++seen; });
    for (int i = 0; i < 5; ++i) ASSERT_EQ(provider.FireEvent(0, 0, Bytes{1}), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(seen, 3u);
    EXPECT_EQ(subscription.Stats().dropped, 2u);
    EXPECT_EQ(subscription.Stats().delivered, 3u);
}

TEST_F(Events, SubscriberWaitingBeforeProviderGetsEnableOnRegistration) {
    GUID guid = MakeGuid(232);
    auto subscription = admin_.Subscribe(guid, nullptr);
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
}

TEST_F(Events, EventReferenceIsResolvedByQuery) {
    GUID guid = MakeGuid(233);
    TestProvider& provider = AddProvider(guid, 3, 300);
    provider.blocks[0].instances[1] = Bytes(300, 0x5A);
    RegisterNow(provider);
    std::vector<Bytes> received;
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t> w) {
        received.emplace_back(w.begin(), w.end());
    });
    auto* ref = static_cast<PWNODE_EVENT_REFERENCE>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WNODE_EVENT_REFERENCE), 'feRT'));
    ref->WnodeHeader.BufferSize = sizeof(WNODE_EVENT_REFERENCE);
    ref->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(provider.Fdo());
    ref->WnodeHeader.Guid = guid;
    ref->WnodeHeader.Flags = WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    ref->TargetGuid = guid;
    ref->TargetDataBlockSize = 300;
    ref->TargetInstanceIndex = 1;
    ASSERT_EQ(IoWMIWriteEvent(ref), STATUS_SUCCESS);
    Settle();
    ASSERT_EQ(received.size(), 1u);
    const Bytes& w = received[0];
    EXPECT_EQ(ReadU32(w, 44) & (WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM),
              WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM);
    EXPECT_EQ(ReadU32(w, 60), 300u);
    EXPECT_EQ(w.at(ReadU32(w, 56)), 0x5A);
}

// Spec §1.2/§5.3: WMI fetches referenced events by severity (Flags' top byte), most severe first.
TEST_F(Events, EventReferencesAreFetchedMostSevereFirst) {
    GUID guid = MakeGuid(237);
    TestProvider& provider = AddProvider(guid, 3, 8);
    for (std::uint8_t i = 0; i < 3; ++i) provider.blocks[0].instances[i] = Bytes(8, std::uint8_t(0x10 + i));
    RegisterNow(provider);
    std::vector<std::uint8_t> received;  // first data byte of each delivered event
    auto subscription = admin_.Subscribe(guid, [&](std::span<const std::uint8_t> w) {
        received.push_back(w[ReadU32(Bytes(w.begin(), w.end()), 56)]);
    });
    auto write = [&](ULONG index, ULONG severity) {
        auto* ref = static_cast<PWNODE_EVENT_REFERENCE>(
            ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WNODE_EVENT_REFERENCE), 'feRT'));
        ref->WnodeHeader.BufferSize = sizeof(WNODE_EVENT_REFERENCE);
        ref->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(provider.Fdo());
        ref->WnodeHeader.Guid = guid;
        ref->WnodeHeader.Flags = WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES | (severity << 24);
        ref->TargetGuid = guid;
        ref->TargetDataBlockSize = 8;
        ref->TargetInstanceIndex = index;
        ASSERT_EQ(IoWMIWriteEvent(ref), STATUS_SUCCESS);
    };
    write(0, 0x01);
    write(1, 0xFF);
    write(2, 0x01);  // same severity as the first: after it
    Settle();
    EXPECT_EQ(received, (std::vector<std::uint8_t>{0x11, 0x10, 0x12}));
}

TEST_F(Events, WriteEventRejectsNonEventsAndKeepsOwnership) {
    EXPECT_EQ(IoWMIWriteEvent(nullptr), STATUS_INVALID_PARAMETER);
    auto* wnode = static_cast<PWNODE_HEADER>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'tseT'));
    wnode->BufferSize = 64;
    wnode->Flags = WNODE_FLAG_SINGLE_INSTANCE;  // no EVENT_ITEM
    EXPECT_EQ(IoWMIWriteEvent(wnode), STATUS_INVALID_PARAMETER);
    ExFreePoolWithTag(wnode, 'tseT');  // still ours
}

}  // namespace
}  // namespace kwmi::test
