// The contract checks around every framework -> driver callback (EvtWmiInstance*,
// EvtWmiProviderFunctionControl, EvtTimerFunc, EvtWorkItem, EvtDriverDeviceAdd, ...):
//
//  * CallbackIrqlMismatch: the callback returned at another IRQL than it was called at ->
//    0x10D WDF_VIOLATION, P1 = 0xE (VERIFIER_IRQL_MISMATCH), P2 = IRQL at the call, P3 = IRQL
//    at the return, P4 = 0 (documented on the 0x10D bug-check page).
//  * CallbackReturnedHoldingSpinLock: a callback entered at DISPATCH_LEVEL returned still
//    holding a WDFSPINLOCK it acquired (the IRQL does not show it) -> 0xC4, P1 =
//    Settings::spinLockHeldRuleId (kwmi rule), P2 = callback, P3 = IRQL, P4 = acquisition site.
//  * CallbackBufferOverrun: the callback wrote past the output buffer it was given (a guard
//    tail is checked after the call) -> 0xC4, P1 = Settings::bufferOverrunRuleId (kwmi rule),
//    P2 = callback, P3 = OutBufferSize, P4 = bytes written past it.
//
// A boundary (RunDriverCallback with Boundary::Catch) swallows a bug check raised inside the
// callback after the handler saw it: the device is marked failed (device_failures.hpp), the
// IRQL and the spin-lock record are restored and the caller gets `false`.
#pragma once

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include <wdm.h>

#include "verifier/held_locks.hpp"
#include "verifier/verifier.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <vector>

namespace kwmi::verifier {

struct CallbackSite {
    const char *name = "";            // "EvtWmiInstanceQueryInstance"
    const void *function = nullptr;   // the driver's callback (the reports' call site)
    const void *device = nullptr;     // WDFDEVICE the callback runs for (failure marking), or null
};

enum class Boundary : unsigned char { Catch, Propagate };

// IRQL and spin-lock record at a callback's entry; checks and restores them at its exit.
// Every driver callback runs in one, so the usual case (nothing to report) is inline.
class CallbackFrame {
public:
    explicit CallbackFrame(const CallbackSite &site) noexcept : site_(site), lockDepth_(HeldLockDepth()) {}
    // Restores the lock record (and, through irql_, the entry IRQL), also after a failure.
    ~CallbackFrame() { TruncateHeldLocks(lockDepth_); }
    CallbackFrame(const CallbackFrame &) = delete;
    CallbackFrame &operator=(const CallbackFrame &) = delete;

    // After a normal return: raises CallbackIrqlMismatch / CallbackReturnedHoldingSpinLock.
    void CheckReturn() {
        const KIRQL now = nt::CurrentIrql();
        if (now != irql_.Saved() || HeldLockDepth() > lockDepth_) ReportReturn(now);
    }
    // A bug check unwound out of the callback: mark the device failed.
    void Fail(const nt::BugCheckReport &report);

private:
    void ReportReturn(KIRQL now);

    const CallbackSite &site_;
    nt::IrqlBoundary irql_;  // the entry IRQL, restored at exit
    std::size_t lockDepth_;
};

// Runs call() as the driver callback `site`. Returns false when it raised a bug check and
// `boundary` is Catch (Propagate rethrows it to an outer boundary, e.g. the host).
template <class F>
bool RunDriverCallback(const CallbackSite &site, Boundary boundary, F &&call) {
    CallbackFrame frame(site);
    try {
        call();
        frame.CheckReturn();
        return true;
    } catch (const nt::BugCheckException &e) {
        frame.Fail(e.Report());
        if (boundary == Boundary::Propagate) throw;
        return false;
    }
}

inline constexpr unsigned char kGuardPattern = 0xFD;  // like the debug heap's no-man's-land

// An output buffer handed to a driver callback with a guard tail after it. When the buffer's
// sender owns writable slack behind it (nt::BufferTailScope: the WMI service's IRP buffers),
// the driver writes the real buffer and the guard lies in that slack, like a special-pool
// guard page: nothing is copied. Otherwise the driver writes a per-thread scratch buffer
// (reused, never shrinks; only the input part and the bytes used are copied, so a
// QUERY_ALL_DATA, OutBufferSize = the rest of the WNODE for every instance, stays linear)
// and CopyBack() moves the bytes it reported to the real buffer; the bytes past `copyIn` are
// then unspecified, as in a real WMI buffer.
class GuardedBuffer {
public:
    // `copyIn` bytes of `target` are the input (a method's; 0 for a query).
    GuardedBuffer(void *target, ULONG size, ULONG copyIn)
        : target_(target), size_(size), guard_(GetSettings().guardBytes) {
        if (target != nullptr &&
            nt::WritableTailAt(static_cast<unsigned char *>(target) + size) >= guard_ + kUncheckedSlack) {
            data_ = static_cast<unsigned char *>(target);  // in place: the input is already there
            FillGuard();
            return;
        }
        UseScratch(copyIn);
    }
    ~GuardedBuffer() {
        if (storage_ != nullptr) ReleaseScratch();
    }
    GuardedBuffer(const GuardedBuffer &) = delete;
    GuardedBuffer &operator=(const GuardedBuffer &) = delete;

    void *Data() { return data_; }
    bool InPlace() const { return storage_ == nullptr; }
    // Bytes written past the end (0: the guard is intact).
    ULONG Overrun() const {
        if (guard_ == kWordGuard && ReadWord(0) == kPatternWord && ReadWord(8) == kPatternWord) return 0;
        return CountOverrun();
    }
    // Raises CallbackBufferOverrun when the guard was touched.
    void CheckOverrun(const CallbackSite &site) const {
        if (const ULONG overrun = Overrun(); overrun != 0) ReportOverrun(site, overrun);
    }
    // Copies the first min(bytes, size) bytes back to the target (nothing to do in place).
    void CopyBack(ULONG bytes) {
        if (!InPlace()) CopyBackFromScratch(bytes);
    }

private:
    // Beyond the checked tail lies unchecked slack: a driver overrunning further than the tail
    // still writes into memory the host owns (as into a pool block's rounding on Windows), so
    // the overrun is reported instead of corrupting the host's heap.
    static constexpr std::size_t kUncheckedSlack = 64;
    // The default tail (16 bytes) is written and checked as two words.
    static constexpr ULONG kWordGuard = 16;
    static constexpr std::uint64_t kPatternWord = 0x0101010101010101ull * kGuardPattern;

    std::uint64_t ReadWord(std::size_t at) const {
        std::uint64_t word;
        std::memcpy(&word, data_ + size_ + at, sizeof word);
        return word;
    }
    void FillGuard() {
        if (guard_ == kWordGuard) {
            std::memcpy(data_ + size_, &kPatternWord, 8);
            std::memcpy(data_ + size_ + 8, &kPatternWord, 8);
        } else {
            std::memset(data_ + size_, kGuardPattern, guard_);
        }
    }
    void UseScratch(ULONG copyIn);
    void ReleaseScratch();
    ULONG CountOverrun() const;
    [[noreturn]] void ReportOverrun(const CallbackSite &site, ULONG overrun) const;
    void CopyBackFromScratch(ULONG bytes);

    void *target_;
    ULONG size_;
    ULONG guard_;
    unsigned char *data_ = nullptr;                  // what the driver writes: target_ or the scratch
    std::vector<unsigned char> *storage_ = nullptr;  // this nesting depth's scratch buffer, or null
};

}  // namespace kwmi::verifier
