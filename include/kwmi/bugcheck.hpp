// kwmi/bugcheck.hpp - structured bug checks of the simulated kernel.
//
// Every violation (a driver bug: wrong IRQL, bad handle, bad pool call, ...) goes through
// RaiseBugCheck(). The current handler sees the report first (default: print it like a
// kernel debugger would and abort; the host marks the device failed; tests capture it with
// kwmi::testing::BugCheckCapture), then a BugCheckException unwinds to the nearest boundary
// that called into driver code.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

namespace kwmi::nt {

// Bug-check codes as Windows numbers them (bugcodes.h). C++ names avoid the WDK macro names.
namespace bugcode {
inline constexpr std::uint32_t kIrqlNotGreaterOrEqual = 0x00000009;  // IRQL_NOT_GREATER_OR_EQUAL
inline constexpr std::uint32_t kIrqlNotLessOrEqual = 0x0000000A;     // IRQL_NOT_LESS_OR_EQUAL
inline constexpr std::uint32_t kSpinLockAlreadyOwned = 0x0000000F;   // SPIN_LOCK_ALREADY_OWNED
inline constexpr std::uint32_t kSpinLockNotOwned = 0x00000010;       // SPIN_LOCK_NOT_OWNED
inline constexpr std::uint32_t kReferenceByPointer = 0x00000018;     // REFERENCE_BY_POINTER
inline constexpr std::uint32_t kKmodeExceptionNotHandled = 0x0000001E;
inline constexpr std::uint32_t kNoMoreIrpStackLocations = 0x00000035;
inline constexpr std::uint32_t kMultipleIrpCompleteRequests = 0x00000044;
inline constexpr std::uint32_t kDriverPowerStateFailure = 0x0000009F;
inline constexpr std::uint32_t kBadPoolCaller = 0x000000C2;          // BAD_POOL_CALLER
inline constexpr std::uint32_t kDriverVerifierDetectedViolation = 0x000000C4;
inline constexpr std::uint32_t kIrqlUnexpectedValue = 0x000000C8;
inline constexpr std::uint32_t kDriverVerifierIomanagerViolation = 0x000000C9;
inline constexpr std::uint32_t kDriverIrqlNotLessOrEqual = 0x000000D1;
inline constexpr std::uint32_t kDriverPageFaultBeyondEndOfAllocation = 0x000000D6;
inline constexpr std::uint32_t kWorkerThreadReturnedAtBadIrql = 0x000000E1;
inline constexpr std::uint32_t kWorkerInvalid = 0x000000E4;
inline constexpr std::uint32_t kWdfViolation = 0x0000010D;           // WDF_VIOLATION
// Not a Windows code: the manual scheduler found a wait nothing can ever satisfy.
inline constexpr std::uint32_t kKwmiWaitDeadlock = 0x4B570001;
}  // namespace bugcode

struct BugCheckReport {
    std::uint32_t code = 0;
    std::uint64_t parameters[4] = {0, 0, 0, 0};
    std::string rule;         // rule broken, e.g. "IrqlKeRaiseLower", "WDF_VIOLATION/INVALID_HANDLE"
    std::string explanation;  // readable sentence for the person debugging the driver
    const void* callSite = nullptr;  // return address into the caller of the DDI (may be null)
    std::string callSiteSymbol;      // "module!function+0x12"; filled by RaiseBugCheck if empty
};

// Name of a bug-check code ("BAD_POOL_CALLER"), or "" when the table does not know it.
std::string_view BugCheckName(std::uint32_t code);

// The report as a debugger prints it:
//   *** STOP: 0x000000C2 (0x000000000000000A, 0x..., 0x..., 0x...)
//   BAD_POOL_CALLER
//   rule: ...  / explanation / call site
std::string FormatBugCheck(const BugCheckReport& report);

class BugCheckException : public std::exception {
public:
    explicit BugCheckException(BugCheckReport report);
    const BugCheckReport& Report() const noexcept { return report_; }
    const char* what() const noexcept override { return what_.c_str(); }

private:
    BugCheckReport report_;
    std::string what_;
};

using BugCheckHandler = std::function<void(const BugCheckReport&)>;

// Prints FormatBugCheck() to stderr and aborts the process.
void DefaultBugCheckHandler(const BugCheckReport& report);

// Handler used while no kernel is current (a kernel has its own, see Kernel).
// Returns the previous one. An empty handler means DefaultBugCheckHandler.
BugCheckHandler SetProcessBugCheckHandler(BugCheckHandler handler);

// Hands the report to the current handler, then throws BugCheckException.
[[noreturn]] void RaiseBugCheck(BugCheckReport report);

// Convenience used by DDIs: fills callSite from the caller of the DDI.
[[noreturn]] void RaiseBugCheck(std::uint32_t code, std::uint64_t p1, std::uint64_t p2,
                                std::uint64_t p3, std::uint64_t p4, std::string rule,
                                std::string explanation, const void* callSite = nullptr);

// "module!symbol+0x1c" for a code address (dladdr), or "0x…" when unknown.
std::string SymbolizeAddress(const void* address);

}  // namespace kwmi::nt
