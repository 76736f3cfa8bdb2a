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

CallbackFrame::CallbackFrame(const CallbackSite &site)
    : site_(site), entryIrql_(KeGetCurrentIrql()), lockDepth_(ThreadHeldLocks().size()) {}

CallbackFrame::~CallbackFrame() { TruncateHeldLocks(lockDepth_); }

void CallbackFrame::CheckReturn() {
    const Settings &settings = GetSettings();
    if (!settings.callbackIrqlChecks) return;
    const KIRQL now = KeGetCurrentIrql();
    const auto &locks = ThreadHeldLocks();
    const bool lockHeld = locks.size() > lockDepth_ && now >= DISPATCH_LEVEL;
    if (now != entryIrql_) {
        std::string explanation = CallbackText(site_) + " was called at IRQL " + std::to_string(entryIrql_) +
                                  " and returned at IRQL " + std::to_string(now) + ".";
        if (lockHeld) {
            explanation += " It still holds " + DescribeHeldLock(locks.back()) + ".";
        } else {
            explanation += " A callback must undo every KeRaiseIrql and release every spin lock it takes.";
        }
        nt::RaiseBugCheck(nt::bugcode::kWdfViolation, 0xE, entryIrql_, now, 0, "CallbackIrqlMismatch",
                          std::move(explanation), site_.function);
    }
    if (lockHeld) {
        const HeldLock lock = locks.back();
        nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, settings.spinLockHeldRuleId,
                          reinterpret_cast<std::uint64_t>(site_.function), now,
                          reinterpret_cast<std::uint64_t>(lock.site), "CallbackReturnedHoldingSpinLock",
                          CallbackText(site_) + " returned still holding " + DescribeHeldLock(lock) +
                              " (entered at DISPATCH_LEVEL, so the IRQL does not show it).",
                          site_.function);
    }
}

void CallbackFrame::Fail(const nt::BugCheckReport &report) { MarkDeviceFailed(site_.device, report); }

GuardedBuffer::GuardedBuffer(void *target, ULONG size, ULONG copyIn)
    : target_(target), size_(size), guard_(GetSettings().guardBytes) {
    ScratchPool &pool = Scratch();
    if (pool.inUse == pool.buffers.size()) pool.buffers.push_back(std::make_unique<std::vector<unsigned char>>());
    storage_ = pool.buffers[pool.inUse].get();
    // Beyond the checked tail lies unchecked slack: a driver overrunning further than the tail
    // still writes into memory the host owns (as into a pool block's rounding on Windows), so
    // the overrun is reported instead of corrupting the host's heap.
    constexpr std::size_t kUncheckedSlack = 64;
    const std::size_t needed = static_cast<std::size_t>(size_) + guard_ + kUncheckedSlack;
    if (storage_->size() < needed) storage_->resize(needed);  // grows once, then reused
    ++pool.inUse;  // only once nothing above can throw: the destructor gives it back
    const ULONG in = copyIn < size_ ? copyIn : size_;
    if (in != 0 && target_ != nullptr) std::memcpy(storage_->data(), target_, in);
    std::memset(storage_->data() + size_, kGuardPattern, guard_);
    // QUERY_ALL_DATA hands successive callbacks the shrinking rest of one WNODE, so the next
    // guard tail lies a few cache lines below this one, in a buffer too big to stay cached:
    // start fetching it now (a wrong guess costs one unused prefetch).
    if (size_ >= 512) __builtin_prefetch(storage_->data() + size_ - 256, 1);
}

GuardedBuffer::~GuardedBuffer() { --Scratch().inUse; }

ULONG GuardedBuffer::Overrun() const {
    // Intact guard (the usual case): one branch-free pass the compiler vectorises.
    const unsigned char *tail = storage_->data() + size_;
    unsigned char touched = 0;
    for (ULONG i = 0; i < guard_; ++i) touched |= static_cast<unsigned char>(tail[i] ^ kGuardPattern);
    if (touched == 0) return 0;
    for (ULONG i = guard_; i > 0; --i) {
        if ((*storage_)[size_ + i - 1] != kGuardPattern) return i;
    }
    return 0;
}

void GuardedBuffer::CheckOverrun(const CallbackSite &site) const {
    const ULONG overrun = Overrun();
    if (overrun == 0) return;
    nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, GetSettings().bufferOverrunRuleId,
                      reinterpret_cast<std::uint64_t>(site.function), size_, overrun, "CallbackBufferOverrun",
                      CallbackText(site) + " wrote " + std::to_string(overrun) +
                          " byte(s) past the end of its " + std::to_string(size_) +
                          "-byte output buffer (OutBufferSize); it must never write more than OutBufferSize bytes.",
                      site.function);
}

void GuardedBuffer::CopyBack(ULONG bytes) {
    const ULONG count = bytes < size_ ? bytes : size_;
    if (count != 0 && target_ != nullptr) std::memcpy(target_, storage_->data(), count);
}

}  // namespace kwmi::verifier
