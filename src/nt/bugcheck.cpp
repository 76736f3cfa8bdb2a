// Bug-check reporting: the handler chain, the debugger-style report and KeBugCheckEx.
#include <cxxabi.h>
#include <dlfcn.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "kernel_impl.hpp"

namespace kwmi::nt {

namespace {

std::mutex& ProcessHandlerMutex() {
    static std::mutex m;
    return m;
}

BugCheckHandler& ProcessHandler() {
    static BugCheckHandler handler;
    return handler;
}

std::string Hex(std::uint64_t value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "0x%0*" PRIX64, width, value);
    return buffer;
}

std::string BaseName(const char* path) {
    std::string s = path ? path : "";
    const auto slash = s.find_last_of('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
}

}  // namespace

std::string SymbolizeAddress(const void* address) {
    if (address == nullptr) return "<unknown>";
    Dl_info info{};
    if (dladdr(address, &info) == 0 || info.dli_fname == nullptr) {
        return Hex(reinterpret_cast<std::uintptr_t>(address), 1);
    }
    std::string result = BaseName(info.dli_fname);
    const auto addr = reinterpret_cast<std::uintptr_t>(address);
    if (info.dli_sname != nullptr && info.dli_saddr != nullptr) {
        int status = 0;
        char* demangled = abi::__cxa_demangle(info.dli_sname, nullptr, nullptr, &status);
        result += "!";
        result += (status == 0 && demangled != nullptr) ? demangled : info.dli_sname;
        std::free(demangled);
        const auto offset = addr - reinterpret_cast<std::uintptr_t>(info.dli_saddr);
        if (offset != 0) result += "+" + Hex(offset, 1);
    } else {
        result += "+" + Hex(addr - reinterpret_cast<std::uintptr_t>(info.dli_fbase), 1);
    }
    return result;
}

std::string FormatBugCheck(const BugCheckReport& report) {
    std::string text = "*** STOP: " + Hex(report.code, 8) + " (";
    for (int i = 0; i < 4; ++i) {
        if (i != 0) text += ", ";
        text += Hex(report.parameters[i], 16);
    }
    text += ")\n";
    const auto name = BugCheckName(report.code);
    text += name.empty() ? std::string("(unknown bug check)") : std::string(name);
    text += "\n";
    if (!report.rule.empty()) text += "Rule: " + report.rule + "\n";
    if (!report.explanation.empty()) text += report.explanation + "\n";
    if (!report.callSiteSymbol.empty()) text += "Call site: " + report.callSiteSymbol + "\n";
    return text;
}

BugCheckException::BugCheckException(BugCheckReport report) : report_(std::move(report)) {
    what_ = FormatBugCheck(report_);
}

void DefaultBugCheckHandler(const BugCheckReport& report) {
    const std::string text = FormatBugCheck(report);
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
    std::abort();
}

BugCheckHandler SetProcessBugCheckHandler(BugCheckHandler handler) {
    std::lock_guard lock(ProcessHandlerMutex());
    BugCheckHandler previous = std::move(ProcessHandler());
    ProcessHandler() = std::move(handler);
    return previous;
}

void RaiseBugCheck(BugCheckReport report) {
    if (report.callSiteSymbol.empty() && report.callSite != nullptr) {
        report.callSiteSymbol = SymbolizeAddress(report.callSite);
    }
    BugCheckHandler handler;
    if (Kernel* kernel = Kernel::Current()) {
        kernel->impl().stats.bugChecks++;
        handler = kernel->impl().CurrentBugCheckHandler();
    } else {
        std::lock_guard lock(ProcessHandlerMutex());
        handler = ProcessHandler();
    }
    if (handler) {
        handler(report);
    } else {
        DefaultBugCheckHandler(report);
    }
    throw BugCheckException(std::move(report));
}

void RaiseBugCheck(std::uint32_t code, std::uint64_t p1, std::uint64_t p2, std::uint64_t p3,
                   std::uint64_t p4, std::string rule, std::string explanation, const void* callSite) {
    BugCheckReport report;
    report.code = code;
    report.parameters[0] = p1;
    report.parameters[1] = p2;
    report.parameters[2] = p3;
    report.parameters[3] = p4;
    report.rule = std::move(rule);
    report.explanation = std::move(explanation);
    report.callSite = callSite;
    RaiseBugCheck(std::move(report));
}

}  // namespace kwmi::nt

extern "C" {

VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4) {
    kwmi::nt::RaiseBugCheck(BugCheckCode, P1, P2, P3, P4, "KeBugCheckEx",
                            "The driver called KeBugCheckEx.", __builtin_return_address(0));
}

VOID KeBugCheck(ULONG BugCheckCode) {
    kwmi::nt::RaiseBugCheck(BugCheckCode, 0, 0, 0, 0, "KeBugCheck", "The driver called KeBugCheck.",
                            __builtin_return_address(0));
}

}  // extern "C"
