// `kwmi host DRIVER.so`: hosts a driver and runs WMI consumer commands against it
// (implementation in host/).
#include "commands.hpp"
#include "host/host_options.hpp"

#include <iostream>
#include <memory>

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
    cmd->add_option("--mof", options->mofPath, "the schema (.mof or .bmf) to use instead of the MOF resource in the driver image");
    auto* jsonFlag = cmd->add_flag("--json", *json, "print listings as JSON");
    cmd->add_flag("--csv", *csv, "print listings as CSV")->excludes(jsonFlag);
    return [options, json, csv] {
        if (*json) options->format = kwmi::cli::host::OutputFormat::Json;
        if (*csv) options->format = kwmi::cli::host::OutputFormat::Csv;
        return kwmi::cli::host::RunHost(*options);
    };
}

kwmi::cli::CommandAction addHelpCommand(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("help", "print the command reference of `kwmi host` (docs/cli.md)");
    return [&app, cmd] {
        (void)cmd;
        std::cout << "kwmi - portable KMDF WMI provider toolkit\nSubcommands:\n";
        for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
            std::cout << "  " << sub->get_name() << std::string(sub->get_name().size() < 10 ? 10 - sub->get_name().size() : 1, ' ')
                      << sub->get_description() << "\n";
        std::cout << "\n";
        if (gHostCommand) std::cout << gHostCommand->help() << "\n";
        std::cout << "Commands inside `kwmi host` (-c, --script or the interactive shell):\n"
                  << kwmi::cli::host::CommandHelpText() << "\nExit codes of `kwmi host`: 0 success, "
                  << kwmi::cli::host::kExitCommandFailed << " a command failed, " << kwmi::cli::host::kExitUsage
                  << " bad options or script, " << kwmi::cli::host::kExitLoadFailed << " driver or schema not loadable, "
                  << kwmi::cli::host::kExitLeaks << " leaks at unload, " << kwmi::cli::host::kExitBugCheck
                  << " a bug check was raised.\n";
        return 0;
    };
}

}  // namespace

KWMI_REGISTER_COMMAND(host, addHostCommand);
KWMI_REGISTER_COMMAND(help, addHelpCommand);
