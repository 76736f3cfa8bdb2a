// `kwmi host DRIVER.so`: hosts a driver and runs WMI consumer commands against it
// (implementation in host/).
#include "commands.hpp"
#include "host/host_options.hpp"

namespace {

CLI::App* gHostCommand = nullptr;

kwmi::cli::CommandAction addHostCommand(CLI::App& app) {
    auto options = std::make_shared<kwmi::cli::host::HostOptions>();
    auto json = std::make_shared<bool>(false);
    auto csv = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("host", "load a KMDF driver and query/set/call its WMI blocks");
    gHostCommand = cmd;
    cmd->add_option("driver", options->driverPath, "the driver's shared object (lib<name>.so)")->required();
    cmd->add_option("--devices", options->devices, "number of simulated devices (default 1)")
        ->check(CLI::Range(1u, 64u));
    cmd->add_flag("--manual-clock", options->manualClock,
                  "virtual clock: timers fire only on `tick` (deterministic)");
    cmd->add_option("-c,--commands", options->commands, "commands to run, separated by ';'");
    cmd->add_option("--script", options->scriptPath, "file of commands, one per line");
    cmd->add_option("--mof", options->mofPath, "the driver's schema (.mof or .bmf) if not beside the driver");
    auto* jsonFlag = cmd->add_flag("--json", *json, "print listings as JSON");
    cmd->add_flag("--csv", *csv, "print listings as CSV")->excludes(jsonFlag);
    return [options, json, csv] {
        if (*json) options->format = kwmi::cli::host::OutputFormat::Json;
        if (*csv) options->format = kwmi::cli::host::OutputFormat::Csv;
        return kwmi::cli::host::RunHost(*options);
    };
}

}  // namespace

KWMI_REGISTER_COMMAND(host, addHostCommand);
