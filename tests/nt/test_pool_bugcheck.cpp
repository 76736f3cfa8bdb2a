// Pool (tags, flags, leak report, BAD_POOL_CALLER) and the bug-check machinery.
#include <cstring>
#include <string>

#include "test_driver.h"
#include "test_support.hpp"

using kwmi::testing::CaptureBugCheck;
namespace bugcode = kwmi::nt::bugcode;

namespace kwmi_nt_tests {

using Pool = ManualKernel;
using BugCheck = ManualKernel;

TEST(PoolFlags, ValuesAreExact) {
    EXPECT_EQ(POOL_FLAG_USE_QUOTA, 0x1ULL);
    EXPECT_EQ(POOL_FLAG_UNINITIALIZED, 0x2ULL);
    EXPECT_EQ(POOL_FLAG_CACHE_ALIGNED, 0x8ULL);
    EXPECT_EQ(POOL_FLAG_RAISE_ON_FAILURE, 0x20ULL);
    EXPECT_EQ(POOL_FLAG_NON_PAGED, 0x40ULL);
    EXPECT_EQ(POOL_FLAG_NON_PAGED_EXECUTE, 0x80ULL);
    EXPECT_EQ(POOL_FLAG_PAGED, 0x100ULL);
    EXPECT_EQ(static_cast<int>(NonPagedPoolNx), 512);
    EXPECT_EQ(static_cast<int>(PagedPool), 1);
}

TEST_F(Pool, Pool2ZeroesByDefaultAndHonoursUninitialized) {
    auto* zeroed = static_cast<unsigned char*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'tseT'));
    ASSERT_NE(zeroed, nullptr);
    for (int i = 0; i < 64; ++i) ASSERT_EQ(zeroed[i], 0) << i;
    auto* raw = static_cast<unsigned char*>(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED, 64, 'tseT'));
    ASSERT_NE(raw, nullptr);
    EXPECT_EQ(raw[0], 0xCD);  // recognisable fill, not zero
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(zeroed) % 16, 0u);
    ExFreePoolWithTag(zeroed, 'tseT');
    ExFreePool(raw);
    EXPECT_TRUE(kernel_.OutstandingAllocations().empty());
}

TEST_F(Pool, Pool2RejectsAmbiguousPoolKind) {
    EXPECT_EQ(ExAllocatePool2(0, 16, 'tseT'), nullptr);
    EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, 'tseT'), nullptr);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Pool, ZeroAndWithTagRecordTypeAndTag) {
    void* p = ExAllocatePoolZero(NonPagedPoolNx, 40, 'AbcD');
    const auto blocks = kernel_.OutstandingAllocations();
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(blocks[0].size, 40u);
    EXPECT_EQ(blocks[0].tag, static_cast<std::uint32_t>('AbcD'));
    EXPECT_EQ(blocks[0].tagText, "DcbA");  // memory order, as a debugger shows it
    EXPECT_EQ(blocks[0].poolType, 512u);
    ExFreePool(p);
}

TEST_F(Pool, LeakReportListsTagSizeAndSiteOfTheDriver) {
    PDRIVER_OBJECT driver = kernel_.CreateDriverObject(u"leaky", reinterpret_cast<const void*>(&TestDriverAllocate));
    void* kept = TestDriverAllocate(48, 'kaeL');
    void* freed = TestDriverAllocate(16, 'eerF');
    TestDriverFree(freed, 'eerF');
    const auto blocks = kernel_.OutstandingAllocations(driver);
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(blocks[0].address, kept);
    EXPECT_EQ(blocks[0].owner, driver);
    EXPECT_EQ(blocks[0].tagText, "Leak");
    EXPECT_NE(blocks[0].siteSymbol.find("TestDriverAllocate"), std::string::npos) << blocks[0].siteSymbol;
    const std::string report = kernel_.LeakReport(driver);
    EXPECT_NE(report.find("\\Driver\\leaky"), std::string::npos) << report;
    EXPECT_NE(report.find("1 allocation(s), 48 bytes"), std::string::npos) << report;
    EXPECT_NE(report.find("tag 'Leak'  size 48  NonPagedPoolNx"), std::string::npos) << report;
    EXPECT_NE(report.find("TestDriverAllocate"), std::string::npos) << report;
    TestDriverFree(kept, 'kaeL');
    EXPECT_EQ(kernel_.LeakReport(driver), "");
    kernel_.DeleteDriverObject(driver);
}

TEST_F(Pool, OwnerScopeAttributesAllocations) {
    PDRIVER_OBJECT driver = kernel_.CreateDriverObject(u"scoped");
    void* p;
    {
        kwmi::nt::PoolOwnerScope scope(driver);
        p = ExAllocatePoolWithTag(NonPagedPoolNx, 8, 'epcS');
    }
    void* unowned = ExAllocatePoolWithTag(NonPagedPoolNx, 8, 'enoN');
    EXPECT_EQ(kernel_.OutstandingAllocations(driver).size(), 1u);
    EXPECT_EQ(kernel_.OutstandingAllocations().size(), 2u);
    ExFreePool(p);
    ExFreePool(unowned);
    kernel_.DeleteDriverObject(driver);
}

TEST_F(Pool, FreeWithWrongTagIsBadPoolCaller0A) {
    void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, 'dooG');
    const auto report = CaptureBugCheck([&] { ExFreePoolWithTag(p, 'daB_'); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kBadPoolCaller);
    EXPECT_EQ(report->parameters[0], 0x0Au);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<std::uintptr_t>(p));
    EXPECT_EQ(report->parameters[2], static_cast<std::uint32_t>('dooG'));  // allocator's tag
    EXPECT_EQ(report->parameters[3], static_cast<std::uint32_t>('daB_'));  // tag used to free
    EXPECT_EQ(report->rule, "PoolFreeTagMismatch");
    EXPECT_EQ(kernel_.OutstandingAllocations().size(), 1u);  // still allocated
    ExFreePoolWithTag(p, 'dooG' | PROTECTED_POOL);             // the protected bit is ignored
    EXPECT_TRUE(kernel_.OutstandingAllocations().empty());
}

TEST_F(Pool, FreeWithTagZeroChecksNoTagAsExFreePoolDoes) {
    void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, 'dooG');
    EXPECT_FALSE(CaptureBugCheck([&] { ExFreePoolWithTag(p, 0); }).has_value());
    EXPECT_TRUE(kernel_.OutstandingAllocations().empty());
    void* q = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'dooG');
    EXPECT_FALSE(CaptureBugCheck([&] { ExFreePool2(q, 0, nullptr, 0); }).has_value());
    EXPECT_TRUE(kernel_.OutstandingAllocations().empty());
}

TEST_F(Pool, PagedAllocationAboveApcIsBadPoolCaller08) {
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    const auto report = CaptureBugCheck([] { ExAllocatePoolWithTag(PagedPool, 24, 'egaP'); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kBadPoolCaller);
    EXPECT_EQ(report->parameters[0], 0x08u);
    EXPECT_EQ(report->parameters[1], DISPATCH_LEVEL);
    EXPECT_EQ(report->parameters[2], static_cast<std::uint64_t>(PagedPool));
    EXPECT_EQ(report->parameters[3], 24u);
    void* nonpaged = ExAllocatePoolWithTag(NonPagedPoolNx, 24, 'PnoN');  // allowed at DISPATCH
    EXPECT_NE(nonpaged, nullptr);
    ExFreePool(nonpaged);
    KeLowerIrql(old);
}

TEST_F(Pool, DoubleFreeAndForeignFreeAreBadPoolCaller) {
    void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 8, 'ecwT');
    ExFreePool(p);
    const auto twice = CaptureBugCheck([&] { ExFreePool(p); });
    ASSERT_TRUE(twice.has_value());
    EXPECT_EQ(twice->parameters[0], 0x07u);
    EXPECT_EQ(twice->parameters[3], reinterpret_cast<std::uintptr_t>(p));
    int local = 0;
    const auto foreign = CaptureBugCheck([&] { ExFreePool(&local); });
    ASSERT_TRUE(foreign.has_value());
    EXPECT_EQ(foreign->parameters[0], 0x42u);
}

TEST_F(Pool, DriverRuntimeNxOptIn) {
    ExDefaultNonPagedPoolType = NonPagedPoolExecute;
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    EXPECT_EQ(ExDefaultNonPagedPoolType, NonPagedPoolNx);
    ExDefaultNonPagedPoolType = NonPagedPoolExecute;
}

TEST_F(Pool, PoolNxOptInDriverAllocatesNonPagedPoolNx) {
    ExDefaultNonPagedPoolType = NonPagedPoolExecute;
    void* p = TestNxDriverEntryAndAllocate(12, 'xNtO');
    const auto blocks = kernel_.OutstandingAllocations();
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(blocks[0].poolType, static_cast<std::uint32_t>(NonPagedPoolNx));
    ExFreePoolWithTag(p, 'xNtO');
    ExDefaultNonPagedPoolType = NonPagedPoolExecute;
}

TEST_F(BugCheck, CaptureRecordsCodeParametersRuleAndCallSite) {
    const auto report = CaptureBugCheck([] { KeBugCheckEx(0x10D, 1, 2, 3, 4); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[0], 1u);
    EXPECT_EQ(report->parameters[3], 4u);
    EXPECT_EQ(report->rule, "KeBugCheckEx");
    EXPECT_NE(report->callSite, nullptr);
    EXPECT_FALSE(report->callSiteSymbol.empty());
    ASSERT_EQ(capture_.Count(), 1u);
    EXPECT_EQ(capture_.Last().code, 0x10Du);
    EXPECT_EQ(kernel_.Stats().bugChecks, 1u);
}

TEST_F(BugCheck, FormatReadsLikeADebuggerStop) {
    kwmi::nt::BugCheckReport report;
    report.code = 0x10D;
    report.parameters[0] = 4;
    report.parameters[1] = 0xABC;
    report.rule = "WDF_VIOLATION/INVALID_HANDLE";
    report.explanation = "A bad handle.";
    const std::string text = kwmi::nt::FormatBugCheck(report);
    EXPECT_EQ(text.rfind("*** STOP: 0x0000010D (0x0000000000000004, 0x0000000000000ABC, "
                         "0x0000000000000000, 0x0000000000000000)\nWDF_VIOLATION\n",
                         0),
              0u)
        << text;
    EXPECT_NE(text.find("Rule: WDF_VIOLATION/INVALID_HANDLE"), std::string::npos);
    EXPECT_NE(text.find("A bad handle."), std::string::npos);
}

TEST(BugCheckNames, TableKnowsTheCodesKwmiRaises) {
    using kwmi::nt::BugCheckName;
    EXPECT_EQ(BugCheckName(0x9), "IRQL_NOT_GREATER_OR_EQUAL");
    EXPECT_EQ(BugCheckName(0xA), "IRQL_NOT_LESS_OR_EQUAL");
    EXPECT_EQ(BugCheckName(0x1E), "KMODE_EXCEPTION_NOT_HANDLED");
    EXPECT_EQ(BugCheckName(0xC2), "BAD_POOL_CALLER");
    EXPECT_EQ(BugCheckName(0xC4), "DRIVER_VERIFIER_DETECTED_VIOLATION");
    EXPECT_EQ(BugCheckName(0xC9), "DRIVER_VERIFIER_IOMANAGER_VIOLATION");
    EXPECT_EQ(BugCheckName(0xD1), "DRIVER_IRQL_NOT_LESS_OR_EQUAL");
    EXPECT_EQ(BugCheckName(0x10D), "WDF_VIOLATION");
    EXPECT_EQ(BugCheckName(0x12345), "");
    EXPECT_EQ(BAD_POOL_CALLER, 0xC2u);
    EXPECT_EQ(WDF_VIOLATION, 0x10Du);
}

namespace {
void BugCheckingDpc(PKDPC, PVOID, PVOID, PVOID) {
    KIRQL old;
    KeRaiseIrql(HIGH_LEVEL, &old);
    KeBugCheckEx(0xE2, 0, 0, 0, 0);
}
}  // namespace

TEST_F(BugCheck, DpcBoundaryAbsorbsTheUnwindAndRestoresIrql) {
    KDPC dpc;
    KeInitializeDpc(&dpc, BugCheckingDpc, nullptr);
    KeInsertQueueDpc(&dpc, nullptr, nullptr);
    kernel_.RunUntilIdle();
    EXPECT_EQ(capture_.LastCode(), 0xE2u);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(kernel_.Stats().dpcsRun, 1u);
}

TEST(BugCheckProcess, CaptureWithoutKernelUsesTheProcessHandler) {
    ASSERT_EQ(kwmi::nt::Kernel::Current(), nullptr);
    kwmi::testing::BugCheckCapture capture;
    const auto report = CaptureBugCheck([] { KeBugCheck(0xE2); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(capture.LastCode(), 0xE2u);
}

}  // namespace kwmi_nt_tests
