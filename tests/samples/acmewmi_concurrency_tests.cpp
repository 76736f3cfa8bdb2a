// The acmewmi sample on the threaded scheduler: consumers on several threads query and set
// the same blocks at once; the driver's spin lock keeps every block consistent.
#include "acmewmi_fixture.hpp"

#include <atomic>
#include <thread>

namespace acmewmi_test {
namespace {

using kwmi::mof::ValueNode;

class AcmeWmiThreadedTest : public AcmeWmiTest {
protected:
    AcmeWmiThreadedTest() : AcmeWmiTest(kwmi::nt::SchedulerKind::Threaded) {}
};

constexpr int kIterations = 150;

TEST_F(AcmeWmiThreadedTest, ConcurrentSetsAndQueriesSeeWholeUpdates) {
    const std::u16string label = InstanceName(kLabelGuid);
    const std::u16string anchor = InstanceName(kAnchorGuid);
    const auto alpha = CountedString(u"Alpha");
    const auto bravo = CountedString(u"Bravo-Bravo");
    auto anchorBlock = Schema::Get().Encode("AcmeWmi_Anchor", {"Position={X=-7,Y=7,Weight=77}"});
    ASSERT_GE(anchorBlock.size(), 16u);
    const std::vector<std::uint8_t> point(anchorBlock.begin() + 4, anchorBlock.begin() + 16);

    std::atomic<int> labelSets{0}, anchorSets{0}, failures{0};
    std::thread renamer([&] {
        kwmi::Consumer own;
        for (int i = 0; i < kIterations; ++i) {
            const auto& text = (i % 2 == 0) ? alpha : bravo;
            if (own.SetSingleItem(kLabelGuid, label, ACME_LABEL_Name_ID, text) == ERROR_SUCCESS) ++labelSets;
            else ++failures;
        }
    });
    std::thread mover([&] {
        kwmi::Consumer own;
        for (int i = 0; i < kIterations; ++i) {
            if (own.SetSingleItem(kAnchorGuid, anchor, ACME_ANCHOR_Position_ID, point) == ERROR_SUCCESS) ++anchorSets;
            else ++failures;
        }
    });
    std::thread reader([&] {
        kwmi::Consumer own;
        std::uint64_t lastRevision = 0;
        for (int i = 0; i < kIterations; ++i) {
            kwmi::Reply reply = own.QuerySingleInstance(kLabelGuid, label);
            if (!reply) { ++failures; continue; }
            auto decoded = Schema::Get().Decode("AcmeWmi_Label", reply.bytes);
            if (decoded.size() != 1) { ++failures; continue; }
            const std::string& name = Field(decoded[0].value, "Name").text;
            // A name is always one complete value, never a mix of two writes.
            if (name != "Acme sample device" && name != "Alpha" && name != "Bravo-Bravo") ++failures;
            std::uint64_t revision = Field(decoded[0].value, "Revision").u;
            if (revision < lastRevision) ++failures;
            lastRevision = revision;
        }
    });
    std::thread caller([&] {
        kwmi::Consumer own;
        for (int i = 0; i < kIterations; ++i) {
            kwmi::Reply reply = own.ExecuteMethod(kControlGuid, InstanceName(kControlGuid), AcmeAddValues,
                                                  Schema::Get().EncodeIn("AcmeAddValues", {"A=" + std::to_string(i),
                                                                                           "B=1"}));
            if (!reply || Field(Schema::Get().DecodeOut("AcmeAddValues", reply.bytes), "Sum").s != i + 1) ++failures;
        }
    });
    renamer.join();
    mover.join();
    reader.join();
    caller.join();
    kernel.WaitIdle();

    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(labelSets.load(), kIterations);
    EXPECT_EQ(anchorSets.load(), kIterations);
    auto labels = QueryAll(kLabelGuid, "AcmeWmi_Label");
    ASSERT_EQ(labels.size(), 1u);
    EXPECT_EQ(Field(labels[0].value, "Revision").u, 1u + kIterations);
    EXPECT_EQ(Field(labels[0].value, "Name").text, "Bravo-Bravo");  // the last write (odd count)
    auto anchors = QueryAll(kAnchorGuid, "AcmeWmi_Anchor");
    ASSERT_EQ(anchors.size(), 1u);
    EXPECT_EQ(Field(anchors[0].value, "Moves").u, static_cast<std::uint64_t>(kIterations));
    EXPECT_EQ(Field(Field(anchors[0].value, "Position"), "Weight").u, 77u);
}

}  // namespace
}  // namespace acmewmi_test
