// The process-wide verifier diagnostic log (see diagnostics.hpp).
#include "verifier/diagnostics.hpp"

#include <kwmi/bugcheck.hpp>

#include <algorithm>
#include <mutex>

namespace kwmi::verifier {
namespace {

// A driver that repeats a mistake (e.g. FireEvent from a periodic timer) must not grow the
// log without bound: past the cap, only the newest entries are kept.
constexpr std::size_t kMaxEntries = 1024;

struct Log {
    std::mutex mutex;
    std::vector<Diagnostic> entries;
};

Log &GetLog() {
    static Log *log = new Log();  // outlives static destructors of other layers
    return *log;
}

}  // namespace

void RecordDiagnostic(std::string rule, std::string text, const void *callSite) {
    Diagnostic diagnostic{std::move(rule), std::move(text),
                          callSite != nullptr ? nt::SymbolizeAddress(callSite) : std::string()};
    Log &log = GetLog();
    std::lock_guard lock(log.mutex);
    if (log.entries.size() >= kMaxEntries) log.entries.erase(log.entries.begin());
    log.entries.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> Diagnostics() {
    Log &log = GetLog();
    std::lock_guard lock(log.mutex);
    return log.entries;
}

std::size_t CountDiagnostics(std::string_view rule) {
    Log &log = GetLog();
    std::lock_guard lock(log.mutex);
    return static_cast<std::size_t>(std::count_if(log.entries.begin(), log.entries.end(),
                                                  [rule](const Diagnostic &d) { return d.rule == rule; }));
}

void ClearDiagnostics() {
    Log &log = GetLog();
    std::lock_guard lock(log.mutex);
    log.entries.clear();
}

std::string FormatDiagnostic(const Diagnostic &diagnostic) {
    std::string line = diagnostic.rule + ": " + diagnostic.text;
    if (!diagnostic.callSite.empty()) line += " (at " + diagnostic.callSite + ")";
    return line;
}

}  // namespace kwmi::verifier
