// wmi_diagnostics.cpp - the process-wide WMI quirk settings and diagnostic log.
#include "wmi_diagnostics.hpp"

#include "verifier/diagnostics.hpp"

#include <algorithm>
#include <cstdio>

namespace kwmi::wdf::wmi {

WmiDiagnostics &WmiDiagnostics::Instance()
{
    static WmiDiagnostics instance;
    return instance;
}

WmiSettings WmiDiagnostics::Settings() const
{
    std::lock_guard<std::mutex> guard(mutex_);
    return settings_;
}

void WmiDiagnostics::SetSettings(const WmiSettings &settings)
{
    std::lock_guard<std::mutex> guard(mutex_);
    settings_ = settings;
}

const char *WmiDiagnosticKindName(WmiDiagnosticKind kind)
{
    switch (kind) {
    case WmiDiagnosticKind::VerifierBreak: return "VerifierBreak";
    case WmiDiagnosticKind::DuplicateProviderGuid: return "DuplicateProviderGuid";
    case WmiDiagnosticKind::QueryAllDataUnderReport: return "QueryAllDataUnderReport";
    case WmiDiagnosticKind::ContextSizeOverrideRead: return "ContextSizeOverrideRead";
    case WmiDiagnosticKind::FireEventSizeOverflow: return "FireEventSizeOverflow";
    case WmiDiagnosticKind::StaleWorkItemDoneEvent: return "StaleWorkItemDoneEvent";
    case WmiDiagnosticKind::MalformedRequest: return "MalformedRequest";
    case WmiDiagnosticKind::ControlDeviceProvider: return "ControlDeviceProvider";
    case WmiDiagnosticKind::FireEventNotEnabled: return "FireEventNotEnabled";
    }
    return "WmiDiagnostic";
}

void WmiDiagnostics::Record(WmiDiagnosticKind kind, std::string text, const char *rule, const void *callSite)
{
    kwmi::verifier::RecordDiagnostic(rule != nullptr ? rule : WmiDiagnosticKindName(kind), text, callSite);
    std::lock_guard<std::mutex> guard(mutex_);
    log_.push_back(WmiDiagnostic{kind, std::move(text)});
}

std::vector<WmiDiagnostic> WmiDiagnostics::Snapshot() const
{
    std::lock_guard<std::mutex> guard(mutex_);
    return log_;
}

size_t WmiDiagnostics::Count(WmiDiagnosticKind kind) const
{
    std::lock_guard<std::mutex> guard(mutex_);
    return static_cast<size_t>(
        std::count_if(log_.begin(), log_.end(), [kind](const WmiDiagnostic &d) { return d.kind == kind; }));
}

void WmiDiagnostics::Clear()
{
    std::lock_guard<std::mutex> guard(mutex_);
    log_.clear();
}

void WmiDiagnostics::SetRegistrationObserver(WmiRegistrationObserver observer)
{
    std::lock_guard<std::mutex> guard(mutex_);
    observer_ = std::move(observer);
}

std::optional<NTSTATUS> WmiDiagnostics::NotifyRegistrationCall(const WmiRegistrationCall &call)
{
    WmiRegistrationObserver observer;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        observer = observer_;
    }
    if (observer) {
        return observer(call);
    }
    return std::nullopt;
}

} // namespace kwmi::wdf::wmi
