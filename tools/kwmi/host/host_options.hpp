// Options of `kwmi host` and its entry point. Kept free of WDK headers so the CLI11
// registration (cmd_host.cpp) compiles like the other subcommands.
#pragma once

#include <string>

#include "../exit_codes.hpp"

namespace kwmi::cli::host {

enum class OutputFormat { Table, Json, Csv };

struct HostOptions {
    std::string driverPath;
    std::string mofPath;        // schema source (.mof or .bmf); empty: found beside the driver
    unsigned devices = 1;
    bool manualClock = false;
    std::string commands;       // -c "cmd; cmd"
    std::string scriptPath;     // --script FILE
    OutputFormat format = OutputFormat::Table;
};

// Exit codes of `kwmi host` (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitCommandFailed = 1;  // a command got bad input or a WMI call failed
inline constexpr int kExitUsage = kUsageError; // bad command-line options, unreadable script
inline constexpr int kExitLoadFailed = 3;     // driver or schema cannot be loaded, DriverEntry failed
inline constexpr int kExitLeaks = 4;          // the driver left objects or pool behind at unload
inline constexpr int kExitBugCheck = 5;       // a bug check was raised during the session

int RunHost(const HostOptions& options);

// The command reference printed by `help` (also the body of docs/cli.md's command list).
const char* CommandHelpText();

}  // namespace kwmi::cli::host
