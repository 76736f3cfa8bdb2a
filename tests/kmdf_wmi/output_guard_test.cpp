// The verifier's output-buffer guard on both of its paths: in place, when the IRP's sender owns
// writable slack behind the buffer (nt::BufferTailScope, as the WMI service does), and in a
// scratch copy otherwise (a raw IRP). The WNODE a consumer gets must be the same either way.
#include "kmdf_wmi_fixture.hpp"

#include <kwmi/kernel.hpp>

#include <cstring>

namespace kwmi::kmdfwmitest {
namespace {

constexpr std::size_t kSlack = 256; // what the WMI service keeps behind its IRP buffers

// A QUERY_ALL_DATA buffer of `size` bytes followed by `slack` bytes the sender owns.
struct SlackBuffer {
    Bytes bytes;
    ULONG size;
    SlackBuffer(const GUID &guid, ULONG bufferSize, std::size_t slack)
        : bytes(KmdfWmiFixture::AllDataWnode(guid, bufferSize)), size(bufferSize)
    {
        bytes.resize(bufferSize + slack, 0);
    }
};

class OutputGuard : public KmdfWmiFixture {
protected:
    // Every instance fills its whole OutBufferSize with 0xEE, then writes and reports its own
    // bytes: what lies past BufferUsed is the driver's scribble.
    void ScribblePastBufferUsed()
    {
        onQuery = [this](WDFWMIINSTANCE instance, ULONG size, PVOID out, PULONG used) {
            std::memset(out, 0xEE, size);
            return AnswerWithData(instance, size, out, used);
        };
    }

    // Sends QUERY_ALL_DATA for TestGuid(1) in `buffer`, declaring its slack when `inPlace`.
    IrpResult SendAllData(SlackBuffer &buffer, bool inPlace)
    {
        GUID guid = TestGuid(1);
        if (!inPlace) {
            return SendRaw(IRP_MN_QUERY_ALL_DATA, ProviderIdOfDevice(), &guid, buffer.size, buffer.bytes.data());
        }
        nt::BufferTailScope tail(buffer.bytes.data() + buffer.size, buffer.bytes.size() - buffer.size);
        return SendRaw(IRP_MN_QUERY_ALL_DATA, ProviderIdOfDevice(), &guid, buffer.size, buffer.bytes.data());
    }

    // Overruns OutBufferSize by `bytes` on every query.
    void OverrunBy(ULONG bytes)
    {
        onQuery = [bytes](WDFWMIINSTANCE, ULONG size, PVOID out, PULONG used) {
            std::memset(out, 0x5A, static_cast<size_t>(size) + bytes);
            *used = 4;
            return STATUS_SUCCESS;
        };
    }
};

TEST_F(OutputGuard, PaddingStaysZeroWhenADriverScribblesPastBufferUsedInPlace)
{
    StartWithInstances({5, 3, 6});
    ScribblePastBufferUsed();
    SlackBuffer inPlace(TestGuid(1), 256, kSlack);
    SlackBuffer scratch(TestGuid(1), 256, 0);
    const IrpResult a = SendAllData(inPlace, true);
    const IrpResult b = SendAllData(scratch, false);
    ASSERT_EQ(a.status, STATUS_SUCCESS);
    ASSERT_EQ(b.status, STATUS_SUCCESS);
    // DataBlockOffset align16(60 + 3*8) = 96: {96,5} {112,3} {128,6}; 134 bytes in all.
    ASSERT_EQ(a.information, 134u);
    EXPECT_EQ(b.information, a.information);
    EXPECT_EQ(Read32(inPlace.bytes, 60), 96u);
    EXPECT_EQ(Read32(inPlace.bytes, 76), 128u);
    for (size_t i = 101; i < 112; ++i) EXPECT_EQ(inPlace.bytes[i], 0) << "padding byte " << i;
    for (size_t i = 115; i < 128; ++i) EXPECT_EQ(inPlace.bytes[i], 0) << "padding byte " << i;
    EXPECT_EQ(inPlace.bytes[128], 0x12);
    // Header fields written by the framework differ only in the time stamp.
    Write32(inPlace.bytes, 32, 0), Write32(inPlace.bytes, 36, 0);
    Write32(scratch.bytes, 32, 0), Write32(scratch.bytes, 36, 0);
    EXPECT_TRUE(std::equal(inPlace.bytes.begin(), inPlace.bytes.begin() + 134, scratch.bytes.begin()));
    EXPECT_FALSE(bugChecks->Fired());
}

TEST_F(OutputGuard, OverrunIsCaughtInPlaceInTheSendersSlack)
{
    StartWithInstances({4});
    OverrunBy(4);
    SlackBuffer buffer(TestGuid(1), 128, kSlack);
    const IrpResult r = SendAllData(buffer, true);
    EXPECT_EQ(r.status, STATUS_DRIVER_INTERNAL_ERROR);
    ASSERT_EQ(bugChecks->Count(), 1u);
    const auto report = bugChecks->Last();
    EXPECT_EQ(report.code, 0xC4u);
    EXPECT_EQ(report.rule, "CallbackBufferOverrun");
    EXPECT_EQ(report.parameters[2], 128u - 80u); // OutBufferSize: the rest of the WNODE
    EXPECT_EQ(report.parameters[3], 4u);
    // The driver wrote the WNODE itself: its bytes reach the end of the buffer and the slack.
    EXPECT_EQ(buffer.bytes[127], 0x5A);
    EXPECT_EQ(buffer.bytes[131], 0x5A);
}

TEST_F(OutputGuard, WithoutSlackTheOverrunIsCaughtInAScratchCopy)
{
    StartWithInstances({4});
    OverrunBy(4);
    SlackBuffer buffer(TestGuid(1), 128, 0);
    const IrpResult r = SendAllData(buffer, false);
    EXPECT_EQ(r.status, STATUS_DRIVER_INTERNAL_ERROR);
    ASSERT_EQ(bugChecks->Count(), 1u);
    EXPECT_EQ(bugChecks->Last().rule, "CallbackBufferOverrun");
    EXPECT_EQ(bugChecks->Last().parameters[3], 4u);
    EXPECT_EQ(buffer.bytes[127], 0); // the scratch copy took the writes, none came back
}

TEST_F(OutputGuard, SlackTooShortForTheGuardFallsBackToTheScratchCopy)
{
    StartWithInstances({4});
    OverrunBy(4);
    SlackBuffer buffer(TestGuid(1), 128, 32); // < guard tail + the 64 unchecked bytes
    const IrpResult r = SendAllData(buffer, true);
    EXPECT_EQ(r.status, STATUS_DRIVER_INTERNAL_ERROR);
    ASSERT_EQ(bugChecks->Count(), 1u);
    EXPECT_EQ(bugChecks->Last().parameters[3], 4u);
    EXPECT_EQ(buffer.bytes[127], 0);
}

} // namespace
} // namespace kwmi::kmdfwmitest
