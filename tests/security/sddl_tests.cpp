// sddl_tests.cpp - the descriptors a GUID can carry (spec wmi-service-and-wnode §6.6): SDDL
// parsing, ordered ACE evaluation, NULL vs empty DACL, SID spellings and the generic-right
// mapping, seen both from SecurityDescriptor and from a consumer.
#include <wdm.h>
#include <wmium.h>

#include <gmock/gmock.h>

#include "guid_security.hpp"
#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

using wmi::Identity;
using wmi::SecurityDescriptor;
using SddlDescriptors = WmiTest;

constexpr ACCESS_MASK kWmiRights = WMIGUID_QUERY | WMIGUID_SET | WMIGUID_NOTIFICATION |
                                   WMIGUID_READ_DESCRIPTION | WMIGUID_EXECUTE;

ACCESS_MASK GrantedBy(const std::string& sddl, const Identity& who, ACCESS_MASK wanted = kWmiRights) {
    auto sd = SecurityDescriptor::FromSddl(sddl);
    EXPECT_TRUE(sd.has_value()) << sddl;
    return sd ? sd->Granted(who, wanted) : 0;
}

TEST(SddlRights, GenericRightsMapToTheirWmiRights) {
    EXPECT_EQ(wmi::MapGenericWmiRights(GENERIC_READ), static_cast<ACCESS_MASK>(WMIGUID_QUERY));
    EXPECT_EQ(wmi::MapGenericWmiRights(GENERIC_WRITE), static_cast<ACCESS_MASK>(WMIGUID_SET));
    EXPECT_EQ(wmi::MapGenericWmiRights(GENERIC_EXECUTE), static_cast<ACCESS_MASK>(WMIGUID_EXECUTE));
    EXPECT_EQ(wmi::MapGenericWmiRights(GENERIC_ALL), static_cast<ACCESS_MASK>(WMIGUID_ALL_ACCESS));
    EXPECT_EQ(wmi::MapGenericWmiRights(WMIGUID_SET | WMIGUID_NOTIFICATION),
              static_cast<ACCESS_MASK>(WMIGUID_SET | WMIGUID_NOTIFICATION));  // specific: unchanged
    Identity user = Identity::User();
    EXPECT_EQ(GrantedBy("D:(A;;GR;;;BU)", user), static_cast<ACCESS_MASK>(WMIGUID_QUERY));
    EXPECT_EQ(GrantedBy("D:(A;;GW;;;BU)", user), static_cast<ACCESS_MASK>(WMIGUID_SET));
    EXPECT_EQ(GrantedBy("D:(A;;GX;;;BU)", user), static_cast<ACCESS_MASK>(WMIGUID_EXECUTE));
    EXPECT_EQ(GrantedBy("D:(A;;GRGX;;;BU)", user),
              static_cast<ACCESS_MASK>(WMIGUID_QUERY | WMIGUID_EXECUTE));
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;BU)", user), kWmiRights);
}

TEST(SddlRights, DocumentedInfExampleGrants0x120FFFToAdministratorsAndSystem) {
    // The INF WMIInterface example of the documentation (spec §6.6): the XP-era
    // WMIGUID_ALL_ACCESS, i.e. the RS1 value without TRACELOG_JOIN_GROUP (0x1000).
    const std::string sddl = "O:BAG:SYD:(A;;0x120fff;;;BA)(A;;0x120fff;;;SY)";
    EXPECT_EQ(GrantedBy(sddl, Identity::Administrator(), WMIGUID_ALL_ACCESS), 0x00120FFFu);
    EXPECT_EQ(GrantedBy(sddl, Identity{"SY", {}}), kWmiRights);
    EXPECT_EQ(GrantedBy(sddl, Identity::User()), 0u);
}

TEST(SddlRights, AcesAreEvaluatedInOrder) {
    Identity user = Identity::User();
    // deny first: the denied bit stays denied whatever comes after
    EXPECT_EQ(GrantedBy("D:(D;;0x2;;;BU)(A;;GA;;;BU)", user), kWmiRights & ~WMIGUID_SET);
    // allow first: a later deny cannot take back what was already granted (Windows'
    // access check walks the DACL once, in order)
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;BU)(D;;0x2;;;BU)", user), kWmiRights);
    // a deny for a group the caller is not in changes nothing
    EXPECT_EQ(GrantedBy("D:(D;;GA;;;BA)(A;;GA;;;BU)", user), kWmiRights);
    // rights from several matching ACEs add up
    EXPECT_EQ(GrantedBy("D:(A;;0x1;;;BU)(A;;0x10;;;WD)", user),
              static_cast<ACCESS_MASK>(WMIGUID_QUERY | WMIGUID_EXECUTE));
}

TEST(SddlRights, EmptyDaclDeniesEveryoneNullDaclAdmitsEveryone) {
    EXPECT_EQ(GrantedBy("D:", Identity::Administrator()), 0u);
    EXPECT_EQ(GrantedBy("O:BAG:SYD:", Identity{"SY", {}}), 0u);
    EXPECT_EQ(GrantedBy("D:NO_ACCESS_CONTROL", Identity::User()), kWmiRights);
    EXPECT_EQ(GrantedBy("O:BAG:SY", Identity::FromSid("S-1-5-21-9-9")), kWmiRights);  // no D:
    // inheritance flags before the ACEs are accepted and change nothing for a GUID
    EXPECT_EQ(GrantedBy("D:PAI(A;;GR;;;BU)", Identity::User()), static_cast<ACCESS_MASK>(WMIGUID_QUERY));
}

TEST(SddlRights, WellKnownSidsMatchInEitherSpelling) {
    // numeric SIDs in ACEs
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;S-1-5-32-545)", Identity::User()), kWmiRights);
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;S-1-5-32-544)", Identity::User()), 0u);
    EXPECT_EQ(GrantedBy("D:(A;;GR;;;S-1-1-0)", Identity::FromSid("S-1-5-21-3-3")),
              static_cast<ACCESS_MASK>(WMIGUID_QUERY));
    // numeric SIDs in the caller's token
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;SY)", Identity{"S-1-5-18", {}}), kWmiRights);
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;BA)", Identity{"S-1-5-21-5-500", {"S-1-5-32-544"}}), kWmiRights);
    // SIDs compare without regard to letter case; a different SID does not match
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;s-1-5-21-1000-1001)", Identity::User()), kWmiRights);
    EXPECT_EQ(GrantedBy("D:(A;;GA;;;S-1-5-21-1000-10010)", Identity::User()), 0u);
}

TEST(SddlRights, MalformedSddlIsRejected) {
    const char* bad[] = {
        "D:(A;;GA;;BU)",             // five fields
        "D:(A;;GA;;;BU",             // unclosed ACE
        "D:(A;;ZZ;;;BU)",            // unknown right
        "D:(A;;0xZZ;;;BU)",          // bad hex
        "D:(A;;GA;;;XX)",            // unknown alias
        "D:(A;;GA;;;S-1-)",          // truncated SID
        "D:(Q;;GA;;;BU)",            // unknown ACE type
        "D:(A;;GA;;;BU)junk",        // text after the ACEs
        "D:BOGUS(A;;GA;;;BU)",       // unknown DACL flag
        "X:(A;;GA;;;BU)",            // unknown section
        "O:",                        // empty owner
        "D",                         // no colon
    };
    for (const char* sddl : bad) EXPECT_FALSE(SecurityDescriptor::FromSddl(sddl).has_value()) << sddl;
}

TEST_F(SddlDescriptors, RejectedSddlKeepsTheGuidsCurrentDescriptor) {
    GUID guid = MakeGuid(710);
    RegisterNow(AddProvider(guid));
    ASSERT_EQ(service_.SetGuidSecurity(guid, "D:(A;;GR;;;BU)"), STATUS_SUCCESS);
    for (const char* sddl : {"D:(A;;GA;;;BU", "D:NOPE(A;;GA;;;WD)", "D:(A;;GA;;;ZZ)"})
        EXPECT_EQ(service_.SetGuidSecurity(guid, sddl), STATUS_INVALID_PARAMETER) << sddl;
    Consumer user(Identity::User());
    EXPECT_EQ(user.QueryAllData(guid).error, ERROR_SUCCESS);
    EXPECT_EQ(user.SetSingleInstance(guid, u"x", Bytes(4)), ERROR_ACCESS_DENIED);
}

TEST_F(SddlDescriptors, NullDaclThroughTheServiceAdmitsAnyConsumer) {
    GUID guid = MakeGuid(711);
    RegisterNow(AddProvider(guid));
    Consumer stranger(Identity::FromSid("S-1-5-21-42-4242"));
    EXPECT_EQ(stranger.QueryAllData(guid).error, ERROR_ACCESS_DENIED);  // default descriptor
    ASSERT_EQ(service_.SetGuidSecurity(guid, "O:BAG:SYD:NO_ACCESS_CONTROL"), STATUS_SUCCESS);
    EXPECT_EQ(stranger.QueryAllData(guid).error, ERROR_SUCCESS);
    ASSERT_EQ(service_.SetGuidSecurity(guid, "O:BAG:SYD:"), STATUS_SUCCESS);  // empty DACL
    EXPECT_EQ(stranger.QueryAllData(guid).error, ERROR_ACCESS_DENIED);
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_ACCESS_DENIED);
}

TEST_F(SddlDescriptors, UnparsableDefaultSettingDeniesEveryone) {
    // A broken defaultSecurity setting fails closed, never open.
    service_.Config().defaultSecurity = "D:(A;;GA;;;BA";
    GUID guid = MakeGuid(712);
    RegisterNow(AddProvider(guid));
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_ACCESS_DENIED);
    EXPECT_EQ(Consumer(Identity::System()).QueryAllData(guid).error, ERROR_ACCESS_DENIED);
}

}  // namespace
}  // namespace kwmi::test
