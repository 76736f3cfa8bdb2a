// assertions.cpp - ASSERT/NT_ASSERT/PAGED_CODE failure paths, list-link fast fail and
// DbgBreakPoint: print like a debugger, then raise the bug check Windows would raise with
// no kernel debugger attached.
#include <kwmi_rtl.h>

#include <cstdio>
#include <string>

#include "bugcheck_request.hpp"
#include "debug_emit.hpp"
#include "unicode_text.hpp"

namespace kwmi::rtl {
namespace {

constexpr std::uintptr_t kStatusBreakpoint = 0x80000003u;
constexpr std::uintptr_t kStatusAssertionFailure = 0xC0000420u;

void PrintAssertion(const std::string &expression, const std::string &message, const char *file, unsigned line) {
    std::string text = "\n*** Assertion failed: ";
    if (!message.empty()) text += message + "\n***   Expression: ";
    text += expression;
    text += "\n***   Source File: ";
    text += file != nullptr ? file : "(unknown)";
    text += ", line " + std::to_string(line) + "\n\n";
    kwmi::debug::Emit(DPFLTR_DEFAULT_ID, DPFLTR_ERROR_LEVEL, std::move(text));
}

void FailAssertion(const char *rule, std::uintptr_t exceptionCode, const std::string &expression,
                   const std::string &message, const char *file, unsigned line, const char *function,
                   void *address) {
    PrintAssertion(expression, message, file, line);
    if (GetAssertionAction() == AssertionAction::PrintAndContinue) return;
    BugCheckRequest request{kKmodeExceptionNotHandled,
                            {exceptionCode, reinterpret_cast<std::uintptr_t>(address), 0, 0},
                            rule,
                            std::string(rule) + " failed: " + expression +
                                " (no kernel debugger is attached, so the exception is unhandled)",
                            file,
                            line,
                            function,
                            address};
    RaiseRtlBugCheck(request);
}

}  // namespace
}  // namespace kwmi::rtl

extern "C" {

VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage) {
    const char *expression = static_cast<const char *>(VoidFailedAssertion);
    kwmi::rtl::FailAssertion("ASSERT", kwmi::rtl::kStatusBreakpoint, expression != nullptr ? expression : "",
                             MutableMessage != nullptr ? MutableMessage : "",
                             static_cast<const char *>(VoidFileName), LineNumber, nullptr,
                             __builtin_return_address(0));
}

VOID KwmiRtlAssertionFailure(PCSTR Expression, PCSTR Message, PCSTR FileName, ULONG LineNumber) {
    kwmi::rtl::FailAssertion("NT_ASSERT", kwmi::rtl::kStatusAssertionFailure, Expression != nullptr ? Expression : "",
                             Message != nullptr ? Message : "", FileName, LineNumber, nullptr,
                             __builtin_return_address(0));
}

VOID KwmiRtlAssertionFailureW(PCSTR Expression, PCWSTR Message, PCSTR FileName, ULONG LineNumber) {
    std::string message = Message != nullptr ? kwmi::rtl::Utf16ToUtf8(Message, kwmi_wcslen16(Message)) : "";
    kwmi::rtl::FailAssertion("NT_ASSERT", kwmi::rtl::kStatusAssertionFailure, Expression != nullptr ? Expression : "",
                             message, FileName, LineNumber, nullptr, __builtin_return_address(0));
}

// PAGED_CODE() expands to NT_ASSERT(KeGetCurrentIrql() <= APC_LEVEL) in a checked build.
VOID KwmiRtlPagedCodeViolation(PCSTR FunctionName, PCSTR FileName, ULONG LineNumber, KIRQL Irql) {
    std::string expression = "KeGetCurrentIrql() <= APC_LEVEL";
    std::string message = "PAGED_CODE() in " + std::string(FunctionName != nullptr ? FunctionName : "(unknown)") +
                          " ran at IRQL " + std::to_string(Irql);
    kwmi::rtl::PrintAssertion(expression, message, FileName, LineNumber);
    if (kwmi::rtl::GetAssertionAction() == kwmi::rtl::AssertionAction::PrintAndContinue) return;
    kwmi::rtl::BugCheckRequest request{
        kwmi::rtl::kKmodeExceptionNotHandled,
        {kwmi::rtl::kStatusAssertionFailure, reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)), 0, 0},
        "PAGED_CODE",
        message + "; pageable code must run at IRQL <= APC_LEVEL (1)",
        FileName,
        LineNumber,
        FunctionName,
        __builtin_return_address(0)};
    kwmi::rtl::RaiseRtlBugCheck(request);
}

VOID KwmiRtlFatalListEntryError(PVOID P1, PVOID P2, PVOID P3) {
    kwmi::rtl::BugCheckRequest request{
        kwmi::rtl::kKernelSecurityCheckFailure,
        {kwmi::rtl::kFastFailCorruptListEntry, reinterpret_cast<std::uintptr_t>(P2), 0, 0},
        "LIST_ENTRY",
        "a LIST_ENTRY's neighbours do not point back at it (corrupted list, or an entry removed twice); "
        "previous=" + std::to_string(reinterpret_cast<std::uintptr_t>(P1)) +
            " entry=" + std::to_string(reinterpret_cast<std::uintptr_t>(P2)) +
            " next=" + std::to_string(reinterpret_cast<std::uintptr_t>(P3)),
        nullptr,
        0,
        nullptr,
        __builtin_return_address(0)};
    kwmi::rtl::RaiseRtlBugCheck(request);
}

VOID DbgBreakPointWithStatus(ULONG Status) {
    kwmi::rtl::BugCheckRequest request{
        kwmi::rtl::kKmodeExceptionNotHandled,
        {kwmi::rtl::kStatusBreakpoint, reinterpret_cast<std::uintptr_t>(__builtin_return_address(0)), Status, 0},
        "DbgBreakPoint",
        "a breakpoint was hit with no kernel debugger attached",
        nullptr,
        0,
        nullptr,
        __builtin_return_address(0)};
    kwmi::rtl::RaiseRtlBugCheck(request);
}

VOID DbgBreakPoint(VOID) { DbgBreakPointWithStatus(0); }

}  // extern "C"
