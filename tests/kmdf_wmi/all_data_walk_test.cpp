// QUERY_ALL_DATA fetches instance i when it reaches it (spec §5.4 step 7), so list changes made
// during the request show exactly as KMDF's per-index lock + walk shows them (§8 quirk 4):
// a removal shifts later instances down and leaves the last slot unwritten, an addition is not
// seen. The framework references instances in batches; these tests cross batch boundaries.
#include "kmdf_wmi_fixture.hpp"

#include <cstring>

namespace kwmi::kmdfwmitest {
namespace {

constexpr ULONG kCount = 200; // more than one reference batch

class AllDataWalk : public KmdfWmiFixture {
protected:
    // kCount instances of 4 bytes each holding their creation number.
    void StartNumbered()
    {
        std::vector<ULONG> sizes(kCount, 4);
        StartWithInstances(sizes);
        for (ULONG i = 0; i < kCount; ++i) {
            Bytes number(4);
            std::memcpy(number.data(), &i, 4);
            data[instances[i]] = number;
        }
    }

    // QUERY_ALL_DATA into a fresh buffer; fills `numbers` with the number each slot holds
    // (kUnwritten for a slot the framework did not write).
    static constexpr ULONG kUnwritten = 0xFFFFFFFF;
    IrpResult QueryNumbers(std::vector<ULONG> &numbers)
    {
        Bytes q = AllDataWnode(TestGuid(1), 64 * 1024);
        const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
        numbers.clear();
        if (r.status != STATUS_SUCCESS) {
            return r;
        }
        const ULONG count = Read32(q, 52);
        for (ULONG i = 0; i < count; ++i) {
            const ULONG offset = Read32(q, 60 + 8 * i);
            const ULONG length = Read32(q, 64 + 8 * i);
            numbers.push_back(offset == 0 && length == 0 ? kUnwritten : Read32(q, offset));
        }
        return r;
    }

    // While instance `at` is queried, run `change` once.
    void DuringQueryOf(ULONG at, std::function<void()> change)
    {
        onQuery = [this, at, change, done = false](WDFWMIINSTANCE instance, ULONG size, PVOID out,
                                                  PULONG used) mutable {
            if (!done && instance == instances[at]) {
                done = true;
                change();
            }
            return AnswerWithData(instance, size, out, used);
        };
    }
};

TEST_F(AllDataWalk, UnchangedListAnswersEveryInstanceInOrder)
{
    StartNumbered();
    std::vector<ULONG> numbers;
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS);
    ASSERT_EQ(numbers.size(), kCount);
    for (ULONG i = 0; i < kCount; ++i) EXPECT_EQ(numbers[i], i);
}

TEST_F(AllDataWalk, RemovalAheadInAnotherBatchShiftsLaterInstancesAndLeavesTheLastSlotStale)
{
    StartNumbered();
    DuringQueryOf(100, [this] { WdfWmiInstanceDeregister(instances[150]); });
    std::vector<ULONG> numbers;
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS);
    ASSERT_EQ(numbers.size(), kCount); // InstanceCount is the snapshot taken first
    for (ULONG i = 0; i < 150; ++i) EXPECT_EQ(numbers[i], i);
    for (ULONG i = 150; i < kCount - 1; ++i) EXPECT_EQ(numbers[i], i + 1) << "slot " << i;
    EXPECT_EQ(numbers[kCount - 1], kUnwritten);
}

TEST_F(AllDataWalk, RemovalInsideTheCurrentBatchIsSeenAtTheNextIndex)
{
    StartNumbered();
    DuringQueryOf(10, [this] { WdfWmiInstanceDeregister(instances[11]); });
    std::vector<ULONG> numbers;
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS);
    EXPECT_EQ(numbers[10], 10u);
    EXPECT_EQ(numbers[11], 12u); // instance 11 is skipped
    EXPECT_EQ(numbers[kCount - 2], kCount - 1);
    EXPECT_EQ(numbers[kCount - 1], kUnwritten);
}

TEST_F(AllDataWalk, RemovalBehindTheWalkRepeatsTheInstanceThatMovedDown)
{
    StartNumbered();
    DuringQueryOf(70, [this] { WdfWmiInstanceDeregister(instances[3]); });
    std::vector<ULONG> numbers;
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS);
    EXPECT_EQ(numbers[70], 70u);
    EXPECT_EQ(numbers[71], 72u); // index 71 now holds instance 72: instance 71 is skipped
    EXPECT_EQ(numbers[kCount - 1], kUnwritten);
}

TEST_F(AllDataWalk, InstanceRegisteredDuringTheRequestIsNotAnswered)
{
    StartNumbered();
    WdfWmiInstanceDeregister(instances[kCount - 1]);
    RunUntilIdle();
    DuringQueryOf(5, [this] { EXPECT_EQ(WdfWmiInstanceRegister(instances[kCount - 1]), STATUS_SUCCESS); });
    std::vector<ULONG> numbers;
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS);
    ASSERT_EQ(numbers.size(), kCount - 1);
    for (ULONG i = 0; i < kCount - 1; ++i) EXPECT_EQ(numbers[i], i);
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS); // the next request sees it
    EXPECT_EQ(numbers.size(), kCount);
}

TEST_F(AllDataWalk, InstanceDeletedDuringTheRequestIsDestroyedAndTheWalkGoesOn)
{
    StartNumbered();
    DuringQueryOf(20, [this] { WdfObjectDelete(instances[90]); });
    std::vector<ULONG> numbers;
    ASSERT_EQ(QueryNumbers(numbers).status, STATUS_SUCCESS);
    EXPECT_EQ(numbers[89], 89u);
    EXPECT_EQ(numbers[90], 91u);
    EXPECT_EQ(numbers[kCount - 1], kUnwritten);
    EXPECT_FALSE(bugChecks->Fired());
}

} // namespace
} // namespace kwmi::kmdfwmitest
