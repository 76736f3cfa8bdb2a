// access_rights_tests.cpp - each WMIGUID_* right gates exactly its operations, through
// kwmi::Consumer, the wmium.h C API and the kernel-mode IoWMI* consumer DDIs; the default
// descriptor admits administrators and SYSTEM only; an explicit descriptor replaces it.
//
// A denied request must fail with ERROR_ACCESS_DENIED (5; STATUS_ACCESS_DENIED 0xC0000022 in
// the service) before any IRP reaches the provider for the denied operation.
#include <wdm.h>
#include <wmium.h>

#include <cstring>

#include <gmock/gmock.h>

#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

constexpr ACCESS_MASK kAllWmiRights = WMIGUID_QUERY | WMIGUID_SET | WMIGUID_NOTIFICATION |
                                      WMIGUID_READ_DESCRIPTION | WMIGUID_EXECUTE;
constexpr NTSTATUS kStatusAccessDenied = static_cast<NTSTATUS>(0xC0000022L);

const WCHAR* W(const char16_t* text) { return reinterpret_cast<const WCHAR*>(text); }

std::string HexRights(ACCESS_MASK mask) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%x", mask);
    return text;
}

// An SDDL granting BUILTIN\Users every WMI right except `missing`.
std::string UsersLacking(ACCESS_MASK missing) {
    return "O:BAG:SYD:(A;;" + HexRights(kAllWmiRights & ~missing) + ";;;BU)";
}

struct Delivered {
    int count = 0;
};

// Fixture: one provider, PDO-named instance ROOT\SEC_0, settable, with a method and items.
class AccessRights : public WmiTest {
protected:
    void SetUp() override {
        guid_ = MakeGuid(700);
        provider_ = &AddProvider(guid_);
        provider_->blocks[0].method = [](ULONG, std::span<const std::uint8_t>, Bytes& out) {
            out = {0x5A};
            return STATUS_SUCCESS;
        };
        provider_->blocks[0].setItem = [](ULONG, std::span<const std::uint8_t>) { return STATUS_SUCCESS; };
        service_.SetDeviceInstancePath(provider_->Pdo(), u"ROOT\\SEC");
        RegisterNow(*provider_);
    }
    std::size_t Irps(UCHAR minor) const { return provider_->Calls(minor).size(); }

    // Every operation as `who`: the Win32 error of each, in a fixed order.
    struct Outcome {
        ULONG queryAll, querySingle, setInstance, setItem, method, subscribe;
    };
    Outcome Try(const wmi::Identity& who) {
        Consumer consumer(who);
        Outcome o{};
        o.queryAll = consumer.QueryAllData(guid_).error;
        o.querySingle = consumer.QuerySingleInstance(guid_, u"ROOT\\SEC_0").error;
        o.setInstance = consumer.SetSingleInstance(guid_, u"ROOT\\SEC_0", Bytes(4, 7));
        o.setItem = consumer.SetSingleItem(guid_, u"ROOT\\SEC_0", 1, Bytes(1, 7));
        o.method = consumer.ExecuteMethod(guid_, u"ROOT\\SEC_0", 1, {}).error;
        o.subscribe = consumer.Subscribe(guid_, [](std::span<const std::uint8_t>) {}).Error();
        return o;
    }

    GUID guid_{};
    TestProvider* provider_ = nullptr;
};

TEST_F(AccessRights, LackingSetDeniesSetInstanceAndSetItemOnly) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(WMIGUID_SET)), STATUS_SUCCESS);
    Outcome o = Try(wmi::Identity::User());
    EXPECT_EQ(o.setInstance, ERROR_ACCESS_DENIED);
    EXPECT_EQ(o.setItem, ERROR_ACCESS_DENIED);
    EXPECT_EQ(Irps(IRP_MN_CHANGE_SINGLE_INSTANCE), 0u);
    EXPECT_EQ(Irps(IRP_MN_CHANGE_SINGLE_ITEM), 0u);
    // every other right is intact
    EXPECT_EQ(o.queryAll, ERROR_SUCCESS);
    EXPECT_EQ(o.querySingle, ERROR_SUCCESS);
    EXPECT_EQ(o.method, ERROR_SUCCESS);
    EXPECT_EQ(o.subscribe, ERROR_SUCCESS);
    // the data did not change: still the provider's bytes 01 01 01 01
    Reply after = admin_.QuerySingleInstance(guid_, u"ROOT\\SEC_0");
    ASSERT_EQ(after.error, ERROR_SUCCESS);
    EXPECT_EQ(after.bytes.at(after.bytes.size() - 4), 1);
}

TEST_F(AccessRights, LackingSetDeniesTheCApiEvenOnAHandleOpenedForQuery) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(WMIGUID_SET)), STATUS_SUCCESS);
    ScopedConsumerIdentity as(wmi::Identity::User());
    WMIHANDLE handle = nullptr;
    EXPECT_EQ(WmiOpenBlock(&guid_, WMIGUID_SET, &handle), ERROR_ACCESS_DENIED);
    EXPECT_EQ(handle, nullptr);
    EXPECT_EQ(WmiOpenBlock(&guid_, GENERIC_WRITE, &handle), ERROR_ACCESS_DENIED);
    ASSERT_EQ(WmiOpenBlock(&guid_, WMIGUID_QUERY, &handle), ERROR_SUCCESS);
    std::uint8_t value[4] = {9, 9, 9, 9};
    EXPECT_EQ(WmiSetSingleInstanceW(handle, W(u"ROOT\\SEC_0"), 0, sizeof value, value),
              ERROR_ACCESS_DENIED);
    EXPECT_EQ(WmiSetSingleItemW(handle, W(u"ROOT\\SEC_0"), 1, 0, 1, value), ERROR_ACCESS_DENIED);
    WmiCloseBlock(handle);
    EXPECT_EQ(Irps(IRP_MN_CHANGE_SINGLE_INSTANCE), 0u);
    EXPECT_EQ(Irps(IRP_MN_CHANGE_SINGLE_ITEM), 0u);
}

TEST_F(AccessRights, LackingQueryDeniesAllDataAndSingleInstance) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(WMIGUID_QUERY)), STATUS_SUCCESS);
    provider_->ClearCalls();
    Outcome o = Try(wmi::Identity::User());
    EXPECT_EQ(o.queryAll, ERROR_ACCESS_DENIED);
    EXPECT_EQ(o.querySingle, ERROR_ACCESS_DENIED);
    EXPECT_EQ(Irps(IRP_MN_QUERY_ALL_DATA), 0u);
    EXPECT_EQ(o.setInstance, ERROR_SUCCESS);
    EXPECT_EQ(o.setItem, ERROR_SUCCESS);
    EXPECT_EQ(o.subscribe, ERROR_SUCCESS);
    // A method call still works without QUERY: the service's own existence probe of the
    // instance is not the caller's query.
    EXPECT_EQ(o.method, ERROR_SUCCESS);
}

TEST_F(AccessRights, LackingQueryDeniesTheCApiQueriesWithoutSizeOrData) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(WMIGUID_QUERY)), STATUS_SUCCESS);
    ScopedConsumerIdentity as(wmi::Identity::User());
    WMIHANDLE handle = nullptr;
    EXPECT_EQ(WmiOpenBlock(&guid_, GENERIC_READ, &handle), ERROR_ACCESS_DENIED);
    ASSERT_EQ(WmiOpenBlock(&guid_, WMIGUID_SET, &handle), ERROR_SUCCESS);
    provider_->ClearCalls();
    std::uint8_t buffer[256];
    std::memset(buffer, 0xCC, sizeof buffer);
    ULONG size = 0;  // a size probe must not reveal the data size either
    EXPECT_EQ(WmiQueryAllDataW(handle, &size, nullptr), ERROR_ACCESS_DENIED);
    EXPECT_EQ(size, 0u);
    size = sizeof buffer;
    EXPECT_EQ(WmiQueryAllDataW(handle, &size, buffer), ERROR_ACCESS_DENIED);
    size = sizeof buffer;
    EXPECT_EQ(WmiQuerySingleInstanceW(handle, W(u"ROOT\\SEC_0"), &size, buffer), ERROR_ACCESS_DENIED);
    WMIHANDLE list[] = {handle};
    size = sizeof buffer;
    EXPECT_EQ(WmiQueryAllDataMultipleW(list, 1, &size, buffer), ERROR_ACCESS_DENIED);
    EXPECT_EQ(buffer[0], 0xCC);  // nothing written
    EXPECT_EQ(Irps(IRP_MN_QUERY_ALL_DATA), 0u);
    EXPECT_EQ(Irps(IRP_MN_QUERY_SINGLE_INSTANCE), 0u);
    WmiCloseBlock(handle);
}

TEST_F(AccessRights, LackingExecuteDeniesMethodsBeforeTheProviderSeesThem) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(WMIGUID_EXECUTE)), STATUS_SUCCESS);
    provider_->ClearCalls();
    Outcome o = Try(wmi::Identity::User());
    EXPECT_EQ(o.method, ERROR_ACCESS_DENIED);
    EXPECT_EQ(Irps(IRP_MN_EXECUTE_METHOD), 0u);
    EXPECT_EQ(o.queryAll, ERROR_SUCCESS);
    EXPECT_EQ(o.setItem, ERROR_SUCCESS);
    // C API on a handle opened with every other right
    ScopedConsumerIdentity as(wmi::Identity::User());
    WMIHANDLE handle = nullptr;
    EXPECT_EQ(WmiOpenBlock(&guid_, GENERIC_EXECUTE, &handle), ERROR_ACCESS_DENIED);
    ASSERT_EQ(WmiOpenBlock(&guid_, WMIGUID_QUERY | WMIGUID_SET, &handle), ERROR_SUCCESS);
    std::uint8_t out[16];
    ULONG outSize = sizeof out;
    EXPECT_EQ(WmiExecuteMethodW(handle, W(u"ROOT\\SEC_0"), 1, 0, nullptr, &outSize, out),
              ERROR_ACCESS_DENIED);
    EXPECT_EQ(Irps(IRP_MN_EXECUTE_METHOD), 0u);
    WmiCloseBlock(handle);
}

Delivered* gDelivered = nullptr;
void CountEvent(PWNODE_HEADER, UINT_PTR) { ++gDelivered->count; }

TEST_F(AccessRights, LackingNotificationDeniesSubscriptionAndNothingIsEnabled) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(WMIGUID_NOTIFICATION)), STATUS_SUCCESS);
    Outcome o = Try(wmi::Identity::User());
    EXPECT_EQ(o.subscribe, ERROR_ACCESS_DENIED);
    EXPECT_EQ(o.queryAll, ERROR_SUCCESS);
    EXPECT_EQ(o.method, ERROR_SUCCESS);
    ScopedConsumerIdentity as(wmi::Identity::User());
    Delivered delivered;
    gDelivered = &delivered;
    auto callback = reinterpret_cast<PVOID>(&CountEvent);
    EXPECT_EQ(WmiNotificationRegistrationW(&guid_, TRUE, callback, 1, NOTIFICATION_CALLBACK_DIRECT),
              ERROR_ACCESS_DENIED);
    EXPECT_EQ(WmiNotificationRegistrationW(&guid_, TRUE, nullptr, 0, NOTIFICATION_CHECK_ACCESS),
              ERROR_ACCESS_DENIED);
    EXPECT_FALSE(service_.CheckAccess(guid_, wmi::Identity::User(), WMIGUID_NOTIFICATION));
    Settle();
    EXPECT_EQ(Irps(IRP_MN_ENABLE_EVENTS), 0u);
    ASSERT_EQ(provider_->FireEvent(0, 0, Bytes{1}), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(delivered.count, 0);
    gDelivered = nullptr;
}

TEST_F(AccessRights, DefaultDescriptorAdmitsAdministratorsAndSystemOnly) {
    // no SetGuidSecurity: the GUID has no descriptor of its own
    auto everything = [](const Outcome& o, ULONG error) {
        return o.queryAll == error && o.querySingle == error && o.setInstance == error &&
               o.setItem == error && o.method == error && o.subscribe == error;
    };
    provider_->ClearCalls();
    EXPECT_TRUE(everything(Try(wmi::Identity::User()), ERROR_ACCESS_DENIED));
    EXPECT_TRUE(everything(Try(wmi::Identity::FromSid("S-1-5-21-77-1234")), ERROR_ACCESS_DENIED));
    EXPECT_TRUE(provider_->Calls().empty()) << "a denied consumer reached the provider";
    EXPECT_TRUE(everything(Try(wmi::Identity::Administrator()), ERROR_SUCCESS));
    EXPECT_TRUE(everything(Try(wmi::Identity::System()), ERROR_SUCCESS));
    // SYSTEM is admitted by its own ACE, not only through the administrators group
    EXPECT_TRUE(everything(Try(wmi::Identity{"SY", {}}), ERROR_SUCCESS));
    // the default is pinned: BA and SY, GENERIC_ALL (= WMIGUID_ALL_ACCESS)
    EXPECT_EQ(wmi::Settings{}.defaultSecurity, "O:BAG:SYD:(A;;GA;;;BA)(A;;GA;;;SY)");
}

TEST_F(AccessRights, ExplicitDescriptorGrantingAUserReplacesTheDefault) {
    const std::string userSid = wmi::Identity::User().user;
    ASSERT_EQ(service_.SetGuidSecurity(guid_, "O:BAG:SYD:(A;;GA;;;" + userSid + ")"), STATUS_SUCCESS);
    Outcome o = Try(wmi::Identity::User());
    EXPECT_EQ(o.queryAll, ERROR_SUCCESS);
    EXPECT_EQ(o.querySingle, ERROR_SUCCESS);
    EXPECT_EQ(o.setInstance, ERROR_SUCCESS);
    EXPECT_EQ(o.setItem, ERROR_SUCCESS);
    EXPECT_EQ(o.method, ERROR_SUCCESS);
    EXPECT_EQ(o.subscribe, ERROR_SUCCESS);
    EXPECT_EQ(Irps(IRP_MN_CHANGE_SINGLE_INSTANCE), 1u);
    EXPECT_EQ(Irps(IRP_MN_EXECUTE_METHOD), 1u);
    // another user, and even an administrator, are not in this descriptor
    EXPECT_EQ(Consumer(wmi::Identity::FromSid("S-1-5-21-1000-1002")).QueryAllData(guid_).error,
              ERROR_ACCESS_DENIED);
    EXPECT_EQ(admin_.QueryAllData(guid_).error, ERROR_ACCESS_DENIED);
}

TEST_F(AccessRights, GrantedUserReceivesEventsItSubscribedTo) {
    ASSERT_EQ(service_.SetGuidSecurity(guid_, UsersLacking(0)), STATUS_SUCCESS);
    int received = 0;
    Consumer user(wmi::Identity::User());
    auto subscription = user.Subscribe(guid_, [&](std::span<const std::uint8_t> wnode) {
        EXPECT_GE(wnode.size(), sizeof(WNODE_HEADER));
        ++received;
    });
    ASSERT_EQ(subscription.Error(), ERROR_SUCCESS);
    Settle();
    EXPECT_EQ(Irps(IRP_MN_ENABLE_EVENTS), 1u);
    ASSERT_EQ(provider_->FireEvent(0, 0, Bytes{1, 2}), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(received, 1);
}

TEST_F(AccessRights, KernelModeConsumersActAsSystem) {
    // IoWMIOpenBlock has no user token: it passes the default descriptor as SYSTEM ...
    PVOID block = nullptr;
    ASSERT_EQ(IoWMIOpenBlock(&guid_, WMIGUID_QUERY, &block), STATUS_SUCCESS);
    KwmiIoWMICloseBlock(block);
    // ... and is refused by a descriptor that leaves SYSTEM out.
    ASSERT_EQ(service_.SetGuidSecurity(guid_, "D:(A;;GA;;;BU)"), STATUS_SUCCESS);
    block = nullptr;
    EXPECT_EQ(IoWMIOpenBlock(&guid_, WMIGUID_QUERY, &block), kStatusAccessDenied);
    EXPECT_EQ(block, nullptr);
}

}  // namespace
}  // namespace kwmi::test
