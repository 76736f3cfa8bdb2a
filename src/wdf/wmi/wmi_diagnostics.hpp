// wmi_diagnostics.hpp - behaviour settings for KMDF's WMI quirks (spec Appendix B) and the
// diagnostics recorded when a latent KMDF defect (spec §7) or a verifier break would occur.
#pragma once

#include "wmi_wdk.hpp"

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kwmi::wdf::wmi {

// What a diagnostic is about; stable names so tests and the verifier can match them.
enum class WmiDiagnosticKind {
    VerifierBreak,            // KMDF would call FxVerifierDbgBreakPoint (no control-flow change)
    DuplicateProviderGuid,    // §2.2 step 12: orphan provider returned with STATUS_SUCCESS
    QueryAllDataUnderReport,  // §5.4 exact-size retry under-reports the total
    ContextSizeOverrideRead,  // §2.3: reported context length exceeds the real context
    FireEventSizeOverflow,    // §6: 64 + EventDataSize overflows
    StaleWorkItemDoneEvent,   // §7.2: KMDF would wait on a never-signalled event (hang)
    MalformedRequest,         // request buffer too short for the fields KMDF reads unchecked
    ControlDeviceProvider,    // §2.2 step 3: KMDF dereferences a NULL PnP package
    FireEventNotEnabled,      // §6 step 5: FireEvent while no consumer enabled the event
};

// Stable name of a kind ("VerifierBreak"): the rule name in the verifier's log.
const char *WmiDiagnosticKindName(WmiDiagnosticKind kind);

struct WmiDiagnostic {
    WmiDiagnosticKind kind;
    std::string text;
};

// Quirk settings. Defaults are Appendix B's recommendations; each is pinned by a test.
struct WmiSettings {
    // §2.2: a duplicate-GUID provider returns STATUS_SUCCESS (false: STATUS_OBJECT_NAME_EXISTS).
    bool duplicateGuidReturnsSuccess = true;
    // §5.4: reproduce the exact-size QUERY_ALL_DATA under-report (false: report the full size).
    bool reproduceQueryAllDataUnderReport = true;
    // §5.11: give query callbacks a 1-byte scratch buffer instead of OutBufferSize 0.
    bool queryScratchBuffer = true;
    // §6: status returned when 64 + EventDataSize overflows.
    NTSTATUS fireEventOverflowStatus = static_cast<NTSTATUS>(0xC0000095); // STATUS_INTEGER_OVERFLOW
    // §2.6/§5.11: the KMDF verifier is on (FireEvent IRQL check, verifier breaks).
    bool verifierOn = true;
};

// One IoWMIRegistrationControl call made by a device's WMI handler, as tests observe it.
struct WmiRegistrationCall {
    ULONG_PTR deviceObject;
    ULONG action;
    KIRQL irql;
    bool fromWorkItem;
};
// Returning a status injects that result instead of calling the OS (fault injection).
using WmiRegistrationObserver = std::function<std::optional<NTSTATUS>(const WmiRegistrationCall &)>;

// Process-wide settings and diagnostic log (the simulator runs one kernel at a time).
class WmiDiagnostics {
public:
    static WmiDiagnostics &Instance();

    WmiSettings Settings() const;
    void SetSettings(const WmiSettings &settings);

    // Also copied to the verifier's diagnostic log (verifier/diagnostics.hpp) under `rule`
    // (default: the kind's name), with the driver code's address when known.
    void Record(WmiDiagnosticKind kind, std::string text, const char *rule = nullptr,
                const void *callSite = nullptr);
    std::vector<WmiDiagnostic> Snapshot() const;
    size_t Count(WmiDiagnosticKind kind) const;
    void Clear();

    // Sees every IoWMIRegistrationControl call before it is made (tests, the verifier).
    void SetRegistrationObserver(WmiRegistrationObserver observer);
    std::optional<NTSTATUS> NotifyRegistrationCall(const WmiRegistrationCall &call);

private:
    mutable std::mutex mutex_;
    WmiRegistrationObserver observer_;
    WmiSettings settings_;
    std::vector<WmiDiagnostic> log_;
};

inline WmiSettings CurrentWmiSettings() { return WmiDiagnostics::Instance().Settings(); }
inline void RecordWmiDiagnostic(WmiDiagnosticKind kind, std::string text, const char *rule = nullptr,
                                const void *callSite = nullptr)
{
    WmiDiagnostics::Instance().Record(kind, std::move(text), rule, callSite);
}

} // namespace kwmi::wdf::wmi
