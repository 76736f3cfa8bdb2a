// fuzz_invariants.hpp - what every kwmi fuzzer treats as a finding: a bug check (the drivers
// the fuzzers drive are correct, so one is a framework/service bug), a status outside the
// set the specification lists (wmi-service-and-wnode.md §3.6, plus the service's own
// ACCESS_DENIED / INVALID_HANDLE / NO_SUCH_DEVICE / DATA_ERROR), a reply larger than the
// buffer given. A finding prints why and aborts, so libFuzzer saves the input.
#pragma once

#include <ntddk.h>
#include <wmium.h>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/wmi_service.hpp>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace kwmi::fuzz {

[[noreturn]] inline void Finding(const char* format, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] inline void Finding(const char* format, ...) {
    std::va_list args;
    va_start(args, format);
    std::fputs("kwmi fuzz invariant violated: ", stderr);
    std::vfprintf(stderr, format, args);
    std::fputc('\n', stderr);
    va_end(args);
    std::abort();
}

// Any bug check is a finding: print the report like a debugger and abort.
inline void AbortOnBugCheck(nt::Kernel& kernel) {
    kernel.SetBugCheckHandler([](const nt::BugCheckReport& report) {
        std::fprintf(stderr, "%s\n", nt::FormatBugCheck(report).c_str());
        Finding("bug check 0x%08X (%s) while driving a correct provider", report.code, report.rule.c_str());
    });
}

inline bool IsSpecStatus(NTSTATUS status) {
    for (ULONG allowed : {0x00000000u, 0xC0000295u, 0xC0000296u, 0xC0000297u, 0xC0000298u, 0xC00002C6u,
                          0xC00002C7u, 0xC00002DDu, 0xC0000301u, 0xC0000302u, 0xC0000303u, 0xC0000023u,
                          0x80000005u, 0xC0000010u, 0xC000000Du, 0xC0000001u, 0xC000009Au, 0xC00000BBu,
                          // the service's own: access check, stale handle, gone provider, bad answer
                          0xC0000022u, 0xC0000008u, 0xC000000Eu, 0xC000003Eu}) {
        if (static_cast<ULONG>(status) == allowed) return true;
    }
    return false;
}

inline bool IsSpecWin32Error(ULONG error) {
    for (ULONG allowed : {0xC0000295u, 0xC0000296u, 0xC0000297u, 0xC0000298u, 0xC00002C6u, 0xC00002C7u,
                          0xC00002DDu, 0xC0000301u, 0xC0000302u, 0xC0000303u, 0xC0000023u, 0x80000005u,
                          0xC0000010u, 0xC000000Du, 0xC0000001u, 0xC000009Au, 0xC00000BBu, 0xC0000022u,
                          0xC0000008u, 0xC000000Eu, 0xC000003Eu, 0x00000000u}) {
        if (error == wmi::NtStatusToWin32(static_cast<NTSTATUS>(allowed))) return true;
    }
    return error == ERROR_WMI_SERVER_UNAVAILABLE;
}

inline void CheckStatus(const char* what, NTSTATUS status) {
    if (!IsSpecStatus(status)) Finding("%s returned NTSTATUS 0x%08X, not one the spec lists", what, static_cast<ULONG>(status));
}

inline void CheckWin32(const char* what, ULONG error) {
    if (!IsSpecWin32Error(error)) Finding("%s returned Win32 error %lu, not one the spec lists", what, static_cast<unsigned long>(error));
}

}  // namespace kwmi::fuzz
