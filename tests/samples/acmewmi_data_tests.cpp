// Data blocks of the acmewmi sample: every scalar type over several instances, embedded
// objects, a fixed array of embedded objects, strings with a variable array; queries, set
// instance and set item, decoded with the schema of the driver's MOF.
#include "acmewmi_fixture.hpp"

#include <cstdlib>

namespace acmewmi_test {
namespace {

using kwmi::mof::ValueNode;

std::string Narrow(std::u16string_view text) {
    std::string out;
    for (char16_t c : text) out.push_back(static_cast<char>(c));
    return out;
}

TEST_F(AcmeWmiTest, ScalarsHasThreeInstancesNamedAfterThePdo) {
    auto instances = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    ASSERT_EQ(instances.size(), static_cast<std::size_t>(kScalarsInstances));
    for (int i = 0; i < kScalarsInstances; ++i) {
        const std::string& name = instances[i].instanceName;
        ASSERT_GE(name.size(), 2u);
        EXPECT_EQ(name.substr(name.size() - 2), "_" + std::to_string(i)) << name;
        EXPECT_EQ(name, Narrow(InstanceName(kScalarsGuid, i)));
        EXPECT_EQ(instances[i].size, static_cast<std::uint32_t>(ACME_SCALARS_SIZE));
    }
}

TEST_F(AcmeWmiTest, ScalarsCarryEveryScalarTypeAtItsExtremes) {
    auto instances = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    ASSERT_EQ(instances.size(), static_cast<std::size_t>(kScalarsInstances));
    for (int i = 0; i < kScalarsInstances; ++i) {
        SCOPED_TRACE(i);
        const ValueNode& v = instances[i].value;
        EXPECT_EQ(Field(v, "Enabled").u, i % 2 == 0 ? 1u : 0u);
        EXPECT_EQ(Field(v, "S8").s, -100 - i);
        EXPECT_EQ(Field(v, "U8").u, 200u + i);
        EXPECT_EQ(Field(v, "S16").s, -30000 - i);
        EXPECT_EQ(Field(v, "U16").u, 60000u + i);
        EXPECT_EQ(Field(v, "S32").s, -2000000000LL - i);
        EXPECT_EQ(Field(v, "U32").u, 4000000000ULL + i);
        EXPECT_EQ(Field(v, "S64").s, -9000000000000000000LL - i);
        EXPECT_EQ(Field(v, "U64").u, 18000000000000000000ULL + i);
        EXPECT_EQ(Field(v, "Letter").u, static_cast<std::uint64_t>(u'A' + i));
        EXPECT_EQ(Field(v, "Stamp").text, "2026112712000" + std::to_string(i) + ".000000+000");
    }
}

TEST_F(AcmeWmiTest, ScalarsQuerySingleInstanceReturnsThatInstance) {
    std::u16string name = InstanceName(kScalarsGuid, 2);
    kwmi::Reply reply = consumer.QuerySingleInstance(kScalarsGuid, name);
    ASSERT_TRUE(reply) << reply.error;
    auto decoded = Schema::Get().Decode("AcmeWmi_Scalars", reply.bytes);
    ASSERT_EQ(decoded.size(), 1u);
    EXPECT_EQ(Field(decoded[0].value, "U8").u, 202u);
    EXPECT_EQ(Field(decoded[0].value, "Letter").u, static_cast<std::uint64_t>(u'C'));
}

TEST_F(AcmeWmiTest, ScalarsSetInstanceReplacesWritableItemsAndKeepsStamp) {
    std::u16string name = InstanceName(kScalarsGuid, 1);
    auto block = Schema::Get().Encode("AcmeWmi_Scalars",
                                      {"Enabled=TRUE", "S8=-128", "U8=255", "S16=-32768", "U16=65535",
                                       "S32=-2147483648", "U32=4294967295", "S64=-9223372036854775808",
                                       "U64=18446744073709551615", "Letter=\"z\"",
                                       "Stamp=\"19991231235959.999999+000\""});
    ASSERT_EQ(block.size(), static_cast<std::size_t>(ACME_SCALARS_SIZE));
    ASSERT_EQ(consumer.SetSingleInstance(kScalarsGuid, name, block), static_cast<ULONG>(ERROR_SUCCESS));

    auto instances = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    ASSERT_EQ(instances.size(), static_cast<std::size_t>(kScalarsInstances));
    const ValueNode& v = instances[1].value;
    EXPECT_EQ(Field(v, "Enabled").u, 1u);
    EXPECT_EQ(Field(v, "S8").s, -128);
    EXPECT_EQ(Field(v, "U8").u, 255u);
    EXPECT_EQ(Field(v, "S16").s, -32768);
    EXPECT_EQ(Field(v, "U16").u, 65535u);
    EXPECT_EQ(Field(v, "S32").s, -2147483648LL);
    EXPECT_EQ(Field(v, "U32").u, 4294967295ULL);
    EXPECT_EQ(Field(v, "S64").s, INT64_MIN);
    EXPECT_EQ(Field(v, "U64").u, UINT64_MAX);
    EXPECT_EQ(Field(v, "Letter").u, static_cast<std::uint64_t>(u'z'));
    EXPECT_EQ(Field(v, "Stamp").text, "20261127120001.000000+000");  // read-only: unchanged
    // The other instances keep their own contexts.
    EXPECT_EQ(Field(instances[0].value, "U8").u, 200u);
    EXPECT_EQ(Field(instances[2].value, "U8").u, 202u);
}

TEST_F(AcmeWmiTest, ScalarsSetInstanceWithAShortBufferIsRejectedBeforeTheDriver) {
    std::u16string name = InstanceName(kScalarsGuid, 0);
    std::vector<std::uint8_t> shortBlock(ACME_SCALARS_SIZE - 1, 0xAA);
    EXPECT_NE(consumer.SetSingleInstance(kScalarsGuid, name, shortBlock), static_cast<ULONG>(ERROR_SUCCESS));
    auto instances = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    ASSERT_FALSE(instances.empty());
    EXPECT_EQ(Field(instances[0].value, "U8").u, 200u);
}

TEST_F(AcmeWmiTest, ScalarsSetItemChangesOneItemOfOneInstance) {
    std::u16string name = InstanceName(kScalarsGuid, 2);
    ULONG u32 = 0x01020304;
    ASSERT_EQ(consumer.SetSingleItem(kScalarsGuid, name, ACME_SCALARS_U32_ID, BytesOf(u32)),
              static_cast<ULONG>(ERROR_SUCCESS));
    LONGLONG s64 = -42;
    ASSERT_EQ(consumer.SetSingleItem(kScalarsGuid, name, ACME_SCALARS_S64_ID, BytesOf(s64)),
              static_cast<ULONG>(ERROR_SUCCESS));
    auto instances = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    ASSERT_EQ(instances.size(), static_cast<std::size_t>(kScalarsInstances));
    EXPECT_EQ(Field(instances[2].value, "U32").u, 0x01020304u);
    EXPECT_EQ(Field(instances[2].value, "S64").s, -42);
    EXPECT_EQ(Field(instances[2].value, "S32").s, -2000000002LL);
    EXPECT_EQ(Field(instances[1].value, "U32").u, 4000000001ULL);
}

TEST_F(AcmeWmiTest, ScalarsSetItemReportsReadOnlyUnknownAndShortItems) {
    std::u16string name = InstanceName(kScalarsGuid, 0);
    WCHAR stamp[25] = {};
    EXPECT_EQ(consumer.SetSingleItem(kScalarsGuid, name, ACME_SCALARS_Stamp_ID, BytesOf(stamp)),
              static_cast<ULONG>(ERROR_WMI_READ_ONLY));
    ULONG value = 1;
    EXPECT_EQ(consumer.SetSingleItem(kScalarsGuid, name, ACME_SCALARS_Stamp_ID + 1, BytesOf(value)),
              static_cast<ULONG>(ERROR_WMI_ITEMID_NOT_FOUND));
    EXPECT_EQ(consumer.SetSingleItem(kScalarsGuid, name, 0, BytesOf(value)),
              static_cast<ULONG>(ERROR_WMI_ITEMID_NOT_FOUND));
    // A 2-byte value for a 64-bit item: the driver's STATUS_BUFFER_TOO_SMALL reaches WMI as
    // STATUS_WMI_SET_FAILURE (CHANGE requests carry no output).
    USHORT tooShort = 7;
    EXPECT_EQ(consumer.SetSingleItem(kScalarsGuid, name, ACME_SCALARS_U64_ID, BytesOf(tooShort)),
              static_cast<ULONG>(ERROR_WMI_SET_FAILURE));
    auto instances = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    ASSERT_FALSE(instances.empty());
    EXPECT_EQ(Field(instances[0].value, "U64").u, 18000000000000000000ULL);
}

TEST_F(AcmeWmiTest, AnchorHoldsAnEmbeddedPoint) {
    auto instances = QueryAll(kAnchorGuid, "AcmeWmi_Anchor");
    ASSERT_EQ(instances.size(), 1u);
    const ValueNode& v = instances[0].value;
    EXPECT_EQ(Field(v, "Kind").u, 7u);
    const ValueNode& position = Field(v, "Position");
    EXPECT_EQ(position.kind, ValueNode::Kind::Object);
    EXPECT_EQ(position.offset, 4u);  // aligned to the point's 4-byte members
    EXPECT_EQ(Field(position, "X").s, -5);
    EXPECT_EQ(Field(position, "Y").s, 12);
    EXPECT_EQ(Field(position, "Weight").u, 3u);
    EXPECT_EQ(Field(v, "Moves").u, 0u);
    EXPECT_EQ(Field(v, "Moves").offset, 16u);  // after the point's padded size
}

TEST_F(AcmeWmiTest, AnchorSetItemMovesThePoint) {
    std::u16string name = InstanceName(kAnchorGuid);
    auto anchor = Schema::Get().Encode("AcmeWmi_Anchor", {"Position={X=-1000,Y=2000,Weight=9}"});
    ASSERT_GE(anchor.size(), 16u);
    std::span<const std::uint8_t> point(anchor.data() + 4, 12);
    ASSERT_EQ(consumer.SetSingleItem(kAnchorGuid, name, ACME_ANCHOR_Position_ID, point),
              static_cast<ULONG>(ERROR_SUCCESS));
    UCHAR kind = 1;
    EXPECT_EQ(consumer.SetSingleItem(kAnchorGuid, name, ACME_ANCHOR_Kind_ID, BytesOf(kind)),
              static_cast<ULONG>(ERROR_WMI_READ_ONLY));
    EXPECT_EQ(consumer.SetSingleItem(kAnchorGuid, name, 4, point), static_cast<ULONG>(ERROR_WMI_ITEMID_NOT_FOUND));

    auto instances = QueryAll(kAnchorGuid, "AcmeWmi_Anchor");
    ASSERT_EQ(instances.size(), 1u);
    const ValueNode& position = Field(instances[0].value, "Position");
    EXPECT_EQ(Field(position, "X").s, -1000);
    EXPECT_EQ(Field(position, "Y").s, 2000);
    EXPECT_EQ(Field(position, "Weight").u, 9u);
    EXPECT_EQ(Field(instances[0].value, "Moves").u, 1u);
    EXPECT_EQ(Field(instances[0].value, "Kind").u, 7u);
}

TEST_F(AcmeWmiTest, RouteHoldsAFixedArrayOfEmbeddedPoints) {
    auto instances = QueryAll(kRouteGuid, "AcmeWmi_Route");
    ASSERT_EQ(instances.size(), 1u);
    EXPECT_EQ(instances[0].size, static_cast<std::uint32_t>(ACME_ROUTE_SIZE));
    const ValueNode& waypoints = Field(instances[0].value, "Waypoints");
    ASSERT_EQ(waypoints.children.size(), 4u);
    std::uint64_t length = 0;
    for (std::size_t i = 0; i < waypoints.children.size(); ++i) {
        const ValueNode& point = waypoints.children[i];
        EXPECT_EQ(point.offset, 4u + 12u * i);  // stride = the padded size of the point
        EXPECT_EQ(Field(point, "Weight").u, i + 1);
        if (i > 0) {
            const ValueNode& previous = waypoints.children[i - 1];
            length += std::llabs(Field(point, "X").s - Field(previous, "X").s) +
                      std::llabs(Field(point, "Y").s - Field(previous, "Y").s);
        }
    }
    EXPECT_GT(length, 0u);
    EXPECT_EQ(Field(instances[0].value, "Length").u, length);
}

TEST_F(AcmeWmiTest, LabelHasAVariableArrayAndTwoStrings) {
    auto instances = QueryAll(kLabelGuid, "AcmeWmi_Label");
    ASSERT_EQ(instances.size(), 1u);
    const ValueNode& v = instances[0].value;
    EXPECT_EQ(Field(v, "Revision").u, 1u);
    EXPECT_EQ(Field(v, "SampleCount").u, static_cast<std::uint64_t>(kLabelSamples));
    const ValueNode& samples = Field(v, "Samples");
    ASSERT_EQ(samples.children.size(), static_cast<std::size_t>(kLabelSamples));
    for (int i = 0; i < kLabelSamples; ++i) EXPECT_EQ(samples.children[i].u, 1000u * (i + 1) + i);
    EXPECT_EQ(Field(v, "Name").text, "Acme sample device");
    EXPECT_EQ(Field(v, "Vendor").text, "Acme Corporation");
    // 8 fixed bytes, the samples, then two counted strings.
    EXPECT_EQ(instances[0].size, 8u + 2u * kLabelSamples + 2u + 2u * 18u + 2u + 2u * 16u);
}

TEST_F(AcmeWmiTest, LabelQuerySingleInstanceGrowsTheBufferTheDriverAsksFor) {
    kwmi::Reply reply = consumer.QuerySingleInstance(kLabelGuid, InstanceName(kLabelGuid));
    ASSERT_TRUE(reply) << reply.error;
    auto decoded = Schema::Get().Decode("AcmeWmi_Label", reply.bytes);
    ASSERT_EQ(decoded.size(), 1u);
    EXPECT_EQ(Field(decoded[0].value, "Vendor").text, "Acme Corporation");
}

TEST_F(AcmeWmiTest, LabelSetItemRenamesTheDevice) {
    std::u16string name = InstanceName(kLabelGuid);
    auto text = CountedString(u"Renamed by a consumer");
    ASSERT_EQ(consumer.SetSingleItem(kLabelGuid, name, ACME_LABEL_Name_ID, text), static_cast<ULONG>(ERROR_SUCCESS));
    auto instances = QueryAll(kLabelGuid, "AcmeWmi_Label");
    ASSERT_EQ(instances.size(), 1u);
    EXPECT_EQ(Field(instances[0].value, "Name").text, "Renamed by a consumer");
    EXPECT_EQ(Field(instances[0].value, "Vendor").text, "Acme Corporation");
    EXPECT_EQ(Field(instances[0].value, "Revision").u, 2u);
}

TEST_F(AcmeWmiTest, LabelSetItemRejectsBadStringsAndReadOnlyItems) {
    std::u16string name = InstanceName(kLabelGuid);
    auto text = CountedString(u"abc");
    EXPECT_EQ(consumer.SetSingleItem(kLabelGuid, name, ACME_LABEL_Vendor_ID, text),
              static_cast<ULONG>(ERROR_WMI_READ_ONLY));
    EXPECT_EQ(consumer.SetSingleItem(kLabelGuid, name, ACME_LABEL_Vendor_ID + 1, text),
              static_cast<ULONG>(ERROR_WMI_ITEMID_NOT_FOUND));
    auto truncated = text;
    truncated.pop_back();  // length says 6 bytes, 5 follow
    EXPECT_EQ(consumer.SetSingleItem(kLabelGuid, name, ACME_LABEL_Name_ID, truncated),
              static_cast<ULONG>(ERROR_WMI_SET_FAILURE));
    auto odd = text;
    odd[0] = 5;  // an odd byte length is not UTF-16
    EXPECT_EQ(consumer.SetSingleItem(kLabelGuid, name, ACME_LABEL_Name_ID, odd),
              static_cast<ULONG>(ERROR_INVALID_PARAMETER));
    auto tooLong = CountedString(std::u16string(65, u'x'));
    EXPECT_EQ(consumer.SetSingleItem(kLabelGuid, name, ACME_LABEL_Name_ID, tooLong),
              static_cast<ULONG>(ERROR_INVALID_PARAMETER));
    auto instances = QueryAll(kLabelGuid, "AcmeWmi_Label");
    ASSERT_EQ(instances.size(), 1u);
    EXPECT_EQ(Field(instances[0].value, "Name").text, "Acme sample device");
    EXPECT_EQ(Field(instances[0].value, "Revision").u, 1u);
}

}  // namespace
}  // namespace acmewmi_test
