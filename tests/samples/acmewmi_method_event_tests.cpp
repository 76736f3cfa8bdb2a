// Methods, the event and the expensive block of the acmewmi sample.
#include "acmewmi_fixture.hpp"

#include <wmistr.h>

#include <cstring>

namespace acmewmi_test {
namespace {

using kwmi::mof::ValueNode;

std::uint64_t ControlItem(kwmi::Consumer& consumer, const char* item) {
    kwmi::Reply reply = consumer.QueryAllData(kControlGuid);
    EXPECT_TRUE(reply) << reply.error;
    if (!reply) return ~0ull;
    auto instances = Schema::Get().Decode("AcmeWmi_Control", reply.bytes);
    EXPECT_EQ(instances.size(), 1u);
    return instances.empty() ? ~0ull : Field(instances[0].value, item).u;
}

TEST_F(AcmeWmiTest, SetLevelChangesTheBlockAndReturnsThePreviousLevel) {
    EXPECT_EQ(ControlItem(consumer, "Level"), 1u);
    std::vector<std::uint8_t> output;
    ASSERT_EQ(Execute(AcmeSetLevel, Schema::Get().EncodeIn("AcmeSetLevel", {"Level=4"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(output.size(), static_cast<std::size_t>(AcmeSetLevel_OUT_SIZE));
    ValueNode result = Schema::Get().DecodeOut("AcmeSetLevel", output);
    EXPECT_EQ(Field(result, "PreviousLevel").u, 1u);
    EXPECT_EQ(Field(result, "MaxLevel").u, 5u);
    EXPECT_EQ(ControlItem(consumer, "Level"), 4u);

    ASSERT_EQ(Execute(AcmeSetLevel, Schema::Get().EncodeIn("AcmeSetLevel", {"Level=0"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeSetLevel", output), "PreviousLevel").u, 4u);
    EXPECT_EQ(ControlItem(consumer, "Level"), 0u);
}

TEST_F(AcmeWmiTest, SetLevelRejectsOutOfRangeAndShortInputWithoutChangingData) {
    EXPECT_EQ(Execute(AcmeSetLevel, Schema::Get().EncodeIn("AcmeSetLevel", {"Level=6"}), nullptr),
              static_cast<ULONG>(ERROR_INVALID_PARAMETER));
    std::vector<std::uint8_t> shortInput(AcmeSetLevel_IN_SIZE - 1, 0);
    EXPECT_EQ(Execute(AcmeSetLevel, shortInput, nullptr), static_cast<ULONG>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(ControlItem(consumer, "Level"), 1u);
}

TEST_F(AcmeWmiTest, MethodOutputBufferTooSmallReportsTheNeededSizeAndChangesNothing) {
    // Input and output share one buffer of max(input, output capacity) bytes: with 4 input
    // bytes and room for 4 output bytes the driver sees 4 < AcmeSetLevel_OUT_SIZE and must
    // refuse before changing anything.
    ULONG needed = 0;
    std::vector<std::uint8_t> output;
    auto input = Schema::Get().EncodeIn("AcmeSetLevel", {"Level=3"});
    ASSERT_LT(input.size(), static_cast<std::size_t>(AcmeSetLevel_OUT_SIZE));
    EXPECT_EQ(Execute(AcmeSetLevel, input, &output, static_cast<ULONG>(input.size()), &needed),
              static_cast<ULONG>(ERROR_INSUFFICIENT_BUFFER));
    EXPECT_EQ(needed, static_cast<ULONG>(AcmeSetLevel_OUT_SIZE));
    EXPECT_EQ(ControlItem(consumer, "Level"), 1u);

    // Retried with the size asked for, it runs once.
    ASSERT_EQ(Execute(AcmeSetLevel, input, &output, needed), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(ControlItem(consumer, "Level"), 3u);
}

TEST_F(AcmeWmiTest, UnknownMethodIdIsItemIdNotFound) {
    ULONG input = 0;
    EXPECT_EQ(Execute(AcmeAddValues + 1, BytesOf(input), nullptr), static_cast<ULONG>(ERROR_WMI_ITEMID_NOT_FOUND));
    EXPECT_EQ(Execute(0, BytesOf(input), nullptr), static_cast<ULONG>(ERROR_WMI_ITEMID_NOT_FOUND));
}

TEST_F(AcmeWmiTest, AddValuesComputesA64BitSumFromTheSharedBuffer) {
    std::vector<std::uint8_t> output;
    ASSERT_EQ(Execute(AcmeAddValues, Schema::Get().EncodeIn("AcmeAddValues", {"A=2147483647", "B=2147483647"}),
                      &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeAddValues", output), "Sum").s, 4294967294LL);
    ASSERT_EQ(Execute(AcmeAddValues, Schema::Get().EncodeIn("AcmeAddValues", {"A=-7", "B=3"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeAddValues", output), "Sum").s, -4);
}

TEST_F(AcmeWmiTest, FireNotifyDeliversTheEventToASubscriber) {
    std::vector<std::vector<std::uint8_t>> events;
    auto subscription = consumer.Subscribe(kNotifyGuid, [&](std::span<const std::uint8_t> wnode) {
        events.emplace_back(wnode.begin(), wnode.end());
    });
    ASSERT_EQ(subscription.Error(), static_cast<ULONG>(ERROR_SUCCESS));
    kernel.RunUntilIdle();
    ASSERT_EQ(Execute(AcmeSetLevel, Schema::Get().EncodeIn("AcmeSetLevel", {"Level=5"}), nullptr),
              static_cast<ULONG>(ERROR_SUCCESS));

    std::vector<std::uint8_t> output;
    ASSERT_EQ(Execute(AcmeFireNotify, Schema::Get().EncodeIn("AcmeFireNotify", {"Code=85"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeFireNotify", output), "Sequence").u, 1u);
    kernel.RunUntilIdle();
    service.FlushDeferredWork();

    ASSERT_EQ(events.size(), 1u);
    const auto& bytes = events[0];
    ASSERT_GE(bytes.size(), sizeof(WNODE_SINGLE_INSTANCE));
    WNODE_SINGLE_INSTANCE wnode;
    std::memcpy(&wnode, bytes.data(), sizeof wnode);
    EXPECT_EQ(std::memcmp(&wnode.WnodeHeader.Guid, &kNotifyGuid, sizeof(GUID)), 0);
    EXPECT_NE(wnode.WnodeHeader.Flags & WNODE_FLAG_EVENT_ITEM, 0u);
    EXPECT_NE(wnode.WnodeHeader.Flags & WNODE_FLAG_SINGLE_INSTANCE, 0u);
    EXPECT_EQ(wnode.SizeDataBlock, static_cast<ULONG>(ACME_NOTIFY_SIZE));
    auto decoded = Schema::Get().Decode("AcmeWmi_Notify", bytes);
    ASSERT_EQ(decoded.size(), 1u);
    EXPECT_EQ(Field(decoded[0].value, "Code").u, 85u);
    EXPECT_EQ(Field(decoded[0].value, "Sequence").u, 1u);
    EXPECT_EQ(Field(decoded[0].value, "Level").u, 5u);
    EXPECT_EQ(ControlItem(consumer, "EventsFired"), 1u);
}

TEST_F(AcmeWmiTest, FireNotifyWithoutASubscriberAdvancesTheSequenceButFiresNothing) {
    std::vector<std::uint8_t> output;
    ASSERT_EQ(Execute(AcmeFireNotify, Schema::Get().EncodeIn("AcmeFireNotify", {"Code=1"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeFireNotify", output), "Sequence").u, 1u);
    ASSERT_EQ(Execute(AcmeFireNotify, Schema::Get().EncodeIn("AcmeFireNotify", {"Code=2"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeFireNotify", output), "Sequence").u, 2u);
    EXPECT_EQ(ControlItem(consumer, "EventsFired"), 0u);

    // Once a consumer subscribes the provider is enabled and the next call fires.
    int delivered = 0;
    auto subscription = consumer.Subscribe(kNotifyGuid, [&](std::span<const std::uint8_t>) { ++delivered; });
    ASSERT_EQ(subscription.Error(), static_cast<ULONG>(ERROR_SUCCESS));
    ASSERT_EQ(Execute(AcmeFireNotify, Schema::Get().EncodeIn("AcmeFireNotify", {"Code=3"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    kernel.RunUntilIdle();
    service.FlushDeferredWork();
    EXPECT_EQ(delivered, 1);
    EXPECT_EQ(ControlItem(consumer, "EventsFired"), 1u);
}

TEST_F(AcmeWmiTest, FireNotifyStopsFiringWhenTheLastSubscriberLeaves) {
    int delivered = 0;
    {
        auto subscription = consumer.Subscribe(kNotifyGuid, [&](std::span<const std::uint8_t>) { ++delivered; });
        ASSERT_EQ(subscription.Error(), static_cast<ULONG>(ERROR_SUCCESS));
        ASSERT_EQ(Execute(AcmeFireNotify, Schema::Get().EncodeIn("AcmeFireNotify", {"Code=1"}), nullptr),
                  static_cast<ULONG>(ERROR_SUCCESS));
        kernel.RunUntilIdle();
        service.FlushDeferredWork();
    }
    kernel.RunUntilIdle();
    EXPECT_EQ(delivered, 1);
    // The provider was disabled when the subscription ended: the driver no longer fires.
    std::vector<std::uint8_t> output;
    ASSERT_EQ(Execute(AcmeFireNotify, Schema::Get().EncodeIn("AcmeFireNotify", {"Code=2"}), &output),
              static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(Field(Schema::Get().DecodeOut("AcmeFireNotify", output), "Sequence").u, 2u);
    EXPECT_EQ(ControlItem(consumer, "EventsFired"), 1u);
    EXPECT_EQ(delivered, 1);
}

TEST_F(AcmeWmiTest, RequestsForAnUnknownInstanceNameAreInstanceNotFound) {
    const std::u16string unknown = u"ROOT\\KWMI\\9999_0";
    EXPECT_EQ(consumer.QuerySingleInstance(kScalarsGuid, unknown).error,
              static_cast<ULONG>(ERROR_WMI_INSTANCE_NOT_FOUND));
    ULONG value = 1;
    EXPECT_EQ(consumer.SetSingleItem(kScalarsGuid, unknown, ACME_SCALARS_U32_ID, BytesOf(value)),
              static_cast<ULONG>(ERROR_WMI_INSTANCE_NOT_FOUND));
    EXPECT_EQ(consumer.ExecuteMethod(kControlGuid, unknown, AcmeAddValues,
                                     Schema::Get().EncodeIn("AcmeAddValues", {"A=1", "B=2"}))
                  .error,
              static_cast<ULONG>(ERROR_WMI_INSTANCE_NOT_FOUND));
}

TEST_F(AcmeWmiTest, NotifyIsRegisteredEventOnlyAndStatisticsExpensive) {
    WMIGUIDINFORMATION info{};
    info.Size = sizeof info;
    ASSERT_EQ(consumer.QueryGuidInformation(kStatisticsGuid, &info), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_TRUE(info.IsExpensive);
    EXPECT_FALSE(info.IsEventOnly);
    info = WMIGUIDINFORMATION{};
    info.Size = sizeof info;
    ASSERT_EQ(consumer.QueryGuidInformation(kScalarsGuid, &info), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_FALSE(info.IsExpensive);
    EXPECT_FALSE(info.IsEventOnly);
    info = WMIGUIDINFORMATION{};
    info.Size = sizeof info;
    ASSERT_EQ(consumer.QueryGuidInformation(kNotifyGuid, &info), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_TRUE(info.IsEventOnly);
    EXPECT_FALSE(info.IsExpensive);
}

TEST_F(AcmeWmiTest, StatisticsCollectsOnlyWhileAConsumerHoldsTheBlockOpen) {
    auto first = QueryAll(kStatisticsGuid, "AcmeWmi_Statistics");
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(Field(first[0].value, "Collecting").u, 1u);
    EXPECT_EQ(Field(first[0].value, "CollectionEnables").u, 1u);
    EXPECT_EQ(Field(first[0].value, "CollectionDisables").u, 0u);
    // The driver counts its query callbacks while collecting (WMI may call it more than once
    // per consumer query while it sizes the buffer).
    std::uint64_t queries = Field(first[0].value, "Queries").u;
    EXPECT_GE(queries, 1u);

    // Each Consumer call opens and closes the block: collection was disabled in between.
    auto second = QueryAll(kStatisticsGuid, "AcmeWmi_Statistics");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(Field(second[0].value, "Collecting").u, 1u);
    EXPECT_EQ(Field(second[0].value, "CollectionEnables").u, 2u);
    EXPECT_EQ(Field(second[0].value, "CollectionDisables").u, 1u);
    EXPECT_GT(Field(second[0].value, "Queries").u, queries);
}

}  // namespace
}  // namespace acmewmi_test
