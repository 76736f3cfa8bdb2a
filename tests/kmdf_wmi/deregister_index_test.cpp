// deregister_index_test.cpp - WMI instance indexes after deregistrations (kmdf-wmi-semantics.md
// §3.3, §6 step 3): the index is the position in the provider's list, later instances shift
// down, re-registration appends at the tail, an unregistered instance fires with the count.
// The provider's list closes the holes removals leave lazily (a speed change): these pin that
// lookups by index and FireEvent indexes still match KMDF after every removal order.
#include "kmdf_wmi_fixture.hpp"

#include <kwmi/wmi_service.hpp>

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

// Collects the event WNODEs the WMI service delivers for one GUID.
class EventCollector {
public:
    explicit EventCollector(const GUID &guid)
    {
        service_ = wmi::Service::Current();
        EXPECT_NE(service_, nullptr);
        status = service_->Subscribe(
            guid, wmi::Identity::Administrator(),
            [this](const WNODE_HEADER *wnode, std::uint32_t size) {
                const auto *bytes = reinterpret_cast<const UCHAR *>(wnode);
                events_.emplace_back(bytes, bytes + size);
            },
            &subscription_);
    }
    ~EventCollector() { service_->Unsubscribe(subscription_); }
    // InstanceIndex of every event delivered so far, then forgets them.
    std::vector<ULONG> TakeIndexes()
    {
        service_->FlushDeferredWork();
        std::vector<ULONG> indexes;
        for (const Bytes &e : events_) {
            indexes.push_back(Read32(e, 52));
        }
        events_.clear();
        return indexes;
    }
    NTSTATUS status = 0;

private:
    wmi::Service *service_ = nullptr;
    std::uint64_t subscription_ = 0;
    std::vector<Bytes> events_;
};

class KmdfWmiDeregisterIndex : public KmdfWmiFixture {
protected:
    // Fill byte of the instance answering QUERY_SINGLE_INSTANCE at `index`, or -1 with the
    // failure status in `status`.
    int FillAt(ULONG index, NTSTATUS *status = nullptr)
    {
        Bytes q = SingleInstanceWnode(TestGuid(1), index, 128);
        const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
        if (status) {
            *status = r.status;
        }
        if (!NT_SUCCESS(r.status)) {
            return -1;
        }
        EXPECT_EQ(Read32(q, 60), 4u);
        return q.at(Read32(q, 56));
    }
    // InstanceIndex the event of each instance carries, in `instances` order.
    std::vector<ULONG> FiredIndexes()
    {
        EventCollector sink(TestGuid(1));
        EXPECT_EQ(sink.status, STATUS_SUCCESS);
        for (WDFWMIINSTANCE instance : instances) {
            EXPECT_EQ(WdfWmiInstanceFireEvent(instance, 0, nullptr), STATUS_SUCCESS);
        }
        RunUntilIdle();
        return sink.TakeIndexes();
    }
};

TEST_F(KmdfWmiDeregisterIndex, OutOfOrderDeregistrationShiftsLaterInstancesDown)
{
    StartWithInstances({4, 4, 4, 4, 4}); // fills 0x10..0x14 at indexes 0..4
    WdfWmiInstanceDeregister(instances[1]);
    WdfWmiInstanceDeregister(instances[3]);
    RunUntilIdle();
    EXPECT_EQ(FillAt(0), 0x10);
    EXPECT_EQ(FillAt(1), 0x12);
    EXPECT_EQ(FillAt(2), 0x14);
    NTSTATUS status = 0;
    EXPECT_EQ(FillAt(3, &status), -1);
    EXPECT_EQ(status, STATUS_WMI_INSTANCE_NOT_FOUND);
    // registered: list position; unregistered (1 and 3): the current count, 3
    EXPECT_EQ(FiredIndexes(), (std::vector<ULONG>{0, 3, 1, 3, 2}));
}

TEST_F(KmdfWmiDeregisterIndex, InOrderDeregistrationFromHeadAndTail)
{
    StartWithInstances({4, 4, 4, 4});
    WdfWmiInstanceDeregister(instances[0]);
    EXPECT_EQ(FillAt(0), 0x11);
    WdfWmiInstanceDeregister(instances[3]);
    WdfWmiInstanceDeregister(instances[2]);
    RunUntilIdle();
    EXPECT_EQ(FillAt(0), 0x11);
    NTSTATUS status = 0;
    EXPECT_EQ(FillAt(1, &status), -1);
    EXPECT_EQ(status, STATUS_WMI_INSTANCE_NOT_FOUND);
    EXPECT_EQ(FiredIndexes(), (std::vector<ULONG>{1, 0, 1, 1}));
}

TEST_F(KmdfWmiDeregisterIndex, ReregistrationAppendsAtTheTail)
{
    StartWithInstances({4, 4, 4});
    WdfWmiInstanceDeregister(instances[0]);
    ASSERT_EQ(WdfWmiInstanceRegister(instances[0]), STATUS_SUCCESS);
    RunUntilIdle();
    EXPECT_EQ(FillAt(0), 0x11);
    EXPECT_EQ(FillAt(1), 0x12);
    EXPECT_EQ(FillAt(2), 0x10);
    EXPECT_EQ(FiredIndexes(), (std::vector<ULONG>{2, 0, 1}));
}

TEST_F(KmdfWmiDeregisterIndex, ManyRemovalsKeepIndexesDense)
{
    // More removals than the list tolerates as holes before it compacts by itself (over 64 and
    // over the live count), with a lookup in between that compacts early.
    std::vector<ULONG> sizes(150, 4);
    StartWithInstances(sizes); // instance i fills 0x10 + i
    for (std::size_t i = 0; i < instances.size(); ++i) {
        if (i == 30) {
            EXPECT_EQ(FillAt(10), 0x10 + 30); // survivors so far: 2, 5, ..., 29, then 30 onwards
        }
        if (i % 3 != 2) {
            WdfWmiInstanceDeregister(instances[i]); // 100 removed, 50 left: 2, 5, 8, ...
        }
    }
    RunUntilIdle();
    for (ULONG index = 0; index < 50; ++index) {
        EXPECT_EQ(FillAt(index), static_cast<int>(0x10 + 3 * index + 2)) << "index " << index;
    }
    NTSTATUS status = 0;
    EXPECT_EQ(FillAt(50, &status), -1);
    EXPECT_EQ(status, STATUS_WMI_INSTANCE_NOT_FOUND);
    const std::vector<ULONG> fired = FiredIndexes();
    ASSERT_EQ(fired.size(), instances.size());
    for (std::size_t i = 0; i < instances.size(); ++i) {
        EXPECT_EQ(fired[i], i % 3 == 2 ? static_cast<ULONG>(i / 3) : 50u) << "instance " << i;
    }
}

} // namespace
} // namespace kwmi::kmdfwmitest
