// watch/unwatch, enable/disable, tick, pnp, verifier, echo: events, clock, PnP and checks.
#include "commands.hpp"

#include "text_util.hpp"

#include <kwmi/bugcheck.hpp>
#include <kwmi/wmi_service.hpp>

#include "verifier/diagnostics.hpp"

#include <cstdio>

namespace kwmi::cli::host {

namespace {

const BlockClass& OneClass(Session& s, const Args& args, const char* command) {
    if (args.size() != 1) throw CommandError(std::string("usage: ") + command + " CLASS|GUID");
    return s.Resolve(args[0]);
}

const char* StateName(kwmi::host::DeviceState state) {
    switch (state) {
    case kwmi::host::DeviceState::Added: return "added";
    case kwmi::host::DeviceState::Started: return "started";
    case kwmi::host::DeviceState::StartFailed: return "start failed";
    case kwmi::host::DeviceState::SurpriseRemoved: return "surprise-removed";
    case kwmi::host::DeviceState::Removed: return "removed";
    case kwmi::host::DeviceState::Failed: return "failed (bug check)";
    }
    return "?";
}

std::string Hex(std::int32_t status) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(status));
    return text;
}

}  // namespace

void CmdWatch(Session& s, const Args& args, OutputFormat) {
    const BlockClass& c = OneClass(s, args, "watch");
    s.Watch(c, true);
    s.Out() << "watching " << c.decl->name << " (events are printed as they arrive)\n";
}

void CmdUnwatch(Session& s, const Args& args, OutputFormat) {
    const BlockClass& c = OneClass(s, args, "unwatch");
    if (!s.Unwatch(c)) throw CommandError(c.decl->name + " is not being watched");
    s.Out() << "stopped watching " << c.decl->name << "\n";
}

void CmdEnable(Session& s, const Args& args, OutputFormat) {
    const BlockClass& c = OneClass(s, args, "enable");
    if (c.isEvent) {
        s.Watch(c, false);
        s.Out() << "events of " << c.decl->name << " enabled at the provider\n";
    } else {
        s.OpenForCollection(c);
        s.Out() << "collection of " << c.decl->name << " enabled (block held open)\n";
    }
}

void CmdDisable(Session& s, const Args& args, OutputFormat) {
    const BlockClass& c = OneClass(s, args, "disable");
    const bool done = c.isEvent ? s.Unwatch(c) : s.CloseForCollection(c);
    if (!done) throw CommandError(c.decl->name + " is not enabled");
    s.Out() << (c.isEvent ? "events of " : "collection of ") << c.decl->name << " disabled\n";
}

void CmdTick(Session& s, const Args& args, OutputFormat) {
    if (args.size() != 1) throw CommandError("usage: tick DURATION (e.g. 10s, 500ms, 250us)");
    auto duration = ParseDuration(args[0]);
    if (!duration) throw CommandError("bad duration '" + args[0] + "'; use a number with s, ms, us, ns or m");
    if (s.Unloaded()) throw CommandError("the driver is unloaded; nothing to tick");
    const auto before = s.Kernel().Stats();
    s.Kernel().AdvanceTime(*duration);
    s.Settle();
    const auto after = s.Kernel().Stats();
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(s.Kernel().Now()).count();
    s.Out() << "clock +" << args[0] << " (now " << now / 1000 << "." << std::to_string(1000 + now % 1000).substr(1)
            << "s): " << (after.timersFired - before.timersFired) << " timer(s) fired, "
            << (after.dpcsRun - before.dpcsRun) << " DPC(s), " << (after.workItemsRun - before.workItemsRun)
            << " work item(s) ran\n";
}

void CmdPnp(Session& s, const Args& args, OutputFormat) {
    const char* usage = "usage: pnp start|remove|surprise-remove|add [DEVICE]";
    if (args.empty() || args.size() > 2) throw CommandError(usage);
    const std::string action = Lower(args[0]);
    if (action != "start" && action != "remove" && action != "surprise-remove" && action != "add")
        throw CommandError("unknown pnp action '" + args[0] + "'; valid actions: start, remove, surprise-remove, add");
    if (s.Unloaded()) throw CommandError("the driver is unloaded");
    auto& host = s.Host();
    if (action == "add") {
        std::int32_t status = 0;
        const std::size_t device = host.AddDevice(s.DriverIndex(), &status);
        s.Devices().push_back(device);
        if (status >= 0) status = host.StartDevice(device);
        s.Settle();
        s.Out() << "device " << s.Devices().size() - 1 << ": " << StateName(host.State(device)) << " (status "
                << Hex(status) << ")\n";
        if (status < 0) throw CommandError("pnp add: device " + std::to_string(s.Devices().size() - 1) +
                                           " failed with status " + Hex(status));
        return;
    }
    std::vector<std::size_t> chosen;
    if (args.size() == 2) {
        char* end = nullptr;
        const unsigned long index = std::strtoul(args[1].c_str(), &end, 10);
        if (*end != '\0' || index >= s.Devices().size())
            throw CommandError("unknown device '" + args[1] + "'; valid devices: 0.." + std::to_string(s.Devices().size() - 1));
        chosen.push_back(index);
    } else {
        // PnP acts on a bus's children through the bus: they start when it enumerates them
        // and are removed before it.
        for (std::size_t i = 0; i < s.Devices().size(); ++i) {
            if (!host.ParentOf(s.Devices()[i])) chosen.push_back(i);
        }
    }
    std::string failed;  // "device N (status 0x...)" of every start or remove that failed
    for (std::size_t i : chosen) {
        const std::size_t device = s.Devices()[i];
        std::vector<kwmi::host::DeviceState> before;  // to report the children the bus took along
        for (std::size_t d : s.Devices()) before.push_back(host.State(d));
        std::int32_t status = 0;
        if (action == "start") status = host.StartDevice(device);
        else if (action == "surprise-remove") host.SurpriseRemoveDevice(device);
        else status = host.RemoveDevice(device);
        s.Settle();
        s.Out() << "device " << i << ": " << StateName(host.State(device));
        if (action != "surprise-remove") s.Out() << " (status " << Hex(status) << ")";
        s.Out() << "\n";
        if (host.State(device) == kwmi::host::DeviceState::Failed) s.Out() << host.Failure(device) << "\n";
        for (std::size_t j = 0; j < before.size(); ++j) {
            if (host.ParentOf(s.Devices()[j]) == device && host.State(s.Devices()[j]) != before[j])
                s.Out() << "device " << j << ": " << StateName(host.State(s.Devices()[j])) << " (with its bus)\n";
        }
        if (status < 0) AppendListItem(failed, "device " + std::to_string(i) + " (status " + Hex(status) + ")", ", ");
    }
    // Removing every device ends the session's driver: unload it and report leaks.
    if (action == "remove" && args.size() == 1) {
        s.Out() << "unloading the driver\n";
        s.Unload();
    }
    if (!failed.empty()) throw CommandError("pnp " + action + " failed: " + failed);
}

void CmdVerifier(Session& s, const Args& args, OutputFormat) {
    if (!args.empty()) throw CommandError("verifier takes no arguments");
    std::size_t seen = 0;
    for (const nt::BugCheckReport& report : s.BugChecks()) {
        ++seen;
        char code[16];
        std::snprintf(code, sizeof code, "0x%08X", report.code);
        s.Out() << "bug check " << code << " " << nt::BugCheckName(report.code) << ": " << report.rule << ": "
                << report.explanation;
        if (!report.callSiteSymbol.empty()) s.Out() << " (at " << report.callSiteSymbol << ")";
        s.Out() << "\n";
    }
    if (auto* service = wmi::Service::Current()) {
        for (const std::string& note : service->Diagnostics()) {
            ++seen;
            s.Out() << "wmi: " << note << "\n";
        }
    }
    // Rules Windows reports without a bug check (KMDF verifier breaks, kwmi hazards).
    for (const verifier::Diagnostic& diagnostic : verifier::Diagnostics()) {
        ++seen;
        s.Out() << "diagnostic " << verifier::FormatDiagnostic(diagnostic) << "\n";
    }
    if (seen == 0) s.Out() << "verifier: no violations\n";
    else s.Out() << "verifier: " << seen << " violation(s)\n";
}

void CmdEcho(Session& s, const Args& args, OutputFormat) {
    std::string text;
    for (const auto& a : args) AppendListItem(text, Unquote(a), " ");
    s.Out() << text << "\n";
}

}  // namespace kwmi::cli::host
