// bugcheck_request.cpp - routes the RTL's bug checks to the kernel (KeBugCheckEx by default).
#include "bugcheck_request.hpp"

#include <kwmi/bugcheck.hpp>
#include <ntdef.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>

// Inside kwmi_nt the kernel's structured bug check is linked in; the RTL tests link the
// RTL alone, where this weak reference stays null and KeBugCheckEx is used instead.
namespace kwmi::nt {
[[noreturn]] void RaiseBugCheck(BugCheckReport report) __attribute__((weak));
}

// The kernel provides it (standard WDK prototype).
extern "C" [[noreturn]] VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                          ULONG_PTR P4);

namespace kwmi::rtl {
namespace {

struct RaiserState {
    std::mutex mutex;
    BugCheckRaiser raiser;
    AssertionAction assertionAction = AssertionAction::BugCheck;
};

RaiserState &State() {
    static RaiserState state;
    return state;
}

}  // namespace

BugCheckRaiser SetBugCheckRaiser(BugCheckRaiser raiser) {
    RaiserState &state = State();
    std::lock_guard lock(state.mutex);
    BugCheckRaiser previous = std::move(state.raiser);
    state.raiser = std::move(raiser);
    return previous;
}

void SetAssertionAction(AssertionAction action) {
    RaiserState &state = State();
    std::lock_guard lock(state.mutex);
    state.assertionAction = action;
}

AssertionAction GetAssertionAction() {
    RaiserState &state = State();
    std::lock_guard lock(state.mutex);
    return state.assertionAction;
}

void RaiseRtlBugCheck(const BugCheckRequest &request) {
    BugCheckRaiser raiser;
    {
        RaiserState &state = State();
        std::lock_guard lock(state.mutex);
        raiser = state.raiser;
    }
    if (raiser) {
        raiser(request);
        std::abort();  // a raiser must not return: the bug check stops the caller
    }
    void (*raiseKernelBugCheck)(kwmi::nt::BugCheckReport) = &kwmi::nt::RaiseBugCheck;
    if (raiseKernelBugCheck != nullptr) {
        kwmi::nt::BugCheckReport report;
        report.code = request.code;
        for (int i = 0; i < 4; ++i) report.parameters[i] = request.parameters[i];
        report.rule = request.rule != nullptr ? request.rule : "";
        report.explanation = request.explanation;
        if (request.file != nullptr) {
            report.explanation += " [" + std::string(request.file) + ":" + std::to_string(request.line);
            if (request.function != nullptr) report.explanation += " in " + std::string(request.function);
            report.explanation += "]";
        }
        report.callSite = request.callSite;
        raiseKernelBugCheck(std::move(report));
    }
    KeBugCheckEx(request.code, request.parameters[0], request.parameters[1], request.parameters[2],
                 request.parameters[3]);
}

}  // namespace kwmi::rtl
