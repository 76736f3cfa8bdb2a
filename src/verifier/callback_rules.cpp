// Callback contract checks and the guarded output buffer (see callback_rules.hpp).
#include "verifier/callback_rules.hpp"

#include "verifier/device_failures.hpp"
#include "verifier/held_locks.hpp"
#include "verifier/verifier.hpp"

#include <cstring>
#include <memory>
#include <string>

namespace kwmi::verifier {
namespace {

// One scratch buffer per nesting depth of guarded callbacks on this thread (guards nest only
// through a callback calling back into the framework, so the depth stays small). Buffers are
// reused and never shrink; a stack of pointers keeps a depth's buffer in place while deeper
// ones are added.
struct ScratchPool {
    std::vector<std::unique_ptr<std::vector<unsigned char>>> buffers;
    std::size_t inUse = 0;
};

ScratchPool &Scratch() {
    thread_local ScratchPool pool;
    return pool;
}

std::string CallbackText(const CallbackSite &site) {
    return std::string(site.name) + " (" + nt::SymbolizeAddress(site.function) + ")";
}

}  // namespace

void CallbackFrame::ReportReturn(KIRQL now) {
    const Settings &settings = GetSettings();
    if (!settings.callbackIrqlChecks) return;
    const KIRQL entryIrql = irql_.Saved();
    const bool lockHeld = HeldLockDepth() > lockDepth_ && now >= DISPATCH_LEVEL;
    if (now != entryIrql) {
        std::string explanation = CallbackText(site_) + " was called at IRQL " + std::to_string(entryIrql) +
                                  " and returned at IRQL " + std::to_string(now) + ".";
        if (lockHeld) {
            explanation += " It still holds " + DescribeHeldLock(NewestHeldLock()) + ".";
        } else {
            explanation += " A callback must undo every KeRaiseIrql and release every spin lock it takes.";
        }
        nt::RaiseBugCheck(nt::bugcode::kWdfViolation, 0xE, entryIrql, now, 0, "CallbackIrqlMismatch",
                          std::move(explanation), site_.function);
    }
    if (lockHeld) {
        const HeldLock lock = NewestHeldLock();
        nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, settings.spinLockHeldRuleId,
                          reinterpret_cast<std::uint64_t>(site_.function), now,
                          reinterpret_cast<std::uint64_t>(lock.site), "CallbackReturnedHoldingSpinLock",
                          CallbackText(site_) + " returned still holding " + DescribeHeldLock(lock) +
                              " (entered at DISPATCH_LEVEL, so the IRQL does not show it).",
                          site_.function);
    }
}

void CallbackFrame::Fail(const nt::BugCheckReport &report) { MarkDeviceFailed(site_.device, report); }

void GuardedBuffer::UseScratch(ULONG copyIn) {
    ScratchPool &pool = Scratch();
    if (pool.inUse == pool.buffers.size()) pool.buffers.push_back(std::make_unique<std::vector<unsigned char>>());
    std::vector<unsigned char> *storage = pool.buffers[pool.inUse].get();
    const std::size_t needed = static_cast<std::size_t>(size_) + guard_ + kUncheckedSlack;
    if (storage->size() < needed) storage->resize(needed);  // grows once, then reused
    ++pool.inUse;  // only once nothing above can throw: the destructor gives it back
    storage_ = storage;
    data_ = storage->data();
    const ULONG in = copyIn < size_ ? copyIn : size_;
    if (in != 0 && target_ != nullptr) std::memcpy(data_, target_, in);
    FillGuard();
}

void GuardedBuffer::ReleaseScratch() { --Scratch().inUse; }

ULONG GuardedBuffer::CountOverrun() const {
    const unsigned char *tail = data_ + size_;
    for (ULONG i = guard_; i > 0; --i) {
        if (tail[i - 1] != kGuardPattern) return i;
    }
    return 0;
}

void GuardedBuffer::ReportOverrun(const CallbackSite &site, ULONG overrun) const {
    nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, GetSettings().bufferOverrunRuleId,
                      reinterpret_cast<std::uint64_t>(site.function), size_, overrun, "CallbackBufferOverrun",
                      CallbackText(site) + " wrote " + std::to_string(overrun) +
                          " byte(s) past the end of its " + std::to_string(size_) +
                          "-byte output buffer (OutBufferSize); it must never write more than OutBufferSize bytes.",
                      site.function);
}

void GuardedBuffer::CopyBackFromScratch(ULONG bytes) {
    const ULONG count = bytes < size_ ? bytes : size_;
    if (count != 0 && target_ != nullptr) std::memcpy(target_, data_, count);
}

}  // namespace kwmi::verifier
