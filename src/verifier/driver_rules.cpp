// DriverCreate and UnloadLeaks (see driver_rules.hpp).
#include "verifier/driver_rules.hpp"

#include "verifier/diagnostics.hpp"
#include "verifier/verifier.hpp"

#include <kwmi/bugcheck.hpp>

#include <cstdio>
#include <deque>
#include <mutex>

namespace kwmi::verifier {
namespace {

constexpr const char kDriverCreateDescription[] =
    "DriverCreate: a KMDF driver must call WdfDriverCreate from its DriverEntry routine";

std::string Pointer(const void *p) {
    char text[32];
    std::snprintf(text, sizeof text, "%p", p);
    return text;
}

// Strings a bug-check parameter points to must outlive the report (tests read them later).
const char *Intern(const std::string &text) {
    static std::mutex mutex;
    static std::deque<std::string> *strings = new std::deque<std::string>();
    std::lock_guard lock(mutex);
    return strings->emplace_back(text).c_str();
}

}  // namespace

void CheckDriverCreateContext(const char *callback, const void *driverObject, const void *callSite) {
    if (callback == nullptr || !GetSettings().driverCreateChecks) return;
    nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, GetSettings().driverCreateRuleId,
                      reinterpret_cast<std::uint64_t>(kDriverCreateDescription),
                      reinterpret_cast<std::uint64_t>(driverObject), 0, "DriverCreate",
                      std::string("WdfDriverCreate was called from ") + callback +
                          "; the DriverCreate rule requires it to be called from DriverEntry, "
                          "before any other framework method.",
                      callSite);
}

void NoteDriverCreateTwice(const void *driverObject, const void *callSite) {
    RecordDiagnostic("DriverCreate",
                     "WdfDriverCreate was called again for DRIVER_OBJECT " + Pointer(driverObject) +
                         "; it returns STATUS_DRIVER_INTERNAL_ERROR (one framework driver object per driver)",
                     callSite);
}

void CheckUnloadLeaks(const UnloadLeaks &leaks) {
    const Settings &settings = GetSettings();
    const std::size_t total = leaks.objects + leaks.poolAllocations;
    if (total == 0 || settings.unloadLeaks == LeakAction::Ignore) return;
    const std::string summary = "driver '" + leaks.driverName + "' unloaded with " + std::to_string(leaks.objects) +
                                " WDF object(s) and " + std::to_string(leaks.poolAllocations) +
                                " pool allocation(s) not freed";
    if (settings.unloadLeaks == LeakAction::Diagnostic) {
        std::string text = summary;
        if (!leaks.text.empty()) text += ":\n" + leaks.text;
        RecordDiagnostic("UnloadLeaks", std::move(text));
        return;
    }
    nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, settings.unloadLeakCode,
                      reinterpret_cast<std::uint64_t>(Intern(leaks.driverName)),
                      reinterpret_cast<std::uint64_t>(Intern(leaks.text)), total, "UnloadLeaks",
                      "The " + summary + " (Driver Verifier: the driver is unloading without first freeing "
                                         "its pool allocations).\n" + leaks.text);
}

}  // namespace kwmi::verifier
