// The DDI entry check: one rule table (ddi_rules.inc) checked at every DDI entry.
//
// A KMDF DDI called above its maximum IRQL with Driver Verifier's DDI compliance checking on
// is reported as bug check 0xC4 DRIVER_VERIFIER_DETECTED_VIOLATION with P1 = 0x91001, the ID
// of the KMDF "KmdfIrql" rule (source: Microsoft's "Bug Check 0xC4" and DDI compliance rule
// documentation, learn.microsoft.com/windows-hardware/drivers/devtest/kmdf-kmdfirql; P2 = a
// pointer to the rule's description string, P3 = the rule state (here: the DDI's table row),
// P4 = 0). The rule ID is marked [unverified] in our notes: it lives in Settings so it can be
// changed, and a test pins the default.
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

struct Settings {
    bool ddiIrqlChecks = true;          // Driver Verifier DDI compliance (KmdfIrql)
    bool kmdfVerifier = true;           // FxVerifierOn: the "Status" rows
    ULONG irqlBugCheckCode = 0xC4;      // DRIVER_VERIFIER_DETECTED_VIOLATION
    ULONG_PTR kmdfIrqlRuleId = 0x91001; // KmdfIrql
};

Settings &GetSettings() noexcept;
void ResetSettings() noexcept;

const DdiRule &RuleFor(Ddi ddi) noexcept;
const DdiRule *FindRule(std::string_view name) noexcept;

// Checks the current IRQL against the DDI's maximum. BugCheck rows raise the bug check
// (rule "KmdfIrql") and do not return; Status rows return false (the DDI then fails with
// STATUS_INVALID_DEVICE_REQUEST). Returns true when the call may proceed.
[[nodiscard]] bool CheckDdiEntry(Ddi ddi);

}  // namespace kwmi::verifier

#define KWMI_DDI_ENTRY(name) (void)::kwmi::verifier::CheckDdiEntry(::kwmi::verifier::Ddi::name)
