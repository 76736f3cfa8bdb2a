// IRQL transitions and violations; spin locks.
#include "test_support.hpp"

using kwmi::testing::CaptureBugCheck;
namespace bugcode = kwmi::nt::bugcode;

namespace kwmi_nt_tests {

using Irql = ManualKernel;
using SpinLock = ManualKernel;

TEST_F(Irql, StartsAtPassiveAndRaiseLowerRoundTrip) {
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KIRQL old;
    KeRaiseIrql(APC_LEVEL, &old);
    EXPECT_EQ(old, PASSIVE_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KIRQL old2;
    KeRaiseIrql(DISPATCH_LEVEL, &old2);
    EXPECT_EQ(old2, APC_LEVEL);
    KeLowerIrql(old2);
    EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(old);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Irql, RaiseToSameLevelIsAllowed) {
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    EXPECT_EQ(old, PASSIVE_LEVEL);
    KIRQL again;
    KeRaiseIrql(DISPATCH_LEVEL, &again);
    EXPECT_EQ(again, DISPATCH_LEVEL);
    KeLowerIrql(PASSIVE_LEVEL);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(Irql, RaiseBelowCurrentIsIrqlNotGreaterOrEqual) {
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    const auto report = CaptureBugCheck([] {
        KIRQL ignored;
        KeRaiseIrql(APC_LEVEL, &ignored);
    });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kIrqlNotGreaterOrEqual);
    EXPECT_EQ(report->parameters[0], DISPATCH_LEVEL);
    EXPECT_EQ(report->parameters[1], APC_LEVEL);
    EXPECT_EQ(report->rule, "IrqlKeRaiseIrql");
    EXPECT_EQ(capture_.LastCode(), bugcode::kIrqlNotGreaterOrEqual);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);  // unchanged by the failed call
}

TEST_F(Irql, LowerAboveCurrentIsIrqlNotLessOrEqual) {
    const auto report = CaptureBugCheck([] { KeLowerIrql(DISPATCH_LEVEL); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kIrqlNotLessOrEqual);
    EXPECT_EQ(report->parameters[0], DISPATCH_LEVEL);
    EXPECT_EQ(report->parameters[1], PASSIVE_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(Irql, BoundaryRestoresIrqlAfterUnwind) {
    {
        kwmi::nt::IrqlBoundary boundary;
        KeRaiseIrqlToDpcLevel();
        EXPECT_EQ(kwmi::nt::CurrentIrql(), DISPATCH_LEVEL);
    }
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(SpinLock, AcquireRaisesToDispatchAndReleaseRestores) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    EXPECT_EQ(old, PASSIVE_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    EXPECT_FALSE(KeTestSpinLock(&lock));
    KeReleaseSpinLock(&lock, old);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_TRUE(KeTestSpinLock(&lock));
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(SpinLock, AcquireFromApcLevelRestoresApcLevel) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KIRQL apc;
    KeRaiseIrql(APC_LEVEL, &apc);
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    EXPECT_EQ(old, APC_LEVEL);
    KeReleaseSpinLock(&lock, old);
    EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(apc);
}

TEST_F(SpinLock, RecursiveAcquireIsSpinLockAlreadyOwned) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    const auto report = CaptureBugCheck([&] {
        KIRQL again;
        KeAcquireSpinLock(&lock, &again);
    });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kSpinLockAlreadyOwned);
    EXPECT_EQ(report->parameters[0], reinterpret_cast<std::uintptr_t>(&lock));
    EXPECT_EQ(report->rule, "SpinLockRecursion");
    KeReleaseSpinLock(&lock, old);
}

TEST_F(SpinLock, ReleaseOfUnownedLockIsSpinLockNotOwned) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    const auto report = CaptureBugCheck([&] { KeReleaseSpinLock(&lock, PASSIVE_LEVEL); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kSpinLockNotOwned);
}

TEST_F(SpinLock, AtDpcLevelVariantsRequireDispatch) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    const auto report = CaptureBugCheck([&] { KeAcquireSpinLockAtDpcLevel(&lock); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kIrqlNotGreaterOrEqual);

    const KIRQL old = KeRaiseIrqlToDpcLevel();
    KeAcquireSpinLockAtDpcLevel(&lock);
    EXPECT_FALSE(KeTryToAcquireSpinLockAtDpcLevel(&lock));  // held (by this thread)
    KeReleaseSpinLockFromDpcLevel(&lock);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(old);
    EXPECT_EQ(capture_.Count(), 1u);
}

TEST_F(SpinLock, InStackQueuedAcquireAndRelease) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KLOCK_QUEUE_HANDLE handle;
    KeAcquireInStackQueuedSpinLock(&lock, &handle);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    EXPECT_EQ(handle.OldIrql, PASSIVE_LEVEL);
    EXPECT_FALSE(KeTestSpinLock(&lock));
    KeReleaseInStackQueuedSpinLock(&handle);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_TRUE(KeTestSpinLock(&lock));
}

TEST_F(SpinLock, TryAcquireFailsWhenHeld) {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    EXPECT_TRUE(KeTryToAcquireSpinLockAtDpcLevel(&lock));
    EXPECT_FALSE(KeTestSpinLock(&lock));
    KeReleaseSpinLockFromDpcLevel(&lock);
    KeLowerIrql(old);
}

}  // namespace kwmi_nt_tests

namespace kwmi_nt_tests {

using FastMutex = ManualKernel;

TEST_F(FastMutex, AcquireRaisesToApcAndReleaseRestores) {
    FAST_MUTEX mutex;
    ExInitializeFastMutex(&mutex);
    ExAcquireFastMutex(&mutex);
    EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    EXPECT_EQ(mutex.Count, 0);
    ExReleaseFastMutex(&mutex);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_TRUE(ExTryToAcquireFastMutex(&mutex));
    ExReleaseFastMutex(&mutex);
    EXPECT_FALSE(capture_.Fired());
}

TEST_F(FastMutex, RecursiveAcquireIsReportedInsteadOfHanging) {
    FAST_MUTEX mutex;
    ExInitializeFastMutex(&mutex);
    ExAcquireFastMutex(&mutex);
    const auto report = CaptureBugCheck([&] { ExAcquireFastMutex(&mutex); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->rule, "FastMutexRecursion");
    ExReleaseFastMutex(&mutex);
}

TEST_F(FastMutex, AcquireAtDispatchIsABugCheck) {
    FAST_MUTEX mutex;
    ExInitializeFastMutex(&mutex);
    const KIRQL old = KeRaiseIrqlToDpcLevel();
    const auto report = CaptureBugCheck([&] { ExAcquireFastMutex(&mutex); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, bugcode::kIrqlNotLessOrEqual);
    KeLowerIrql(old);
}

}  // namespace kwmi_nt_tests
