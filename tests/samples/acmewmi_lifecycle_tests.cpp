// Lifecycle of the acmewmi sample: load and MOF resource, the timer-driven dynamic instance
// on the virtual clock, and removal without leaks.
#include "acmewmi_fixture.hpp"

#include <algorithm>
#include <chrono>

namespace acmewmi_test {
namespace {

using namespace std::chrono_literals;
using kwmi::mof::ValueNode;

constexpr std::chrono::milliseconds kPeriod{kHeartbeatPeriodMs};

TEST_F(AcmeWmiTest, DeviceStartsAndRegistersItsMofResource) {
    EXPECT_EQ(host.State(device), kwmi::host::DeviceState::Started);
    std::vector<kwmi::wmi::MofResource> resources;
    ASSERT_EQ(consumer.MofResources(resources), static_cast<ULONG>(ERROR_SUCCESS));
    auto found = std::find_if(resources.begin(), resources.end(),
                              [](const kwmi::wmi::MofResource& r) { return r.resourceName == u"MofResource"; });
    ASSERT_NE(found, resources.end());
    std::u16string suffix = u"\\acmewmi";
    ASSERT_GE(found->imagePath.size(), suffix.size());
    EXPECT_EQ(found->imagePath.substr(found->imagePath.size() - suffix.size()), suffix);
}

TEST_F(AcmeWmiTest, HeartbeatInstanceAppearsOnOneTickAndIsRemovedOnTheNext) {
    // Before the first tick the provider exists but has no instance.
    EXPECT_NE(consumer.QueryAllData(kHeartbeatGuid).error, static_cast<ULONG>(ERROR_SUCCESS));
    kernel.AdvanceTime(kPeriod - 1ms);
    EXPECT_NE(consumer.QueryAllData(kHeartbeatGuid).error, static_cast<ULONG>(ERROR_SUCCESS));

    // Tick 1 (DISPATCH_LEVEL): the instance is created with Register = TRUE; the registration
    // update runs as a work item, which AdvanceTime runs before returning.
    std::uint64_t workItemsBefore = kernel.Stats().workItemsRun;
    kernel.AdvanceTime(1ms);
    EXPECT_GT(kernel.Stats().workItemsRun, workItemsBefore);
    auto instances = QueryAll(kHeartbeatGuid, "AcmeWmi_Heartbeat");
    ASSERT_EQ(instances.size(), 1u);
    EXPECT_EQ(Field(instances[0].value, "Tick").u, 1u);
    EXPECT_EQ(Field(instances[0].value, "CreatedAtIrql").u, static_cast<std::uint64_t>(DISPATCH_LEVEL));
    std::uint64_t createdAt = Field(instances[0].value, "CreatedAt").u;
    EXPECT_EQ(createdAt, static_cast<std::uint64_t>(kernel.SystemTime()));  // the virtual clock at the tick

    // Tick 2: deregistered and deleted; after the update work item WMI no longer sees it.
    workItemsBefore = kernel.Stats().workItemsRun;
    kernel.AdvanceTime(kPeriod);
    EXPECT_GT(kernel.Stats().workItemsRun, workItemsBefore);
    EXPECT_NE(consumer.QueryAllData(kHeartbeatGuid).error, static_cast<ULONG>(ERROR_SUCCESS));

    // Tick 3: a new instance on the same provider.
    kernel.AdvanceTime(kPeriod);
    instances = QueryAll(kHeartbeatGuid, "AcmeWmi_Heartbeat");
    ASSERT_EQ(instances.size(), 1u);
    EXPECT_EQ(Field(instances[0].value, "Tick").u, 3u);
    // 100-ns units of the virtual clock: two periods later.
    EXPECT_EQ(Field(instances[0].value, "CreatedAt").u - createdAt,
              static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(2 * kPeriod).count() / 100));
}

TEST_F(AcmeWmiTest, OtherBlocksStayRegisteredWhileTheHeartbeatComesAndGoes) {
    for (int tick = 0; tick < 4; ++tick) {
        kernel.AdvanceTime(kPeriod);
        EXPECT_EQ(QueryAll(kScalarsGuid, "AcmeWmi_Scalars").size(), static_cast<std::size_t>(kScalarsInstances));
        EXPECT_EQ(QueryAll(kAnchorGuid, "AcmeWmi_Anchor").size(), 1u);
    }
}

TEST_F(AcmeWmiTest, RemoveDeviceWithALiveHeartbeatUnregistersEverythingAndLeaksNothing) {
    kernel.AdvanceTime(kPeriod);
    ASSERT_EQ(QueryAll(kHeartbeatGuid, "AcmeWmi_Heartbeat").size(), 1u);

    ASSERT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    EXPECT_EQ(host.State(device), kwmi::host::DeviceState::Removed);
    kernel.RunUntilIdle();
    for (const GUID* guid : {&kScalarsGuid, &kAnchorGuid, &kRouteGuid, &kLabelGuid, &kControlGuid,
                             &kStatisticsGuid, &kHeartbeatGuid}) {
        EXPECT_EQ(consumer.QueryAllData(*guid).error, static_cast<ULONG>(ERROR_WMI_GUID_NOT_FOUND));
    }
    // The timer died with its device: time passing changes nothing.
    kernel.AdvanceTime(3 * kPeriod);
    EXPECT_EQ(consumer.QueryAllData(kHeartbeatGuid).error, static_cast<ULONG>(ERROR_WMI_GUID_NOT_FOUND));

    auto report = host.UnloadDriver(driver);
    EXPECT_TRUE(report.Empty()) << report.Text();
    removed = true;
}

TEST_F(AcmeWmiTest, TwoDevicesKeepSeparateDataAndInstances) {
    std::int32_t status = -1;
    std::size_t second = host.AddDevice(driver, &status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(second), STATUS_SUCCESS);
    kernel.RunUntilIdle();

    auto scalars = QueryAll(kScalarsGuid, "AcmeWmi_Scalars");
    EXPECT_EQ(scalars.size(), static_cast<std::size_t>(2 * kScalarsInstances));
    std::u16string firstAnchor = InstanceName(kAnchorGuid, 0);
    std::u16string secondAnchor = InstanceName(kAnchorGuid, 1);
    EXPECT_NE(firstAnchor, secondAnchor);

    auto point = Schema::Get().Encode("AcmeWmi_Anchor", {"Position={X=1,Y=2,Weight=3}"});
    ASSERT_GE(point.size(), 16u);
    ASSERT_EQ(consumer.SetSingleItem(kAnchorGuid, secondAnchor, ACME_ANCHOR_Position_ID,
                                     std::span<const std::uint8_t>(point.data() + 4, 12)),
              static_cast<ULONG>(ERROR_SUCCESS));
    kwmi::Reply first = consumer.QuerySingleInstance(kAnchorGuid, firstAnchor);
    kwmi::Reply changed = consumer.QuerySingleInstance(kAnchorGuid, secondAnchor);
    ASSERT_TRUE(first);
    ASSERT_TRUE(changed);
    auto firstDecoded = Schema::Get().Decode("AcmeWmi_Anchor", first.bytes);
    auto changedDecoded = Schema::Get().Decode("AcmeWmi_Anchor", changed.bytes);
    ASSERT_EQ(firstDecoded.size(), 1u);
    ASSERT_EQ(changedDecoded.size(), 1u);
    EXPECT_EQ(Field(firstDecoded[0].value, "Moves").u, 0u);
    EXPECT_EQ(Field(changedDecoded[0].value, "Moves").u, 1u);
    EXPECT_EQ(Field(Field(changedDecoded[0].value, "Position"), "X").s, 1);

    ASSERT_EQ(host.RemoveDevice(second), STATUS_SUCCESS);
    EXPECT_EQ(QueryAll(kScalarsGuid, "AcmeWmi_Scalars").size(), static_cast<std::size_t>(kScalarsInstances));
}

}  // namespace
}  // namespace acmewmi_test
