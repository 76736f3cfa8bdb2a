// Verifier diagnostics: rule violations that Windows reports without a bug check (a KMDF
// verifier break, a hazard kwmi avoids), kept in one process-wide log that tests, the host
// and the CLI `verifier` command read. Bug checks are not logged here (they go through the
// kernel's bug-check handler). The log keeps the newest 1024 entries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::verifier {

struct Diagnostic {
    std::string rule;      // "FireEventNotEnabled", "CallbackBufferUsed", "UnloadLeaks", ...
    std::string text;      // readable explanation
    std::string callSite;  // "module!function+0x12" of the driver code involved, may be empty
};

void RecordDiagnostic(std::string rule, std::string text, const void *callSite = nullptr);
std::vector<Diagnostic> Diagnostics();
std::size_t CountDiagnostics(std::string_view rule);
void ClearDiagnostics();

// "rule: text (at site)" - one line, as the CLI prints it.
std::string FormatDiagnostic(const Diagnostic &diagnostic);

}  // namespace kwmi::verifier
