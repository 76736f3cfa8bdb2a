// Kernel clocks: system time, interrupt time, tick count and the performance counter, all
// derived from the current kernel's clock (virtual on the manual scheduler).
#include <chrono>

#include <kwmi/kernel.hpp>

#include "kernel_impl.hpp"

namespace {

constexpr ULONG kTimeIncrement = 156250;            // 15.625 ms in 100 ns units
constexpr LONGLONG kPerformanceFrequency = 10000000;  // 10 MHz: one count per 100 ns

std::int64_t InterruptTime() {
    if (kwmi::nt::Kernel* kernel = kwmi::nt::Kernel::Current()) return kernel->impl().clock.Now();
    static const auto start = std::chrono::steady_clock::now();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count() / 100;
}

std::int64_t SystemTime() {
    if (kwmi::nt::Kernel* kernel = kwmi::nt::Kernel::Current()) return kernel->SystemTime();
    return kwmi::nt::KernelOptions{}.bootSystemTime + InterruptTime();
}

}  // namespace

extern "C" {

VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime) { CurrentTime->QuadPart = SystemTime(); }
VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime) { CurrentTime->QuadPart = SystemTime(); }
ULONGLONG KeQueryInterruptTime(VOID) { return static_cast<ULONGLONG>(InterruptTime()); }
ULONGLONG KeQueryUnbiasedInterruptTime(VOID) { return static_cast<ULONGLONG>(InterruptTime()); }

ULONGLONG KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp) {
    const auto now = static_cast<ULONGLONG>(InterruptTime());
    if (QpcTimeStamp != nullptr) *QpcTimeStamp = now;
    return now;
}

VOID KeQueryTickCount(PLARGE_INTEGER CurrentCount) { CurrentCount->QuadPart = InterruptTime() / kTimeIncrement; }
ULONG KeQueryTimeIncrement(VOID) { return kTimeIncrement; }

LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency) {
    if (PerformanceFrequency != nullptr) PerformanceFrequency->QuadPart = kPerformanceFrequency;
    LARGE_INTEGER counter;
    counter.QuadPart = InterruptTime();
    return counter;
}

}  // extern "C"
