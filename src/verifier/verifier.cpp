// The DDI rule table and the IRQL entry check (see verifier.hpp for the bug-check choice).
#include "verifier/verifier.hpp"

#include "verifier/held_locks.hpp"

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace kwmi::verifier {
namespace {

constexpr std::array<DdiRule, static_cast<std::size_t>(Ddi::Count)> kRules = {{
#define KWMI_DDI(name, maxIrql, onViolation) {#name, maxIrql, OnViolation::onViolation},
#include "verifier/ddi_rules.inc"
#undef KWMI_DDI
}};

// P2 of the KmdfIrql report: the rule's description, as Driver Verifier passes a string.
constexpr const char kKmdfIrqlDescription[] =
    "KmdfIrql: a KMDF method was called at an IRQL above its maximum IRQL";
constexpr const char kKmdfIrql2Description[] =
    "KmdfIrql2: a KMDF method was called above its maximum IRQL while a spin lock was held";

const char *IrqlName(KIRQL irql) noexcept {
    switch (irql) {
    case PASSIVE_LEVEL: return "PASSIVE_LEVEL";
    case APC_LEVEL: return "APC_LEVEL";
    case DISPATCH_LEVEL: return "DISPATCH_LEVEL";
    default: return "DIRQL";
    }
}

// Keeps the per-thread spin-lock record in step with the driver's acquire/release calls.
void TrackLocks(Ddi ddi, KIRQL irql, const void *callSite) {
    if (irql < DISPATCH_LEVEL) TruncateHeldLocks(0);  // nothing can be held below DISPATCH
    if (ddi == Ddi::WdfSpinLockAcquire) NoteLockAcquire("WdfSpinLockAcquire", callSite, irql);
    if (ddi == Ddi::WdfSpinLockRelease) NoteLockRelease();
}

}  // namespace

constinit Settings detail::gSettings{};

void ResetSettings() noexcept { detail::gSettings = Settings{}; }

const DdiRule &RuleFor(Ddi ddi) noexcept { return kRules[static_cast<std::size_t>(ddi)]; }

const DdiRule *FindRule(std::string_view name) noexcept {
    for (const DdiRule &rule : kRules) {
        if (name == rule.name) return &rule;
    }
    return nullptr;
}

bool CheckDdiEntry(Ddi ddi, const void *callSite) {
    const DdiRule &rule = RuleFor(ddi);
    const KIRQL irql = nt::CurrentIrql();
    if (irql <= rule.maxIrql) {
        TrackLocks(ddi, irql, callSite);
        return true;
    }
    const Settings &settings = GetSettings();
    // The KMDF verifier breaks (a debug print) and the DDI fails; without it, no check.
    if (rule.onViolation == OnViolation::Status) return CheckKmdfIrqlLevel(rule.name, rule.maxIrql);
    if (!settings.ddiIrqlChecks) return true;
    const void *site = callSite != nullptr ? callSite : __builtin_return_address(0);
    std::string explanation = std::string(rule.name) + " was called at " + IrqlName(irql) +
                              "; its maximum IRQL is " + IrqlName(rule.maxIrql) + ".";
    if (HeldLockDepth() != 0 && irql == DISPATCH_LEVEL) {
        const HeldLock &lock = NewestHeldLock();
        explanation += " The caller holds " + DescribeHeldLock(lock) +
                       " (spin locks run at DISPATCH_LEVEL); release it before calling " + rule.name + ".";
        nt::RaiseBugCheck(settings.irqlBugCheckCode, settings.kmdfIrql2RuleId,
                          reinterpret_cast<std::uint64_t>(kKmdfIrql2Description),
                          reinterpret_cast<std::uint64_t>(&rule), reinterpret_cast<std::uint64_t>(lock.site),
                          "KmdfIrql2", std::move(explanation), site);
    }
    nt::RaiseBugCheck(settings.irqlBugCheckCode, settings.kmdfIrqlRuleId,
                      reinterpret_cast<std::uint64_t>(kKmdfIrqlDescription),
                      reinterpret_cast<std::uint64_t>(&rule), 0, "KmdfIrql", std::move(explanation), site);
}

bool CheckKmdfIrqlLevel(const char *what, KIRQL maxIrql) {
    const KIRQL irql = nt::CurrentIrql();
    if (irql <= maxIrql || !GetSettings().kmdfVerifier) return true;
    std::fprintf(stderr, "kwmi: KMDF verifier: %s called at %s (maximum %s); failing the call\n", what,
                 IrqlName(irql), IrqlName(maxIrql));
    return false;
}

}  // namespace kwmi::verifier
