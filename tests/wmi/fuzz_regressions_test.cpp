// fuzz_regressions_test.cpp - inputs the fuzzers (fuzz/) found that broke the WMI service,
// replayed as plain tests. Each test names the fuzzer and what went wrong.
#include <algorithm>
#include <cstring>

#include "wire_bytes.hpp"
#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

class FuzzRegressions : public WmiTest {};

// One WMIREGINFO with one WMIREGGUIDW and a counted base name after it.
Bytes BaseNameRegInfo(const GUID& guid, ULONG instanceCount) {
    // Sized once and written in place: gcc 12 at -O3 misreads an insert at the end of the
    // buffer as a write out of bounds (-Warray-bounds false positive).
    const std::size_t name = 24 + 32;
    Bytes b(name + 4, 0);
    b[name] = 2;  // counted string "B": byte length 2, then u"B"
    b[name + 2] = 'B';
    wmi::wire::WriteU32(b, 0, static_cast<ULONG>(b.size()));
    wmi::wire::WriteU32(b, 16, 1);
    std::memcpy(b.data() + 24, &guid, sizeof(GUID));
    wmi::wire::WriteU32(b, 24 + 16, WMIREG_FLAG_INSTANCE_BASENAME);
    wmi::wire::WriteU32(b, 24 + 20, instanceCount);
    wmi::wire::WriteU64(b, 24 + 24, name);
    return b;
}

// kwmi_fuzz_malicious_provider: a REGINFO declaring ~4 billion base-name instances made
// QUERY_ALL_DATA reserve room for all their names up front (tens of GB: out of memory).
// The reservation is now bounded by Settings::maxReplyBufferSize; the query gets a status.
TEST_F(FuzzRegressions, MaliciousProvider01_HugeStaticInstanceCountDoesNotExhaustMemory) {
    const GUID guid = MakeGuid(0xF001);
    TestProvider& provider = AddProvider(guid, 1, 4);
    const Bytes regInfo = BaseNameRegInfo(guid, 0xFFFFFFF0u);
    std::size_t queries = 0;
    ULONG largestQueryBuffer = 0;
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction == IRP_MN_QUERY_ALL_DATA) {
            ++queries;
            largestQueryBuffer = std::max(largestQueryBuffer, stack->Parameters.WMI.BufferSize);
            return false;  // the provider answers with its one instance
        }
        if (stack->MinorFunction != IRP_MN_REGINFO_EX) return false;
        if (stack->Parameters.WMI.BufferSize < regInfo.size()) {
            const ULONG needed = static_cast<ULONG>(regInfo.size());
            std::memcpy(stack->Parameters.WMI.Buffer, &needed, sizeof needed);
            irp->IoStatus.Information = sizeof needed;
        } else {
            std::memcpy(stack->Parameters.WMI.Buffer, regInfo.data(), regInfo.size());
            irp->IoStatus.Information = regInfo.size();
        }
        irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    RegisterNow(provider);
    const Reply reply = admin_.QueryAllData(guid);
    EXPECT_GE(queries, 1u);  // the provider was asked; the service did not die allocating first
    EXPECT_LE(largestQueryBuffer, service_.Config().maxReplyBufferSize);
    // The provider answered one instance: that one is named, not the four billion declared.
    ASSERT_EQ(reply.error, ERROR_SUCCESS);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(reply.bytes, views));
    ASSERT_EQ(views.size(), 1u);
    EXPECT_EQ(views[0].name, u"B0");
    provider.intercept = nullptr;
}

// kwmi_fuzz_malicious_provider (session 4): WmiQueryAllDataW returned ERROR_NOT_ENOUGH_MEMORY,
// which the fuzzer's list of errors lacked. The provider had failed the IRP with
// STATUS_NO_MEMORY itself, and WMI hands a provider's failure to the consumer, mapped as
// RtlNtStatusToDosError does; the fuzzer now accepts the mapping of any status its provider
// answered with. This pins the pass-through.
TEST_F(FuzzRegressions, MaliciousProvider02_ProvidersOwnFailureReachesTheConsumerMapped) {
    const GUID guid = MakeGuid(0xF002);
    TestProvider& provider = AddProvider(guid, 1, 4);
    RegisterNow(provider);
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_QUERY_ALL_DATA) return false;
        irp->IoStatus.Status = STATUS_NO_MEMORY;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    EXPECT_EQ(admin_.QueryAllData(guid).error, static_cast<ULONG>(ERROR_NOT_ENOUGH_MEMORY));
    provider.intercept = nullptr;
}

// kwmi_fuzz_malicious_provider (session 4, after 538,000 inputs): the service's notes about
// misbehaving providers grew past their bound. Three notes were appended directly under the
// service lock, bypassing the cap of Note(); a static-name collision was even noted once per
// colliding name, so one REGINFO listing many names could add thousands. Every note now goes
// through one bounded path, and a collision is one note per block with its count.
TEST_F(FuzzRegressions, MaliciousProvider03_NotesAboutAProviderStayBounded) {
    const GUID guid = MakeGuid(0xF003);
    constexpr ULONG kNames = 3000;
    auto listed = [&](std::uint8_t fill) -> TestProvider& {
        TestProvider& p = AddProvider(guid, kNames, 4);
        p.blocks[0].regFlags = WMIREG_FLAG_INSTANCE_LIST;
        for (ULONG i = 0; i < kNames; ++i) p.blocks[0].names.push_back(u"Same" + std::u16string(1, u'A' + i % 26) +
                                                                         std::u16string(1, u'a' + i / 26 % 26) +
                                                                         std::u16string(1, u'0' + i / 676));
        p.blocks[0].instances.assign(kNames, Bytes(4, fill));
        return p;
    };
    TestProvider& first = listed(0x10);
    TestProvider& second = listed(0x20);
    RegisterNow(first);
    RegisterNow(second);
    auto collisionNotes = [&] {
        std::vector<std::string> notes;
        for (const auto& line : service_.Diagnostics())
            if (line.find("collision") != std::string::npos) notes.push_back(line);
        return notes;
    };
    const auto notes = collisionNotes();
    ASSERT_EQ(notes.size(), 1u);  // one for the second block, not one per name
    EXPECT_NE(notes[0].find("(3000 names)"), std::string::npos) << notes[0];
    // The second provider re-registers, again and again: the notes stop at the bound.
    for (int i = 0; i < 1200; ++i) {
        ASSERT_EQ(IoWMIRegistrationControl(second.Fdo(), WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
        Settle();
    }
    EXPECT_GT(collisionNotes().size(), 1u);
    EXPECT_LE(service_.Diagnostics().size(), 1000u);
    // The first provider registered first keeps its names.
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"SameAa0").bytes.at(64), 0x10);
}

}  // namespace
}  // namespace kwmi::test
