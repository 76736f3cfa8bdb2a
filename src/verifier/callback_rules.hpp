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

#include <cstddef>
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
class CallbackFrame {
public:
    explicit CallbackFrame(const CallbackSite &site);
    ~CallbackFrame();
    CallbackFrame(const CallbackFrame &) = delete;
    CallbackFrame &operator=(const CallbackFrame &) = delete;

    // After a normal return: raises CallbackIrqlMismatch / CallbackReturnedHoldingSpinLock.
    void CheckReturn();
    // A bug check unwound out of the callback: mark the device failed.
    void Fail(const nt::BugCheckReport &report);

private:
    CallbackSite site_;
    KIRQL entryIrql_;
    std::size_t lockDepth_;
    nt::IrqlBoundary irql_;  // restores the entry IRQL, also after a failure
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

// An output buffer handed to a driver callback with a guard tail after it. The driver writes
// into Data(); CopyBack() moves the bytes it reported to the real buffer. Per-thread storage
// is reused and never shrinks, and only the input part and the bytes used are copied, so a
// QUERY_ALL_DATA (OutBufferSize = the rest of the WNODE for every instance) stays linear. The
// bytes past `copyIn` are unspecified, as in a real WMI buffer.
class GuardedBuffer {
public:
    // `copyIn` bytes of `target` are copied in first (a method's input; 0 for a query).
    GuardedBuffer(void *target, ULONG size, ULONG copyIn);
    ~GuardedBuffer();
    GuardedBuffer(const GuardedBuffer &) = delete;
    GuardedBuffer &operator=(const GuardedBuffer &) = delete;

    void *Data() { return storage_->data(); }
    // Bytes written past the end (0: the guard is intact).
    ULONG Overrun() const;
    // Raises CallbackBufferOverrun when the guard was touched.
    void CheckOverrun(const CallbackSite &site) const;
    // Copies the first min(bytes, size) bytes back to the target.
    void CopyBack(ULONG bytes);

private:
    void *target_;
    ULONG size_;
    ULONG guard_;
    std::vector<unsigned char> *storage_;  // this nesting depth's per-thread scratch buffer
};

inline constexpr unsigned char kGuardPattern = 0xFD;  // like the debug heap's no-man's-land

}  // namespace kwmi::verifier
