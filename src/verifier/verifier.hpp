// The DDI entry check: one rule table (ddi_rules.inc) checked at every DDI entry, and the
// settings of every verifier rule (rules.md-style summary below).
//
// KmdfIrql: a KMDF DDI called above its maximum IRQL with Driver Verifier's DDI compliance
// checking on is reported as bug check 0xC4 DRIVER_VERIFIER_DETECTED_VIOLATION with P1 = the
// rule ID (learn.microsoft.com/windows-hardware/drivers/devtest/kmdf-kmdfirql; P2 = a pointer
// to the rule's description string, P3 = the rule state (here: the DDI's table row), P4 = 0).
// KmdfIrql2: the same violation while the caller holds a WDFSPINLOCK (the report names the
// lock's acquisition site; P4 = that site). DriverCreate: WdfDriverCreate called from a
// framework callback instead of DriverEntry (P3 = the DRIVER_OBJECT).
// The three rule IDs are [unconfirmed] (no public source states them): they live in Settings
// so they can be changed, and tests pin the defaults.
#pragma once

#include <wdf.h>

#include <cstdint>
#include <string_view>

namespace kwmi::verifier {

enum class OnViolation : std::uint8_t { BugCheck, Status };

enum class Ddi : std::uint16_t {
#define KWMI_DDI(name, maxIrql, onViolation) name,
#include "verifier/ddi_rules.inc"
#undef KWMI_DDI
    Count
};

struct DdiRule {
    const char *name;
    KIRQL maxIrql;
    OnViolation onViolation;
};

// What a non-empty unload leak report becomes.
enum class LeakAction : std::uint8_t { Ignore, Diagnostic, BugCheck };

struct Settings {
    bool ddiIrqlChecks = true;             // Driver Verifier DDI compliance (KmdfIrql, KmdfIrql2)
    bool kmdfVerifier = true;              // FxVerifierOn: the "Status" rows
    ULONG irqlBugCheckCode = 0xC4;         // DRIVER_VERIFIER_DETECTED_VIOLATION
    ULONG_PTR kmdfIrqlRuleId = 0x91001;    // KmdfIrql [unconfirmed]
    ULONG_PTR kmdfIrql2RuleId = 0x91002;   // KmdfIrql2 [unconfirmed]

    bool driverCreateChecks = true;        // DriverCreate
    ULONG_PTR driverCreateRuleId = 0x91003;  // DriverCreate [unconfirmed]

    // Framework -> driver callback contract (callback_rules.hpp).
    bool callbackIrqlChecks = true;        // 0x10D / 0xE VERIFIER_IRQL_MISMATCH (documented)
    bool guardOutputBuffers = true;        // WMI output buffers get a guard tail
    ULONG guardBytes = 16;                 // size of the guard tail
    // 0xC4 P1 of the kwmi rules without a Windows counterpart ("KW" prefix: not a Windows ID).
    ULONG_PTR bufferOverrunRuleId = 0x4B570101;   // CallbackBufferOverrun
    ULONG_PTR spinLockHeldRuleId = 0x4B570102;    // CallbackReturnedHoldingSpinLock

    // Unload leaks: Driver Verifier's pool tracking raises 0xC4 with P1 = 0x62 (documented);
    // by default kwmi only reports them (the host still returns the LeakReport).
    LeakAction unloadLeaks = LeakAction::Diagnostic;
    ULONG_PTR unloadLeakCode = 0x62;
};

namespace detail {
extern constinit Settings gSettings;  // read inline before every driver callback
}  // namespace detail

inline Settings &GetSettings() noexcept { return detail::gSettings; }
void ResetSettings() noexcept;

const DdiRule &RuleFor(Ddi ddi) noexcept;
const DdiRule *FindRule(std::string_view name) noexcept;

// Checks the current IRQL against the DDI's maximum. BugCheck rows raise the bug check
// (rule "KmdfIrql", or "KmdfIrql2" while a WDFSPINLOCK is held) and do not return; Status
// rows return false (the DDI then fails with STATUS_INVALID_DEVICE_REQUEST). Returns true
// when the call may proceed. `callSite` is the driver's return address (the report's site).
[[nodiscard]] bool CheckDdiEntry(Ddi ddi, const void *callSite = nullptr);

// KMDF's own IRQL check for a DDI whose limit depends on a parameter (WdfTimerStop with
// Wait, WdfDeviceStopIdle with WaitForD0): with the KMDF verifier on and the IRQL above
// `maxIrql`, a debug print and false (the DDI then fails without acting); true otherwise.
[[nodiscard]] bool CheckKmdfIrqlLevel(const char *what, KIRQL maxIrql);

}  // namespace kwmi::verifier

// Used as the first statement of a DDI: __builtin_return_address(0) is the driver's call site.
#define KWMI_DDI_ENTRY(name) \
    (void)::kwmi::verifier::CheckDdiEntry(::kwmi::verifier::Ddi::name, __builtin_return_address(0))
