// rtl_settings.hpp - how the RTL runtime reports driver bugs (assertions, PAGED_CODE,
// corrupted list links), for the kernel to route into its bug-check mechanism.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace kwmi::rtl {

// A bug check the RTL wants raised, with the rule it enforces.
struct BugCheckRequest {
    std::uint32_t code;              // e.g. 0x1E KMODE_EXCEPTION_NOT_HANDLED
    std::uintptr_t parameters[4];
    const char *rule;                // "PAGED_CODE", "ASSERT", "NT_ASSERT", "LIST_ENTRY", "DbgBreakPoint"
    std::string explanation;         // one readable sentence
    const char *file;                // driver source file, or nullptr
    unsigned line;
    const char *function;            // or nullptr
    const void *callSite = nullptr;  // the driver code that failed
};

// Must not return (it raises the bug check). Default: kwmi::nt::RaiseBugCheck with the
// rule and explanation when the kernel (kwmi_nt) is linked, else KeBugCheckEx(code, ...).
// Tests may install their own; an empty function restores the default.
using BugCheckRaiser = std::function<void(const BugCheckRequest &)>;
BugCheckRaiser SetBugCheckRaiser(BugCheckRaiser raiser);

// What a failed ASSERT/NT_ASSERT does after printing. Windows with no kernel debugger
// attached bug checks (0x1E with STATUS_BREAKPOINT for ASSERT, STATUS_ASSERTION_FAILURE for
// NT_ASSERT) [inferred]; the default is BugCheck.
enum class AssertionAction { BugCheck, PrintAndContinue };
void SetAssertionAction(AssertionAction action);
AssertionAction GetAssertionAction();

// The bug-check codes the RTL raises.
inline constexpr std::uint32_t kKmodeExceptionNotHandled = 0x1E;
inline constexpr std::uint32_t kKernelSecurityCheckFailure = 0x139;
inline constexpr std::uintptr_t kFastFailCorruptListEntry = 3;

}  // namespace kwmi::rtl
